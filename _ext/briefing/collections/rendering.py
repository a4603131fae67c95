"""Write-time rendering of collections, and their part of the page fingerprint.

As for entities (:mod:`briefing.rendering`), rendering is two steps.
:func:`describe_collection` answers the query
(:mod:`briefing.collections.queries`) and turns the result, with its kind's
``describe`` function, into a *view*: plain tuples of what the reader sees
(texts, dates, links with their targets). :class:`ExpandCollections` turns
views into standard docutils nodes (block quotes, a table, bullet lists and
``pending_xref``) with the kind's ``render`` function, so every builder writes
them. The functions of each kind are here; which kind uses which is said once,
in :mod:`briefing.collections.kinds`. The same views are returned
from the ``briefing-page-views`` event, so a page is rewritten exactly when
what one of its collections shows has changed.

HTML-only touches (dates as ``<time datetime>``, the column labels a phone
shows above each cell, the sortable table's script) are added by
:class:`HtmlCollectionTouches`, restricted to builders of format ``html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..domain import get_domain
from ..i18n import N_, _
from ..knowledge import KnowledgeBase
from ..model import Entity, KbDate
from ..rendering import (
    DETAIL_OPTIONS,
    Piece,
    attribution_node,
    describe_attribution,
    describe_fields,
    page_titles,
    pieces_nodes,
    ref_piece,
)
from .directives import collection
from .queries import CollectionQuery, Scope, collection_index, run_query

#: column -> header label of an agreement table
COLUMN_LABELS: dict[str, str] = {
    "date": N_("Date"),
    "title": N_("Agreement"),
    "parties": N_("Parties"),
    "signatories": N_("Signatories"),
    "third-parties": N_("Third parties"),
    "stage": N_("Stage"),
    "status": N_("Status"),
    "topics": N_("Topics"),
}
#: column -> width: characters in the text builder, proportions elsewhere
COLUMN_WIDTHS: dict[str, int] = {
    "date": 17,
    "title": 28,
    "parties": 22,
    "signatories": 22,
    "third-parties": 22,
    "stage": 15,
    "status": 12,
    "topics": 20,
}
#: columns whose cells are the agreement's fact-box row of that option (date
#: and title are rendered by the table itself)
_COLUMN_ROWS: tuple[str, ...] = tuple(
    option
    for option in DETAIL_OPTIONS["agreement"]
    if option in COLUMN_LABELS and option not in ("date", "title")
)
#: kind -> the fact-box rows (options) an entity list shows after each name
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("role", "organization"),
    "organization": ("kind", "country"),
    "topic": ("broader",),
    "event": ("date", "place"),
    "statement": ("date", "organization"),
    "brief": ("date", "organization"),
}
#: how a timeline names each kind (message ids)
KIND_LABELS: dict[str, str] = {
    "agreement": N_("Agreement"),
    "event": N_("Event"),
    "statement": N_("Statement"),
    "brief": N_("Brief"),
    "quote": N_("Quote"),
}

#: A date as shown: (ISO text, display text); ("", "") when there is none.
DateView = tuple[str, str]


def _date_view(knowledge: KnowledgeBase, entity: Any) -> DateView:
    date = knowledge.date(entity)
    if date is None:
        return ("", "")
    text = date.display()
    end = KbDate.parse(entity.fields.get("end-date", "") or "")
    if end is not None and end != date:
        text += f" \N{EN DASH} {end.display()}"
    return (date.iso(), text)


def describe_collection(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    titles: Mapping[str, str],
    pax_url: str,
    scope: Scope = None,
) -> tuple[Any, ...]:
    """What the collection shows, as plain data: ``(collection, items)``.

    ``scope`` is the starting set of the query (:func:`page_scope`).
    """
    entities = run_query(collection_index(knowledge), query, scope)
    items = query.spec.describe(knowledge, query, entities, titles, pax_url)
    return (query.collection, items)


def page_scope(env: BuildEnvironment, docname: str) -> Scope:
    """The entity keys a collection on ``docname`` starts from: the scope of the
    book the page belongs to (:func:`briefing.books.page_scope`), or None (the
    whole knowledge base) outside books."""
    from ..books import page_scope as book_page_scope  # books need the queries

    return book_page_scope(env, docname)


def describe_quotes(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    entities: list[Entity],
    titles: Mapping[str, str],
    pax_url: str,
) -> tuple[Any, ...]:
    """Quotes with their text, attribution and a link to where they stand."""
    return tuple(
        (
            quote.id,
            quote.text,
            describe_attribution(knowledge, quote),
            (quote.docname, quote.anchor, titles.get(quote.docname, quote.docname)),
        )
        for quote in entities
    )


def describe_agreement_rows(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    entities: list[Entity],
    titles: Mapping[str, str],
    pax_url: str,
) -> tuple[Any, ...]:
    """A table of agreements with the chosen columns, sortable in HTML."""
    items: list[Any] = []
    for agreement in entities:
        rows = dict(describe_fields(knowledge, agreement, pax_url))
        cells: list[tuple[DateView, tuple[Piece, ...]]] = []
        for column in query.shown_columns:
            if column == "date":
                cells.append((_date_view(knowledge, agreement), ()))
            elif column == "title":
                cells.append((("", ""), (ref_piece(knowledge, ("agreement",), agreement.id),)))
            else:
                cells.append((("", ""), rows.get(column, ()) if column in _COLUMN_ROWS else ()))
        items.append((agreement.id, tuple(cells)))
    return tuple(items)


def describe_timeline(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    entities: list[Entity],
    titles: Mapping[str, str],
    pax_url: str,
) -> tuple[Any, ...]:
    """Dated agreements, events, statements, briefs and quotes, by year."""
    return tuple(
        (
            _date_view(knowledge, entity),
            entity.kind,
            ref_piece(knowledge, (entity.kind,), entity.id),
        )
        for entity in entities
    )


def describe_entity_list(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    entities: list[Entity],
    titles: Mapping[str, str],
    pax_url: str,
) -> tuple[Any, ...]:
    """People, organizations, topics, events, statements or briefs, linked."""
    items: list[Any] = []
    for entity in entities:
        rows = dict(describe_fields(knowledge, entity, pax_url))
        shown = tuple(rows[option] for option in KEY_FIELDS[entity.kind] if option in rows)
        items.append((ref_piece(knowledge, (entity.kind,), entity.id), shown))
    return tuple(items)


# -- nodes ---------------------------------------------------------------------


def _date_node(view: DateView) -> nodes.inline:
    iso, text = view
    node = nodes.inline(text, text, classes=["kb-date"])
    if iso:
        node["datetime"] = iso
    return node


def _empty(query: CollectionQuery) -> nodes.paragraph:
    message = query.empty_message()
    return nodes.paragraph(message, message, classes=["kb-collection-empty"])


def quote_list_nodes(
    query: CollectionQuery, items: tuple[Any, ...], docname: str
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for quote_id, text, rows, (_kind, _id, page_title) in items:
        quotation = nodes.block_quote(classes=["kb-quote-text", "kb-collection-quote"])
        quotation += nodes.paragraph(text, text)
        attribution: nodes.Element = (
            attribution_node(rows, docname) if rows else nodes.attribution()
        )
        if "kb-attribution" not in attribution["classes"]:
            attribution["classes"].append("kb-attribution")
        attribution += nodes.Text(_(" — in ") if rows else _("In "))
        context = addnodes.pending_xref(
            "",
            refdomain="kb",
            reftype="quote",
            reftarget=quote_id,
            refexplicit=True,
            refwarn=False,
            refdoc=docname,
        )
        context += nodes.inline(page_title, page_title, classes=["xref", "kb"])
        attribution += context
        quotation += attribution
        result.append(quotation)
    return result


def agreement_table_nodes(
    query: CollectionQuery, items: tuple[Any, ...], docname: str
) -> list[nodes.Node]:
    columns = query.shown_columns
    table = nodes.table(classes=["kb-agreement-table", "kb-sortable"])
    group = nodes.tgroup(cols=len(columns))
    table += group
    for column in columns:
        group += nodes.colspec(colwidth=COLUMN_WIDTHS[column])
    head = nodes.thead()
    header_row = nodes.row()
    for column in columns:
        label = _(COLUMN_LABELS[column])
        header_row += nodes.entry(
            "", nodes.paragraph(label, label), classes=[f"kb-column-{column}"]
        )
    head += header_row
    group += head
    body = nodes.tbody()
    for _agreement, cells in items:
        row = nodes.row()
        for column, (date, pieces) in zip(columns, cells, strict=True):
            paragraph = nodes.paragraph()
            if column == "date":
                if date[0]:
                    paragraph += _date_node(date)
            else:
                paragraph += pieces_nodes(pieces, docname)
            row += nodes.entry("", paragraph, classes=[f"kb-column-{column}"])
        body += row
    group += body
    return [table]


def timeline_nodes(
    query: CollectionQuery, items: tuple[Any, ...], docname: str
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    year = ""
    entries: nodes.bullet_list | None = None
    for date, kind, piece in items:
        item_year = date[0][:4]
        if entries is None or item_year != year:
            year = item_year
            group = nodes.container(classes=["kb-timeline-year"])
            label = nodes.paragraph(classes=["kb-timeline-year-label"])
            label += nodes.strong(year, year)
            group += label
            entries = nodes.bullet_list(classes=["kb-timeline-items"])
            group += entries
            result.append(group)
        paragraph = nodes.paragraph()
        paragraph += _date_node(date)
        paragraph += nodes.Text(" — ")
        kind_label = _(KIND_LABELS[kind])
        paragraph += nodes.inline(kind_label, kind_label, classes=["kb-timeline-kind"])
        paragraph += nodes.Text(": ")
        paragraph += pieces_nodes((piece,), docname)
        entries += nodes.list_item(
            "", paragraph, classes=["kb-timeline-item", f"kb-timeline-{kind}"]
        )
    return result


def entity_list_nodes(
    query: CollectionQuery, items: tuple[Any, ...], docname: str
) -> list[nodes.Node]:
    entries = nodes.bullet_list(classes=["kb-entity-list-items"])
    for piece, shown in items:
        paragraph = nodes.paragraph()
        paragraph += pieces_nodes((piece,), docname)
        if shown:
            paragraph += nodes.Text(" — ")
            fields = nodes.inline(classes=["kb-entity-list-fields"])
            for position, pieces in enumerate(shown):
                if position:
                    fields += nodes.Text("; ")
                fields += pieces_nodes(pieces, docname)
            paragraph += fields
        entries += nodes.list_item("", paragraph)
    return [entries]


def collection_nodes(
    query: CollectionQuery, view: tuple[Any, ...], docname: str
) -> nodes.container:
    """The standard nodes of a collection: a container with its items or a message."""
    name, items = view
    box = nodes.container(classes=["kb-collection", f"kb-{name}"])
    if not items:
        box += _empty(query)
    else:
        box += query.spec.render(query, items, docname)
    return box


class ExpandCollections(SphinxPostTransform):
    """Replace each ``collection`` placeholder with standard docutils nodes.

    Runs before reference resolution (priority 10) so its ``pending_xref``
    nodes get resolved like any other.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(collection))
        if not placeholders:
            return
        knowledge = get_domain(self.env).knowledge
        titles = page_titles(self.env)
        docname = self.env.docname
        scope = page_scope(self.env, docname)
        for node in placeholders:
            query: CollectionQuery = node["query"]
            view = describe_collection(
                knowledge, query, titles, self.config.briefing_pax_url, scope
            )
            box = collection_nodes(query, view, docname)
            box.source, box.line = node.source, node.line
            node.replace_self(box)


# -- HTML-only touches ---------------------------------------------------------


class kb_time(nodes.inline):
    """A date with its ISO form (``datetime``); HTML writes ``<time>``."""


def visit_kb_time(translator: HTML5Translator, node: kb_time) -> None:
    translator.body.append(translator.starttag(node, "time", "", datetime=node["datetime"]))


def depart_kb_time(translator: HTML5Translator, node: kb_time) -> None:
    translator.body.append("</time>")


def _pass(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    pass


class HtmlCollectionTouches(SphinxPostTransform):
    """In HTML: dates become ``<time datetime>`` (the sort key of a table
    column), and each table cell gets its column label, shown on narrow
    screens where the rows stack as cards."""

    default_priority = 6
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(nodes.container)):
            if "kb-collection" not in box["classes"]:
                continue
            for date in list(box.findall(nodes.inline)):
                if "kb-date" in date["classes"] and date.get("datetime"):
                    time = kb_time("", "", *date.children, datetime=date["datetime"])
                    time["classes"] = ["kb-date"]
                    date.replace_self(time)
            for table in box.findall(nodes.table):
                self._label_cells(table)

    def _label_cells(self, table: nodes.table) -> None:
        head = next(iter(table.findall(nodes.thead)), None)
        body = next(iter(table.findall(nodes.tbody)), None)
        if head is None or body is None:
            return
        labels = [entry.astext() for entry in head.findall(nodes.entry)]
        for row in body.findall(nodes.row):
            for label, entry in zip(labels, row.findall(nodes.entry), strict=False):
                paragraph = entry.next_node(nodes.paragraph)
                if not entry.astext().strip():
                    entry["classes"].append("kb-cell-empty")
                if paragraph is not None:
                    paragraph.insert(0, nodes.inline(label, label, classes=["kb-cell-label"]))


def collection_page_views(
    app: Sphinx,
    env: BuildEnvironment,
    knowledge: KnowledgeBase,
    docname: str,
    titles: Mapping[str, str],
) -> Any:
    """What the collections of ``docname`` show, for the page's fingerprint."""
    queries = get_domain(env).collections.get(docname)
    if not queries:
        return None
    pax_url = env.config.briefing_pax_url
    scope = page_scope(env, docname)
    return [describe_collection(knowledge, q, titles, pax_url, scope) for q in queries]


def pages_with_collections(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages whose collections may show other pages' texts (a list of quotes)."""
    return list(get_domain(env).collections)


def setup_collection_rendering(app: Sphinx) -> None:
    app.add_post_transform(ExpandCollections)
    app.add_post_transform(HtmlCollectionTouches)
    app.add_node(
        kb_time,
        html=(visit_kb_time, depart_kb_time),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.connect("briefing-page-views", collection_page_views)
    app.connect("briefing-pages-showing-texts", pages_with_collections)
    app.add_css_file("briefing-collections.css")
    app.add_js_file("briefing-collections.js", loading_method="defer")
