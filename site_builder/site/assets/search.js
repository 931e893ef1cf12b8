/* The search page (cari.html): asks the site's Pagefind index (site_builder/site/search.py), which fetches
 * only the index chunks of the words typed, and lists each result with its partner and its status
 * recomputed for today by status.js (window.PKS_STATUS, in pks.js). A module, loaded by the search
 * page only: browsers too old for import() skip it, and the page's lists still find everything.
 * Result text comes from the pages, so it is put in as text, never as HTML. */
const form = document.getElementById("pks-search");
const words = window.PKS_LABELS && window.PKS_LABELS.search;
const PAGE = 20; // results shown at once; "show more" adds as many again

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (text) {
    el.textContent = text;
  }
  return el;
}

/* Pagefind's excerpt marks the words found with <mark>; everything else in it is page text. */
function excerpt(html) {
  const out = element("span", "pks-search__excerpt");
  const body = new DOMParser().parseFromString(html, "text/html").body;
  for (const node of body.childNodes) {
    out.appendChild(node.nodeName === "MARK" ? element("mark", "", node.textContent) : document.createTextNode(node.textContent));
  }
  return out;
}

function statusBadge(input) {
  const labels = window.PKS_LABELS;
  const status = window.PKS_STATUS;
  if (!status || !labels) {
    return null;
  }
  let res;
  try {
    res = status.compute(JSON.parse(input), status.todayInWita()); // input comes from our own page
  } catch (error) {
    return null;
  }
  const badge = element("span", "pks-status pks-status--" + res.status);
  badge.appendChild(element("span", "pks-status__symbol", labels.status[res.status].symbol)).setAttribute("aria-hidden", "true");
  badge.appendChild(document.createTextNode(" "));
  badge.appendChild(element("span", "pks-status__label", labels.status[res.status].label));
  const end = status.chainEnd(JSON.parse(input), status.todayInWita());
  if (end) {
    badge.className += " pks-chain--" + end.status;
    badge.appendChild(element("span", "pks-status__chain", status.chainText(labels, end)));
  }
  return badge;
}

function resultItem(data) {
  const item = element("li", "pks-search__result");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  const head = element("p", "pks-search__head");
  head.appendChild(link);
  if (data.meta.status) {
    const badge = statusBadge(data.meta.status);
    if (badge) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(badge);
    }
  }
  item.appendChild(head);
  if (data.meta.partner) {
    item.appendChild(element("p", "pks-note", words.partner + ": " + data.meta.partner));
  }
  item.appendChild(excerpt(data.excerpt || ""));
  return item;
}

async function start() {
  const input = form.elements.q;
  const statusLine = document.getElementById("pks-search-status");
  const list = document.getElementById("pks-search-results");
  const root = new URL(form.getAttribute("data-pks-site") || "./", location.href);
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
  } catch (error) {
    statusLine.textContent = words.failed;
    return;
  }
  statusLine.textContent = words.ready;
  let latest = 0;
  let more = null;

  async function show(results, from, query, asked) {
    const data = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    if (asked !== latest) {
      return;
    }
    for (const d of data) {
      list.appendChild(resultItem(d));
    }
    if (more) {
      more.remove();
      more = null;
    }
    if (from + PAGE < results.length) {
      more = element("button", "pks-search__more", words.more);
      more.type = "button";
      more.addEventListener("click", () => show(results, from + PAGE, query, asked));
      list.after(more);
    }
  }

  async function run() {
    const query = input.value.trim();
    const asked = ++latest;
    list.textContent = "";
    if (more) {
      more.remove();
      more = null;
    }
    if (!query) {
      statusLine.textContent = words.ready;
      return;
    }
    statusLine.textContent = words.loading;
    const search = await pagefind.debouncedSearch(query, {}, 200);
    if (search === null || asked !== latest) {
      return; // a newer query replaced this one
    }
    await show(search.results, 0, query, asked);
    if (asked !== latest) {
      return;
    }
    // Announced (aria-live) once the results are on the page.
    statusLine.textContent = search.results.length ? fill(words.count, { count: search.results.length, query: query })
      : fill(words.none, { query: query });
    const url = new URL(location.href);
    url.searchParams.set("q", query);
    history.replaceState(null, "", url);
  }

  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
}

if (form && words) {
  start();
}
