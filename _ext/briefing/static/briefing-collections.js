/* Sortable agreement tables: click a column header to sort by it, again to
   reverse. Dates sort by their <time datetime>, other cells by their text.
   Without JavaScript the table stays as the author ordered it. */
(function () {
  "use strict";

  function cellKey(cell) {
    var time = cell.querySelector("time[datetime]");
    if (time) return time.getAttribute("datetime");
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".kb-cell-label").forEach(function (label) { label.remove(); });
    return copy.textContent.trim();
  }

  function sortBy(table, column, headers) {
    var header = headers[column];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, position) {
      return { row: row, key: cellKey(row.cells[column]), position: position };
    });
    keyed.sort(function (a, b) {
      if (a.key === "" && b.key !== "") return 1;
      if (b.key === "" && a.key !== "") return -1;
      var order = a.key.localeCompare(b.key, undefined, { numeric: true, sensitivity: "base" });
      return (ascending ? order : -order) || a.position - b.position;
    });
    keyed.forEach(function (item) { body.appendChild(item.row); });
    headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      button.title = "Sort by this column";
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, headers); });
    });
    table.classList.add("kb-sortable-ready");
  }

  function init() {
    document.querySelectorAll("table.kb-sortable").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
