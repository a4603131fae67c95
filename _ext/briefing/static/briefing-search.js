// The search page of the briefing book: runs Pagefind's pagefind.js (written
// into the site by the build, never loaded from the network) and renders a
// result list with excerpts and a filter pane. The query, filters and order
// live in the address (search.html?q=...&kind=quote), so Furo's sidebar box,
// bookmarks and the back button all work.

const FILTER_ORDER = ["kind", "speaker", "organization", "agreement", "topic", "party", "year"];
// The page's words, in the site's language: the build writes them from the
// ``briefing`` message catalog into <script id="kb-search-messages">.
const MESSAGES = JSON.parse(document.getElementById("kb-search-messages")?.textContent || "{}");
const FILTER_LABELS = MESSAGES.filters || {};
const KIND_LABELS = MESSAGES.kinds || {};
function message(key, values = {}) {
  const text = (MESSAGES.texts || {})[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;

const form = document.querySelector(".kb-search-form");
const input = document.getElementById("kb-search-input");
const sortSelect = document.getElementById("kb-search-sort");
const status = document.getElementById("kb-search-status");
const list = document.getElementById("kb-search-results");
const more = document.getElementById("kb-search-more");
const pane = document.getElementById("kb-search-filter-pane");
const filtersBox = document.querySelector(".kb-search-filters");

/** name -> Set of selected values */
const selected = new Map(FILTER_ORDER.map((name) => [name, new Set()]));
/** name -> value -> the count <span> of its checkbox */
const countNodes = new Map();
let results = [];
let shown = 0;
let generation = 0;
let timer = null;

function readAddress() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("sort") || "";
  for (const [name, values] of selected) {
    values.clear();
    for (const value of params.getAll(name)) values.add(value);
  }
}

function writeAddress() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (sortSelect.value) params.set("sort", sortSelect.value);
  for (const [name, values] of selected) for (const value of values) params.append(name, value);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  for (const box of document.querySelectorAll('input[name="q"]')) {
    if (box !== input) box.value = input.value;
  }
}

function activeFilters() {
  const filters = {};
  for (const [name, values] of selected) if (values.size) filters[name] = { any: [...values] };
  return filters;
}

function label(name, value) {
  return name === "kind" ? KIND_LABELS[value] || value : value;
}

function buildPane(available) {
  pane.replaceChildren();
  countNodes.clear();
  for (const name of FILTER_ORDER) {
    const values = Object.keys(available[name] || {}).sort((a, b) =>
      name === "year" ? b.localeCompare(a) : label(name, a).localeCompare(label(name, b)),
    );
    for (const value of selected.get(name)) if (!values.includes(value)) values.push(value);
    if (!values.length) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "kb-search-filter";
    fieldset.dataset.filter = name;
    const legend = document.createElement("legend");
    legend.textContent = FILTER_LABELS[name];
    fieldset.append(legend);
    const counts = new Map();
    for (const value of values) {
      const row = document.createElement("label");
      row.className = "kb-search-option";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = selected.get(name).has(value);
      box.addEventListener("change", () => {
        if (box.checked) selected.get(name).add(value);
        else selected.get(name).delete(value);
        search();
      });
      const text = document.createElement("span");
      text.textContent = label(name, value);
      const count = document.createElement("span");
      count.className = "kb-search-count";
      count.textContent = String(available[name]?.[value] ?? 0);
      row.append(box, " ", text, " ", count);
      fieldset.append(row);
      counts.set(value, count);
    }
    countNodes.set(name, counts);
    pane.append(fieldset);
  }
}

function updateCounts(filterCounts) {
  for (const [name, counts] of countNodes) {
    for (const [value, node] of counts) {
      node.textContent = String(filterCounts?.[name]?.[value] ?? 0);
    }
  }
}

/** Pagefind's excerpt as nodes: its text and <mark> highlights, nothing else. */
function excerptNodes(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt || "";
  const out = [];
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "kb-search-result";
  const kind = data.meta.kind || "";
  if (kind) item.dataset.kind = kind;
  const heading = document.createElement("h3");
  heading.className = "kb-search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const facts = [KIND_LABELS[kind], data.meta.speaker, data.meta.role, data.meta.date].filter(Boolean);
  const meta = document.createElement("p");
  meta.className = "kb-search-result-meta";
  meta.textContent = facts.join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "kb-search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading);
  if (facts.length) item.append(meta);
  item.append(excerpt);
  return item;
}

/** Lowercase words without accents, for comparing a query with a text. */
function words(text) {
  return (text || "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Results that contain the query word for word come first, the shortest
 * first: a reader who types a phrase of a quote wants the quote, not a longer
 * page that cites it. Pagefind's order is kept otherwise.
 */
function phraseFirst(data, term) {
  const phrase = words(term);
  if (!phrase.includes(" ")) return data;
  const exact = data.filter((d) => words(d.content).includes(phrase));
  const rest = data.filter((d) => !exact.includes(d));
  exact.sort((a, b) => a.content.length - b.content.length);
  return [...exact, ...rest];
}

async function showMore(token, term = "") {
  const batch = results.slice(shown, shown + PAGE_SIZE);
  let data = await Promise.all(batch.map((result) => result.data()));
  if (token !== generation) return;
  if (shown === 0) data = phraseFirst(data, term);
  list.append(...data.map(resultItem));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

function describe(count, term) {
  const filterCount = [...selected.values()].reduce((n, values) => n + values.size, 0);
  const text = term
    ? message("results_for", { count, term })
    : message("results", { count });
  return filterCount ? `${text} ${message("filters_applied", { count: filterCount })}` : text;
}

let pagefind = null;

async function search() {
  window.clearTimeout(timer);
  const token = ++generation;
  writeAddress();
  const term = input.value.trim();
  const filters = activeFilters();
  const [sortKey, direction] = sortSelect.value.split(":");
  if (!term && !Object.keys(filters).length) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    updateCounts(await pagefind.filters());
    return;
  }
  status.setAttribute("aria-busy", "true");
  const options = { filters };
  if (sortKey) options.sort = { [sortKey]: direction };
  const response = await pagefind.search(term || null, options);
  if (token !== generation || response === null) return;
  results = response.results;
  shown = 0;
  list.replaceChildren();
  await showMore(token, term);
  if (token !== generation) return;
  updateCounts(response.filters);
  status.removeAttribute("aria-busy");
  status.textContent = describe(results.length, term);
}

async function main() {
  readAddress();
  if (window.matchMedia("(max-width: 46em)").matches) filtersBox.open = false;
  const bundle = new URL("../pagefind/pagefind.js", import.meta.url);
  try {
    pagefind = await import(bundle.href);
    await pagefind.options({ baseUrl: new URL("..", bundle).pathname });
    await pagefind.init();
    buildPane(await pagefind.filters());
  } catch (error) {
    status.textContent = message("index_missing");
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DEBOUNCE_MS);
  });
  sortSelect.addEventListener("change", search);
  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(generation);
    list.children[first]?.querySelector("a")?.focus();
  });
  await search();
  document.documentElement.dataset.searchState = "ready";
}

main();
