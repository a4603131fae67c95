"""The knowledge base as a whole: lookups and reverse indices over all pages.

The domain stores what each page defined and referenced; this module derives,
once per build and only from those records, what needs the whole base: which
definition of an id counts, what refers to each entity (backlinks), the
fields an entity inherits from others (a quote's date from its statement, a
speaker's role), and each entity's display text. Everything that renders or
queries across pages (backlinks, collections, exports, search) reads it from
here, so every output agrees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .i18n import _
from .model import PAGE_KINDS, RELATION_TARGETS, Entity, KbDate, Reference


@dataclass(frozen=True)
class Backlink:
    """Something that refers to an entity: the referring entity (or page) and how."""

    docname: str
    source: tuple[str, str] | None
    via: str


_Derived = TypeVar("_Derived")


class KnowledgeBase:
    """A read-only view of every entity and reference of the build."""

    def __init__(
        self,
        entities: Mapping[str, list[Entity]],
        references: Mapping[str, list[Reference]],
    ) -> None:
        self.by_key: dict[tuple[str, str], Entity] = {}
        #: (kind, id) -> every definition, in document order (duplicates: > 1)
        self.definitions: dict[tuple[str, str], list[Entity]] = defaultdict(list)
        self.page_entity: dict[str, Entity] = {}
        for docname in sorted(entities):
            for entity in entities[docname]:
                self.definitions[entity.key].append(entity)
                if entity.key not in self.by_key:
                    self.by_key[entity.key] = entity
                if entity.kind in PAGE_KINDS and docname not in self.page_entity:
                    self.page_entity[docname] = entity
        self.by_kind: dict[str, list[Entity]] = defaultdict(list)
        self._on_doc: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.by_key.values():
            self.by_kind[entity.kind].append(entity)
            self._on_doc[entity.docname].append(entity)
        for doc_entities in self._on_doc.values():
            doc_entities.sort(key=lambda e: e.lineno)
        for kind_entities in self.by_kind.values():
            kind_entities.sort(key=lambda e: e.id)
        #: (kind, former id) -> the entity that now has it (the ``aliases`` option)
        self.former: dict[tuple[str, str], Entity] = former_ids(self.by_key)

        self.references: list[Reference] = [
            ref for docname in sorted(references) for ref in references[docname]
        ]
        self._refs_on_doc: dict[str, list[Reference]] = {
            docname: list(refs) for docname, refs in references.items()
        }
        self.backlinks: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
        for entity in self.by_key.values():
            for option, ids in entity.links.items():
                for target in self._resolved_targets(option, ids):
                    self._add_backlink(target, Backlink(entity.docname, entity.key, option))
        targets: dict[tuple[tuple[str, ...], str], Entity | None] = {}
        for ref in self.references:
            # many references name the same entity (a speaker, a party): looked up once
            wanted = (ref.target_kinds, ref.target_id)
            if wanted in targets:
                target_entity = targets[wanted]
            else:
                target_entity = targets[wanted] = self.lookup(*wanted)
            if target_entity is not None:
                self._add_backlink(target_entity.key, Backlink(ref.docname, ref.source, ref.via))
        for key, links in self.backlinks.items():
            unique = sorted(set(links), key=self._backlink_sort_key)
            self.backlinks[key] = unique
        self._derived: dict[str, Any] = {}
        self._displays: dict[tuple[str, str], str] = {}

    def derived(self, name: str, compute: Callable[[KnowledgeBase], _Derived]) -> _Derived:
        """Further indices a feature computes from this base, once (collections)."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    # -- lookups ---------------------------------------------------------------

    def get(self, kind: str, entity_id: str) -> Entity | None:
        """The entity of ``kind`` with ``entity_id``, or with it as a former id."""
        return self.by_key.get((kind, entity_id)) or self.former.get((kind, entity_id))

    def lookup(self, kinds: Iterable[str], entity_id: str) -> Entity | None:
        """The first entity with ``entity_id`` among ``kinds``, in their order
        (a current id before a former one)."""
        if not isinstance(kinds, tuple):
            kinds = tuple(kinds)
        by_key = self.by_key
        for kind in kinds:
            entity = by_key.get((kind, entity_id))
            if entity is not None:
                return entity
        if not self.former:
            return None
        for kind in kinds:
            entity = self.former.get((kind, entity_id))
            if entity is not None:
                return entity
        return None

    def entities(self, kind: str) -> list[Entity]:
        """All entities of ``kind``, by id."""
        return self.by_kind.get(kind, [])

    def entities_on(self, docname: str) -> list[Entity]:
        """The canonical entities defined on ``docname``, in page order."""
        return self._on_doc.get(docname, [])

    def references_from(self, docname: str) -> list[Reference]:
        """The references made on ``docname`` (roles and option ids)."""
        return self._refs_on_doc.get(docname, [])

    # -- derived fields ----------------------------------------------------------

    def effective(self, entity: Entity, name: str) -> str:
        """A scalar field, with the defaults the contract gives.

        A quote's ``role`` comes from its speaker; its ``date`` from the
        statement or brief of its page. A provision's ``date`` is its
        agreement's.
        """
        value = entity.fields.get(name, "")
        if value:
            return value
        if entity.kind == "quote" and name == "role":
            speaker = self.speaker(entity)
            return speaker.fields.get("role", "") if speaker else ""
        if entity.kind == "quote" and name == "date":
            page = self.page_entity.get(entity.docname)
            return page.fields.get("date", "") if page else ""
        if entity.kind == "provision" and name == "date":
            agreement = self.get("agreement", entity.parent)
            return agreement.fields.get("date", "") if agreement else ""
        return ""

    def effective_links(self, entity: Entity, option: str) -> tuple[str, ...]:
        """Ids of an option, with a quote's organization defaulting to its speaker's."""
        ids = entity.link_ids(option)
        if ids or entity.kind != "quote" or option != "organization":
            return ids
        speaker = self.speaker(entity)
        return speaker.link_ids("organization") if speaker else ()

    def date(self, entity: Entity) -> KbDate | None:
        value = self.effective(entity, "date")
        return KbDate.parse(value) if value else None

    def speaker(self, quote: Entity) -> Entity | None:
        ids = quote.link_ids("speaker")
        return self.get("person", ids[0]) if ids else None

    def display(self, entity: Entity) -> str:
        """The text a reference to ``entity`` shows when no title is given.

        Remembered per canonical entity: every page, the inventory and the
        exports ask for it (a quote's formats its date in the site's language).
        """
        canonical = self.by_key.get(entity.key) is entity
        if canonical and entity.key in self._displays:
            return self._displays[entity.key]
        shown = self._display(entity)
        if canonical:
            self._displays[entity.key] = shown
        return shown

    def _display(self, entity: Entity) -> str:
        if entity.kind == "quote":
            speaker = self.speaker(entity)
            who = speaker.title if speaker else (entity.link_ids("speaker") or ("?",))[0]
            when = self.date(entity)
            return f"{who}, {when.display()}" if when else who
        if entity.kind == "provision":
            agreement = self.get("agreement", entity.parent)
            label = entity.id.rsplit("/", 1)[-1]
            owner = agreement.title if agreement else entity.parent
            return _("{agreement}, provision {label}").format(agreement=owner, label=label)
        return entity.title or entity.id

    # -- internals ---------------------------------------------------------------

    def _resolved_targets(self, option: str, ids: Iterable[str]) -> Iterable[tuple[str, str]]:
        kinds = RELATION_TARGETS.get(option, ())
        for target_id in ids:
            target = self.lookup(kinds, target_id)
            if target is not None:
                yield target.key

    def _add_backlink(self, target: tuple[str, str], link: Backlink) -> None:
        if link.source == target:
            return
        self.backlinks[target].append(link)

    def _backlink_sort_key(self, link: Backlink) -> tuple[str, str, str, str]:
        kind, entity_id = link.source if link.source else ("", "")
        return (kind, link.docname, entity_id, link.via)


def former_ids(by_key: Mapping[tuple[str, str], Entity]) -> dict[tuple[str, str], Entity]:
    """(kind, former id) -> entity, from every ``aliases`` option.

    A provision's former ids also follow from its agreement's: the agreement
    ``old`` renamed ``new`` (``aliases: old``) makes ``old/9`` a former id of
    ``new/9``. A former id that is some entity's current id, or that an earlier
    entity (by id) already claims, is not taken (:mod:`briefing.addresses`
    reports it).
    """
    former: dict[tuple[str, str], Entity] = {}
    for key in sorted(by_key):
        entity = by_key[key]
        aliases = list(entity.aliases)
        if entity.kind == "provision":
            agreement = by_key.get(("agreement", entity.parent))
            labels = [a.rsplit("/", 1)[-1] for a in (entity.id, *entity.aliases)]
            if agreement is not None:
                aliases += [f"{old}/{label}" for old in agreement.aliases for label in labels]
        for alias in aliases:
            alias_key = (entity.kind, alias)
            if alias_key not in by_key and alias_key not in former:
                former[alias_key] = entity
    return former
