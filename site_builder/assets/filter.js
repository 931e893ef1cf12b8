/* Filters the agreement list by text, status and theme. Without JavaScript the list is a plain,
 * complete table and the form stays hidden. Runs after status.js, so it filters on the status
 * recomputed for today. Plain ES5. */
(function () {
  "use strict";
  var form = document.getElementById("pks-filter");
  var table = document.getElementById("pks-agreement-list");
  if (!form || !table || !table.tBodies.length) {
    return;
  }
  var rows = table.tBodies[0].rows;
  var count = form.querySelector(".pks-filter__count");
  var words = (window.PKS_LABELS && window.PKS_LABELS.shown) || "{shown} / {total}";

  function fold(text) { // case- and accent-insensitive matching
    text = text.toLowerCase();
    return text.normalize ? text.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : text;
  }

  var haystacks = [];
  for (var i = 0; i < rows.length; i++) {
    haystacks.push(fold(rows[i].cells[0].textContent + " " + rows[i].cells[1].textContent));
  }

  function apply() {
    var query = fold(form.elements.q.value.replace(/^\s+|\s+$/g, ""));
    var status = form.elements.status.value;
    var theme = form.elements.theme.value;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var visible = (!query || haystacks[i].indexOf(query) !== -1) &&
        (!status || row.getAttribute("data-status") === status) &&
        (!theme || (" " + row.getAttribute("data-themes") + " ").indexOf(" " + theme + " ") !== -1);
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    count.textContent = words.replace("{shown}", shown).replace("{total}", rows.length);
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
