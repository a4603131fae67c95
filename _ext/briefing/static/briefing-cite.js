// "Cite this": the date accessed is the reader's own. The page was written
// with the day the release was built; replace it with today, in the page's
// language (day month year, as the rest of the citation writes dates).
(function () {
  "use strict";
  function fill() {
    var lang = document.documentElement.lang || "en";
    var locale = lang === "en" ? "en-GB" : lang;
    var today;
    try {
      today = new Date().toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" });
    } catch (error) {
      return;
    }
    document.querySelectorAll(".kb-citation .kb-cite-accessed").forEach(function (node) {
      node.textContent = today;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
