"""Collections on MyST test roots: filters, rendering in each builder,
warnings, parallel builds and incremental rebuilds."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from docutils import nodes

from briefing.collections.directives import collection

from conftest import ROOTS, serve, warning_lines


def soup_of(app: Any, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{page}.html").read_text("utf-8"), "html.parser")


def section(soup: BeautifulSoup, heading: str) -> Tag:
    anchor = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")
    found = soup.find("section", id=anchor)
    assert isinstance(found, Tag), f"no section {anchor}"
    return found


def target(link: Tag) -> str:
    """An entity link's target: its anchor, or the page for statements and briefs."""
    href = str(link["href"])
    return href.split("#", 1)[1] if "#" in href else href.removesuffix(".html")


def shown(box: Tag) -> list[str]:
    """The entities a collection shows, in order, by their link targets."""
    collection_box = box.find("div", class_="kb-collection")
    assert isinstance(collection_box, Tag)
    classes = collection_box["class"]
    if "kb-quote-list" in classes:
        return [
            target(quote.select("p.attribution a")[-1])
            for quote in collection_box.select("blockquote")
        ]
    if "kb-agreement-table" in classes:
        return [target(a) for a in collection_box.select("tbody td.kb-column-title a")]
    if "kb-timeline" in classes:
        return [target(li.select("a")[-1]) for li in collection_box.select("li")]
    return [target(li.select("a")[0]) for li in collection_box.select("li")]


# -- filters, alone and combined -----------------------------------------------

EXPECTED = {
    "quote speaker": ["quote-milli-2021-12-15"],
    "quote organization": ["quote-aliyev-2021-01", "quote-michel-2021-12-14"],
    "quote topic": ["quote-aliyev-2021-01"],
    "quote about": ["quote-milli-2021-12-15"],
    "quote since": [
        "quote-michel-2021-12-14",
        "quote-milli-2021-12-15",
        "quote-mitchell-2021-12-15",
    ],
    "quote until": ["quote-aliyev-2021-01"],
    "quote combined": ["quote-milli-2021-12-15"],
    "agreement party": [
        "agreement-sochi-2021",
        "agreement-moscow-2021-01",
        "agreement-ceasefire-2020",
    ],
    "agreement signatory": ["agreement-ceasefire-2020", "agreement-moscow-2021-01"],
    "agreement topic": ["agreement-sochi-2021"],
    "agreement stage": ["agreement-moscow-2021-01", "agreement-sochi-2021"],
    "agreement range": ["agreement-moscow-2021-01"],
    "agreement combined": ["agreement-moscow-2021-01"],
    "timeline kinds": ["baku", "event-sochi-meeting", "event-brussels-meeting"],
    "timeline topic": [
        "agreement-sochi-2021",
        "event-sochi-meeting",
        "event-brussels-meeting",
        "brussels",
    ],
    "timeline participant": ["quote-michel-2021-12-14", "event-brussels-meeting"],
    "timeline range": ["quote-michel-2021-12-14", "event-brussels-meeting"],
    "timeline combined": ["event-brussels-meeting", "agreement-moscow-2021-01"],
    "entity organization": [
        "organization-european-council",
        "organization-armenia",
        "organization-azerbaijan",
        "organization-restart-initiative",
        "organization-russia",
    ],
    "entity topic": ["topic-transport-links"],
    "entity events by date": ["event-brussels-meeting", "event-sochi-meeting"],
    "entity statements on a topic": ["brussels"],
}


@pytest.mark.sphinx("html", testroot="collections")
def test_every_filter_alone_and_combined(app: Any, warning: Any) -> None:
    app.build()
    assert warning_lines(warning) == []
    soup = soup_of(app, "filters")
    for heading, expected in EXPECTED.items():
        assert shown(section(soup, heading)) == expected, heading


@pytest.mark.sphinx("html", testroot="collections")
def test_empty_results_say_so(app: Any) -> None:
    app.build()
    empty = section(soup_of(app, "filters"), "entity empty")
    assert empty.select_one(".kb-collection-empty").get_text() == "No briefs match."
    nothing = section(soup_of(app, "lists"), "nothing")
    assert nothing.select_one(".kb-collection-empty").get_text() == "No quotes match."


@pytest.mark.sphinx("html", testroot="collections")
def test_placeholders_become_standard_nodes(app: Any) -> None:
    app.build()
    doctree = app.env.get_and_resolve_doctree("lists", app.builder, tags=app.tags)
    assert not list(doctree.findall(collection))
    boxes = [n for n in doctree.findall(nodes.container) if "kb-collection" in n["classes"]]
    assert [b["classes"][1] for b in boxes] == [
        "kb-quote-list",
        "kb-agreement-table",
        "kb-timeline",
        "kb-entity-list",
        "kb-quote-list",
    ]
    assert len(list(boxes[1].findall(nodes.table))) == 1
    assert len(list(boxes[2].findall(nodes.bullet_list))) == 2  # 2020, 2021
    assert len(list(boxes[0].findall(nodes.block_quote))) == 2


# -- rendering in HTML ---------------------------------------------------------


@pytest.mark.sphinx("html", testroot="collections")
def test_quote_list_html(app: Any) -> None:
    app.build()
    box = section(soup_of(app, "lists"), "quotes on economic cooperation")
    quotes = box.select("blockquote.kb-collection-quote")
    assert [q.p.get_text() for q in quotes] == [
        "We believe that economic cooperation can help form the basis for lasting peace.",
        "Transport links will be restored.",
    ]
    first = quotes[0].select_one("p.attribution")
    links = first.select("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Emin Milli", "actors.html#person-emin-milli"),
        (
            "Statement on the meeting in Brussels",
            "brussels.html#quote-milli-2021-12-15",
        ),
    ]
    assert "Chairman, Restart Initiative" in first.get_text()
    assert "15 December 2021" in first.get_text()


@pytest.mark.sphinx("html", testroot="collections")
def test_agreement_table_html(app: Any) -> None:
    app.build()
    soup = soup_of(app, "lists")
    table = section(soup, "agreements on transport links").select_one("table.kb-sortable")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Date",
        "Agreement",
        "Parties",
        "Signatories",
        "Stage",
        "Status",
    ]
    rows = table.select("tbody tr")
    assert len(rows) == 2
    cells = rows[0].select("td")
    assert cells[0].time["datetime"] == "2020-11-09"
    assert cells[0].time.get_text() == "9 November 2020"
    assert cells[1].a["href"] == "agreements.html#agreement-ceasefire-2020"
    assert [a.get_text() for a in cells[2].select("a")] == [
        "Republic of Azerbaijan",
        "Republic of Armenia",
        "Russian Federation",
    ]
    assert [a["href"] for a in cells[3].select("a")] == [
        "actors.html#person-ilham-aliyev",
        "actors.html#person-nikol-pashinyan",
    ]
    # each cell carries its column label for the stacked phone layout
    assert [c.select_one(".kb-cell-label").get_text() for c in cells] == [
        "Date",
        "Agreement",
        "Parties",
        "Signatories",
        "Stage",
        "Status",
    ]
    assert cells[4].get_text().endswith("Ceasefire")
    assert cells[5].get_text().endswith("in force")
    scripts = [s.get("src", "") for s in soup.select("script")]
    assert any(src.startswith("_static/briefing-collections.js") for src in scripts)
    assert (Path(app.outdir) / "_static" / "briefing-collections.js").is_file()
    assert not any(src.startswith(("http:", "https:", "//")) for src in scripts)


@pytest.mark.sphinx("html", testroot="collections")
def test_timeline_html_is_grouped_by_year(app: Any) -> None:
    app.build()
    box = section(soup_of(app, "lists"), "timeline")
    years = box.select(".kb-timeline-year")
    assert [y.select_one(".kb-timeline-year-label").get_text() for y in years] == [
        "2020",
        "2021",
    ]
    items = years[1].select("li.kb-timeline-item")
    assert [i.time["datetime"] for i in items] == [
        "2021-01-11",
        "2021-11-26",
        "2021-11-26",
        "2021-12-14",
    ]
    assert [i.select_one(".kb-timeline-kind").get_text() for i in items] == [
        "Agreement",
        "Agreement",
        "Event",
        "Event",
    ]
    assert "kb-timeline-event" in items[-1]["class"]
    assert items[-1].a.get_text() == "Brussels meeting"


@pytest.mark.sphinx("html", testroot="collections")
def test_entity_list_html(app: Any) -> None:
    app.build()
    box = section(soup_of(app, "lists"), "people")
    items = box.select("li")
    assert items[0].a.get_text() == "Charles Michel"
    fields = items[0].select_one(".kb-entity-list-fields")
    assert fields.get_text() == "President of the European Council; European Council"
    assert fields.a["href"] == "actors.html#organization-european-council"


# -- other builders ------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="collections")
def test_text_builder(app: Any, warning: Any) -> None:
    app.build()
    assert warning_lines(warning) == []
    text = (Path(app.outdir) / "lists.txt").read_text("utf-8")
    assert "We believe that economic cooperation" in text
    assert "in *Statement on the meeting in Brussels*" in text
    assert "| 9 November 2020 " in text  # a table, with readable column widths
    assert "**2021**" in text
    assert "* 14 December 2021 — Event: *Brussels meeting*" in text
    assert "* *Emin Milli* — Chairman, Restart Initiative; *Restart Initiative*" in text
    assert "No quotes match." in text


@pytest.mark.sphinx("latex", testroot="collections")
def test_latex_builder(app: Any, warning: Any) -> None:
    app.build()
    assert warning_lines(warning) == []
    tex = next(Path(app.outdir).glob("*.tex")).read_text("utf-8")
    assert "We believe that economic cooperation" in tex
    assert r"\begin{longtable}" in tex or r"\begin{tabulary}" in tex
    assert "Trilateral statement of 9 November 2020" in tex
    assert r"\hyperref[\detokenize{agreements:agreement-ceasefire-2020}]" in tex
    assert "No quotes match." in tex
    assert "Brussels meeting" in tex


@pytest.mark.sphinx("singlehtml", testroot="collections")
def test_singlehtml_builder(app: Any, warning: Any) -> None:
    app.build()
    assert warning_lines(warning) == []
    soup = soup_of(app, "index")
    tables = soup.select("table.kb-agreement-table")
    assert tables
    link = tables[0].select_one("td.kb-column-title a")
    assert link["href"] == "#agreement-ceasefire-2020"
    assert soup.select_one("time.kb-date") is not None
    assert "No quotes match." in soup.get_text()


# -- warnings ------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="collections-warnings")
def test_bad_options_are_located_typed_warnings(app: Any, warning: Any) -> None:
    app.build()
    lines = [re.sub(r"^.*collections-warnings[/\\]", "", w) for w in warning_lines(warning)]
    assert lines == [
        "index.md:5: WARNING: {quote-list}: unknown option ':speakers:'. Did you mean "
        "'speaker'? Known options: about, limit, organization, since, sort, speaker, "
        "topic, until. [briefing.unknown-option]",
        "index.md:7: WARNING: {quote-list}: ':since:' is '2021-13', not a date; write "
        "YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-12-14). [briefing.invalid-date]",
        "index.md:8: WARNING: {quote-list}: ':sort:' must be one of date, -date, not "
        "'name'; the default 'date' is used. [briefing.invalid-value]",
        "index.md:9: WARNING: {quote-list}: ':limit:' must be a whole number above 0, "
        "not 'ten'; every match is shown. [briefing.invalid-value]",
        "index.md:14: WARNING: {agreement-table}: ':stage:' has 'ceasfire', which is not "
        "one of pre-negotiation, ceasefire, framework-partial, "
        "framework-comprehensive, implementation, renewal, other. "
        "Did you mean 'ceasefire'? [briefing.invalid-value]",
        "index.md:15: WARNING: {agreement-table}: ':columns:' has 'party', which is not "
        "one of date, title, parties, signatories, third-parties, stage, status, "
        "topics; it is left out. Did you mean 'parties'? [briefing.invalid-value]",
        "index.md:18: WARNING: {timeline}: a collection takes options only, not a body, "
        "which is ignored. Put any text before or after the directive. "
        "[briefing.collection]",
        "index.md:23: WARNING: {timeline}: ':since: 2022' is after ':until: 2021', so "
        "nothing can match. Swap the two dates. [briefing.collection]",
        "index.md:27: WARNING: {entity-list}: the option ':kind:' is required. "
        "[briefing.missing-option]",
        "index.md:33: WARNING: {entity-list}: ':topic:' cannot filter the kind 'person', "
        "which has no topics, so nothing matches; topics filter topic, event, "
        "statement, brief. [briefing.collection]",
        "index.md:37: WARNING: {quote-list}: ':speaker:' has 'Emin Milli', which "
        "is not a valid id; 'emin-milli' is used for now. [briefing.invalid-id]",
        "index.md:4: WARNING: {quote-list}: ':speaker:' has 'emin-mili', but no person "
        "has that id. Did you mean 'emin-milli'? [briefing.unknown-id]",
        "index.md:38: WARNING: {quote-list}: ':organization:' has 'emin-milli', "
        "a person, but this filter takes an organization. [briefing.wrong-kind]",
    ]
    soup = soup_of(app, "index")
    # nothing is lost: every collection still renders
    assert len(soup.select("div.kb-collection")) == 7


# -- parallel and incremental builds -------------------------------------------


def fresh_copy(tmp_path: Path, name: str = "src") -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / "test-collections", srcdir)
    return srcdir


def build(make_app: Any, srcdir: Path, **kwargs: Any) -> tuple[Any, set[str]]:
    """Build ``srcdir`` (keeping its environment); return the app and the pages written.

    Sphinx itself rewrites the page whose toctree lists a re-read page (its
    navigation may change): that is ``index`` here, which holds no collection,
    so it is left out of what the extension decided to rewrite.
    """
    app = make_app("html", srcdir=srcdir, **kwargs)
    written: list[str] = []
    app.connect("html-page-context", lambda _app, pagename, *args: written.append(pagename))
    app.build()
    rewritten = set(written) & set(app.env.found_docs)
    if rewritten - {"index"}:
        rewritten.discard("index")
    return app, rewritten


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    now = __import__("time").time_ns()
    os.utime(path, ns=(now, now))


def test_parallel_build_equals_serial(make_app: Any, tmp_path: Path) -> None:
    outputs = {}
    for jobs in (1, 2):
        srcdir = fresh_copy(tmp_path, f"j{jobs}")
        app, _ = build(make_app, srcdir, parallel=jobs)
        assert app.parallel == jobs
        assert app.builder.parallel_ok is (jobs > 1)
        outputs[jobs] = {
            docname: (Path(app.outdir) / f"{docname}.html").read_text("utf-8")
            for docname in sorted(app.env.found_docs)
        }
    assert outputs[1].keys() == outputs[2].keys()
    for docname in outputs[1]:
        assert outputs[1][docname] == outputs[2][docname], docname
    assert "kb-agreement-table" in outputs[2]["lists"]


def test_no_change_rebuild_writes_nothing(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    _, first = build(make_app, srcdir)
    assert "lists" in first
    _, second = build(make_app, srcdir)
    assert second == set()


NEW_QUOTE = """
:::{quote} milli-2021-01
:speaker: emin-milli
:topics: transport-links

Roads and railways are how neighbours become partners.
:::
"""


def test_another_page_adds_a_matching_quote(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    build(make_app, srcdir)
    baku = srcdir / "baku.md"
    baku.write_text(baku.read_text("utf-8") + NEW_QUOTE, "utf-8")
    app, written = build(make_app, srcdir)
    # the page itself, the collections that show the quote, the speaker's and
    # the topic's backlinks; not the agreements, the statement or the index
    assert written == {"baku", "lists", "timeline", "filters", "actors"}
    box = section(soup_of(app, "lists"), "quotes on economic cooperation")
    assert shown(box) == [
        "quote-milli-2021-12-15",
        "quote-aliyev-2021-01",  # same month as the new quote: by id on a tie
        "quote-milli-2021-01",
    ]
    _, again = build(make_app, srcdir)
    assert again == set()


def test_an_entity_stops_matching(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    build(make_app, srcdir)
    edit(
        srcdir / "brussels.md",
        ":topics: economic-cooperation",
        ":topics: humanitarian-issues",
    )
    app, written = build(make_app, srcdir)
    # the quote's text, date and speaker are unchanged: the quote lists that
    # still show it and the timeline of quotes are not rewritten
    assert written == {"brussels", "lists", "actors"}
    box = section(soup_of(app, "lists"), "quotes on economic cooperation")
    assert shown(box) == ["quote-aliyev-2021-01"]


def test_one_quote_edit_rewrites_only_the_pages_that_show_it(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    build(make_app, srcdir)
    edit(srcdir / "brussels.md", "basis for lasting peace", "basis for a lasting peace")
    app, written = build(make_app, srcdir)
    assert written == {"brussels", "lists", "filters"}
    quote = section(soup_of(app, "filters"), "quote speaker").select_one("blockquote p")
    assert quote.get_text().endswith("basis for a lasting peace.")


def test_a_date_edit_rewrites_the_pages_that_show_the_date(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    build(make_app, srcdir)
    edit(srcdir / "agreements.md", ":date: 2021-01-11", ":date: 2021-02-11")
    app, written = build(make_app, srcdir)
    assert written == {"agreements", "lists", "filters"}
    table = section(soup_of(app, "lists"), "agreements on transport links")
    assert [t["datetime"] for t in table.select("time")] == ["2020-11-09", "2021-02-11"]


def test_a_deleted_agreement_leaves_the_collections(make_app: Any, tmp_path: Path) -> None:
    srcdir = fresh_copy(tmp_path)
    build(make_app, srcdir)
    path = srcdir / "agreements.md"
    text = path.read_text("utf-8")
    start = text.index(":::{agreement} sochi-2021")
    path.write_text(text[:start], "utf-8")
    app, written = build(make_app, srcdir)
    assert written == {"agreements", "lists", "filters", "actors"}
    soup = soup_of(app, "filters")
    assert shown(section(soup, "agreement topic")) == []
    assert section(soup, "agreement topic").get_text(strip=True).endswith("No agreements match.")


# -- the sortable table in a browser -------------------------------------------


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="collections")
def test_clicking_a_header_sorts_the_table(app: Any, chromium: Any) -> None:
    app.build()
    with serve(app.outdir) as url:
        page = chromium.new_page()
        try:
            page.goto(f"{url}/filters.html")
            table = page.locator("#agreement-party table.kb-sortable")
            titles = table.locator("tbody td.kb-column-title a")
            assert titles.all_inner_texts() == [
                "Sochi statement",
                "Moscow statement of January 2021",
                "Trilateral statement of 9 November 2020",
            ]
            date_header = table.locator("thead th.kb-column-date button")
            date_header.click()  # ascending by the <time datetime>, not the text
            assert titles.all_inner_texts() == [
                "Trilateral statement of 9 November 2020",
                "Moscow statement of January 2021",
                "Sochi statement",
            ]
            assert (
                table.locator("thead th.kb-column-date").get_attribute("aria-sort") == "ascending"
            )
            date_header.click()
            assert titles.all_inner_texts()[0] == "Sochi statement"
            table.locator("thead th.kb-column-title button").click()
            assert titles.all_inner_texts() == [
                "Moscow statement of January 2021",
                "Sochi statement",
                "Trilateral statement of 9 November 2020",
            ]
            # on a phone the rows stack, each cell with its column label
            page.set_viewport_size({"width": 360, "height": 740})
            label = table.locator("tbody tr").first.locator(".kb-cell-label").first
            assert label.is_visible()
            widths = table.evaluate(
                "t => [t.getBoundingClientRect().width, t.parentElement.clientWidth]"
            )
            assert widths[0] <= widths[1]  # no sideways scrolling inside the page
        finally:
            page.close()
