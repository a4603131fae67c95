// Addresses that never break (docs/project/publishing.md). When the #anchor
// of the address is on no element of this page (its entry moved to another
// page since the link was made), look the anchor up in the site's map of
// every entry's anchor (and former anchor) and go to the entry's page.
// Loaded on every page; the map itself only when an anchor is missing.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = script.src.replace(/_static\/briefing-addresses\.js(\?.*)?$/, "");

  function follow() {
    var anchor;
    try {
      anchor = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;
    }
    if (!anchor || document.getElementById(anchor)) return;
    var loader = document.createElement("script");
    loader.src = root + "_static/briefing-anchors.js";
    loader.onload = function () {
      var map = window.briefingAnchors || {};
      if (!Object.prototype.hasOwnProperty.call(map, anchor)) return;
      var target = new URL(map[anchor], root);
      var here = new URL(location.href);
      here.hash = target.hash;
      if (target.href !== here.href) location.replace(target.href);
    };
    document.head.appendChild(loader);
  }

  follow();
  window.addEventListener("hashchange", follow);
})();
