"""Unit tests of the collection queries, on a knowledge base built in memory.

No Sphinx here: :mod:`briefing.collections.queries` is pure, so every filter (alone and
combined), the date range, sorting and ``limit`` are checked directly.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.collections.queries import (
    CollectionIndex,
    CollectionQuery,
    collection_index,
    run_query,
)
from briefing.collections.registry import collection_kinds, register
from briefing.knowledge import KnowledgeBase
from briefing.model import Entity, KbDate


def entity(
    kind: str, entity_id: str, docname: str = "kb", title: str = "", **options: str
) -> Entity:
    fields: dict[str, str] = {}
    links: dict[str, tuple[str, ...]] = {}
    id_options = {
        "speaker",
        "organization",
        "topics",
        "about",
        "parties",
        "signatories",
        "participants",
        "broader",
        "third-parties",
    }
    for name, value in options.items():
        name = name.replace("_", "-")
        if name in id_options:
            links[name] = tuple(v.strip() for v in value.split(","))
        else:
            fields[name] = value
    return Entity(
        kind=kind,
        id=entity_id,
        docname=docname,
        lineno=len(options),
        anchor="" if kind in ("statement", "brief") else f"{kind}-{entity_id}",
        title=title or entity_id,
        fields=fields,
        links=links,
        text=f"text of {entity_id}",
        parent=entity_id.partition("/")[0] if kind == "provision" else "",
    )


ENTITIES = {
    "actors": [
        entity("person", "emin-milli", "actors", "Emin Milli", organization="restart"),
        entity(
            "person",
            "ilham-aliyev",
            "actors",
            "Ilham Aliyev",
            organization="azerbaijan",
        ),
        entity(
            "person",
            "nikol-pashinyan",
            "actors",
            "Nikol Pashinyan",
            organization="armenia",
        ),
        entity("organization", "restart", "actors", "Restart Initiative"),
        entity("organization", "azerbaijan", "actors", "Azerbaijan"),
        entity("organization", "armenia", "actors", "Armenia"),
        entity("organization", "russia", "actors", "Russia"),
        entity("topic", "economy", "actors", "Economy"),
        entity("topic", "transport", "actors", "Transport", broader="economy"),
        entity("topic", "railways", "actors", "Railways", broader="transport"),
        entity("topic", "borders", "actors", "Borders"),
        entity(
            "event",
            "brussels",
            "actors",
            "Brussels meeting",
            date="2021-12-14",
            end_date="2021-12-15",
            participants="ilham-aliyev, nikol-pashinyan",
            topics="borders",
        ),
        entity("event", "undated-talks", "actors", "Undated talks", topics="borders"),
    ],
    "agreements": [
        entity(
            "agreement",
            "ceasefire",
            "agreements",
            "Ceasefire",
            date="2020-11-09",
            parties="azerbaijan, armenia, russia",
            signatories="ilham-aliyev, nikol-pashinyan",
            stage="ceasefire",
            topics="transport",
        ),
        entity("provision", "ceasefire/9", "agreements", "Provision 9", topics="railways"),
        entity(
            "agreement",
            "moscow",
            "agreements",
            "Moscow statement",
            date="2021-01-11",
            parties="azerbaijan, armenia, russia",
            signatories="ilham-aliyev",
            stage="implementation",
            topics="railways",
        ),
        entity(
            "agreement",
            "sochi",
            "agreements",
            "Sochi statement",
            date="2021-11",
            parties="russia, armenia",
            stage="implementation",
            topics="borders",
        ),
    ],
    "statement": [
        entity(
            "statement",
            "statement",
            "statement",
            "Statement",
            date="2021-12-15",
            topics="borders",
            organization="restart",
        ),
        entity(
            "quote",
            "milli",
            "statement",
            speaker="emin-milli",
            topics="economy",
            about="brussels, ceasefire/9",
        ),
        entity(
            "quote",
            "aliyev",
            "statement",
            speaker="ilham-aliyev",
            date="2021-01",
            topics="railways",
            about="moscow",
        ),
        entity(
            "quote",
            "pashinyan",
            "statement",
            speaker="nikol-pashinyan",
            date="2020",
            organization="restart",
            about="borders",
        ),
    ],
    "loose": [
        entity("quote", "undated", "loose", speaker="emin-milli", topics="borders"),
    ],
}


@pytest.fixture(scope="module")
def index() -> CollectionIndex:
    return collection_index(KnowledgeBase(ENTITIES, {}))


def ids(index: CollectionIndex, collection: str, **options: object) -> list[str]:
    filters = tuple(
        (name.replace("_", "-"), tuple(value.split(",")))
        for name, value in options.items()
        if name not in ("since", "until", "sort", "limit") and isinstance(value, str)
    )
    query = CollectionQuery(
        collection=collection,
        docname="page",
        lineno=1,
        filters=filters,
        since=str(options.get("since", "")),
        until=str(options.get("until", "")),
        sort=str(options.get("sort", "")),
        limit=options.get("limit"),  # type: ignore[arg-type]
    )
    return [e.id for e in run_query(index, query)]


def test_index_is_computed_once_per_knowledge_base() -> None:
    knowledge = KnowledgeBase(ENTITIES, {})
    assert collection_index(knowledge) is collection_index(knowledge)
    assert collection_index(KnowledgeBase(ENTITIES, {})) is not collection_index(knowledge)


# -- quote-list ----------------------------------------------------------------


def test_quote_list_without_filters_sorts_by_date_undated_last(
    index: CollectionIndex,
) -> None:
    # pashinyan 2020, aliyev 2021-01, milli 2021-12-15 (the statement's date), undated
    assert ids(index, "quote-list") == ["pashinyan", "aliyev", "milli", "undated"]


def test_quote_list_descending_keeps_undated_last(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", sort="-date") == [
        "milli",
        "aliyev",
        "pashinyan",
        "undated",
    ]


def test_speaker_filter_or_within_option(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", speaker="emin-milli") == ["milli", "undated"]
    assert ids(index, "quote-list", speaker="ilham-aliyev,nikol-pashinyan") == [
        "pashinyan",
        "aliyev",
    ]


def test_organization_filter_defaults_to_the_speakers(index: CollectionIndex) -> None:
    # pashinyan's quote states restart explicitly; milli's inherits it from the speaker
    assert ids(index, "quote-list", organization="restart") == [
        "pashinyan",
        "milli",
        "undated",
    ]
    assert ids(index, "quote-list", organization="armenia") == []
    assert ids(index, "quote-list", organization="azerbaijan") == ["aliyev"]


def test_topic_filter_includes_narrower_topics(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", topic="railways") == ["aliyev"]
    assert ids(index, "quote-list", topic="transport") == ["aliyev"]
    assert ids(index, "quote-list", topic="economy") == ["aliyev", "milli"]


def test_about_filter_matches_provisions_of_an_agreement(
    index: CollectionIndex,
) -> None:
    assert ids(index, "quote-list", about="ceasefire") == ["milli"]
    assert ids(index, "quote-list", about="ceasefire/9") == ["milli"]
    assert ids(index, "quote-list", about="moscow,brussels") == ["aliyev", "milli"]
    assert ids(index, "quote-list", about="borders") == ["pashinyan"]


def test_since_and_until_are_inclusive_and_respect_precision(
    index: CollectionIndex,
) -> None:
    assert ids(index, "quote-list", since="2021-01-31") == ["aliyev", "milli"]
    assert ids(index, "quote-list", since="2021-02") == ["milli"]
    assert ids(index, "quote-list", until="2021-01-01") == ["pashinyan", "aliyev"]
    assert ids(index, "quote-list", until="2020-12-31") == ["pashinyan"]
    assert ids(index, "quote-list", since="2021-12-15", until="2021-12-15") == ["milli"]
    assert ids(index, "quote-list", since="2021", until="2021") == ["aliyev", "milli"]


def test_filters_combine_with_and(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", speaker="emin-milli", topic="economy") == ["milli"]
    assert ids(index, "quote-list", speaker="emin-milli", topic="borders") == ["undated"]
    assert ids(index, "quote-list", speaker="emin-milli", since="2021") == ["milli"]
    assert ids(index, "quote-list", organization="restart", about="borders") == ["pashinyan"]
    assert ids(index, "quote-list", speaker="ilham-aliyev", topic="borders") == []


def test_limit_takes_the_first_after_sorting(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", limit=2) == ["pashinyan", "aliyev"]
    assert ids(index, "quote-list", sort="-date", limit=1) == ["milli"]
    assert ids(index, "quote-list", limit=10) == [
        "pashinyan",
        "aliyev",
        "milli",
        "undated",
    ]


def test_unknown_ids_match_nothing(index: CollectionIndex) -> None:
    assert ids(index, "quote-list", speaker="nobody") == []


# -- agreement-table -----------------------------------------------------------


def test_agreement_filters(index: CollectionIndex) -> None:
    assert ids(index, "agreement-table") == ["ceasefire", "moscow", "sochi"]
    assert ids(index, "agreement-table", party="azerbaijan") == ["ceasefire", "moscow"]
    assert ids(index, "agreement-table", party="azerbaijan,russia") == [
        "ceasefire",
        "moscow",
        "sochi",
    ]
    assert ids(index, "agreement-table", signatory="nikol-pashinyan") == ["ceasefire"]
    assert ids(index, "agreement-table", stage="implementation") == ["moscow", "sochi"]
    assert ids(index, "agreement-table", stage="ceasefire,renewal") == ["ceasefire"]
    assert ids(index, "agreement-table", topic="transport") == ["ceasefire", "moscow"]
    assert ids(index, "agreement-table", topic="economy") == ["ceasefire", "moscow"]
    assert ids(index, "agreement-table", since="2021-11-30") == ["sochi"]
    assert ids(index, "agreement-table", until="2021-11-01") == [
        "ceasefire",
        "moscow",
        "sochi",
    ]
    assert ids(index, "agreement-table", until="2021-10") == ["ceasefire", "moscow"]


def test_agreement_filters_combined(index: CollectionIndex) -> None:
    assert ids(index, "agreement-table", party="armenia", stage="implementation") == [
        "moscow",
        "sochi",
    ]
    assert ids(
        index,
        "agreement-table",
        party="armenia",
        stage="implementation",
        signatory="ilham-aliyev",
    ) == ["moscow"]
    assert ids(index, "agreement-table", topic="railways", since="2021", until="2021") == ["moscow"]
    assert ids(index, "agreement-table", party="azerbaijan", topic="borders") == []


def test_agreement_sorts(index: CollectionIndex) -> None:
    assert ids(index, "agreement-table", sort="-date") == [
        "sochi",
        "moscow",
        "ceasefire",
    ]
    assert ids(index, "agreement-table", sort="title") == [
        "ceasefire",
        "moscow",
        "sochi",
    ]
    assert ids(index, "agreement-table", sort="-title", limit=2) == ["sochi", "moscow"]


# -- timeline ------------------------------------------------------------------


def test_timeline_shows_only_dated_entries_of_the_chosen_kinds(
    index: CollectionIndex,
) -> None:
    assert set(ids(index, "timeline")) == {
        "pashinyan",
        "ceasefire",
        "moscow",
        "aliyev",
        "sochi",
        "brussels",
        "statement",
        "milli",
    }
    assert "undated-talks" not in ids(index, "timeline")
    assert ids(index, "timeline", kinds="event") == ["brussels"]
    assert ids(index, "timeline", kinds="agreement,statement") == [
        "ceasefire",
        "moscow",
        "sochi",
        "statement",
    ]


def test_timeline_order_by_first_day_then_kind(index: CollectionIndex) -> None:
    assert ids(index, "timeline") == [
        "pashinyan",  # 2020-01-01
        "ceasefire",  # 2020-11-09
        "aliyev",  # 2021-01-01
        "moscow",  # 2021-01-11
        "sochi",  # 2021-11-01
        "brussels",  # 2021-12-14
        "statement",  # 2021-12-15, statements before quotes on one day
        "milli",  # 2021-12-15
    ]
    assert ids(index, "timeline", sort="-date", limit=3) == [
        "statement",
        "milli",
        "brussels",
    ]


def test_timeline_participant_and_topic(index: CollectionIndex) -> None:
    assert ids(index, "timeline", participant="nikol-pashinyan") == [
        "pashinyan",
        "ceasefire",
        "brussels",
    ]
    assert ids(index, "timeline", participant="russia") == [
        "ceasefire",
        "moscow",
        "sochi",
    ]
    assert ids(index, "timeline", topic="borders") == ["sochi", "brussels", "statement"]
    assert ids(index, "timeline", topic="borders", kinds="event,statement") == [
        "brussels",
        "statement",
    ]
    assert ids(index, "timeline", participant="ilham-aliyev", topic="railways") == [
        "aliyev",
        "moscow",
    ]


def test_a_span_overlapping_the_range_matches(index: CollectionIndex) -> None:
    # the Brussels meeting runs 14-15 December
    assert ids(index, "timeline", kinds="event", since="2021-12-15") == ["brussels"]
    assert ids(index, "timeline", kinds="event", since="2021-12-16") == []
    assert ids(index, "timeline", kinds="event", until="2021-12-13") == []


# -- entity-list ---------------------------------------------------------------


def test_entity_list_by_kind_sorted_by_name(index: CollectionIndex) -> None:
    assert ids(index, "entity-list", kind="person") == [
        "emin-milli",
        "ilham-aliyev",
        "nikol-pashinyan",
    ]
    assert ids(index, "entity-list", kind="organization", sort="-name") == [
        "russia",
        "restart",
        "azerbaijan",
        "armenia",
    ]
    assert ids(index, "entity-list", kind="event", sort="date") == [
        "brussels",
        "undated-talks",
    ]


def test_entity_list_topic(index: CollectionIndex) -> None:
    assert ids(index, "entity-list", kind="topic", topic="economy") == [
        "railways",
        "transport",
    ]
    assert ids(index, "entity-list", kind="event", topic="borders") == [
        "brussels",
        "undated-talks",
    ]
    assert ids(index, "entity-list", kind="statement", topic="borders") == ["statement"]
    assert ids(index, "entity-list", kind="person", topic="borders") == []


def test_entity_list_limit(index: CollectionIndex) -> None:
    assert ids(index, "entity-list", kind="person", limit=1) == ["emin-milli"]


# -- properties ----------------------------------------------------------------

_FILTER_VALUES = {
    "speaker": ["emin-milli", "ilham-aliyev", "nikol-pashinyan", "nobody"],
    "organization": ["restart", "azerbaijan", "armenia"],
    "topic": ["economy", "transport", "railways", "borders"],
    "about": ["ceasefire", "ceasefire/9", "moscow", "brussels", "borders"],
}
_DATES = ["", "2020", "2020-11", "2021-01-05", "2021-06", "2021-12-15", "2022"]


@settings(max_examples=150, deadline=None)
@given(
    chosen=st.dictionaries(
        st.sampled_from(sorted(_FILTER_VALUES)),
        st.integers(min_value=1, max_value=15),
        max_size=4,
    ),
    since=st.sampled_from(_DATES),
    until=st.sampled_from(_DATES),
    sort=st.sampled_from(["date", "-date"]),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
)
def test_properties_of_quote_queries(
    chosen: dict[str, int], since: str, until: str, sort: str, limit: int | None
) -> None:
    index = collection_index(KnowledgeBase(ENTITIES, {}))
    filters = tuple(
        (
            name,
            tuple(v for bit, v in enumerate(_FILTER_VALUES[name]) if mask >> bit & 1) or ("x",),
        )
        for name, mask in sorted(chosen.items())
    )

    def run(filters: tuple, limit: int | None = None) -> list[str]:
        query = CollectionQuery("quote-list", "page", 1, filters, since, until, sort, limit)
        return [e.id for e in run_query(index, query)]

    full = run(filters)
    # limit takes a prefix of the sorted result
    assert run(filters, limit) == (full[:limit] if limit else full)
    # AND: adding a filter never adds results; each filter alone contains the result
    for position in range(len(filters)):
        alone = run(filters[position : position + 1])
        assert set(full) <= set(alone)
    unfiltered = run(())
    assert set(full) <= set(unfiltered)
    # each result lies in the date range and the order follows the sort
    low = KbDate.parse(since) if since else None
    high = KbDate.parse(until) if until else None
    for quote_id in full:
        span = index.spans.get(("quote", quote_id))
        if low or high:
            assert span is not None
        if low and span:
            assert span[1] >= low.sort_key
        if high and span:
            assert span[0] <= high.last_day_key
    keys = [index.spans[("quote", i)][0] for i in full if ("quote", i) in index.spans]
    assert keys == sorted(keys, reverse=sort == "-date")


# -- the scope (starting set) and the registry of kinds -------------------------


def test_a_scope_is_the_starting_set_that_filters_narrow(index: CollectionIndex) -> None:
    query = CollectionQuery("agreement-table", "page", 1)
    scope = {("agreement", "moscow"), ("agreement", "sochi"), ("quote", "q-milli")}
    assert [e.id for e in run_query(index, query, scope)] == ["moscow", "sochi"]
    narrowed = CollectionQuery("agreement-table", "page", 1, (("party", ("azerbaijan",)),))
    assert [e.id for e in run_query(index, narrowed, scope)] == ["moscow"]
    assert run_query(index, query, frozenset()) == []
    assert [e.id for e in run_query(index, query, None)] == ["ceasefire", "moscow", "sochi"]


def test_a_scope_holding_unknown_keys_only_limits(index: CollectionIndex) -> None:
    query = CollectionQuery("timeline", "page", 1, (("kinds", ("agreement",)),))
    scope = {("agreement", "ceasefire"), ("agreement", "gone")}
    assert [e.id for e in run_query(index, query, scope)] == ["ceasefire"]


def test_every_collection_of_the_contract_is_one_registered_kind() -> None:
    kinds = collection_kinds()
    assert list(kinds) == [
        "quote-list",
        "agreement-table",
        "timeline",
        "entity-list",
        "agreement-graph",
    ]
    graph = CollectionQuery("agreement-graph", "p", 1, settings=(("lanes", "party"),))
    assert (graph.kinds, graph.setting("lanes"), graph.setting("events")) == (
        ("agreement",),
        "party",
        "no",
    )
    assert (
        kinds["entity-list"].empty_message(
            CollectionQuery("entity-list", "p", 1, (("kind", ("person",)),))
        )
        == "No people match."
    )
    assert (
        kinds["timeline"].empty_message(
            CollectionQuery("timeline", "p", 1, (("kinds", ("quote",)),))
        )
        == "No entries match."
    )
    assert CollectionQuery("entity-list", "p", 1).kinds == ()
    assert CollectionQuery("timeline", "p", 1).kinds == kinds["timeline"].entity_kinds
    with pytest.raises(ValueError, match="twice"):
        register(kinds["timeline"])
