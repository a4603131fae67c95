"""The registry of collection kinds: what each collection directive is.

Every collection (``quote-list``, ``agreement-table``, ``timeline``,
``entity-list``, ...) is one :class:`CollectionKind`: the options it accepts,
which entities it selects, how it describes them for the page fingerprint,
how it renders them, and what it says when nothing matches. The directives,
the queries and the rendering look a kind up here by name instead of
branching on it, so adding a collection is one entry in
:mod:`briefing.collections.kinds`, and nothing else changes.

The record holds functions, so it is never stored: a query keeps only its
kind's name and looks the kind up with :func:`collection_kind`. This module
imports nothing of the extension, so :mod:`~briefing.collections.queries`
(pure, unit-tested without Sphinx) can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes

    from ..knowledge import KnowledgeBase
    from ..model import Entity
    from .queries import CollectionQuery

#: describe(knowledge, query, entities, titles, pax_url) -> the items a reader sees
Describe = Callable[
    ["KnowledgeBase", "CollectionQuery", "list[Entity]", Mapping[str, str], str],
    tuple[Any, ...],
]
#: render(query, items, docname) -> standard docutils nodes
Render = Callable[["CollectionQuery", tuple[Any, ...], str], "list[nodes.Node]"]
#: check(query) -> (option, message) of each combination that cannot match
Check = Callable[["CollectionQuery"], list[tuple[str, str]]]

#: kind of entity -> its plural, for "No people match."
PLURALS: dict[str, str] = {
    "quote": "quotes",
    "agreement": "agreements",
    "person": "people",
    "organization": "organizations",
    "topic": "topics",
    "event": "events",
    "statement": "statements",
    "brief": "briefs",
}


def _no_check(query: CollectionQuery) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True)
class CollectionKind:
    """One collection directive: its options, selection, rendering and noun."""

    name: str
    #: the kinds of entity it can list, in the order they sort on one day
    entity_kinds: tuple[str, ...]
    #: filter option -> the kinds of entity its ids name
    id_filters: dict[str, tuple[str, ...]]
    #: filter option -> the words it accepts
    word_filters: dict[str, tuple[str, ...]]
    sorts: tuple[str, ...]
    default_sort: str
    #: what "No ... match." says
    noun: str
    describe: Describe
    render: Render
    required: tuple[str, ...] = ()
    #: filters that take one value, not a list
    single: tuple[str, ...] = ()
    #: the word filter that chooses among :attr:`entity_kinds` (all when absent,
    #: none when it is required and absent)
    kinds_option: str = ""
    #: whether "No ... match." names the one kind chosen ("No people match.")
    noun_per_kind: bool = False
    #: whether only dated entities are listed (a timeline has no place for others)
    dated_only: bool = False
    has_columns: bool = False
    #: setting option -> (its words, the default): one word each, e.g. ``lanes``
    settings: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    #: combinations of options that cannot match, reported where it is read
    check: Check = _no_check

    def listed_kinds(self, query: CollectionQuery) -> tuple[str, ...]:
        """The kinds of entity ``query`` lists."""
        if not self.kinds_option:
            return self.entity_kinds
        chosen = query.values(self.kinds_option)
        if chosen is None:
            return () if self.kinds_option in self.required else self.entity_kinds
        return tuple(k for k in self.entity_kinds if k in chosen)

    def empty_message(self, query: CollectionQuery) -> str:
        """What the output says when nothing matches."""
        noun = self.noun
        kinds = self.listed_kinds(query)
        if self.noun_per_kind and len(kinds) == 1:
            noun = PLURALS[kinds[0]]
        return f"No {noun} match."


_REGISTRY: dict[str, CollectionKind] = {}


def register(kind: CollectionKind) -> CollectionKind:
    """Add a collection kind; its name is its directive's name."""
    if kind.name in _REGISTRY:
        raise ValueError(f"collection kind {kind.name!r} is registered twice")
    _REGISTRY[kind.name] = kind
    return kind


def collection_kind(name: str) -> CollectionKind:
    """The registered kind called ``name``."""
    return _REGISTRY[name]


def collection_kinds() -> dict[str, CollectionKind]:
    """Every registered kind, by name, in the order they were registered."""
    return dict(_REGISTRY)
