"""Faceted search of the knowledge base with Pagefind.

* :mod:`.records`: the filters, metadata, sort keys and text of each result,
  derived from the knowledge base;
* :mod:`.markup`: marks each HTML page's indexed region and its search data
  (on the resolved doctree, for builds that are indexed);
* :mod:`.indexer`: runs Pagefind at the end of the build, with a record of its
  own for every quote, agreement, provision and entry;
* :mod:`.page`: the search page that replaces Sphinx's own search.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..knowledge import KnowledgeBase
from .indexer import setup_indexer
from .markup import search_enabled, setup_markup
from .page import setup_page
from .records import page_search_data


def page_search_view(
    app: Sphinx,
    env: BuildEnvironment,
    knowledge: KnowledgeBase,
    docname: str,
    titles: Any,
) -> Any:
    """What a page's search markup shows from other pages (for incremental builds)."""
    if not search_enabled(env.config):
        return None
    return ("search", page_search_data(knowledge, docname).as_tuple())


def setup_search(app: Sphinx) -> None:
    setup_markup(app)
    setup_indexer(app)
    setup_page(app)
    app.connect("briefing-page-views", page_search_view)
