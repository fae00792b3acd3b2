// Sorts and filters the flagged-post table. No dependencies, no requests.
(function () {
  "use strict";
  var table = document.getElementById("posts");
  if (!table) { return; }
  var body = table.tBodies[0];
  var search = document.getElementById("post-search");
  var risk = document.getElementById("post-risk");
  var count = document.getElementById("post-count");
  var items = Array.prototype.map.call(body.rows, function (row) {
    return { row: row, text: row.textContent.toLowerCase(), risks: " " + row.getAttribute("data-risks") + " " };
  });
  var total = items.length;

  function filter() {
    var words = search.value.trim().toLowerCase();
    var wanted = risk.value ? " " + risk.value + " " : "";
    var shown = 0;
    items.forEach(function (item) {
      var keep = (!words || item.text.indexOf(words) >= 0) && (!wanted || item.risks.indexOf(wanted) >= 0);
      item.row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown.toLocaleString("en") + " of " + total.toLocaleString("en") + " shown";
  }

  function value(item, column, numeric) {
    var cell = item.row.cells[column];
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (!numeric) { return raw.toLowerCase(); }
    var number = parseFloat(raw);
    return isNaN(number) ? -Infinity : number;
  }

  function sort(header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute("data-type") === "num";
    var before = header.getAttribute("aria-sort");
    var order = before === "none" ? (numeric ? "descending" : "ascending") : (before === "ascending" ? "descending" : "ascending");
    var sign = order === "ascending" ? 1 : -1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell.hasAttribute("aria-sort")) { cell.setAttribute("aria-sort", "none"); }
    });
    header.setAttribute("aria-sort", order);
    var keyed = items.map(function (item, index) { return { item: item, key: value(item, column, numeric), index: index }; });
    keyed.sort(function (a, b) {
      if (a.key < b.key) { return -sign; }
      if (a.key > b.key) { return sign; }
      return a.index - b.index;
    });
    items = keyed.map(function (entry) { return entry.item; });
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    if (header.hasAttribute("data-type")) {
      header.querySelector("button").addEventListener("click", function () { sort(header); });
    }
  });
  search.addEventListener("input", filter);
  risk.addEventListener("change", filter);
  filter();
}());
