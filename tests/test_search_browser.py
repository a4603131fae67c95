"""The search page in a real browser: queries typed into the built site.

The search test root is built once per module, served over HTTP on
127.0.0.1, and driven through Playwright with Debian's Chromium. Results are
read from the page the way a reader sees them. Without Chromium these tests
fail, on a workstation as in CI (``make test`` installs it first).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from test_accessibility import axe_violations, describe

from conftest import ROOTS, browser_unavailable, serve

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search test root, built once for the module."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("browser") / "search"
    shutil.copytree(ROOTS / "test-search", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def server(search_site: Path) -> Iterator[str]:
    """The built test root on a free port of 127.0.0.1."""
    with serve(search_site) as url:
        yield url


@pytest.fixture
def page(chromium, server):
    """A fresh tab; afterwards, checks that nothing was fetched off localhost."""
    context = chromium.new_context()
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.base = server
    yield tab
    context.close()
    foreign = [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    assert foreign == []


def open_search(page, query: str = "") -> None:
    page.goto(f"{page.base}/search.html{query}")
    page.wait_for_selector("html[data-search-state=ready]")


def type_query(page, text: str) -> None:
    """Type as a reader does, then press Enter; wait for the announced count."""
    field = page.get_by_label("Search quotes, agreements, provisions and statements")
    field.fill("")
    field.press_sequentially(text)
    field.press("Enter")
    wait_for_status(page, f"for “{text}”")


def wait_for_status(page, text: str) -> None:
    """Wait until the live region announces ``text``."""
    page.wait_for_function(
        "t => document.querySelector('#kb-search-status').textContent.includes(t)",
        arg=text,
    )


def toggle_filter(page, name: str, value: str) -> None:
    """Check a filter box from the keyboard (focus, Space) and wait for the update."""
    before = page.inner_text("#kb-search-status")
    box = page.locator(f'fieldset[data-filter="{name}"] input[value="{value}"]')
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "before => document.getElementById('kb-search-status').textContent !== before",
        arg=before,
    )


def results(page) -> list[dict[str, str]]:
    """The result list as a reader sees it: link target, title, kind."""
    html = BeautifulSoup(page.inner_html("#kb-search-results"), "html.parser")
    found = []
    for item in html.select("li.kb-search-result"):
        link = item.select_one("h3 a")
        address = urlsplit(link["href"])
        found.append(
            {
                "href": address.path + (f"#{address.fragment}" if address.fragment else ""),
                "title": link.get_text(strip=True),
                "kind": item.get("data-kind", ""),
                "excerpt": item.select_one(".kb-search-excerpt").get_text(" ", strip=True),
            }
        )
    return found


def test_quote_phrase_finds_that_quote_first(page) -> None:
    open_search(page)
    # the topic of economic cooperation cites the same words, and more often
    type_query(page, "We believe that economic cooperation")
    found = results(page)
    assert found, "no results"
    assert found[0]["href"] == "/brussels.html#quote-milli-2021-12-15"
    assert found[0]["kind"] == "quote"
    assert "economic cooperation" in found[0]["excerpt"]
    assert "/actors.html#topic-economic-cooperation" in [r["href"] for r in found]
    status = page.inner_text("#kb-search-status")
    assert status.startswith(f"{len(found)} result")


def test_speaker_filter_narrows_to_their_quotes(page) -> None:
    open_search(page)
    toggle_filter(page, "kind", "quote")
    all_quotes = {r["href"] for r in results(page)}
    assert all_quotes == {
        "/brussels.html#quote-milli-2021-12-15",
        "/brussels.html#quote-mitchell-2021-12-15",
        "/yerevan.html#quote-milli-2022-03-01",
    }
    toggle_filter(page, "speaker", "Emin Milli")
    narrowed = results(page)
    assert {r["href"] for r in narrowed} == {
        "/brussels.html#quote-milli-2021-12-15",
        "/yerevan.html#quote-milli-2022-03-01",
    }
    assert all(r["title"].startswith("Emin Milli") for r in narrowed)
    # the filters are in the address, so the narrowed list can be shared
    assert "speaker=Emin+Milli" in page.url and "kind=quote" in page.url


def test_kind_agreement_lists_only_agreements(page) -> None:
    open_search(page)
    toggle_filter(page, "kind", "agreement")
    found = results(page)
    assert {r["href"] for r in found} == {
        "/agreements.html#agreement-ceasefire-2020",
        "/agreements.html#agreement-working-group-2021",
    }
    assert {r["kind"] for r in found} == {"agreement"}
    # with a query, the filter still holds
    type_query(page, "ceasefire")
    assert {r["kind"] for r in results(page)} == {"agreement"}


def test_provision_text_finds_its_anchor(page) -> None:
    open_search(page)
    type_query(page, "transport links in the region shall be unblocked")
    found = results(page)
    assert found[0]["href"] == "/agreements.html#provision-ceasefire-2020--9"
    assert found[0]["title"] == "Trilateral statement of 9 November 2020, provision 9"
    page.click("#kb-search-results li:first-child h3 a")
    page.wait_for_url("**/agreements.html#provision-ceasefire-2020--9")
    assert page.locator("#provision-ceasefire-2020--9").is_visible()


def test_armenian_word_finds_its_page(page) -> None:
    open_search(page)
    type_query(page, "Հայաստան")
    found = results(page)
    assert found and found[0]["href"] == "/yerevan.html"
    assert "Հայաստան" in found[0]["excerpt"]


@pytest.mark.parametrize("spelling", ["Azərbaycan", "Azerbaycan"])
def test_azerbaijani_found_however_the_schwa_is_typed(page, spelling: str) -> None:
    open_search(page)
    type_query(page, spelling)
    assert [r["href"] for r in results(page)] == ["/brussels.html"]


def test_sidebar_search_box_leads_to_the_search_page(page) -> None:
    page.goto(f"{page.base}/index.html")
    sidebar = page.locator("form.sidebar-search-container input[name=q]")
    sidebar.fill("Gyumri")
    sidebar.press("Enter")
    page.wait_for_url("**/search.html?q=Gyumri")
    page.wait_for_selector("html[data-search-state=ready]")
    field = page.get_by_label("Search quotes, agreements, provisions and statements")
    assert field.input_value() == "Gyumri"
    wait_for_status(page, "Gyumri")
    assert [r["href"] for r in results(page)] == ["/yerevan.html#quote-milli-2022-03-01"]


def test_keyboard_reaches_box_every_filter_and_results(page) -> None:
    open_search(page, "?q=ceasefire")
    wait_for_status(page, "ceasefire")
    boxes = page.eval_on_selector_all(
        "#kb-search-filter-pane input[type=checkbox]", "els => els.map(e => e.name + '=' + e.value)"
    )
    assert len(boxes) > 10
    page.get_by_label("Search quotes, agreements, provisions and statements").focus()
    reached = []
    for _ in range(len(boxes) + 20):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " const where = e.closest('.kb-search-filter') ? 'filter'"
                " : e.closest('#kb-search-results') ? 'result' : '';"
                " return [e.tagName, (e.name || '') + '=' + (e.value || ''), where] }"
            )
        )
    assert any(tag == "SELECT" for tag, _, _ in reached)
    assert {name for tag, name, where in reached if where == "filter"} == set(boxes)
    assert any(where == "result" and tag == "A" for tag, _, where in reached)
    # every filter group is a fieldset with a legend a screen reader announces
    for fieldset in BeautifulSoup(page.content(), "html.parser").select(
        "#kb-search-filter-pane fieldset"
    ):
        assert fieldset.legend.get_text(strip=True)


def test_missing_browser_fails_everywhere_and_is_never_skipped(monkeypatch) -> None:
    for ci in ("true", None):
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        with pytest.raises(pytest.fail.Exception, match=r"cannot run: no chromium\. Run `make"):
            browser_unavailable("no chromium")


def test_search_page_has_no_serious_accessibility_violations(page) -> None:
    open_search(page, "?q=peace&kind=quote")
    wait_for_status(page, "for “peace”")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
