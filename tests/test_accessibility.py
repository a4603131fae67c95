"""Accessibility of the published site, as readers with assistive technology meet it.

axe-core (installed from the npm registry into ``tests/a11y/``) runs in
headless Chromium on the pages the issue names; no serious or critical
violation may remain. Keyboard-only navigation must reach the search box and
every search filter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = {
    "home": "index.html",
    "statement": "statements/brussels-meeting-2021-12-15.html",
    "agreement brief": "briefs/trilateral-statement-2020-11-09.html",
    "person": "briefs/people.html#person-emin-milli",
    "chronology": "knowledge-base/chronology.html",
}


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm ci --prefix tests/a11y)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.fixture
def page(chromium, site_url):
    context = chromium.new_context()
    tab = context.new_page()
    tab.base = site_url
    yield tab
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_or_critical_violations(page, name):
    page.goto(f"{page.base}/{PAGES[name]}")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_axe_finds_violations_when_there_are_some(page):
    """Guard: axe really runs (an image without text is a critical violation)."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Guard</title></head>'
        '<body><main><img src="x.png"></main></body></html>'
    )
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
