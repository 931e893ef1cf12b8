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

  /* When input's status is 'diperpanjang': the status of the first renewal in its chain that is not
   * itself 'diperpanjang' (or of the last one); null otherwise. model.py's _chain_end, same rule. */
  function chainEnd(input, asOf) {
    if (compute(input, asOf).status !== "diperpanjang") {
      return null;
    }
    var link = input, last = null;
    for (var hops = 0; link.next && hops < 1000; hops++) {
      link = link.next;
      last = compute(link, asOf);
      if (last.status !== "diperpanjang") {
        return last;
      }
    }
    return last;
  }

  function chainText(labels, end) {
    return end ? fill(labels.chain, { label: labels.status[end.status].label.toLowerCase() }) : "";
  }

  /* getAttribute, not className: the timeline's labels are SVG elements. */
  function refresh(doc, labels, asOf) {
    var nodes = doc.querySelectorAll("[data-pks-status]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var input = JSON.parse(el.getAttribute("data-pks-status"));
      var res = compute(input, asOf);
      var end = chainEnd(input, asOf);
      var cls = el.getAttribute("class");
      var was = /\bpks-status--([a-z-]+)/.exec(cls)[1];
      var chainWas = /\bpks-chain--([a-z-]+)/.exec(cls);
      var chainNow = end ? end.status : null;
      // Only a status block says which day it was computed for; a badge shows no date.
      var shownAsOf = el.getAttribute("data-pks-as-of");
      if (res.status === was && chainNow === (chainWas ? chainWas[1] : null) && (shownAsOf === null || shownAsOf === asOf)) {
        continue;
      }
      cls = cls.replace("pks-status--" + was, "pks-status--" + res.status).replace(/ ?\bpks-chain--[a-z-]+/, "");
      el.setAttribute("class", chainNow ? cls + " pks-chain--" + chainNow : cls);
      if (shownAsOf !== null) {
        el.setAttribute("data-pks-as-of", asOf);
      }
      setText(el, ".pks-status__symbol", labels.status[res.status].symbol);
      setText(el, ".pks-status__label", labels.status[res.status].label);
      setText(el, ".pks-status__chain", chainText(labels, end));
      setText(el, ".pks-status__reason", sentence(res, asOf, labels));
      setText(el, ".pks-status__as-of", fill(labels.recomputed, { as_of: dateText(labels, asOf) }));
      var row = el.closest ? el.closest("tr[data-status]") : null;
      if (row) {
        row.setAttribute("data-status", res.status);
      }
    }
    refreshTimeline(doc, labels, asOf);
    refreshTiles(doc, labels, asOf);
    refreshAsOfText(doc, labels, asOf);
  }

  /* Every "per <day>" that names the day statuses are shown for (home, lists) names today's. */
  function refreshAsOfText(doc, labels, asOf) {
    var words = doc.querySelectorAll(".pks-as-of-text");
    for (var i = 0; i < words.length; i++) {
      words[i].textContent = fill(labels.asOf, { as_of: dateText(labels, asOf) });
    }
  }

  /* The home timeline's "today" line, drawn at build time, moves to today (hidden outside the chart). */
  function refreshTimeline(doc, labels, asOf) {
    var svg = doc.querySelector("svg[data-pks-from]");
    var line = svg && svg.querySelector(".pks-timeline__today");
    if (!line || svg.getAttribute("data-pks-as-of") === asOf) {
      return;
    }
    var from = dayNumber(svg.getAttribute("data-pks-from")), to = dayNumber(svg.getAttribute("data-pks-to"));
    var left = +svg.getAttribute("data-pks-left"), right = +svg.getAttribute("data-pks-right");
    var today = dayNumber(asOf);
    var x = Math.round((left + (right - left) * (today - from) / (to - from)) * 10) / 10;
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    line.setAttribute("visibility", today < from || today > to ? "hidden" : "visible");
    svg.setAttribute("data-pks-as-of", asOf);
  }

  /* The home tiles: counts at build time, moved by the changes render.py lists for the days after it
   * (fetched only on a later day). If they cannot be fetched (a page opened from disk), the tiles
   * keep saying the build's day. */
  function refreshTiles(doc, labels, asOf) {
    var list = doc.querySelector("[data-pks-tiles-as-of]");
    var built = list && list.getAttribute("data-pks-tiles-as-of");
    if (!list || built >= asOf || typeof XMLHttpRequest === "undefined") {
      return;
    }
    var request = new XMLHttpRequest();
    request.open("GET", list.getAttribute("data-pks-tile-changes"));
    request.onload = function () {
      if (request.status === 200) {
        applyTiles(doc, labels, list, JSON.parse(request.responseText), asOf);
      }
    };
    request.send();
  }

  function applyTiles(doc, labels, list, changes, asOf) {
    var items = list.querySelectorAll("[data-pks-tile]"), counts = {}, i;
    for (i = 0; i < items.length; i++) {
      counts[items[i].getAttribute("data-pks-tile")] = +items[i].getAttribute("data-pks-count");
    }
    for (i = 0; i < changes.length && changes[i][0] <= asOf; i++) { // [day, from tile, to tile, how many]
      counts[changes[i][1]] -= changes[i][3];
      counts[changes[i][2]] += changes[i][3];
    }
    for (i = 0; i < items.length; i++) {
      setText(items[i], ".pks-count__n", String(counts[items[i].getAttribute("data-pks-tile")]));
    }
    list.setAttribute("data-pks-tiles-as-of", asOf);
    var words = doc.querySelectorAll(".pks-tiles-as-of");
    for (i = 0; i < words.length; i++) {
      words[i].textContent = fill(labels.asOf, { as_of: dateText(labels, asOf) });
    }
  }

  /* The day to show: today, but never a day before the page was built. A phone whose clock is behind
   * cannot take the statuses back before the build day; the tiles cannot go back at all (they only
   * know the changes after it), so every part of the page stays on one day. */
  function shownDay(doc, today) {
    var built = doc.querySelector("[data-pks-tiles-as-of], [data-pks-as-of]");
    var day = built && (built.getAttribute("data-pks-tiles-as-of") || built.getAttribute("data-pks-as-of"));
    return day && day > today ? day : today;
  }

  var api = { compute: compute, chainEnd: chainEnd, chainText: chainText, sentence: sentence, todayInWita: todayInWita,
    shownDay: shownDay, refresh: refresh };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.PKS_STATUS = api;
    if (root.document && root.PKS_LABELS) {
      refresh(root.document, root.PKS_LABELS, shownDay(root.document, todayInWita()));
    }
  }
})(this);
