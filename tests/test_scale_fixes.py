"""Regression tests for the scaling fixes found by the benchmarks.

Each fix removed a step whose cost grew faster than the content; these
tests pin the property that made it linear.
"""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes

from briefing.rendering import page_titles


class CountingTitle(nodes.title):
    conversions = 0

    def astext(self) -> str:
        CountingTitle.conversions += 1
        return super().astext()


def test_page_titles_converts_only_the_titles_asked_for() -> None:
    env = SimpleNamespace(titles={f"page-{i}": CountingTitle("", f"Page {i}") for i in range(1000)})
    CountingTitle.conversions = 0
    titles = page_titles(env)
    assert CountingTitle.conversions == 0
    assert titles["page-7"] == "Page 7"
    assert titles.get("page-7") == "Page 7"
    assert titles.get("missing", "fallback") == "fallback"
    assert CountingTitle.conversions == 1
    assert len(titles) == 1000 and "page-999" in titles


def test_per_document_store_sends_back_only_what_a_worker_read() -> None:
    import copy
    import pickle

    from briefing.domain import KnowledgeBaseDomain, PerDocument

    store = PerDocument({"a": [1], "b": [2]})
    assert pickle.loads(pickle.dumps(store)) == {"a": [1], "b": [2]}
    assert isinstance(copy.deepcopy(store), PerDocument)
    # as in a forked parallel reader: the owner is another process
    store._owner = -1
    store.setdefault("c", []).append(3)
    store["d"] = [4]
    store.pop("d")
    sent = pickle.loads(pickle.dumps(store))
    assert sent == {"c": [3]}
    assert isinstance(sent, PerDocument)
    # the unpickled copy belongs to this process again: it sends everything
    sent["e"] = [5]
    assert pickle.loads(pickle.dumps(sent)) == {"c": [3], "e": [5]}
    fresh = copy.deepcopy(KnowledgeBaseDomain.initial_data)
    assert isinstance(fresh["entities"], PerDocument)
    assert fresh["entities"] is not KnowledgeBaseDomain.initial_data["entities"]
