"""Pagefind markup on HTML pages, derived from the doctree and the knowledge base.

Pagefind indexes what a page marks: the region in ``data-pagefind-body`` (so
navigation, header links and footers stay out), the filters, metadata and
sort keys on ``data-pagefind-filter/meta/sort`` elements. This module adds
them to the resolved doctree of each page of an indexed site (never by
rewriting finished HTML):

* :class:`search_region` wraps the document's content; its HTML visitor
  writes ``<div data-pagefind-body>``, then one empty ``<span>`` per filter
  value, metadata item and sort key of the page, each reading its value from
  an attribute (``topic[data-value]``), so no value needs Pagefind's escaping;
* entities that are results of their own (quotes, agreements, provisions,
  entries) get the class ``kb-search-separate``; the indexer excludes that
  selector from the page, so each text is found once, at its own anchor;
* spellings of the page's words without special letters ("Azerbaycan" for
  "Azərbaycan") go into an attribute Pagefind indexes but readers never see.

Other builders never see these nodes; should one reach a writer, the region
renders as its content and the data as nothing.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..domain import get_domain
from .records import RECORD_KINDS, SearchData, folded_variants, page_search_data

#: The class of an entity block that Pagefind indexes as its own record.
SEPARATE_CLASS = "kb-search-separate"


class search_region(nodes.General, nodes.Element):
    """The indexed part of a page; ``filters``, ``meta``, ``sort`` and
    ``variants`` attributes hold the page's search data."""


def _span(attributes: dict[str, str]) -> str:
    attrs = " ".join(
        f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items()
    )
    return f"<span {attrs}></span>"


def visit_search_region_html(translator: Any, node: search_region) -> None:
    parts = [translator.starttag(node, "div", "", **{"data-pagefind-body": ""})]
    for key, values in node["filters"]:
        for value in values:
            parts.append(_span({"data-pagefind-filter": f"{key}[data-value]", "data-value": value}))
    for key, value in node["meta"]:
        parts.append(_span({"data-pagefind-meta": f"{key}[data-value]", "data-value": value}))
    for key, value in node["sort"]:
        parts.append(_span({"data-pagefind-sort": f"{key}[data-value]", "data-value": value}))
    translator.body.append("".join(parts) + "\n")


def depart_search_region_html(translator: Any, node: search_region) -> None:
    # last, so an excerpt that matches only a variant does not start with it
    if node["variants"]:
        variants = " ".join(node["variants"])
        translator.body.append(
            _span(
                {
                    "data-pagefind-index-attrs": "data-variants",
                    "data-variants": variants,
                }
            )
        )
    translator.body.append("</div>\n")


def _pass(translator: Any, node: nodes.Element) -> None:
    pass


def make_region(data: SearchData, variants: list[str]) -> search_region:
    return search_region(
        filters=tuple(data.filters.items()),
        meta=tuple(data.meta.items()),
        sort=tuple(data.sort.items()),
        variants=tuple(variants),
    )


def search_enabled(config: Any) -> bool:
    return bool(config.briefing_search)


def indexes_site(builder: Builder) -> bool:
    """Whether this build gets a Pagefind index, its markup and our search page.

    HTML builders that have a search page (the class attribute ``search``:
    ``html`` and ``dirhtml``; not EPUB, help builders or the PDF builder,
    which write HTML too) get one, unless ``briefing_search`` is off.
    (``singlehtml`` passes this test but writes no extension pages, so it
    gets no search page and no index.)
    """
    return (
        builder.format == "html"
        and bool(getattr(type(builder), "search", False))
        and search_enabled(builder.config)
    )


def mark_search_regions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap the page in its search region and mark entities indexed on their own.

    A ``doctree-resolved`` handler (as in ``sphinx.ext.todo``) rather than a
    post-transform, because it depends on the builder, not only its format:
    the PDF builder also writes HTML, and must not get search markup.
    """
    if not indexes_site(app.builder):
        return
    knowledge = get_domain(app.env).knowledge
    for container in doctree.findall(nodes.container):
        kind, entity_id = container.get("kb_kind"), container.get("kb_id")
        if kind not in RECORD_KINDS or not entity_id:
            continue
        entity = knowledge.get(kind, entity_id)
        if entity is not None and entity.docname == docname and entity.anchor in container["ids"]:
            container["classes"].append(SEPARATE_CLASS)
    words = " ".join(_page_text(doctree))
    region = make_region(page_search_data(knowledge, docname), folded_variants(words))
    children = list(doctree.children)
    doctree.clear()
    region.extend(children)
    doctree += region


def _page_text(doctree: nodes.Element) -> list[str]:
    """The texts of the page outside the entities indexed on their own, in
    document order (one walk that skips those entities' subtrees)."""
    texts: list[str] = []
    pending: list[nodes.Node] = [doctree]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Text):
            texts.append(node.astext())
        elif isinstance(node, nodes.Element) and SEPARATE_CLASS not in node["classes"]:
            pending.extend(reversed(node.children))
    return texts


def setup_markup(app: Sphinx) -> None:
    app.add_node(
        search_region,
        html=(visit_search_region_html, depart_search_region_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.connect("doctree-resolved", mark_search_regions)
