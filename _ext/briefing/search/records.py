"""What search knows about each entity: filters, metadata, sort keys, text.

Pagefind gets the same facts in two ways: as ``data-pagefind-*`` markup on a
page (:mod:`briefing.search.markup`) and as custom records for the entities
that are results of their own (:mod:`briefing.search.indexer`). Both ask this
module, which derives everything from the knowledge base only, so the filter
pane, the result cards and the collections of the site always agree, and
:mod:`briefing.incremental` can hash a page's search data like any other view.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..knowledge import KnowledgeBase
from ..model import KINDS, PAGE_KINDS, TRANSLITERATION, Entity, KbDate

#: Filters, in the order the filter pane shows them.
FILTERS: tuple[str, ...] = (
    "kind",
    "speaker",
    "organization",
    "agreement",
    "topic",
    "party",
    "year",
)

#: Kinds that are search results of their own, with a deep link to their anchor
#: (statements and briefs are whole pages: the page is their result).
RECORD_KINDS: tuple[str, ...] = tuple(kind for kind in KINDS if kind not in PAGE_KINDS)

_PUNCTUATION = ".,;:!?()[]{}\"'«»“”\u2018\u2019"


@dataclass(frozen=True)
class SearchData:
    """The search facts of one result: a page or an entity."""

    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)

    def as_tuple(self) -> tuple[object, ...]:
        """A plain, ordered form for fingerprints."""
        return (
            tuple(sorted(self.filters.items())),
            tuple(sorted(self.meta.items())),
            tuple(sorted(self.sort.items())),
        )


def folded_variants(text: str) -> list[str]:
    """Spellings of the words of ``text`` as typed without special letters.

    "Azərbaycan" gives "Azerbaycan", with the letters ids are spelled with
    (:data:`briefing.model.TRANSLITERATION`). Letters with combining accents
    (é, ş, ü) are folded by Pagefind itself and need no variant.
    """
    variants: list[str] = []
    seen: set[str] = set()
    for word in text.split():
        word = word.strip(_PUNCTUATION)
        folded = word.translate(TRANSLITERATION)
        if folded != word and folded not in seen:
            seen.add(folded)
            variants.append(unicodedata.normalize("NFC", folded))
    return variants


def _names(knowledge: KnowledgeBase, kinds: tuple[str, ...], ids: Iterable[str]) -> list[str]:
    names = []
    for entity_id in ids:
        target = knowledge.lookup(kinds, entity_id)
        name = knowledge.display(target) if target else entity_id
        if name not in names:
            names.append(name)
    return names


def _add(filters: dict[str, list[str]], name: str, values: Iterable[str]) -> None:
    bucket = filters.setdefault(name, [])
    for value in values:
        if value and value not in bucket:
            bucket.append(value)


def _agreements_of(knowledge: KnowledgeBase, targets: Iterable[tuple[str, str]]) -> list[str]:
    """Names of the agreements among ``targets`` (a provision counts as its own)."""
    ids = []
    for kind, entity_id in targets:
        if kind == "agreement":
            ids.append(entity_id)
        elif kind == "provision":
            provision = knowledge.get("provision", entity_id)
            ids.append(provision.parent if provision else entity_id.split("/", 1)[0])
    return _names(knowledge, ("agreement",), ids)


def _about_targets(knowledge: KnowledgeBase, entity: Entity) -> list[tuple[str, str]]:
    targets = []
    for entity_id in entity.link_ids("about"):
        target = knowledge.lookup(("agreement", "provision", "event", "topic"), entity_id)
        if target is not None:
            targets.append(target.key)
    return targets


def entity_search_data(knowledge: KnowledgeBase, entity: Entity) -> SearchData:
    """Filters, metadata and sort key of one entity, from the whole knowledge base."""
    filters: dict[str, list[str]] = {"kind": [entity.kind]}
    topics = list(entity.link_ids("topics"))
    kind = entity.kind
    if kind == "quote":
        speaker = knowledge.speaker(entity)
        _add(
            filters,
            "speaker",
            [speaker.title] if speaker else entity.link_ids("speaker"),
        )
        _add(
            filters,
            "organization",
            _names(
                knowledge,
                ("organization",),
                knowledge.effective_links(entity, "organization"),
            ),
        )
        about = _about_targets(knowledge, entity)
        _add(filters, "agreement", _agreements_of(knowledge, about))
        topics += [entity_id for kind_, entity_id in about if kind_ == "topic"]
    elif kind in PAGE_KINDS:
        _add(
            filters,
            "organization",
            _names(knowledge, ("organization",), entity.link_ids("organization")),
        )
        cited = [
            target.key
            for ref in knowledge.references_from(entity.docname)
            if (target := knowledge.lookup(ref.target_kinds, ref.target_id)) is not None
        ]
        _add(filters, "agreement", _agreements_of(knowledge, cited))
    elif kind in ("agreement", "provision"):
        agreement = entity if kind == "agreement" else knowledge.get("agreement", entity.parent)
        if agreement is not None:
            _add(filters, "agreement", [knowledge.display(agreement)])
            _add(
                filters,
                "party",
                _names(knowledge, ("organization",), agreement.link_ids("parties")),
            )
            if kind == "provision":
                topics = list(agreement.link_ids("topics")) + topics
    elif kind == "person":
        _add(
            filters,
            "organization",
            _names(knowledge, ("organization",), entity.link_ids("organization")),
        )
    elif kind == "organization":
        _add(filters, "organization", [knowledge.display(entity)])
    elif kind == "topic":
        topics.insert(0, entity.id)
    elif kind == "event":
        participants = entity.link_ids("participants")
        _add(
            filters,
            "organization",
            _names(
                knowledge,
                ("organization",),
                [p for p in participants if knowledge.get("organization", p)],
            ),
        )
        _add(
            filters,
            "agreement",
            _names(knowledge, ("agreement",), entity.link_ids("outcomes")),
        )
    _add(filters, "topic", _names(knowledge, ("topic",), topics))

    meta = {"kind": entity.kind}
    sort: dict[str, str] = {}
    date = knowledge.date(entity)
    if date is not None:
        _add(filters, "year", [str(date.year)])
        meta["date"] = date.display()
        sort["date"] = _sort_value(date)
    if kind == "quote":
        speaker = knowledge.speaker(entity)
        if speaker is not None:
            meta["speaker"] = speaker.title
        role = knowledge.effective(entity, "role")
        if role:
            meta["role"] = role
    return SearchData(
        filters={name: tuple(values) for name, values in filters.items() if values},
        meta=meta,
        sort=sort,
    )


def _sort_value(date: KbDate) -> str:
    year, month, day = date.sort_key
    return f"{year:04d}-{month:02d}-{day:02d}"


def page_search_data(knowledge: KnowledgeBase, docname: str) -> SearchData:
    """Search facts of a page: its statement's or brief's, or none for a plain page."""
    entity = knowledge.page_entity.get(docname)
    if entity is None:
        return SearchData()
    return entity_search_data(knowledge, entity)


def record_content(knowledge: KnowledgeBase, entity: Entity) -> str:
    """The searchable text of an entity that is a result of its own.

    The body text comes first (Pagefind's excerpt starts there), then the
    names a reader may search it by; spellings without special letters go
    last, so "Azerbaycan" finds "Azərbaycan".
    """
    parts = [entity.text]
    fields = entity.fields
    if entity.kind == "quote":
        speaker = knowledge.speaker(entity)
        parts += [speaker.title if speaker else "", knowledge.effective(entity, "role")]
    elif entity.kind == "agreement":
        parts = [
            fields.get("title", ""),
            fields.get("short-title", ""),
            *parts,
            fields.get("place", ""),
        ]
    elif entity.kind == "person":
        parts = [
            entity.title,
            fields.get("native-name", ""),
            fields.get("role", ""),
            *parts,
        ]
    elif entity.kind == "organization":
        parts = [entity.title, fields.get("short-name", ""), *parts]
    elif entity.kind in ("topic", "event"):
        parts = [entity.title, *parts, fields.get("place", "")]
    text = " ".join(part for part in parts if part)
    return " ".join([text, *folded_variants(text)])


def record_title(knowledge: KnowledgeBase, entity: Entity) -> str:
    """The heading of an entity's result card."""
    return knowledge.display(entity)
