"""Search: the Pagefind markup of pages, the entity records, the search page,
the bundle written at the end of the build, and its failure.

What readers find is checked in a real browser by ``test_search_browser.py``;
these tests check what the build hands to Pagefind.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.domain import get_domain
from briefing.search.indexer import SearchIndexError, entity_records
from briefing.search.records import folded_variants

from conftest import ROOTS, warning_lines


@pytest.fixture
def fresh_root(tmp_path: Path) -> Path:
    """A private copy of the search test root, for builds that change it."""
    srcdir = tmp_path / "search"
    shutil.copytree(ROOTS / "test-search", srcdir)
    return srcdir


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_search_data(page: BeautifulSoup) -> dict[str, dict[str, list[str]]]:
    """The filters, metadata and sort keys a page gives Pagefind, as it reads them."""
    data: dict[str, dict[str, list[str]]] = {"filter": {}, "meta": {}, "sort": {}}
    for kind, found in data.items():
        for element in page.select(f"[data-pagefind-{kind}]"):
            spec = element[f"data-pagefind-{kind}"]
            name, _, attribute = spec.partition("[")
            found.setdefault(name, []).append(element[attribute.rstrip("]")])
    return data


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_pages_mark_their_body_and_search_data(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    out = Path(app.outdir)
    page = soup(out / "brussels.html")

    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1
    body = bodies[0]
    assert body.find_parent("article") is not None
    assert body.find("h1").get_text(strip=True).startswith("Statement on the meeting")
    for outside in page.select("nav, footer, header, aside"):
        assert body not in outside.parents and outside not in body.descendants

    assert page_search_data(page) == {
        "filter": {
            "kind": ["statement"],
            "organization": ["Restart Initiative"],
            "agreement": ["Trilateral statement of 9 November 2020"],
            "topic": ["Economic cooperation"],
            "year": ["2021"],
        },
        "meta": {"kind": ["statement"], "date": ["15 December 2021"]},
        "sort": {"date": ["2021-12-15"]},
    }
    variants = body.select("[data-pagefind-index-attrs]")
    assert [v["data-variants"] for v in variants] == ["Azerbaycan"]

    # quotes are results of their own: Pagefind leaves them out of the page
    quotes = page.select(".kb-entity.kb-quote")
    assert len(quotes) == 2
    assert all("kb-search-separate" in q["class"] for q in quotes)
    assert "kb-search-separate" not in page.select_one(".kb-statement")["class"]

    # a plain page has a body but no kind
    actors = soup(out / "actors.html")
    assert len(actors.select("[data-pagefind-body]")) == 1
    assert page_search_data(actors)["filter"] == {}


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_search_page_replaces_sphinx_search(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    out = Path(app.outdir)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert any((out / "pagefind").glob("pagefind.en_*.pf_meta"))
    assert not (out / "searchindex.js").exists()

    page = soup(out / "search.html")
    field = page.select_one("input#kb-search-input")
    assert field["name"] == "q" and field["type"] == "search"
    assert page.select_one('label[for="kb-search-input"]').get_text(strip=True)
    status = page.select_one("#kb-search-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert page.select_one('label[for="kb-search-sort"]') is not None
    scripts = [s.get("src", "") for s in page.select("script")]
    assert any(s.startswith("_static/briefing-search.js") for s in scripts)
    assert not any("searchtools" in s or "searchindex" in s for s in scripts)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    # no page of the search page is indexed itself
    assert page.select("[data-pagefind-body]") == []
    # Furo's sidebar box submits q to this page
    sidebar = soup(out / "index.html").select_one("form.sidebar-search-container")
    assert sidebar["action"] == "search.html"
    assert sidebar.select_one("input")["name"] == "q"

    # nothing on any page comes from the network
    for html in out.glob("*.html"):
        for element in soup(html).select("script[src], link[href][rel=stylesheet]"):
            address = element.get("src") or element.get("href")
            assert not address.startswith(("http:", "https:", "//")), (
                html.name,
                address,
            )


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_entities_are_records_with_deep_links(app) -> None:
    app.build()
    knowledge = get_domain(app.env).knowledge
    records = {r.url: r for r in entity_records(knowledge, app.builder)}

    quote = records["/brussels.html#quote-milli-2021-12-15"]
    assert quote.content.startswith("We believe that economic cooperation")
    assert quote.filters == {
        "kind": ["quote"],
        "speaker": ["Emin Milli"],
        "organization": ["Restart Initiative"],
        "agreement": ["Trilateral statement of 9 November 2020"],
        "year": ["2021"],
    }
    assert quote.meta["title"] == "Emin Milli, 15 December 2021"
    assert quote.meta["speaker"] == "Emin Milli"
    assert quote.sort == {"date": "2021-12-15"}

    provision = records["/agreements.html#provision-ceasefire-2020--9"]
    assert provision.content == (
        "All economic and transport links in the region shall be unblocked."
    )
    assert provision.filters["kind"] == ["provision"]
    assert provision.filters["agreement"] == ["Trilateral statement of 9 November 2020"]
    assert provision.filters["party"] == [
        "Republic of Azerbaijan",
        "Republic of Armenia",
    ]
    assert provision.filters["topic"] == ["Transport links"]
    assert provision.meta["date"] == "9 November 2020"

    kinds = sorted(r.filters["kind"][0] for r in records.values())
    assert kinds == sorted(
        ["quote"] * 3
        + ["agreement"] * 2
        + ["provision"] * 2
        + ["person"] * 2
        + ["organization"] * 3
        + ["topic"] * 2
    )
    # statements and briefs are found as their pages, not as records
    assert not any(r.url.startswith("/brussels.html#statement") for r in records.values())


@pytest.mark.sphinx("dirhtml", testroot="search", freshenv=True)
def test_dirhtml_is_indexed_with_directory_urls(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    out = Path(app.outdir)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "search" / "index.html").is_file()
    assert not (out / "searchindex.js").exists()
    urls = {r.url for r in entity_records(get_domain(app.env).knowledge, app.builder)}
    assert "/brussels/#quote-milli-2021-12-15" in urls


def test_indexing_failure_fails_the_build_with_pagefinds_message(make_app, fresh_root) -> None:
    app = make_app("html", srcdir=fresh_root)
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pagefind").write_text("in the way", encoding="utf-8")
    with pytest.raises(SearchIndexError) as failure:
        app.build()
    assert "Pagefind could not index" in str(failure.value)
    # Pagefind's own words: which of its writes fails first varies from run to run
    assert re.search(r"File exists|Not a directory", str(failure.value))


def test_search_can_be_switched_off(make_app, fresh_root) -> None:
    app = make_app("html", srcdir=fresh_root, confoverrides={"briefing_search": False})
    app.build()
    out = Path(app.outdir)
    assert (out / "searchindex.js").is_file()
    assert not (out / "pagefind").exists()
    assert soup(out / "brussels.html").select("[data-pagefind-body]") == []


@pytest.mark.sphinx("singlehtml", testroot="search", freshenv=True)
def test_single_page_builds_have_no_search_bundle(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    out = Path(app.outdir)
    assert not (out / "pagefind").exists()  # nothing would search it
    assert not (out / "searchindex.js").exists()


@pytest.mark.sphinx("epub", testroot="search", freshenv=True)
def test_html_builders_without_search_get_no_search_markup(app) -> None:
    # EPUB, like the PDF builder, writes HTML but has no search
    app.build()
    out = Path(app.outdir)
    page = soup(out / "brussels.xhtml")
    assert "lasting peace" in page.get_text()
    assert page.select("[data-pagefind-body]") == []
    assert page.select(".kb-search-separate") == []
    assert not (out / "pagefind").exists()


@pytest.mark.sphinx("text", testroot="search", freshenv=True)
def test_other_builders_are_untouched(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    out = Path(app.outdir)
    assert not (out / "pagefind").exists()
    assert "lasting peace" in (out / "brussels.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="search", freshenv=True, parallel=2)
def test_parallel_build_marks_pages_alike(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    data = page_search_data(soup(Path(app.outdir) / "brussels.html"))
    assert data["filter"]["organization"] == ["Restart Initiative"]
    assert data["filter"]["agreement"] == ["Trilateral statement of 9 November 2020"]
    assert (Path(app.outdir) / "pagefind" / "pagefind.js").is_file()


def test_incremental_build_updates_search_data(make_app, fresh_root) -> None:
    srcdir = fresh_root
    app = make_app("html", srcdir=srcdir)
    app.build()
    brussels = Path(app.outdir) / "brussels.html"
    assert page_search_data(soup(brussels))["filter"]["topic"] == ["Economic cooperation"]

    # the page's search data is part of what incremental builds compare
    views = app.env.events.emit(
        "briefing-page-views", app.env, get_domain(app.env).knowledge, "brussels", {}
    )
    search_views = [view for view in views if view and view[0] == "search"]
    assert len(search_views) == 1
    assert "Economic cooperation" in repr(search_views[0])

    actors = srcdir / "actors.md"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(
            ":title: Economic cooperation", ":title: Economic ties"
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert page_search_data(soup(brussels))["filter"]["topic"] == ["Economic ties"]
    entry = Path(app.outdir) / "pagefind" / "pagefind-entry.json"
    indexed = entry.stat().st_mtime_ns

    # no page changed: Pagefind (which can only rewrite the index whole) is not run
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert entry.stat().st_mtime_ns == indexed
    # one page changed: the index is written anew
    brussels_source = srcdir / "brussels.md"
    brussels_source.write_text(brussels_source.read_text(encoding="utf-8") + "\nMore.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert entry.stat().st_mtime_ns > indexed


WITHDRAWN = """---
orphan: true
---

# Withdrawn note

A note on the zanzibarish proposal, since withdrawn.
"""


def indexed_pages(outdir: Path) -> int:
    """How many pages the bundle's index holds, as Pagefind's entry file says."""
    entry = json.loads((outdir / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def indexed_text(outdir: Path) -> str:
    """The text of every page and record in the bundle (its fragments)."""
    prefix = b"pagefind_dcd"
    texts = []
    for fragment in sorted((outdir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(data.removeprefix(prefix))["content"])
    return "\n".join(texts)


def test_a_removed_page_leaves_the_search_index(make_app, fresh_root, tmp_path) -> None:
    (fresh_root / "withdrawn.md").write_text(WITHDRAWN, encoding="utf-8")
    app = make_app("html", srcdir=fresh_root)
    app.build()
    out = Path(app.outdir)
    assert "zanzibarish" in indexed_text(out)
    with_note = indexed_pages(out)

    (fresh_root / "withdrawn.md").unlink()
    app = make_app("html", srcdir=fresh_root)
    app.build()
    clean = make_app("html", srcdir=fresh_root, builddir=tmp_path / "clean")
    clean.build()
    assert indexed_pages(out) == indexed_pages(Path(clean.outdir)) == with_note - 1
    assert "zanzibarish" not in indexed_text(out)
    assert indexed_text(out) == indexed_text(Path(clean.outdir))


def test_a_change_of_language_reindexes(make_app, fresh_root) -> None:
    app = make_app("html", srcdir=fresh_root)
    app.build()
    out = Path(app.outdir)
    assert any((out / "pagefind").glob("pagefind.en_*.pf_meta"))
    app = make_app("html", srcdir=fresh_root, confoverrides={"language": "fr"})
    app.build()
    assert any((out / "pagefind").glob("pagefind.fr_*.pf_meta"))
    assert not any((out / "pagefind").glob("pagefind.en_*.pf_meta"))


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("Azərbaycan Respublikası", ["Azerbaycan", "Respublikasi"]),
        ("Bakı, Gəncə.", ["Baki", "Gence"]),
        ("Café résumé Şuşa", []),  # Pagefind folds combining accents itself
        ("Հայաստան Yerevan", []),
        ("Azərbaycan azərbaycan Azərbaycan", ["Azerbaycan", "azerbaycan"]),
    ],
)
def test_folded_variants(text: str, variants: list[str]) -> None:
    assert folded_variants(text) == variants
