"""The ``kb`` domain: the single owner of all state that spans documents.

It stores, per document, the entities its directives defined and the
references its text and options made (plain records from
:mod:`briefing.model`). It forgets a document's records when the document is
re-read or removed, merges what parallel readers collected, resolves the
roles, and lists every entity for ``objects.inv`` so other projects can link
to them through intersphinx. Whole-base questions go to
:class:`briefing.knowledge.KnowledgeBase`, derived lazily from these records.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment

from .i18n import _
from .knowledge import KnowledgeBase
from .model import KIND_PLURALS, KINDS, PAGE_KINDS, Entity, Reference

#: role name -> entity kind
ROLE_KINDS: dict[str, str] = {
    "statement": "statement",
    "brief": "brief",
    "quote": "quote",
    "agreement": "agreement",
    "provision": "provision",
    "person": "person",
    "org": "organization",
    "topic": "topic",
    "event": "event",
}

#: Bumped whenever the stored records change shape.
DATA_VERSION = 7


class PerDocument(dict[str, Any]):
    """docname -> records, sent back whole only by the process that owns it.

    In a parallel read, each worker process pickles the whole environment
    back to the main process, which keeps only the documents that worker
    read (:meth:`KnowledgeBaseDomain.merge_domaindata`). Workers are forked
    from a main process that has already merged the earlier chunks, so
    pickling everything made the traffic grow with the square of the
    archive: at 2,300 pages ``-j 2`` cost 28 % more CPU than ``-j 1``
    (``docs/performance.md``). In a forked process this mapping pickles only
    the documents set in that process; in its own process, everything.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._owner = os.getpid()
        self._local: set[str] = set()

    def __setitem__(self, docname: str, records: Any) -> None:
        super().__setitem__(docname, records)
        if os.getpid() != self._owner:
            self._local.add(docname)

    def setdefault(self, docname: str, default: Any = None) -> Any:
        if docname not in self:
            self[docname] = default
        return self[docname]

    def __reduce__(self) -> tuple[Any, ...]:
        if os.getpid() == self._owner:
            return (PerDocument, (dict(self),))
        return (PerDocument, ({d: self[d] for d in self._local if d in self},))

    def __deepcopy__(self, memo: dict[int, Any]) -> PerDocument:
        import copy

        return PerDocument(copy.deepcopy(dict(self), memo))


class KnowledgeBaseDomain(Domain):
    """Statements, briefs, quotes, agreements, provisions, people, organizations,
    topics and events, and the references between them."""

    name = "kb"
    label = "Knowledge base"
    object_types: ClassVar[dict[str, ObjType]] = {
        kind: ObjType(kind.title(), *[r for r, k in ROLE_KINDS.items() if k == kind])
        for kind in KINDS
    }
    # directives, roles and indices are registered by their own modules
    directives: ClassVar[dict[str, Any]] = {}
    roles: ClassVar[dict[str, Any]] = {}
    indices: ClassVar[list[Any]] = []
    initial_data: ClassVar[dict[str, Any]] = {
        "entities": PerDocument(),  # docname -> [Entity]
        "references": PerDocument(),  # docname -> [Reference]
        "collections": PerDocument(),  # docname -> [collections.queries.CollectionQuery]
        "books": PerDocument(),  # docname -> [config.Book] its ``book`` directive declared
    }
    data_version = DATA_VERSION
    _knowledge: KnowledgeBase | None = None
    _uris: tuple[Builder, dict[tuple[str, str], str]] | None = None

    # -- storage ------------------------------------------------------------------

    @property
    def entities(self) -> dict[str, list[Entity]]:
        return self.data["entities"]

    @property
    def references(self) -> dict[str, list[Reference]]:
        return self.data["references"]

    @property
    def collections(self) -> dict[str, list[Any]]:
        """The collection queries of each page
        (:class:`briefing.collections.queries.CollectionQuery`)."""
        return self.data["collections"]

    @property
    def books(self) -> dict[str, list[Any]]:
        """The books declared by ``book`` directives, per root page (:mod:`briefing.books`)."""
        return self.data.setdefault("books", PerDocument())

    def add_book(self, book: Any) -> None:
        self.books.setdefault(book.root, []).append(book)

    def add_collection(self, query: Any) -> None:
        self.collections.setdefault(query.docname, []).append(query)

    def add_entity(self, entity: Entity) -> None:
        self.entities.setdefault(entity.docname, []).append(entity)
        self._forget_knowledge()

    def replace_entity(self, old: Entity, new: Entity) -> None:
        records = self.entities[old.docname]
        records[records.index(old)] = new
        self._forget_knowledge()

    def add_reference(self, reference: Reference) -> None:
        self.references.setdefault(reference.docname, []).append(reference)
        self._forget_knowledge()

    def clear_doc(self, docname: str) -> None:
        self.entities.pop(docname, None)
        self.references.pop(docname, None)
        self.collections.pop(docname, None)
        self.books.pop(docname, None)
        self._forget_knowledge()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["entities"]:
                self.entities[docname] = otherdata["entities"][docname]
            if docname in otherdata["references"]:
                self.references[docname] = otherdata["references"][docname]
            if docname in otherdata["collections"]:
                self.collections[docname] = otherdata["collections"][docname]
            if docname in otherdata.get("books", {}):
                self.books[docname] = otherdata["books"][docname]
        self._forget_knowledge()

    @property
    def knowledge(self) -> KnowledgeBase:
        """The whole-base view, rebuilt only after the records changed."""
        cached = self._knowledge
        if cached is None:
            cached = KnowledgeBase(self.entities, self.references)
            self._knowledge = cached
        return cached

    def _forget_knowledge(self) -> None:
        self._knowledge = None

    # -- reading ----------------------------------------------------------------

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the roles of the page as references, and the page's title."""
        page_entity = next(
            (e for e in self.entities.get(docname, []) if e.kind in PAGE_KINDS), None
        )
        if page_entity is not None:
            title = _document_title(document)
            if title and title != page_entity.title:
                titled = dataclasses.replace(page_entity, title=title)
                self.replace_entity(page_entity, titled)
                page_entity = titled
        if not _lists_in_backlinks(document):
            return
        for node in document.findall(pending_xref):
            if node.get("refdomain") != "kb" or node.get("reftype") not in ROLE_KINDS:
                continue
            source = _enclosing_entity(node)
            if source is None and page_entity is not None:
                source = page_entity.key
            self.add_reference(
                Reference(
                    docname=docname,
                    lineno=node.line or 0,
                    source=source,
                    via="text",
                    target_kinds=(ROLE_KINDS[node["reftype"]],),
                    target_id=node["reftarget"],
                )
            )

    # -- resolving ------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        kind = ROLE_KINDS.get(typ)
        if kind is None:
            return None
        entity = self.knowledge.get(kind, target)
        if entity is None:
            return None
        return self._refnode(builder, fromdocname, entity, node, contnode)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for role, kind in ROLE_KINDS.items():
            entity = self.knowledge.get(kind, target)
            if entity is not None:
                refnode = self._refnode(builder, fromdocname, entity, node, contnode)
                results.append((f"kb:{role}", refnode))
        return results

    def _refnode(
        self,
        builder: Builder,
        fromdocname: str,
        entity: Entity,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference:
        display = self.knowledge.display(entity)
        if not node.get("refexplicit"):
            contnode = contnode.deepcopy()
            contnode.children = [nodes.Text(display)]
        return self.entity_reference(builder, fromdocname, entity, contnode, display)

    def entity_reference(
        self, builder: Builder, fromdocname: str, entity: Entity, contnode: Element, title: str
    ) -> nodes.reference:
        """The resolved link to ``entity`` (``title``: its display text) around
        ``contnode``, as the roles get it (also made directly by
        :class:`briefing.rendering.Links`)."""
        reference = nodes.reference("", "", internal=True, reftitle=title)
        if fromdocname == entity.docname and entity.anchor:
            reference["refid"] = entity.anchor
        else:
            reference["refuri"] = self._relative_uri(builder, fromdocname, entity)
        reference += contnode
        return reference

    def _relative_uri(self, builder: Builder, fromdocname: str, entity: Entity) -> str:
        """The address of ``entity`` from ``fromdocname``, right on single-page
        builds too, where a page's URI is already an anchor (``#document-x``).

        Remembered per pair of pages for the builder at work: fact boxes and
        backlinks link the same pages many times (about 36,000 links on 1,157
        pages), and Sphinx quotes both addresses each time. Not for builders
        of one file (singlehtml, the PDF books), whose addresses depend on the
        book being written.
        """
        if isinstance(builder, SingleFileHTMLBuilder):
            uri = builder.get_relative_uri(fromdocname, entity.docname)
        else:
            if self._uris is None or self._uris[0] is not builder:
                self._uris = (builder, {})
            known = self._uris[1]
            key = (fromdocname, entity.docname)
            if key not in known:
                known[key] = builder.get_relative_uri(fromdocname, entity.docname)
            uri = known[key]
        if entity.anchor:
            uri = ("" if uri.startswith("#") else uri) + "#" + entity.anchor
        return uri

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        knowledge = self.knowledge
        for kind in KINDS:
            for entity in knowledge.entities(kind):
                priority = 1 if entity.anchor else 0
                yield (
                    entity.id,
                    knowledge.display(entity),
                    kind,
                    entity.docname,
                    entity.anchor,
                    priority,
                )
        # former ids stay in objects.inv (intersphinx still resolves them),
        # hidden from the search (priority -1)
        for (kind, former_id), entity in sorted(knowledge.former.items()):
            yield (former_id, knowledge.display(entity), kind, entity.docname, entity.anchor, -1)

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return type.lname.lower()

    def get_full_qualified_name(self, node: Element) -> str | None:
        return node.get("reftarget")

    def kind_label(self, kind: str) -> str:
        return _(KIND_PLURALS[kind])


def _lists_in_backlinks(document: nodes.document) -> bool:
    """False when the page's front matter says ``briefing-backlinks: false``.

    For pages whose roles are examples (the contributor guide): their links
    work, but they are not listed under the entities they name.
    """
    for docinfo in document.findall(nodes.docinfo):
        for field in docinfo.findall(nodes.field):
            name = field[0].astext().strip().lower()
            if name == "briefing-backlinks":
                return field[1].astext().strip().lower() not in ("false", "no", "off", "0")
    return True


def _document_title(document: nodes.document) -> str:
    section = next(iter(document.findall(nodes.section)), None)
    if section is None:
        return ""
    title = next(iter(section.findall(nodes.title)), None)
    return title.astext() if title is not None else ""


def _enclosing_entity(node: Element) -> tuple[str, str] | None:
    parent = node.parent
    while parent is not None:
        if parent.get("kb_kind") and parent.get("kb_id"):
            return (parent["kb_kind"], parent["kb_id"])
        parent = parent.parent
    return None


def current_builder(env: BuildEnvironment) -> Any:
    """The builder at work (Sphinx's own transforms reach it the same way)."""
    return getattr(getattr(env, "_app", None), "builder", None)


def get_domain(env: BuildEnvironment) -> KnowledgeBaseDomain:
    domain = env.domains["kb"]
    assert isinstance(domain, KnowledgeBaseDomain)
    return domain


def entity_keys(entities: Iterable[Entity]) -> list[tuple[str, str]]:
    return [e.key for e in entities]


def setup_domain(app: Sphinx) -> None:
    app.add_domain(KnowledgeBaseDomain)
