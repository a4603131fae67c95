"""The sidebar's navigation: collected once per build, large sections collapsed.

Furo asks every page for the whole toctree; :mod:`briefing.sidebar` answers
from a navigation collected once. Under the size limit the answer is the same
HTML Sphinx gives; over it, a section's long list shows only the current page,
so no page's sidebar grows with the number of pages (structural checks, no
timing: the benchmark measures the time).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing import sidebar

from conftest import warning_lines

#: What Furo asks each page for.
WHOLE_TREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}

BIG_PAGES = [f"big/page-{i:02d}" for i in range(1, 9)]


def _record_sidebars(app) -> dict[str, tuple[str, str]]:
    """pagename -> (the sidebar tree the page got, Furo's from Sphinx's own toctree)."""
    from furo.navigation import get_navigation_tree

    seen: dict[str, tuple[str, str]] = {}

    def record(app, pagename, templatename, context, doctree) -> None:
        if "furo_navigation_tree" in context:
            sphinx_own = app.builder._get_local_toctree(pagename, **WHOLE_TREE)
            seen[pagename] = (context["furo_navigation_tree"], get_navigation_tree(sphinx_own))

    app.connect("html-page-context", record, priority=900)
    return seen


def _links(html: str) -> list[str]:
    return [a.get_text() for a in BeautifulSoup(html, "html.parser").select("a")]


@pytest.mark.sphinx(
    "html",
    testroot="sidebar",
    freshenv=True,
    confoverrides={"briefing_sidebar_max_entries": 100},
)
def test_under_the_limit_the_sidebar_is_furo_own(app, warning) -> None:
    seen = _record_sidebars(app)
    app.build()
    assert warning_lines(warning) == []
    assert set(seen) >= {"index", "about", "small/one", *BIG_PAGES}
    for pagename, (ours, furo_own) in seen.items():
        # the same markup, and the current page's link marked for screen readers
        assert ours.replace('<a aria-current="page" ', "<a ") == furo_own, pagename
        if pagename != "search":
            assert ours.count('aria-current="page"') == 1, pagename
    assert "Big page 08" in _links(seen["index"][0])


@pytest.mark.sphinx("html", testroot="sidebar", freshenv=True)
def test_a_large_section_shows_only_the_current_page(app, warning) -> None:
    seen = _record_sidebars(app)
    app.build()
    assert warning_lines(warning) == []
    # the small section (2 pages) is spelled out; the big one (8 > 5) is not
    links = _links(seen["index"][0])
    assert "Page one" in links and "Page two" in links
    assert "Big section" in links
    assert not any(link.startswith("Big page") for link in links)
    # on a page of the big section, that page alone appears under its section
    soup = BeautifulSoup(seen["big/page-03"][0], "html.parser")
    big = next(li for li in soup.select("li.toctree-l1") if li.a.get_text() == "Big section")
    assert [a.get_text() for a in big.select("li.toctree-l2 > a")] == ["Big page 03"]
    current = soup.select("a.current")
    assert [a.get_text() for a in current] == ["Big page 03"]
    assert [a.get_text() for a in soup.select('a[aria-current="page"]')] == ["Big page 03"]
    assert [li.a.get_text() for li in soup.select("li.current")] == ["Big section", "Big page 03"]


@pytest.mark.sphinx("html", testroot="sidebar", freshenv=True)
def test_furo_marks_the_current_page(app) -> None:
    app.build()
    html = Path(app.outdir, "big", "page-05.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")
    assert tree is not None
    page = tree.select_one("li.current-page")
    assert page is not None and page.a.get_text() == "Big page 05"
    # Furo opens the collapsed section's branch
    section = tree.select_one("li.has-children.current")
    assert section is not None and section.find("input", recursive=False).has_attr("checked")


@pytest.mark.sphinx(
    "html", testroot="sidebar", freshenv=True, confoverrides={"html_theme": "basic"}
)
def test_other_themes_get_sphinx_own_html(app, warning) -> None:
    seen: dict[str, tuple[str, str]] = {}

    def record(app, pagename, templatename, context, doctree) -> None:
        ours = context["toctree"](**WHOLE_TREE)
        seen[pagename] = (ours, app.builder._get_local_toctree(pagename, **WHOLE_TREE))

    app.connect("html-page-context", record, priority=900)
    app.build()
    assert warning_lines(warning) == []
    for pagename in ("index", "small/one", "about"):
        ours, sphinx_own = seen[pagename]
        assert "Big page 01" not in ours  # collapsed: 8 entries over the limit of 5
        assert ours.count("<li") < sphinx_own.count("<li")
    # on a page of the big section, it is the only entry of its list
    assert [
        a.get_text()
        for a in BeautifulSoup(seen["big/page-02"][0], "html.parser").select("a.current")
    ] == ["Big page 02"]


def test_a_sidebar_is_bounded_by_the_sections_not_the_pages() -> None:
    """2,000 pages in one toctree: each page's sidebar holds a handful of entries."""
    pages = tuple(sidebar.NavEntry(f"Page {i}", f"archive/p{i}") for i in range(2000))
    archive = sidebar.NavEntry("Archive", "archive/index", children=pages)
    about = sidebar.NavEntry("About", "about")
    positions = {"archive/index": ((0, 0),), "about": ((0, 1),)}
    positions |= {f"archive/p{i}": ((0, 0, i),) for i in range(2000)}
    navigation = sidebar.Navigation(
        (sidebar.NavGroup("", (archive, about)),), positions, max_entries=30
    )
    for docname in ("about", "archive/index", "archive/p0", "archive/p1999"):
        tree = sidebar.render_navigation(navigation, docname, lambda target: target)
        assert tree is not None
        references = [r["refuri"] for r in tree.findall(sidebar.nodes.reference)]
        expected = ["archive/index", "about"]
        if docname.startswith("archive/p"):
            expected.insert(1, docname)
        assert references == expected


@pytest.mark.sphinx("html", testroot="sidebar", freshenv=True)
def test_the_navigation_is_collected_once_per_build(app, monkeypatch) -> None:
    calls: list[int] = []
    collect = sidebar.collect_navigation

    def counting(*args, **kwargs):
        calls.append(1)
        return collect(*args, **kwargs)

    monkeypatch.setattr(sidebar, "collect_navigation", counting)
    app.build()
    assert len(calls) == 1
    assert len(list(Path(app.outdir).rglob("*.html"))) > 10


@pytest.mark.sphinx("html", testroot="sidebar", freshenv=True, parallel=2)
def test_a_parallel_build_marks_each_page(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    for name in ("page-01", "page-08"):
        html = Path(app.outdir, "big", f"{name}.html").read_text(encoding="utf-8")
        tree = BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")
        assert tree is not None
        assert tree.select_one("li.current-page").a.get_text() == f"Big page {name[-2:]}"
