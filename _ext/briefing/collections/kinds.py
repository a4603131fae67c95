"""The collection kinds: the one place that says what each collection is.

Each entry is a :class:`~briefing.collections.registry.CollectionKind` named
after its directive: the options it accepts (as the authoring contract lists
them), the entities it selects, its ``describe`` (the view that is also the
page fingerprint) and ``render`` functions, and the noun of its "No ... match."
Importing this module registers them; the package does so on import.
"""

from __future__ import annotations

from ..model import STAGES
from .graph import EVENT_CHOICES, LANE_CHOICES, describe_graph, graph_nodes
from .queries import KINDS_WITH_TOPICS, LISTABLE_KINDS, TIMELINE_KINDS, CollectionQuery
from .registry import CollectionKind, register
from .rendering import (
    agreement_table_nodes,
    describe_agreement_rows,
    describe_entity_list,
    describe_quotes,
    describe_timeline,
    entity_list_nodes,
    quote_list_nodes,
    timeline_nodes,
)


def _topics_of_listed_kinds(query: CollectionQuery) -> list[tuple[str, str]]:
    """An entity list's ``topic`` filter on a kind without topics matches nothing."""
    if query.values("topic") is None:
        return []
    without = [k for k in query.kinds if k not in KINDS_WITH_TOPICS]
    if not without:
        return []
    return [
        (
            "topic",
            f"':topic:' cannot filter the kind '{without[0]}', which has no topics, so "
            f"nothing matches; topics filter {', '.join(KINDS_WITH_TOPICS)}.",
        )
    ]


register(
    CollectionKind(
        name="quote-list",
        entity_kinds=("quote",),
        id_filters={
            "speaker": ("person",),
            "organization": ("organization",),
            "topic": ("topic",),
            "about": ("agreement", "provision", "event", "topic"),
        },
        word_filters={},
        sorts=("date", "-date"),
        default_sort="date",
        noun="quotes",
        describe=describe_quotes,
        render=quote_list_nodes,
    )
)
#: The agreement filters, shared by the table and the graph ("as agreement-table",
#: says the contract).
AGREEMENT_ID_FILTERS: dict[str, tuple[str, ...]] = {
    "party": ("organization",),
    "signatory": ("person",),
    "topic": ("topic",),
}
AGREEMENT_WORD_FILTERS: dict[str, tuple[str, ...]] = {"stage": STAGES}

register(
    CollectionKind(
        name="agreement-table",
        entity_kinds=("agreement",),
        id_filters=AGREEMENT_ID_FILTERS,
        word_filters=AGREEMENT_WORD_FILTERS,
        sorts=("date", "-date", "title", "-title"),
        default_sort="date",
        noun="agreements",
        describe=describe_agreement_rows,
        render=agreement_table_nodes,
        has_columns=True,
    )
)
register(
    CollectionKind(
        name="timeline",
        entity_kinds=TIMELINE_KINDS,
        id_filters={"topic": ("topic",), "participant": ("person", "organization")},
        word_filters={"kinds": TIMELINE_KINDS},
        sorts=("date", "-date"),
        default_sort="date",
        noun="entries",
        describe=describe_timeline,
        render=timeline_nodes,
        kinds_option="kinds",
        dated_only=True,
    )
)
register(
    CollectionKind(
        name="entity-list",
        entity_kinds=LISTABLE_KINDS,
        id_filters={"topic": ("topic",)},
        word_filters={"kind": LISTABLE_KINDS},
        sorts=("name", "-name", "date", "-date"),
        default_sort="name",
        noun="entries",
        describe=describe_entity_list,
        render=entity_list_nodes,
        required=("kind",),
        single=("kind",),
        kinds_option="kind",
        noun_per_kind=True,
        check=_topics_of_listed_kinds,
    )
)
register(
    CollectionKind(
        name="agreement-graph",
        entity_kinds=("agreement",),
        id_filters=AGREEMENT_ID_FILTERS,
        word_filters=AGREEMENT_WORD_FILTERS,
        sorts=(),
        default_sort="date",
        noun="agreements",
        describe=describe_graph,
        render=graph_nodes,
        settings={"lanes": (LANE_CHOICES, "stage"), "events": (EVENT_CHOICES, "no")},
    )
)
