"""Write-time rendering of entities: fact boxes, attributions and backlinks.

Rendering happens in two steps. :func:`describe_details` and
:func:`describe_backlinks` turn an entity and the whole knowledge base into a
*view*: plain tuples saying what the reader will see (labels, texts, links
with their targets). :class:`ExpandEntityPlaceholders` turns views into
standard docutils nodes (field lists, attributions, bullet lists and
references), so every builder can write them. Because the views are
plain data, :mod:`briefing.incremental` hashes the same views to tell which
pages show something that changed elsewhere.

A view names the targets of its links, so :class:`Links` makes them as
references already resolved, the way the domains resolve a ``pending_xref``:
a full build makes tens of thousands of them, and sending each through
Sphinx's resolver (a copy of its text, a second lookup, a node replaced)
was a large share of the extension's cost (``docs/performance.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import ROLE_KINDS, current_builder, get_domain
from .i18n import N_, _
from .knowledge import KnowledgeBase
from .model import RELATION_LABELS, RELATION_TARGETS, Entity, KbDate
from .nodes import PLACEHOLDERS, collect, entity_backlinks, entity_details, section_depth

#: A piece of a view: ("text", str) | ("term", message id, translated when built)
#: | ("ref", kind, id, display, docname, anchor) | ("doc", docname, title)
#: | ("url", address, label) | ("url-term", address, message id)
#: | ("archive", path from the source folder, message id of its label)
Piece = tuple[str, ...]
#: A labelled row of a fact box: (label, pieces)
Row = tuple[str, tuple[Piece, ...]]

_ROLE_OF_KIND = {kind: role for role, kind in ROLE_KINDS.items()}

#: How each option's row of a fact box is labelled (message ids, translated
#: when the nodes are built: the views stay keyed by option name)
FIELD_LABELS: dict[str, str] = {
    "date": N_("Date"),
    "organization": N_("Organization"),
    "authors": N_("Authors"),
    "place": N_("Place"),
    "topics": N_("Topics"),
    "updated": N_("Updated"),
    "source": N_("Source"),
    "title": N_("Full title"),
    "parties": N_("Parties"),
    "signatories": N_("Signatories"),
    "third-parties": N_("Third parties"),
    "stage": N_("Stage"),
    "status": N_("Status"),
    "builds-on": N_("Builds on"),
    "pax-id": N_("PA-X"),
    "role": N_("Role"),
    "country": N_("Country"),
    "short-name": N_("Short name"),
    "kind": N_("Kind"),
    "url": N_("Website"),
    "broader": N_("Broader topic"),
    "participants": N_("Participants"),
    "outcomes": N_("Outcomes"),
}

#: per kind: the options its fact box shows, in display order
DETAIL_OPTIONS: dict[str, tuple[str, ...]] = {
    "statement": ("date", "organization", "authors", "place", "topics", "updated", "source"),
    "agreement": (
        "title",
        "date",
        "place",
        "parties",
        "signatories",
        "third-parties",
        "stage",
        "status",
        "topics",
        "builds-on",
        "pax-id",
        "source",
    ),
    "provision": ("topics",),
    "person": ("role", "organization", "country"),
    "organization": ("short-name", "kind", "country", "url"),
    "topic": ("broader",),
    "event": ("date", "place", "participants", "outcomes", "topics"),
}
DETAIL_OPTIONS["brief"] = DETAIL_OPTIONS["statement"]

#: How stages and organization kinds read (message ids)
VOCABULARY_LABELS: dict[str, str] = {
    "pre-negotiation": N_("Pre-negotiation"),
    "ceasefire": N_("Ceasefire"),
    "framework-partial": N_("Framework (partial)"),
    "framework-comprehensive": N_("Framework (comprehensive)"),
    "implementation": N_("Implementation"),
    "renewal": N_("Renewal"),
    "other": N_("Other"),
    "state": N_("State"),
    "international-organization": N_("International organization"),
    "ngo": N_("NGO"),
    "media": N_("Media"),
    "company": N_("Company"),
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
        return (("url", pax_url.replace("{id}", value), _("PA-X agreement {id}").format(id=value)),)
    if option == "source" and entity.fields.get("archive"):
        # the project's own copy, next to the original (see briefing.archive)
        return (("url", value, value), ("archive", entity.fields["archive"], N_("archived copy")))
    if option in ("source", "url"):
        return (("url", value, value),)
    if option in ("stage", "kind"):
        if value in VOCABULARY_LABELS:
            return (("term", VOCABULARY_LABELS[value]),)
        return (("text", value),)
    return (("text", value),)


def _date_text(knowledge: KnowledgeBase, entity: Entity, option: str, value: str) -> str:
    date = KbDate.parse(value)
    text = date.display() if date else value
    end = entity.fields.get("end-date") if option == "date" else None
    end_date = KbDate.parse(end) if end else None
    if end_date and end_date != date:
        text += f" – {end_date.display()}"
    return text


def describe_fields(knowledge: KnowledgeBase, entity: Entity, pax_url: str) -> tuple[Row, ...]:
    """The rows of an entity's fact box keyed by option name; for a quote, its
    attribution parts. Labels are given only when nodes are built."""
    if entity.kind == "quote":
        return describe_attribution(knowledge, entity)
    rows = []
    for option in DETAIL_OPTIONS.get(entity.kind, ()):
        pieces = _value_pieces(knowledge, entity, option, pax_url)
        if pieces:
            rows.append((option, pieces))
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
        rows.append(("source", (("url-term", source, N_("source")),)))
    return tuple(rows)


def describe_backlinks(
    knowledge: KnowledgeBase, entity: Entity, titles: Mapping[str, str]
) -> tuple[Row, ...]:
    """What refers to the entity: one row per referring entity or page, with how."""
    grouped: dict[tuple[str, tuple[str, str] | None], list[str]] = {}
    for link in knowledge.backlinks.get(entity.key, ()):
        vias = grouped.setdefault((link.docname, link.source), [])
        if link.via not in vias:
            vias.append(link.via)
    rows: list[Row] = []
    for (docname, source), vias in grouped.items():
        if source is not None and knowledge.get(*source) is not None:
            piece = ref_piece(knowledge, (source[0],), source[1])
        else:
            piece = ("doc", docname, titles.get(docname, docname))
        rows.append((",".join(vias), (piece,)))
    return tuple(rows)


def via_text(vias: str) -> str:
    """How the relations of a backlink row (option names joined by commas) read."""
    return ", ".join(_(RELATION_LABELS.get(via, via)) for via in vias.split(","))


# -- nodes ---------------------------------------------------------------------------


class Links:
    """The links of one page's views, made as the resolver would leave them.

    An entity's link is what :meth:`.domain.KnowledgeBaseDomain.resolve_xref`
    returns for its role (:meth:`~.domain.KnowledgeBaseDomain.entity_reference`),
    a page's link what the standard domain returns for ``doc`` with an
    explicit title. A target the domain would not find, or one the builder
    cannot address (``NoUri``), gives ``None``: the caller then makes a
    ``pending_xref``, and the resolver treats it as it always did.
    """

    def __init__(self, env: Any, fromdocname: str) -> None:
        self.env = env
        self.builder: Any = current_builder(env)
        self.fromdocname = fromdocname
        self.domain = get_domain(env)
        self.knowledge = self.domain.knowledge

    def entity(self, kind: str, entity_id: str, display: str) -> nodes.reference | None:
        entity = self.knowledge.get(kind, entity_id)
        if entity is None or self.builder is None:
            return None
        child = nodes.inline(display, display, classes=["xref", "kb"])
        try:
            return self.domain.entity_reference(
                self.builder, self.fromdocname, entity, child, display
            )
        except NoUri:
            return None

    def page(self, docname: str, title: str) -> nodes.reference | None:
        if self.builder is None or docname not in self.env.all_docs:
            return None
        try:
            uri = self.builder.get_relative_uri(self.fromdocname, docname)
        except NoUri:
            return None
        reference = nodes.reference("", "", internal=True)
        reference["refuri"] = uri
        reference += nodes.inline(title, title, classes=["doc"])
        return reference


def piece_node(piece: Piece, fromdocname: str, links: Links | None = None) -> nodes.Node:
    """The docutils node for one piece of a view; its link resolved when
    ``links`` can (else a ``pending_xref`` for Sphinx's resolver)."""
    kind = piece[0]
    if kind == "ref":
        _kind, target_kind, target_id, display = piece[:4]
        resolved = links.entity(target_kind, target_id, display) if links is not None else None
        if resolved is not None:
            return resolved
        xref = addnodes.pending_xref(
            "",
            refdomain="kb",
            reftype=_ROLE_OF_KIND[target_kind],
            reftarget=target_id,
            # the display text is already the one the domain would give
            refexplicit=True,
            refwarn=False,
            refdoc=fromdocname,
        )
        xref += nodes.inline(display, display, classes=["xref", "kb"])
        return xref
    if kind == "doc":
        _kind, docname, title = piece
        resolved = links.page(docname, title) if links is not None else None
        if resolved is not None:
            return resolved
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
    if kind in ("url", "url-term"):
        address, label = piece[1], piece[2]
        if kind == "url-term":
            label = _(label)
        return nodes.reference(label, label, refuri=address, classes=["kb-external"])
    if kind == "term":
        return nodes.Text(_(piece[1]))
    if kind == "archive":
        _kind, path, message = piece
        label = _(message)
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


def pieces_nodes(
    pieces: tuple[Piece, ...], fromdocname: str, links: Links | None = None
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for position, piece in enumerate(pieces):
        if position:
            result.append(nodes.Text(", "))
        result.append(piece_node(piece, fromdocname, links))
    return result


def details_nodes(
    entity: Entity, rows: tuple[Row, ...], fromdocname: str, links: Links | None = None
) -> list[nodes.Node]:
    if entity.kind == "quote":
        return [attribution_node(rows, fromdocname, links)] if rows else []
    if not rows:
        return []
    field_list = nodes.field_list(classes=["kb-details", f"kb-details-{entity.kind}"])
    for option, pieces in rows:
        label = _(FIELD_LABELS.get(option, option))
        body = nodes.paragraph()
        body += pieces_nodes(pieces, fromdocname, links)
        field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", body))
    return [field_list]


def attribution_node(
    rows: tuple[Row, ...], fromdocname: str, links: Links | None = None
) -> nodes.attribution:
    attribution = nodes.attribution(classes=["kb-attribution"])
    for position, (_option, pieces) in enumerate(rows):
        if position:
            attribution += nodes.Text(", ")
        attribution += pieces_nodes(pieces, fromdocname, links)
    return attribution


def backlinks_nodes(
    rows: tuple[Row, ...], fromdocname: str, links: Links | None = None
) -> list[nodes.Node]:
    if not rows:
        return []
    box = nodes.container(classes=["kb-backlinks"])
    heading = nodes.paragraph(classes=["kb-backlinks-title"])
    heading += nodes.strong(text=_("Referenced by"))
    box += heading
    items = nodes.bullet_list(classes=["kb-backlinks-list"])
    for vias, pieces in rows:
        paragraph = nodes.paragraph()
        paragraph += pieces_nodes(pieces, fromdocname, links)
        via = f" ({via_text(vias)})"
        paragraph += nodes.inline(via, via, classes=["kb-backlink-via"])
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
    nodes it still makes (see :class:`Links`) get resolved like any other.
    One walk finds everything it changes.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        if getattr(getattr(self.env, "_builder_cls", None), "name", "") == "gettext":
            # the message catalogs take the placeholders' translatable option texts
            return
        knowledge = get_domain(self.env).knowledge
        docname = self.env.docname
        pax_url = self.config.briefing_pax_url
        titles: Mapping[str, str] | None = None
        found = collect(
            self.document,
            (entity_details, entity_backlinks, nodes.block_quote, nodes.rubric),
            skip=PLACEHOLDERS,
        )
        links = Links(self.env, docname)
        for node in found[entity_details]:
            entity = _defined_here(knowledge, node)
            rows = describe_fields(knowledge, entity, pax_url) if entity else ()
            shown = details_nodes(entity, rows, docname, links) if entity else []
            _give_download_files(node, shown)
            node.replace_self(shown)
        for node in found[entity_backlinks]:
            entity = _defined_here(knowledge, node)
            if entity is None or not self.config.briefing_backlinks:
                node.replace_self([])
                continue
            titles = titles if titles is not None else page_titles(self.env)
            rows = describe_backlinks(knowledge, entity, titles)
            node.replace_self(backlinks_nodes(rows, docname, links))
        for quotation in found[nodes.block_quote]:
            language = quotation.get("kb_language")
            if language and f"language-{language}" not in quotation["classes"]:
                # docutils writers turn a ``language-*`` class into a lang attribute
                quotation["classes"].append(f"language-{language}")
        for rubric in found[nodes.rubric]:
            if "kb-entity-title" in rubric["classes"]:
                if repeats_heading(rubric):
                    # the page's heading already says it: one heading per page
                    rubric.parent.remove(rubric)
                    continue
                depth = section_depth(rubric)
                rubric["heading-level"] = min(depth + 1, 6)


def repeats_heading(rubric: nodes.rubric) -> bool:
    """Whether an entity's title repeats the heading of the section it stands in
    (an imported agreement's page, titled with the agreement's title)."""
    section = rubric.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return False
    return " ".join(section[0].astext().split()) == " ".join(rubric.astext().split())


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
