"""The agreement graph: agreements on a time axis, with their ``builds-on`` arrows.

An ``agreement-graph`` collection selects agreements like an
``agreement-table`` (its kind is declared in :mod:`.kinds`); with
``events: yes`` it adds the events whose ``outcomes`` name a drawn agreement.
:func:`describe_graph` turns the selection into a view (the page fingerprint,
so a graph is redrawn when an agreement it shows changes), and
:func:`graph_nodes` into two nodes::

    agreement_graph (layout, texts; one pending_xref per node)  -> inline SVG
    graph_data                                                 -> the same as a table

The SVG is computed here at build time, in pure Python (:mod:`.layout` places
everything); HTML builders write it inline, themed by the site's stylesheet
with Furo's colour variables (light, dark and automatic), and the PDF books
(HTML read by WeasyPrint) get it as vector drawing with real text. The node
links are the resolved ``pending_xref`` children, so the PDF builder points
them inside the book like every other reference. Builders that cannot show
an inline SVG (text, LaTeX, manual pages, EPUB) skip it and keep the table,
which HTML puts in a ``<details>`` for readers who want the data.

Accessibility: the drawing (lanes, axis, dots, arrows) is a group with
``role="img"``, a ``<title>`` and a ``<desc>`` naming what is drawn. The
node links stand beside that group, not in it, since an image's children are
presentational and a focusable child would be hidden from assistive
technology; each is an SVG ``<a href>`` that the keyboard reaches in order.

Each agreement's entry also shows its lineage, what it builds on and what
builds on it, as a small graph of one lane (:class:`AddLineage`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..domain import current_builder, get_domain
from ..i18n import N_, _
from ..knowledge import KnowledgeBase
from ..model import STAGES, Entity, anchor_for
from ..nodes import entity_details
from ..rendering import VOCABULARY_LABELS, Piece, pieces_nodes, ref_piece
from .layout import (
    DOT_RADIUS,
    FONT_SIZE,
    LINE_HEIGHT,
    PAD,
    GraphInput,
    Layout,
    PlacedNode,
    day_number,
    layout,
)
from .queries import CollectionQuery

#: lanes option -> its words; events option -> its words
LANE_CHOICES: tuple[str, ...] = ("stage", "party")
EVENT_CHOICES: tuple[str, ...] = ("yes", "no")
#: the lane of an entity the chosen lanes do not place
NO_STAGE = ("no-stage", N_("No stage"))
NO_PARTY = ("no-party", N_("No party"))
EVENTS_LANE = ("events", N_("Events"))
#: width of a lineage drawing (smaller than a graph's)
LINEAGE_WIDTH = 560.0

#: One drawn node: (kind, id, label, (iso date, display date), day number,
#: lanes as (key, label) pairs, link piece, targets as (kind, id) pairs)
NodeView = tuple[str, str, str, tuple[str, str], int, tuple[tuple[str, str], ...], Piece, Any]


# -- describe ------------------------------------------------------------------------


def _date(knowledge: KnowledgeBase, entity: Entity) -> tuple[tuple[str, str], int] | None:
    date = knowledge.date(entity)
    if date is None:
        return None
    return (date.iso(), date.display()), day_number(date.sort_key)


def _lanes(knowledge: KnowledgeBase, entity: Entity, by: str) -> tuple[tuple[str, str], ...]:
    if entity.kind == "event":
        return ((EVENTS_LANE[0], _(EVENTS_LANE[1])),)
    if by == "party":
        lanes = []
        for party_id in entity.link_ids("parties"):
            party = knowledge.get("organization", party_id)
            lanes.append((party_id, knowledge.display(party) if party else party_id))
        return tuple(lanes) or ((NO_PARTY[0], _(NO_PARTY[1])),)
    stage = entity.fields.get("stage", "")
    if stage in STAGES:
        return ((stage, _(VOCABULARY_LABELS.get(stage, stage))),)
    return ((NO_STAGE[0], _(NO_STAGE[1])),)


def _node_view(
    knowledge: KnowledgeBase, entity: Entity, lanes: str, drawn: set[tuple[str, str]]
) -> NodeView | None:
    dated = _date(knowledge, entity)
    if dated is None:
        return None
    option = "builds-on" if entity.kind == "agreement" else "outcomes"
    found = (knowledge.lookup(("agreement",), i) for i in entity.link_ids(option))
    targets = tuple(
        dict.fromkeys(
            target.key
            for target in found
            if target is not None and target.key in drawn and target.key != entity.key
        )
    )
    return (
        entity.kind,
        entity.id,
        knowledge.display(entity),
        dated[0],
        dated[1],
        _lanes(knowledge, entity, lanes),
        ref_piece(knowledge, (entity.kind,), entity.id),
        targets,
    )


def describe_graph(
    knowledge: KnowledgeBase,
    query: CollectionQuery,
    entities: list[Entity],
    titles: Mapping[str, str],
    pax_url: str,
) -> tuple[Any, ...]:
    """Agreements on a time axis, one lane per stage or party, with arrows."""
    agreements = [e for e in entities if knowledge.date(e) is not None]
    drawn = {e.key for e in agreements}
    chosen: list[Entity] = list(agreements)
    if query.setting("events") == "yes" and agreements:
        for event in knowledge.entities("event"):
            if knowledge.date(event) is None:
                continue
            if any(("agreement", i) in drawn for i in event.link_ids("outcomes")):
                chosen.append(event)
    lanes = query.setting("lanes")
    views = [_node_view(knowledge, entity, lanes, drawn) for entity in chosen]
    present = [v for v in views if v is not None]
    present.sort(key=lambda v: (v[4], v[0] != "event", v[1]))
    return tuple(present)


# -- nodes ---------------------------------------------------------------------------


class agreement_graph(nodes.General, nodes.Element):
    """A drawing: ``layout`` (:class:`~.layout.Layout`), ``graph`` (the view's
    nodes and edges, see :func:`graph_nodes`), ``graph_id``, ``title`` and
    ``description``; its children are the links of the drawn nodes, in order."""


class graph_data(nodes.General, nodes.Element):
    """The table of a graph: inside ``<details>`` in HTML, as is elsewhere."""


def _edges(items: Sequence[NodeView]) -> list[tuple[str, str, str]]:
    """(from key, to key, relation) of every arrow, in the items' order."""
    edges = []
    for kind, entity_id, *_rest, targets in items:
        relation = "builds-on" if kind == "agreement" else "outcome"
        for target_kind, target_id in targets:
            edges.append((f"{kind}:{entity_id}", f"{target_kind}:{target_id}", relation))
    return edges


def _lane_order(items: Sequence[NodeView], by: str) -> list[tuple[str, str]]:
    lanes: dict[str, str] = {}
    counts: dict[str, int] = {}
    for item in items:
        for key, label in item[5]:
            lanes.setdefault(key, label)
            counts[key] = counts.get(key, 0) + 1
    keys = list(lanes)
    if by == "party":
        keys.sort(key=lambda k: (k == EVENTS_LANE[0], k == NO_PARTY[0], -counts[k], lanes[k]))
        if EVENTS_LANE[0] in lanes:
            keys.remove(EVENTS_LANE[0])
            keys.insert(0, EVENTS_LANE[0])
    else:
        order = [EVENTS_LANE[0], *STAGES, NO_STAGE[0]]
        keys.sort(key=lambda k: order.index(k) if k in order else len(order))
    return [(key, lanes[key]) for key in keys]


def _xref(piece: Piece, docname: str) -> nodes.Node:
    return pieces_nodes((piece,), docname)[0]


def _describe_text(items: Sequence[NodeView], lanes: list[tuple[str, str]], by: str) -> str:
    labels = {f"{i[0]}:{i[1]}": i[2] for i in items}
    arrows = [
        (_("{a} builds on {b}") if rel == "builds-on" else _("{a} led to {b}")).format(
            a=labels[a], b=labels[b]
        )
        for a, b, rel in _edges(items)
    ]
    text = _("Time runs from left to right.") + " "
    if any(label for _, label in lanes):
        lane_list = ", ".join(label for _, label in lanes)
        per = (
            _("One lane per stage: {lanes}.")
            if by == "stage"
            else _("One lane per party: {lanes}.")
        )
        text += per.format(lanes=lane_list) + " "
    text += _("Arrows: {arrows}.").format(arrows="; ".join(arrows)) if arrows else _("No arrows.")
    return text


def graph_figure(
    items: Sequence[NodeView],
    graph_id: str,
    title: str,
    by: str,
    docname: str,
    width: float | None = None,
    current: str = "",
) -> agreement_graph:
    """The drawing of ``items``: its layout, texts and node links."""
    lanes = _lane_order(items, by)
    inputs = [
        GraphInput(f"{i[0]}:{i[1]}", i[2], i[4], tuple(key for key, _ in i[5])) for i in items
    ]
    placed = layout(inputs, lanes) if width is None else layout(inputs, lanes, width)
    graph = {
        "nodes": tuple(
            (f"{i[0]}:{i[1]}", i[0], i[1], i[2], i[3][1], tuple(label for _, label in i[5]))
            for i in items
        ),
        "edges": tuple(_edges(items)),
        "current": current,
    }
    figure = agreement_graph(
        layout=placed,
        graph=graph,
        graph_id=graph_id,
        title=title,
        description=_describe_text(items, lanes, by),
    )
    for item in items:
        figure += _xref(item[6], docname)
    return figure


def graph_table(items: Sequence[NodeView], by: str, docname: str) -> nodes.table:
    """The same nodes and arrows as a table: date, entry, lane, arrows to."""
    has_events = any(i[0] == "event" for i in items)
    lane_label = _("Stage") if by == "stage" else _("Parties")
    headers = (
        _("Date"),
        _("Agreement or event") if has_events else _("Agreement"),
        lane_label,
        _("Builds on or led to") if has_events else _("Builds on"),
    )
    pieces = {(i[0], i[1]): i[6] for i in items}
    table = nodes.table(classes=["kb-graph-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (17, 30, 20, 30):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph(header, header))
    head += row
    group += head
    body = nodes.tbody()
    for _kind, _id, _label, (iso, shown), _day, lanes, piece, targets in items:
        row = nodes.row()
        date = nodes.paragraph()
        date += nodes.inline(shown, shown, classes=["kb-date"], datetime=iso)
        row += nodes.entry("", date)
        name = nodes.paragraph()
        name += _xref(piece, docname)
        row += nodes.entry("", name)
        lane_text = ", ".join(label for _, label in lanes)
        row += nodes.entry("", nodes.paragraph(lane_text, lane_text))
        arrows = nodes.paragraph()
        arrows += pieces_nodes(tuple(pieces[t] for t in targets), docname)
        row += nodes.entry("", arrows)
        body += row
    group += body
    return table


def graph_nodes(query: CollectionQuery, items: tuple[Any, ...], docname: str) -> list[nodes.Node]:
    """A graph's drawing and its table."""
    by = query.setting("lanes")
    graph_id = f"kb-graph-{anchor_for('page', docname)}-{query.lineno}"
    agreements = sum(1 for i in items if i[0] == "agreement")
    events = len(items) - agreements
    first, last = items[0][3][0][:4], items[-1][3][0][:4]
    span = first if first == last else f"{first}\N{EN DASH}{last}"
    if by == "stage":
        title = _(
            "Agreement graph: {span}, one lane per stage "
            "(agreements: {agreements}, events: {events})"
        )
    else:
        title = _(
            "Agreement graph: {span}, one lane per party "
            "(agreements: {agreements}, events: {events})"
        )
    title = title.format(span=span, agreements=agreements, events=events)
    data = graph_data(summary=_("The graph as a table"))
    data += graph_table(items, by, docname)
    return [graph_figure(items, graph_id, title, by, docname), data]


# -- SVG -----------------------------------------------------------------------------


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _arrow_path(source: PlacedNode, target: PlacedNode) -> str:
    """A curve from dot to dot that keeps off the labels: it leaves the source
    on the side away from its label and enters the target from above or below
    (labels stand beside their dots)."""
    sx, sy, tx, ty = source.x, source.y, target.x, target.y
    gap = DOT_RADIUS + 1.5
    if abs(sx - tx) < 1:
        direction = 1 if ty > sy else -1
        return f"M{_num(sx)},{_num(sy + direction * gap)} L{_num(tx)},{_num(ty - direction * gap)}"
    side = -1 if sy <= ty else 1  # enter the target from above (-1) or below
    reach = max(12.0, abs(ty - sy) / 2)
    end = (tx, ty + side * gap)
    toward = 1 if tx > sx else -1
    if source.flipped == (toward < 0):
        # the label is on the way: leave upwards or downwards instead
        vertical = -1 if ty < sy or abs(ty - sy) < 1 else 1
        start = (sx, sy + vertical * gap)
        first = (sx, start[1] + vertical * reach)
    else:
        start = (sx + toward * gap, sy)
        first = (start[0] + toward * max(16.0, abs(tx - sx) / 2), sy)
    second = (tx, end[1] + side * reach)
    return (
        f"M{_num(start[0])},{_num(start[1])} C{_num(first[0])},{_num(first[1])} "
        f"{_num(second[0])},{_num(second[1])} {_num(end[0])},{_num(end[1])}"
    )


def graph_svg(figure: agreement_graph, hrefs: Sequence[str | None]) -> str:
    """The inline SVG of a graph; ``hrefs`` are its nodes' links (None: no link)."""
    placed: Layout = figure["layout"]
    graph = figure["graph"]
    gid = figure["graph_id"]
    nodes_by_key = {n.key: n for n in placed.nodes}
    out: list[str] = []
    add = out.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-graph" '
        f'viewBox="0 0 {_num(placed.width)} {_num(placed.height)}" '
        f'width="{_num(placed.width)}" height="{_num(placed.height)}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="{_num(FONT_SIZE)}" '
        f'aria-labelledby="{gid}-title">'
    )
    add(f'<title id="{gid}-title">{_attr(figure["title"])}</title>')
    add("<defs>")
    for name, colour in (("builds-on", "#555555"), ("outcome", "#8a5a00")):
        add(
            f'<marker id="{gid}-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" '
            'orient="auto-start-reverse">'
            f'<path class="kb-graph-arrowhead kb-graph-{name}" d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    add("</defs>")
    add(f'<g role="img" aria-labelledby="{gid}-drawing {gid}-desc">')
    add(f'<title id="{gid}-drawing">{_attr(figure["title"])}</title>')
    add(f'<desc id="{gid}-desc">{_attr(figure["description"])}</desc>')
    for position, lane in enumerate(placed.lanes):
        band = lane.band
        shade = "kb-graph-lane-even" if position % 2 == 0 else "kb-graph-lane-odd"
        add(
            f'<rect class="kb-graph-lane {shade}" x="{_num(band.x)}" y="{_num(band.y)}" '
            f'width="{_num(band.width)}" height="{_num(band.height)}" '
            f'fill="{"#f3f4f6" if position % 2 == 0 else "#fafafa"}"/>'
        )
        if lane.label:
            add(
                f'<text class="kb-graph-lane-label" x="{_num(band.x + 6)}" '
                f'y="{_num(band.y + 13)}" font-size="9.5" font-weight="bold" '
                f'fill="#444444">{_attr(lane.label)}</text>'
            )
    axis = placed.axis_y
    add(
        f'<line class="kb-graph-axis" x1="0" y1="{_num(axis)}" x2="{_num(placed.width)}" '
        f'y2="{_num(axis)}" stroke="#666666" stroke-width="1"/>'
    )
    for tick in placed.ticks:
        add(
            f'<line class="kb-graph-axis" x1="{_num(tick.x)}" y1="{_num(axis)}" '
            f'x2="{_num(tick.x)}" y2="{_num(axis + 5)}" stroke="#666666" stroke-width="1"/>'
        )
        add(
            f'<text class="kb-graph-tick" x="{_num(tick.x)}" y="{_num(axis + 16)}" '
            f'text-anchor="middle" font-size="9.5" fill="#444444">{tick.label}</text>'
        )
    for node in placed.nodes:
        box = node.label
        add(
            f'<rect class="kb-graph-label-bg" x="{_num(box.x)}" y="{_num(box.y)}" '
            f'width="{_num(box.width)}" height="{_num(box.height)}" rx="3" '
            'fill="#ffffff" fill-opacity="0.85"/>'
        )
    for source, target, relation in graph["edges"]:
        a, b = nodes_by_key.get(source), nodes_by_key.get(target)
        if a is None or b is None:
            continue
        dash = ' stroke-dasharray="4 3"' if relation == "outcome" else ""
        colour = "#555555" if relation == "builds-on" else "#8a5a00"
        add(
            f'<path class="kb-graph-arrow kb-graph-{relation}" data-from="{_attr(source)}" '
            f'data-to="{_attr(target)}" d="{_arrow_path(a, b)}" '
            f'fill="none" stroke="{colour}" stroke-width="1.2"{dash} '
            f'marker-end="url(#{gid}-{relation})"/>'
        )
    for mark in placed.marks:
        add(
            f'<circle class="kb-graph-mark" cx="{_num(mark.x)}" cy="{_num(mark.y)}" '
            f'r="{_num(DOT_RADIUS - 1)}" fill="none" stroke="#1f5fbf" stroke-width="1.5"/>'
        )
    for node in placed.nodes:
        kind = node.key.partition(":")[0]
        classes = f"kb-graph-dot kb-graph-{kind}"
        if node.key == graph["current"]:
            classes += " kb-graph-current"
        if kind == "event":
            r = DOT_RADIUS + 0.5
            points = (
                f"{_num(node.x)},{_num(node.y - r)} {_num(node.x + r)},{_num(node.y)} "
                f"{_num(node.x)},{_num(node.y + r)} {_num(node.x - r)},{_num(node.y)}"
            )
            add(
                f'<polygon class="{classes}" data-key="{_attr(node.key)}" '
                f'points="{points}" fill="#8a5a00"/>'
            )
        else:
            add(
                f'<circle class="{classes}" data-key="{_attr(node.key)}" cx="{_num(node.x)}" '
                f'cy="{_num(node.y)}" r="{_num(DOT_RADIUS)}" fill="#1f5fbf"/>'
            )
    add("</g>")
    for (key, kind, entity_id, label, date, _lanes), href in zip(
        graph["nodes"], hrefs, strict=True
    ):
        placed_node = nodes_by_key.get(key)
        if placed_node is None:
            continue
        box = placed_node.label
        text_x = box.x + PAD
        first_y = box.y + PAD + LINE_HEIGHT - 3
        # a space between the lines, so the link's text reads as the label
        lines = " ".join(
            f'<tspan x="{_num(text_x)}" y="{_num(first_y + n * LINE_HEIGHT)}">{_attr(line)}</tspan>'
            for n, line in enumerate(placed_node.lines)
        )
        weight = ' font-weight="bold"' if key == graph["current"] else ""
        text = (
            f'<text class="kb-graph-label"{weight} fill="#1a1a1a">{lines}</text>'
            if href is None
            else f'<text class="kb-graph-label"{weight} fill="#1f4e9c">{lines}</text>'
        )
        name = f"{label}, {date}"
        node_attrs = f'class="kb-graph-node" data-kb-kind="{kind}" data-kb-id="{_attr(entity_id)}"'
        if href is None:
            add(f"<g {node_attrs}>{text}</g>")
        else:
            add(f'<a {node_attrs} href="{_attr(href)}"><title>{_attr(name)}</title>{text}</a>')
    add("</svg>")
    return "".join(out)


def print_links(figure: agreement_graph, hrefs: Sequence[str | None]) -> str:
    """Links over the node labels, for the PDF books: WeasyPrint draws links
    inside an SVG as text only, so the book gets these HTML links on top
    (the site hides them and uses the SVG's own)."""
    placed: Layout = figure["layout"]
    out = ['<div class="kb-graph-print-links">']
    for node, href in zip(placed.nodes, hrefs, strict=False):
        if href is None:
            continue
        box = node.label
        style = (
            f"left:{box.x / placed.width:.3%};top:{box.y / placed.height:.3%};"
            f"width:{box.width / placed.width:.3%};height:{box.height / placed.height:.3%}"
        )
        label = _attr(" ".join(node.lines))
        out.append(f'<a href="{_attr(href)}" style="{style}" title="{label}"></a>')
    out.append("</div>")
    return "".join(out)


# -- writers -------------------------------------------------------------------------


def _shows_svg(translator: HTML5Translator) -> bool:
    """Whether this HTML output can show an inline SVG (EPUB readers often cannot)."""
    return not isinstance(translator.builder, Epub3Builder)


def _href(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.reference):
        if node.get("refuri"):
            return str(node["refuri"])
        if node.get("refid"):
            return "#" + str(node["refid"])
    return None


def visit_graph_html(translator: HTML5Translator, node: agreement_graph) -> None:
    if _shows_svg(translator):
        placed: Layout = node["layout"]
        hrefs = [_href(child) for child in node.children]
        by_key = dict(zip((n[0] for n in node["graph"]["nodes"]), hrefs, strict=True))
        # the search indexes the table beside the drawing, not its labels again
        translator.body.append('<div class="kb-graph-figure" data-pagefind-ignore>')
        translator.body.append(graph_svg(node, hrefs))
        translator.body.append(print_links(node, [by_key[n.key] for n in placed.nodes]))
        translator.body.append("</div>")
    raise nodes.SkipNode


def visit_data_html(translator: HTML5Translator, node: graph_data) -> None:
    if _shows_svg(translator):
        translator.body.append(
            f'<details class="kb-graph-data"><summary>{_attr(node["summary"])}</summary>'
        )
    else:
        translator.body.append('<div class="kb-graph-data">')


def depart_data_html(translator: HTML5Translator, node: graph_data) -> None:
    translator.body.append("</details>" if _shows_svg(translator) else "</div>")


def _skip(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _pass(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    pass


# -- lineage -------------------------------------------------------------------------


def describe_lineage(knowledge: KnowledgeBase, agreement: Entity) -> tuple[NodeView, ...]:
    """The agreement, what it builds on and what builds on it (direct), dated."""
    related: dict[tuple[str, str], Entity] = {agreement.key: agreement}
    for target_id in agreement.link_ids("builds-on"):
        target = knowledge.get("agreement", target_id)
        if target is not None:
            related[target.key] = target
    for link in knowledge.backlinks.get(agreement.key, ()):
        if link.via == "builds-on" and link.source and link.source[0] == "agreement":
            source = knowledge.get(*link.source)
            if source is not None:
                related[source.key] = source
    if len(related) == 1:
        return ()
    drawn = set(related)
    views = []
    for entity in related.values():
        view = _node_view(knowledge, entity, "stage", drawn)
        if view is None:
            continue
        # one lane; only the arrows that touch this agreement
        targets = tuple(t for t in view[7] if entity.key == agreement.key or t == agreement.key)
        views.append((*view[:5], (("lineage", ""),), view[6], targets))
    if len(views) < 2:
        return ()
    views.sort(key=lambda v: (v[4], v[1]))
    return tuple(views)


class AddLineage(SphinxPostTransform):
    """Put a small lineage drawing under each agreement's fact box (HTML and PDF:
    elsewhere its fact box and backlinks already say the same in words)."""

    default_priority = 4
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        knowledge = get_domain(self.env).knowledge
        # one tree of many pages: singlehtml, and the PDF books
        assembled = isinstance(current_builder(self.env), SingleFileHTMLBuilder)
        if not assembled and not any(
            e.kind == "agreement" for e in knowledge.entities_on(self.env.docname)
        ):
            return  # no walk of a page that defines no agreement
        for placeholder in list(self.document.findall(entity_details)):
            if placeholder["kind"] != "agreement":
                continue
            entity = knowledge.get("agreement", placeholder["id"])
            if (
                entity is None
                or entity.docname != placeholder["docname"]
                or entity.lineno != placeholder.line
            ):
                continue
            items = describe_lineage(knowledge, entity)
            if not items:
                continue
            graph_id = f"kb-lineage-{anchor_for('agreement', entity.id)}"
            title = _("Lineage of {agreement}: what it builds on and what builds on it").format(
                agreement=knowledge.display(entity)
            )
            figure = graph_figure(
                items,
                graph_id,
                title,
                "stage",
                self.env.docname,
                width=LINEAGE_WIDTH,
                current=f"agreement:{entity.id}",
            )
            box = nodes.container(classes=["kb-lineage"])
            box += figure
            placeholder.parent.insert(placeholder.parent.index(placeholder) + 1, box)


def lineage_page_views(
    app: Sphinx,
    env: BuildEnvironment,
    knowledge: KnowledgeBase,
    docname: str,
    titles: Mapping[str, str],
) -> Any:
    """The lineage drawings of the agreements on ``docname``, for its fingerprint."""
    views = [
        (entity.id, describe_lineage(knowledge, entity))
        for entity in knowledge.entities_on(docname)
        if entity.kind == "agreement"
    ]
    return [v for v in views if v[1]] or None


def setup_graph(app: Sphinx) -> None:
    app.add_node(
        agreement_graph,
        html=(visit_graph_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        graph_data,
        html=(visit_data_html, depart_data_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_post_transform(AddLineage)
    app.connect("briefing-page-views", lineage_page_views)
