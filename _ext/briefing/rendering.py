"""Write-time rendering of entities: fact boxes, attributions and backlinks.

Rendering happens in two steps. :func:`describe_details` and
:func:`describe_backlinks` turn an entity and the whole knowledge base into a
*view*: plain tuples saying what the reader will see (labels, texts, links
with their targets). :class:`ExpandEntityPlaceholders` turns views into
standard docutils nodes (field lists, attributions, bullet lists and
``pending_xref``), so every builder can write them. Because the views are
plain data, :mod:`briefing.incremental` hashes the same views to tell which
pages show something that changed elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import ROLE_KINDS, get_domain
from .knowledge import KnowledgeBase
from .model import RELATION_LABELS, RELATION_TARGETS, Entity, KbDate
from .nodes import entity_backlinks, entity_details, section_depth

#: A piece of a view: ("text", str) | ("ref", kind, id, display, docname, anchor)
#: | ("doc", docname, title) | ("url", address, label)
#: | ("archive", path from the source folder, label)
Piece = tuple[str, ...]
#: A labelled row of a fact box: (label, pieces)
Row = tuple[str, tuple[Piece, ...]]

_ROLE_OF_KIND = {kind: role for role, kind in ROLE_KINDS.items()}

#: per kind: (label, option) rows of its details, in display order
DETAIL_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "statement": (
        ("Date", "date"),
        ("Organization", "organization"),
        ("Authors", "authors"),
        ("Place", "place"),
        ("Topics", "topics"),
        ("Updated", "updated"),
        ("Source", "source"),
    ),
    "agreement": (
        ("Full title", "title"),
        ("Date", "date"),
        ("Place", "place"),
        ("Parties", "parties"),
        ("Signatories", "signatories"),
        ("Third parties", "third-parties"),
        ("Stage", "stage"),
        ("Status", "status"),
        ("Topics", "topics"),
        ("Builds on", "builds-on"),
        ("PA-X", "pax-id"),
        ("Source", "source"),
    ),
    "provision": (("Topics", "topics"),),
    "person": (("Role", "role"), ("Organization", "organization"), ("Country", "country")),
    "organization": (
        ("Short name", "short-name"),
        ("Kind", "kind"),
        ("Country", "country"),
        ("Website", "url"),
    ),
    "topic": (("Broader topic", "broader"),),
    "event": (
        ("Date", "date"),
        ("Place", "place"),
        ("Participants", "participants"),
        ("Outcomes", "outcomes"),
        ("Topics", "topics"),
    ),
}
DETAIL_ROWS["brief"] = DETAIL_ROWS["statement"]

#: How stages and organization kinds read
VOCABULARY_LABELS: dict[str, str] = {
    "pre-negotiation": "Pre-negotiation",
    "ceasefire": "Ceasefire",
    "framework-partial": "Framework (partial)",
    "framework-comprehensive": "Framework (comprehensive)",
    "implementation": "Implementation",
    "renewal": "Renewal",
    "other": "Other",
    "state": "State",
    "international-organization": "International organization",
    "ngo": "NGO",
    "media": "Media",
    "company": "Company",
}


def ref_piece(knowledge: KnowledgeBase, kinds: tuple[str, ...], entity_id: str) -> Piece:
    """A link to an entity, or its bare id when there is none (reported elsewhere)."""
    target = knowledge.lookup(kinds, entity_id)
    if target is None:
        return ("text", entity_id)
    return ("ref", target.kind, target.id, knowledge.display(target), target.docname, target.anchor)


def _value_pieces(
    knowledge: KnowledgeBase, entity: Entity, option: str, pax_url: str
) -> tuple[Piece, ...]:
    if option in RELATION_TARGETS:
        ids = knowledge.effective_links(entity, option)
        return tuple(ref_piece(knowledge, RELATION_TARGETS[option], i) for i in ids)
    value = knowledge.effective(entity, option)
    if not value:
        return ()
    if option in ("date", "updated"):
        return (("text", _date_text(knowledge, entity, option, value)),)
    if option == "pax-id":
        return (("url", pax_url.replace("{id}", value), f"PA-X agreement {value}"),)
    if option == "source" and entity.fields.get("archive"):
        # the project's own copy, next to the original (see briefing.archive)
        return (("url", value, value), ("archive", entity.fields["archive"], "archived copy"))
    if option in ("source", "url"):
        return (("url", value, value),)
    if option in ("stage", "kind"):
        return (("text", VOCABULARY_LABELS.get(value, value)),)
    return (("text", value),)


def _date_text(knowledge: KnowledgeBase, entity: Entity, option: str, value: str) -> str:
    date = KbDate.parse(value)
    text = date.display() if date else value
    end = entity.fields.get("end-date") if option == "date" else None
    end_date = KbDate.parse(end) if end else None
    if end_date and end_date != date:
        text += f" – {end_date.display()}"
    return text


def describe_details(knowledge: KnowledgeBase, entity: Entity, pax_url: str) -> tuple[Row, ...]:
    """The rows of an entity's fact box; for a quote, its attribution parts."""
    if entity.kind == "quote":
        return describe_attribution(knowledge, entity)
    rows = []
    for label, option in DETAIL_ROWS.get(entity.kind, ()):
        pieces = _value_pieces(knowledge, entity, option, pax_url)
        if pieces:
            rows.append((label, pieces))
    return tuple(rows)


def describe_attribution(knowledge: KnowledgeBase, quote: Entity) -> tuple[Row, ...]:
    """Speaker, role, organization (when the role does not name it), date, source."""
    rows: list[Row] = []
    speaker_ids = quote.link_ids("speaker")
    if speaker_ids:
        rows.append(("speaker", (ref_piece(knowledge, ("person",), speaker_ids[0]),)))
    role = knowledge.effective(quote, "role")
    if role:
        rows.append(("role", (("text", role),)))
    for org_id in quote.link_ids("organization"):
        org = knowledge.get("organization", org_id)
        if org is None or org.title not in role:
            rows.append(("organization", (ref_piece(knowledge, ("organization",), org_id),)))
    date = knowledge.date(quote)
    if date:
        rows.append(("date", (("text", date.display()),)))
    source = quote.fields.get("source")
    if source:
        rows.append(("source", (("url", source, "source"),)))
    return tuple(rows)


def describe_backlinks(
    knowledge: KnowledgeBase, entity: Entity, titles: Mapping[str, str]
) -> tuple[Row, ...]:
    """What refers to the entity: one row per referring entity or page, with how."""
    grouped: dict[tuple[str, tuple[str, str] | None], list[str]] = {}
    for link in knowledge.backlinks.get(entity.key, ()):
        vias = grouped.setdefault((link.docname, link.source), [])
        label = RELATION_LABELS.get(link.via, link.via)
        if label not in vias:
            vias.append(label)
    rows: list[Row] = []
    for (docname, source), vias in grouped.items():
        if source is not None and knowledge.get(*source) is not None:
            piece = ref_piece(knowledge, (source[0],), source[1])
        else:
            piece = ("doc", docname, titles.get(docname, docname))
        rows.append((", ".join(vias), (piece,)))
    return tuple(rows)


# -- nodes ---------------------------------------------------------------------------


def piece_node(piece: Piece, fromdocname: str) -> nodes.Node:
    """The docutils node for one piece of a view."""
    kind = piece[0]
    if kind == "ref":
        _, target_kind, target_id, display = piece[:4]
        xref = addnodes.pending_xref(
            "",
            refdomain="kb",
            reftype=_ROLE_OF_KIND[target_kind],
            reftarget=target_id,
            refexplicit=False,
            refwarn=False,
            refdoc=fromdocname,
        )
        xref += nodes.inline(display, display, classes=["xref", "kb"])
        return xref
    if kind == "doc":
        _, docname, title = piece
        xref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget="/" + docname,
            refexplicit=True,
            refwarn=False,
            refdoc=fromdocname,
        )
        xref += nodes.inline(title, title, classes=["xref", "doc"])
        return xref
    if kind == "url":
        _, address, label = piece
        return nodes.reference(label, label, refuri=address, classes=["kb-external"])
    if kind == "archive":
        _, path, label = piece
        download = addnodes.download_reference(
            "",
            "",
            reftarget="/" + path,
            refdoc=fromdocname,
            refexplicit=True,
            classes=["kb-archive"],
        )
        download += nodes.inline(label, label)
        return download
    return nodes.Text(piece[1])


def pieces_nodes(pieces: tuple[Piece, ...], fromdocname: str) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for position, piece in enumerate(pieces):
        if position:
            result.append(nodes.Text(", "))
        result.append(piece_node(piece, fromdocname))
    return result


def details_nodes(entity: Entity, rows: tuple[Row, ...], fromdocname: str) -> list[nodes.Node]:
    if entity.kind == "quote":
        return [attribution_node(rows, fromdocname)] if rows else []
    if not rows:
        return []
    field_list = nodes.field_list(classes=["kb-details", f"kb-details-{entity.kind}"])
    for label, pieces in rows:
        body = nodes.paragraph()
        body += pieces_nodes(pieces, fromdocname)
        field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", body))
    return [field_list]


def attribution_node(rows: tuple[Row, ...], fromdocname: str) -> nodes.attribution:
    attribution = nodes.attribution(classes=["kb-attribution"])
    for position, (_, pieces) in enumerate(rows):
        if position:
            attribution += nodes.Text(", ")
        attribution += pieces_nodes(pieces, fromdocname)
    return attribution


def backlinks_nodes(rows: tuple[Row, ...], fromdocname: str) -> list[nodes.Node]:
    if not rows:
        return []
    box = nodes.container(classes=["kb-backlinks"])
    heading = nodes.paragraph(classes=["kb-backlinks-title"])
    heading += nodes.strong(text="Referenced by")
    box += heading
    items = nodes.bullet_list(classes=["kb-backlinks-list"])
    for via, pieces in rows:
        paragraph = nodes.paragraph()
        paragraph += pieces_nodes(pieces, fromdocname)
        paragraph += nodes.inline(f" ({via})", f" ({via})", classes=["kb-backlink-via"])
        items += nodes.list_item("", paragraph)
    box += items
    return [box]


class PageTitles(Mapping[str, str]):
    """Page titles as text, converted only for the pages asked about.

    A page's backlinks need the titles of the few pages that refer to it.
    Converting every title of the project for every page written made
    writing quadratic in the number of pages (see docs/performance.md).
    """

    def __init__(self, env: Any) -> None:
        self._nodes = env.titles
        self._text: dict[str, str] = {}

    def __getitem__(self, docname: str) -> str:
        text = self._text.get(docname)
        if text is None:
            text = self._text[docname] = self._nodes[docname].astext()
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


def page_titles(env: Any) -> Mapping[str, str]:
    return PageTitles(env)


class ExpandEntityPlaceholders(SphinxPostTransform):
    """Replace ``entity_details`` and ``entity_backlinks`` with standard nodes.

    Runs before reference resolution (priority 10) so the ``pending_xref``
    nodes it makes get resolved like any other.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        knowledge = get_domain(self.env).knowledge
        docname = self.env.docname
        pax_url = self.config.briefing_pax_url
        titles: Mapping[str, str] | None = None
        for node in list(self.document.findall(entity_details)):
            entity = _defined_here(knowledge, node)
            rows = describe_details(knowledge, entity, pax_url) if entity else ()
            shown = details_nodes(entity, rows, docname) if entity else []
            _give_download_files(node, shown)
            node.replace_self(shown)
        for node in list(self.document.findall(entity_backlinks)):
            entity = _defined_here(knowledge, node)
            if entity is None or not self.config.briefing_backlinks:
                node.replace_self([])
                continue
            titles = titles if titles is not None else page_titles(self.env)
            rows = describe_backlinks(knowledge, entity, titles)
            node.replace_self(backlinks_nodes(rows, docname))
        for quotation in self.document.findall(nodes.block_quote):
            language = quotation.get("kb_language")
            if language and f"language-{language}" not in quotation["classes"]:
                # docutils writers turn a ``language-*`` class into a lang attribute
                quotation["classes"].append(f"language-{language}")
        for rubric in self.document.findall(nodes.rubric):
            if "kb-entity-title" in rubric["classes"]:
                depth = section_depth(rubric)
                rubric["heading-level"] = min(depth + 1, 6)


def _give_download_files(placeholder: nodes.Element, shown: list[nodes.Node]) -> None:
    """Give the fact box's download links the file names Sphinx gave the
    placeholder's (its download collector copies those files into the site)."""
    files = {
        prepared["reftarget"]: prepared["filename"]
        for prepared in placeholder.findall(addnodes.download_reference)
        if "filename" in prepared
    }
    for node in shown:
        if not isinstance(node, nodes.Element):
            continue
        for download in node.findall(addnodes.download_reference):
            if "filename" not in download and download["reftarget"] in files:
                download["filename"] = files[download["reftarget"]]


def _defined_here(knowledge: KnowledgeBase, node: nodes.Element) -> Entity | None:
    """The entity a placeholder stands for, unless it is a duplicate definition.

    The placeholder's own ``docname`` counts, not the page being written: a
    single-page build writes every document into one.
    """
    entity = knowledge.get(node["kind"], node["id"])
    if entity is None or entity.docname != node["docname"] or entity.lineno != node.line:
        return None
    return entity


class LabelEntitiesForLatex(SphinxPostTransform):
    """Give LaTeX a label for each entity: its writer labels targets, not containers."""

    default_priority = 6
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for container in self.document.findall(nodes.container):
            if container.get("kb_kind") and container["ids"]:
                target = nodes.target("", "", ids=container["ids"])
                container["ids"] = []
                container.insert(0, target)


def setup_rendering(app: Sphinx) -> None:
    app.add_post_transform(ExpandEntityPlaceholders)
    app.add_post_transform(LabelEntitiesForLatex)
