"""The search page: a search box, result cards with excerpts and a filter pane.

Sphinx's own search (``searchindex.js`` and its search page) is switched off
for builds that Pagefind indexes: the builder's ``search`` flag, which help
and EPUB builders clear for the same purpose, is cleared at
``builder-inited``, so Sphinx neither builds its index nor writes its page.
In its place ``search.html`` is our page, written through the theme's
``page.html`` (so it has the site's navigation in any theme) with a body of
plain, labelled HTML; ``static/briefing-search.js`` runs Pagefind's own
``pagefind.js`` from the site, never from the network. The sidebar search box
of Furo (and of Sphinx's basic theme) submits ``q`` to ``search.html``; the
script reads it and runs the search.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from typing import Any

from sphinx.application import Sphinx

from ..i18n import N_, _
from .indexer import SEARCH_PAGE
from .markup import indexes_site


def search_messages() -> dict[str, dict[str, str]]:
    """What the page's script says, translated: filter names, kinds, counts."""
    return {
        "filters": {key: _(value) for key, value in FILTER_LABELS.items()},
        "kinds": {key: _(value) for key, value in KIND_LABELS.items()},
        "texts": {key: _(value) for key, value in SCRIPT_TEXTS.items()},
    }


def search_body() -> str:
    """The page's markup: every control labelled, counts announced politely."""
    text = {key: escape(_(value)) for key, value in _TEXTS.items()}
    # "</" cannot end the script element early: JSON escapes "/" as "\/" here
    messages = json.dumps(search_messages(), ensure_ascii=False).replace("</", "<\\/")
    return f"""
<script type="application/json" id="kb-search-messages">{messages}</script>
<section class="kb-search" aria-labelledby="kb-search-title">
<h1 id="kb-search-title">{text["title"]}</h1>
<noscript><p class="kb-search-noscript">{text["noscript"]}</p></noscript>
<form class="kb-search-form" role="search" method="get">
  <label class="kb-search-label" for="kb-search-input">{text["label"]}</label>
  <div class="kb-search-row">
    <input id="kb-search-input" class="kb-search-input" type="search" name="q"
      autocomplete="off" spellcheck="false" aria-describedby="kb-search-status">
    <button class="kb-search-submit" type="submit">{text["submit"]}</button>
  </div>
  <div class="kb-search-order">
    <label for="kb-search-sort">{text["order"]}</label>
    <select id="kb-search-sort" name="sort">
      <option value="">{text["relevance"]}</option>
      <option value="date:desc">{text["newest"]}</option>
      <option value="date:asc">{text["oldest"]}</option>
    </select>
  </div>
</form>
<div class="kb-search-layout">
  <details class="kb-search-filters" open>
    <summary id="kb-search-filters-title">{text["filters"]}</summary>
    <div id="kb-search-filter-pane" class="kb-search-filter-pane"></div>
  </details>
  <div class="kb-search-results-column">
    <p id="kb-search-status" class="kb-search-status" role="status"
      aria-live="polite"></p>
    <h2 class="kb-visually-hidden">{text["results"]}</h2>
    <ol id="kb-search-results" class="kb-search-results"></ol>
    <button id="kb-search-more" class="kb-search-more" type="button"
      hidden>{text["more"]}</button>
  </div>
</div>
</section>
"""


_TEXTS = {
    "title": N_("Search"),
    "noscript": N_("Searching needs JavaScript. Every entity is also listed in the indices."),
    "label": N_("Search quotes, agreements, provisions and statements"),
    "submit": N_("Search"),
    "order": N_("Order"),
    "relevance": N_("Best match"),
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
    "filters": N_("Filters"),
    "results": N_("Results"),
    "more": N_("Show more results"),
}

#: the filter pane's group names, by Pagefind filter name
FILTER_LABELS = {
    "kind": N_("Kind"),
    "speaker": N_("Speaker"),
    "organization": N_("Organization"),
    "agreement": N_("Agreement"),
    "topic": N_("Topic"),
    "party": N_("Party"),
    "year": N_("Year"),
}

#: a result's kind, as the filter pane and result cards name it
KIND_LABELS = {
    "statement": N_("Statement"),
    "brief": N_("Brief"),
    "quote": N_("Quote"),
    "agreement": N_("Agreement"),
    "provision": N_("Provision"),
    "person": N_("Person"),
    "organization": N_("Organization"),
    "event": N_("Event"),
    "topic": N_("Topic"),
}

#: the status line and errors of the script ({count}, {term} filled in there)
SCRIPT_TEXTS = {
    "results": N_("Results: {count}."),
    "results_for": N_("Results for “{term}”: {count}."),
    "filters_applied": N_("Filters applied: {count}."),
    "index_missing": N_("The search index could not be loaded."),
}


def disable_sphinx_search(app: Sphinx) -> None:
    if indexes_site(app.builder):
        app.builder.search = False  # type: ignore[attr-defined]


def collect_search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if indexes_site(app.builder):
        yield SEARCH_PAGE, {"title": _(_TEXTS["title"]), "body": search_body()}, "page.html"


def add_search_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != SEARCH_PAGE or doctree is not None or not indexes_site(app.builder):
        return
    app.add_js_file("briefing-search.js", type="module")
    app.add_css_file("briefing-search.css")
    context["metatags"] = context.get("metatags", "") + '<meta name="robots" content="noindex">\n'


def setup_page(app: Sphinx) -> None:
    app.connect("builder-inited", disable_sphinx_search)
    app.connect("html-collect-pages", collect_search_page)
    app.connect("html-page-context", add_search_assets)
