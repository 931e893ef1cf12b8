/* Filters an agreement list by text, status and theme. The list is a table marked data-pks-filter;
 * its form is built here, since it is useless without JavaScript (then the list is a plain, complete
 * table and no form shows). Words come from window.PKS_LABELS (labels.py). Runs after status.js, so it filters on the
 * status recomputed for today. Plain ES5. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-pks-filter]");
  var words = window.PKS_LABELS;
  if (!table || !table.tBodies.length || !words) {
    return;
  }
  var rows = table.tBodies[0].rows;

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    for (var name in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) {
        el.setAttribute(name, attributes[name]);
      }
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function labelled(text, control) {
    var label = element("label", {}, text + " ");
    label.appendChild(control);
    return label;
  }

  function choice(name, options) { // options: [[value, text], ...], after "all"
    var select = element("select", { name: name });
    select.appendChild(element("option", { value: "" }, words.filter.all));
    for (var i = 0; i < options.length; i++) {
      select.appendChild(element("option", { value: options[i][0] }, options[i][1]));
    }
    return select;
  }

  var used = {}; // the themes the rows have, offered in labels.py's order
  for (var r = 0; r < rows.length; r++) {
    var themes = (rows[r].getAttribute("data-themes") || "").split(" ");
    for (var t = 0; t < themes.length; t++) {
      used[themes[t]] = true;
    }
  }
  var themeOptions = [];
  for (var k = 0; k < words.themes.length; k++) {
    if (used[words.themes[k][0]]) {
      themeOptions.push(words.themes[k]);
    }
  }
  var statusOptions = [];
  for (var s = 0; s < words.statusOrder.length; s++) {
    statusOptions.push([words.statusOrder[s], words.status[words.statusOrder[s]].label]);
  }

  var form = element("form", { "class": "pks-filter", id: "pks-filter" });
  var fieldset = form.appendChild(element("fieldset"));
  fieldset.appendChild(element("legend", {}, words.filter.heading));
  fieldset.appendChild(labelled(words.filter.text, element("input", { type: "search", name: "q", autocomplete: "off" })));
  fieldset.appendChild(labelled(words.filter.status, choice("status", statusOptions)));
  fieldset.appendChild(labelled(words.filter.theme, choice("theme", themeOptions)));
  var count = fieldset.appendChild(element("p", { "class": "pks-filter__count", "aria-live": "polite" }));
  var before = table.parentNode.className === "pks-table-wrap" ? table.parentNode : table;
  before.parentNode.insertBefore(form, before);

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
    count.textContent = words.shown.replace("{shown}", shown).replace("{total}", rows.length);
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
