"""Regression tests for the scaling fixes found by the benchmarks.

Each fix removed a step whose cost grew faster than the content; these
tests pin the property that made it linear.
"""

from __future__ import annotations

from types import SimpleNamespace

from briefing.rendering import page_titles
from docutils import nodes


class CountingTitle(nodes.title):
    conversions = 0

    def astext(self) -> str:
        CountingTitle.conversions += 1
        return super().astext()


def test_page_titles_converts_only_the_titles_asked_for() -> None:
    env = SimpleNamespace(
        titles={f"page-{i}": CountingTitle("", f"Page {i}") for i in range(1000)}
    )
    CountingTitle.conversions = 0
    titles = page_titles(env)
    assert CountingTitle.conversions == 0
    assert titles["page-7"] == "Page 7"
    assert titles.get("page-7") == "Page 7"
    assert titles.get("missing", "fallback") == "fallback"
    assert CountingTitle.conversions == 1
    assert len(titles) == 1000 and "page-999" in titles
