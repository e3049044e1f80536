// Review page behaviour: the low-confidence filter, the unaligned and MT toggles, and a
// record of each text cell's computed direction (data-computed-dir) for automated checks.
(function () {
  "use strict";
  var range = document.getElementById("threshold");
  var shown = document.getElementById("threshold-value");
  var unaligned = document.getElementById("show-unaligned");
  var mt = document.getElementById("show-mt");

  function apply() {
    var limit = parseFloat(range.value);
    shown.value = limit.toFixed(2);
    document.querySelectorAll("tr.link, tr.multilink").forEach(function (row) {
      row.hidden = parseFloat(row.dataset.score) > limit;
    });
    document.querySelectorAll("tr.unaligned").forEach(function (row) {
      row.hidden = !unaligned.checked;
    });
    document.body.classList.toggle("show-mt", mt.checked);
    document.querySelectorAll("section.pair:not(.cross)").forEach(function (section) {
      var rows = section.querySelectorAll("tbody tr");
      var visible = 0;
      rows.forEach(function (row) { if (!row.hidden) { visible += 1; } });
      section.querySelector(".visible-rows").textContent = visible + " / " + rows.length;
    });
  }

  // review.html?max=0.5 opens the page showing only the links that need a look.
  var preset = parseFloat(new URLSearchParams(window.location.search).get("max"));
  if (!isNaN(preset)) {
    range.value = String(preset);
  }
  [range, unaligned, mt].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  document.querySelectorAll("th[lang], td[lang]").forEach(function (cell) {
    cell.dataset.computedDir = getComputedStyle(cell).direction;
  });
  apply();
  document.documentElement.dataset.ready = "1";
})();
