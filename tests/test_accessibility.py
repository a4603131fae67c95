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
    "agreement graph": "knowledge-base/agreements.html",
}


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm ci --prefix tests/a11y)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
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


def test_keyboard_reaches_every_node_of_a_graph(page):
    page.goto(f"{page.base}/{PAGES['agreement graph']}")
    nodes = page.eval_on_selector_all(
        "svg.kb-graph a.kb-graph-node", "links => links.map(a => a.dataset.kbId)"
    )
    assert len(nodes) >= 3
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('svg.kb-graph') ? "
            "document.activeElement.dataset.kbId : null"
        )
        if focused:
            reached.append(focused)
        if len(reached) == len(nodes):
            break
    assert reached == nodes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_graph_follows_the_colour_scheme(chromium, site_url, scheme):
    """Furo's automatic theme: the drawing takes the page's colours in both schemes."""
    context = chromium.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(f"{site_url}/{PAGES['agreement graph']}")
    colours = tab.evaluate(
        """() => {
        const body = getComputedStyle(document.body);
        const label = document.querySelector('svg.kb-graph a.kb-graph-node text');
        const lane = document.querySelector('svg.kb-graph rect.kb-graph-lane-odd');
        return [getComputedStyle(label).fill, body.getPropertyValue('--color-link').trim(),
                getComputedStyle(lane).fill, body.backgroundColor];
    }"""
    )
    context.close()
    label, link, lane, background = colours
    assert label.replace(" ", "") == _rgb(link)
    assert lane == background
    dark = background != "rgb(255, 255, 255)"
    assert dark is (scheme == "dark")


def _rgb(colour: str) -> str:
    """A #rrggbb colour as the browser reports fills: rgb(r,g,b)."""
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r},{g},{b})"
