/* pagefind/pagefind.js of a site whose search index is in parts (site_builder/site/search.py writes it
 * there only then, with the parts' folders in MERGED): Pagefind holds every page it indexes in memory,
 * so a large site is indexed a part at a time, each part a Pagefind bundle of its own (pagefind/1/,
 * pagefind/2/, ...). The first part's Pagefind does the searching; the other parts are merged into
 * it with Pagefind's mergeIndex (each adds its entry and page list; the WebAssembly is the first part's),
 * so a search runs over every part and returns one list of results ordered by score. Same exports as
 * Pagefind's pagefind.js, which the search page (search.js) uses unchanged; each search waits for the merge. */
import * as pagefind from "./1/pagefind.js";

const MERGED = [];
let settings = {};
let merging = null;

export async function options(values) {
  settings = { ...settings, ...values };
  await pagefind.options(values);
}

// Like Pagefind's init, starts loading and waits for nothing: the merge is awaited by the first search.
export async function init() {
  merged();
}

function merged() {
  if (!merging) {
    // A merged part is read with the options the page gave (baseUrl: where the result pages are);
    // its own folder is its basePath.
    const { basePath, ...given } = settings;
    merging = pagefind.init().then(() =>
      Promise.all(MERGED.map((part) => pagefind.mergeIndex(new URL(part, import.meta.url).pathname, given))));
    merging.catch(() => {}); // a failed merge fails each search that waits for it, not the page
  }
  return merging;
}

export async function search(term, options) {
  await merged();
  return pagefind.search(term, options);
}

// Pagefind's debouncedSearch without its preload of every word as typed: on a site in parts each
// preload fetches an index chunk of every part, and the prefixes typed on the way ("k", "ke", "kes")
// cost more than the word searched (measured at 10,000 agreements: "kesehatan" typed key by key
// fetched 567 KB of chunks with preloads, against 262 KB for the word alone).
let asked = 0;

export async function debouncedSearch(term, options, timeout = 300) {
  const mine = ++asked;
  await merged();
  await new Promise((resolve) => setTimeout(resolve, timeout));
  if (mine !== asked) {
    return null; // a newer search replaced this one
  }
  const found = await pagefind.search(term, options);
  return mine === asked ? found : null;
}

export async function preload(term, options) {
  await merged();
  return pagefind.preload(term, options);
}

export async function filters() {
  await merged();
  return pagefind.filters();
}

export async function destroy() {
  merging = null;
  await pagefind.destroy();
}
