/* Recompute each agreement's status for today (WITA) from the dates embedded in the page, so a page
 * built months ago still tells the truth. The rules are exactly those of site_builder/status.py;
 * tests/site/test_status_js.py runs both on the same cases. The words come from window.PKS_LABELS, which
 * `pks build` writes from site_builder/labels.py. Plain ES5: old phones run it too. */
(function (root) {
  "use strict";

  var DAY_MS = 86400000;
  var WITA_MS = 8 * 3600000; // Asia/Makassar, UTC+8, no daylight saving time

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS;
  }

  function todayInWita(now) {
    return new Date((now === undefined ? Date.now() : now) + WITA_MS).toISOString().slice(0, 10);
  }

  function result(status, reason, date, dateLatest) {
    return { status: status, reason: reason, date: date, dateLatest: dateLatest };
  }

  function bound(value) { // "YYYY-MM-DD" (exact) or [earliest, latest]; null when unknown
    return typeof value === "string" ? [value, value] : value || null;
  }

  /* input: {start: bound, end: bound, termination: "YYYY-MM-DD", renewal: true | bound, warn: days};
   * an unknown one is null or left out. Dates compare as ISO strings. */
  function compute(input, asOf) {
    var start = bound(input.start), end = bound(input.end), termination = input.termination || null;
    var renewal = input.renewal === true ? true : bound(input.renewal);

    function renewed() {
      if (renewal === true) {
        return true;
      }
      return Array.isArray(renewal) && renewal[0] <= asOf;
    }

    function inForce() {
      if (dayNumber(end[0]) - dayNumber(asOf) <= input.warn) {
        return result("akan-berakhir", "ends-soon", end[0], end[1]);
      }
      return result("berlaku", "in-force", end[0], end[1]);
    }

    if (termination !== null && termination <= asOf) {
      return result("dihentikan", "terminated", termination, null);
    }
    if (start !== null && start[0] > asOf) {
      return result("belum-berlaku", "starts-later", start[0], start[1]);
    }
    if (start !== null && start[1] > asOf) {
      return result("tidak-pasti", "start-uncertain", start[0], start[1]);
    }
    if (end === null) {
      if (renewed()) {
        return result("diperpanjang", "renewed", null, null);
      }
      return result("tidak-pasti", "end-unknown", null, null);
    }
    if (end[1] < asOf) {
      if (renewed()) {
        return result("diperpanjang", "renewed", end[0], end[1]);
      }
      return result("berakhir", "ended", end[0], end[1]);
    }
    if (end[0] <= asOf) { // only a range can contain asOf here without having ended
      if (end[0] === end[1]) {
        return inForce();
      }
      if (renewed()) {
        return result("diperpanjang", "renewed", end[0], end[1]);
      }
      return result("tidak-pasti", "end-in-range", end[0], end[1]);
    }
    return inForce();
  }

  function dateText(labels, iso) {
    var p = iso.split("-");
    return +p[2] + " " + labels.months[+p[1] - 1] + " " + p[0];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* The same sentence filters.status_sentence writes at build time. */
  function sentence(res, asOf, labels) {
    var form = res.date === null ? "none" : (res.dateLatest === null || res.dateLatest === res.date ? "exact" : "range");
    var date = res.date === null ? "" : dateText(labels, res.date);
    return fill(labels.reasons[res.reason][form], {
      date: date,
      earliest: date,
      latest: res.dateLatest === null ? "" : dateText(labels, res.dateLatest),
      days: res.date === null ? 0 : dayNumber(res.date) - dayNumber(asOf)
    });
  }

  function setText(parent, selector, text) {
    var node = parent.querySelector(selector);
    if (node) {
      node.textContent = text;
    }
  }

  function refresh(doc, labels, asOf) {
    var nodes = doc.querySelectorAll("[data-pks-status]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var res = compute(JSON.parse(el.getAttribute("data-pks-status")), asOf);
      var was = /\bpks-status--([a-z-]+)/.exec(el.className)[1];
      // Only a status block says which day it was computed for; a badge shows no date.
      var shownAsOf = el.getAttribute("data-pks-as-of");
      if (res.status === was && (shownAsOf === null || shownAsOf === asOf)) {
        continue;
      }
      el.className = el.className.replace("pks-status--" + was, "pks-status--" + res.status);
      if (shownAsOf !== null) {
        el.setAttribute("data-pks-as-of", asOf);
      }
      setText(el, ".pks-status__symbol", labels.status[res.status].symbol);
      setText(el, ".pks-status__label", labels.status[res.status].label);
      setText(el, ".pks-status__reason", sentence(res, asOf, labels));
      setText(el, ".pks-status__as-of", fill(labels.recomputed, { as_of: dateText(labels, asOf) }));
      var row = el.closest ? el.closest("tr[data-status]") : null;
      if (row) {
        row.setAttribute("data-status", res.status);
      }
    }
  }

  var api = { compute: compute, sentence: sentence, todayInWita: todayInWita, refresh: refresh };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.PKS_STATUS = api;
    if (root.document && root.PKS_LABELS) {
      refresh(root.document, root.PKS_LABELS, todayInWita());
    }
  }
})(this);
