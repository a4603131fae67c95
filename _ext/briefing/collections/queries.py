"""Collection queries: which entities a collection (``quote-list``,
``agreement-table``, ``timeline``, ``entity-list``, ``agreement-graph``) shows,
in which order.

A collection is a :class:`CollectionQuery`: a plain record of filters (an
option name and the ids or words it accepts), an inclusive date range, a sort
order and a limit; what differs between kinds (the entity kinds listed, the
default sort, the "No ... match." noun) is looked up in
:mod:`~briefing.collections.registry`. Nothing is ever evaluated: a query is answered by set
operations on a :class:`CollectionIndex`, the inverted indices (facet -> id ->
entities) derived once per build from the :class:`~briefing.knowledge.KnowledgeBase`.
Options of one collection combine with AND, the values of one option with OR.

Two conveniences follow the knowledge base's own structure: a topic filter
also matches the narrower topics under it (``broader``), and an ``about``
filter naming an agreement also matches quotes about its provisions.

A query starts from a *scope*: the set of entity keys it may show (a book's
scope), or None for the whole knowledge base. :func:`run_query` takes it in
one place; the filters narrow it further.

Everything here is pure and free of Sphinx, so it is unit-tested directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from ..knowledge import KnowledgeBase
from ..model import KINDS, Entity, KbDate
from .registry import CollectionKind, collection_kind

DateKey = tuple[int, int, int]
Key = tuple[str, str]
#: The entity keys a collection may show (a book's scope), or None for all.
Scope = AbstractSet[Key] | None

#: The kinds a timeline can show, in the order they sort on one day.
TIMELINE_KINDS: tuple[str, ...] = ("agreement", "event", "statement", "brief", "quote")
#: The kinds an entity list can show.
LISTABLE_KINDS: tuple[str, ...] = (
    "person",
    "organization",
    "topic",
    "event",
    "statement",
    "brief",
)
#: Kinds that can be filtered by topic in an entity list.
KINDS_WITH_TOPICS: tuple[str, ...] = ("topic", "event", "statement", "brief")
#: Columns of an agreement table, and the default choice.
AGREEMENT_COLUMNS: tuple[str, ...] = (
    "date",
    "title",
    "parties",
    "signatories",
    "third-parties",
    "stage",
    "status",
    "topics",
)
DEFAULT_AGREEMENT_COLUMNS: tuple[str, ...] = ("date", "title", "parties", "stage")


@dataclass(frozen=True)
class CollectionQuery:
    """One collection as its directive recorded it: plain, picklable, comparable."""

    collection: str
    docname: str
    lineno: int
    #: (option, accepted values) pairs, in the spec's order
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    since: str = ""
    until: str = ""
    sort: str = ""
    limit: int | None = None
    columns: tuple[str, ...] = ()
    #: (option, word) of each setting the kind takes (``lanes``, ``events``)
    settings: tuple[tuple[str, str], ...] = ()
    #: (option, source line) of each filter, to locate warnings about its ids
    option_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def spec(self) -> CollectionKind:
        """The registered kind of this collection (:mod:`.registry`)."""
        return collection_kind(self.collection)

    def values(self, option: str) -> tuple[str, ...] | None:
        """The values of a filter, or None when the collection does not filter on it."""
        for name, values in self.filters:
            if name == option:
                return values
        return None

    def setting(self, option: str) -> str:
        """The word a setting option (``lanes``, ``events``) chose, or its default."""
        for name, word in self.settings:
            if name == option:
                return word
        return self.spec.settings[option][1]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of entity the collection lists."""
        return self.spec.listed_kinds(self)

    @property
    def sort_order(self) -> str:
        return self.sort or self.spec.default_sort

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return self.columns or DEFAULT_AGREEMENT_COLUMNS

    def empty_message(self) -> str:
        """What the output says when nothing matches."""
        return self.spec.empty_message(self)


# -- the indices ---------------------------------------------------------------

#: (kind, facet) -> the options of the entity whose ids the facet holds
_LINK_FACETS: dict[tuple[str, str], tuple[str, ...]] = {
    ("quote", "speaker"): ("speaker",),
    ("quote", "topic"): ("topics",),
    ("quote", "about"): ("about",),
    ("quote", "participant"): ("speaker",),
    ("agreement", "party"): ("parties",),
    ("agreement", "signatory"): ("signatories",),
    ("agreement", "topic"): ("topics",),
    ("agreement", "participant"): ("parties", "signatories"),
    ("event", "topic"): ("topics",),
    ("event", "participant"): ("participants",),
    ("statement", "topic"): ("topics",),
    ("brief", "topic"): ("topics",),
    ("topic", "topic"): ("broader",),
}
#: (kind, facet) -> the scalar field the facet holds
_FIELD_FACETS: dict[tuple[str, str], str] = {("agreement", "stage"): "stage"}
#: facets whose topic ids also match narrower topics
_TOPIC_FACETS = ("topic", "about")


class CollectionIndex:
    """Inverted indices over the knowledge base, computed once per build.

    ``postings[(kind, facet)][value]`` is the set of entity keys with that
    value; ``spans[key]`` the first and last day an entity's date covers.
    """

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.postings: dict[tuple[str, str], dict[str, set[Key]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.spans: dict[Key, tuple[DateKey, DateKey]] = {}
        for kind in KINDS:
            for entity in knowledge.entities(kind):
                self._index(entity)
        self.narrower = _narrower_topics(knowledge)

    def _index(self, entity: Entity) -> None:
        kind = entity.kind
        for (facet_kind, facet), options in _LINK_FACETS.items():
            if facet_kind != kind:
                continue
            for option in options:
                for value in entity.link_ids(option):
                    self.postings[(kind, facet)][value].add(entity.key)
                    if facet == "about" and "/" in value:
                        # a quote about a provision is about its agreement too
                        agreement = value.partition("/")[0]
                        self.postings[(kind, facet)][agreement].add(entity.key)
        if kind == "quote":
            for value in self.knowledge.effective_links(entity, "organization"):
                self.postings[(kind, "organization")][value].add(entity.key)
        for (facet_kind, facet), option in _FIELD_FACETS.items():
            word = entity.fields.get(option, "")
            if facet_kind == kind and word:
                self.postings[(kind, facet)][word].add(entity.key)
        span = date_span(self.knowledge, entity)
        if span is not None:
            self.spans[entity.key] = span

    def matching(self, kind: str, facet: str, values: Iterable[str]) -> set[Key]:
        """Keys of ``kind`` whose ``facet`` holds any of ``values`` (OR)."""
        postings = self.postings.get((kind, facet), {})
        wanted = set(values)
        if facet in _TOPIC_FACETS:
            wanted = {n for v in wanted for n in self.narrower.get(v, {v})}
        result: set[Key] = set()
        for value in wanted:
            result |= postings.get(value, set())
        return result


def date_span(knowledge: KnowledgeBase, entity: Entity) -> tuple[DateKey, DateKey] | None:
    """The first and last day the entity's (effective) date covers, or None."""
    date = knowledge.date(entity)
    if date is None:
        return None
    end_text = entity.fields.get("end-date")
    end = KbDate.parse(end_text) if end_text else None
    last = (
        end.last_day_key if end is not None and end.sort_key >= date.sort_key else date.last_day_key
    )
    return (date.sort_key, last)


def _narrower_topics(knowledge: KnowledgeBase) -> dict[str, frozenset[str]]:
    """topic id -> itself and every topic below it, following ``broader``."""
    children: dict[str, list[str]] = defaultdict(list)
    for topic in knowledge.entities("topic"):
        for broader in topic.link_ids("broader"):
            children[broader].append(topic.id)
    result: dict[str, frozenset[str]] = {}
    for topic in knowledge.entities("topic"):
        seen = {topic.id}
        stack = [topic.id]
        while stack:  # a cycle of broader topics ends because ``seen`` stops it
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        result[topic.id] = frozenset(seen)
    return result


def collection_index(knowledge: KnowledgeBase) -> CollectionIndex:
    """The indices of this knowledge base, computed on first use."""
    return knowledge.derived("collections", CollectionIndex)


# -- answering a query ---------------------------------------------------------


def _facet_of(kind: str, option: str) -> str:
    """The facet an option filters on for ``kind``; "" when the kind has none."""
    if (kind, option) in _LINK_FACETS or (kind, option) in _FIELD_FACETS:
        return option
    if kind == "quote" and option == "organization":
        return option
    return ""


def run_query(index: CollectionIndex, query: CollectionQuery, scope: Scope = None) -> list[Entity]:
    """The entities the collection shows, filtered, sorted and limited.

    ``scope`` is the starting set: only entities whose keys it holds can match
    (None: the whole knowledge base).
    """
    knowledge = index.knowledge
    since = KbDate.parse(query.since) if query.since else None
    until = KbDate.parse(query.until) if query.until else None
    needs_date = query.spec.dated_only or since is not None or until is not None
    matched: list[Entity] = []
    for kind in query.kinds:
        keys: set[Key] | None = None
        for option, values in query.filters:
            if option == query.spec.kinds_option:
                continue  # it chose the kinds, it does not filter them
            facet = _facet_of(kind, option)
            found = index.matching(kind, facet, values) if facet else set()
            keys = found if keys is None else keys & found
        if scope is not None:
            keys = {k for k in scope if k[0] == kind} if keys is None else keys & scope
        candidates = (
            knowledge.entities(kind)
            if keys is None
            # ordered by the sort below
            else [knowledge.by_key[key] for key in keys if key in knowledge.by_key]
        )
        for entity in candidates:
            span = index.spans.get(entity.key)
            if needs_date and span is None:
                continue
            if since is not None and span is not None and span[1] < since.sort_key:
                continue
            if until is not None and span is not None and span[0] > until.last_day_key:
                continue
            matched.append(entity)
    ordered = sort_entities(index, matched, query.sort_order)
    return ordered[: query.limit] if query.limit is not None else ordered


def sort_entities(index: CollectionIndex, entities: list[Entity], order: str) -> list[Entity]:
    """Entities by ``date`` (undated last) or ``name``; ``-`` reverses."""
    descending = order.startswith("-")
    by = order.lstrip("-")
    kind_rank = {kind: position for position, kind in enumerate(KINDS)}
    if by == "date":
        dated = [e for e in entities if e.key in index.spans]
        undated = [e for e in entities if e.key not in index.spans]
        dated.sort(key=lambda e: (kind_rank[e.kind], e.id))
        dated.sort(key=lambda e: index.spans[e.key][0], reverse=descending)
        return dated + sort_entities(index, undated, "name")
    result = sorted(entities, key=lambda e: (kind_rank[e.kind], e.id))
    result.sort(key=lambda e: index.knowledge.display(e).casefold(), reverse=descending)
    return result
