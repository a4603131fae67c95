"""The knowledge base as data: JSON with its schema, CSVs, JSON-LD, feed, sitemap.

The root ``test-export`` has every kind of entity and a quote whose text
holds ``</script>``, ``<!--``, ``&`` and quotation marks. Expected values are
read from the root's sources (directive counts) or written out by hand here,
never taken from the output under test.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, warning_lines

ROOT = ROOTS / "test-export"
BASE = "https://kb.example.org/"
ENTITY_PAGES = ("actors", "agreements", "index", "statement", "statement-2022")
AWKWARD = (
    "He wrote \"</script><script>alert('x')</script>\" & then <!-- and said "
    '"peace" — ևս — Barış.'
)
DIRECTIVE = re.compile(r"^(?::{3,}|`{3,})\{(?:kb:)?([a-z-]+)\}", re.MULTILINE)


def source_counts() -> dict[str, int]:
    """How many of each directive the root's sources open."""
    counts: dict[str, int] = {}
    for path in ROOT.glob("*.md"):
        for name in DIRECTIVE.findall(path.read_text(encoding="utf-8")):
            counts[name] = counts.get(name, 0) + 1
    return counts


def load_data(app) -> dict:
    return json.loads((app.outdir / "data" / "knowledge-base.json").read_text("utf-8"))


def records(data: dict, kind: str) -> dict[str, dict]:
    return {e["id"]: e for e in data["entities"] if e["kind"] == kind}


def ids(refs: list[dict]) -> list[tuple[str | None, str]]:
    return [(r["kind"], r["id"]) for r in refs]


def soup(app, docname: str) -> BeautifulSoup:
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def jsonld(page: BeautifulSoup) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


# -- knowledge-base.json -----------------------------------------------------------


@pytest.mark.sphinx("html", testroot="export", freshenv=True)
def test_json_validates_against_its_schema_without_warnings(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    data = load_data(app)
    schema = json.loads((app.outdir / "data" / "knowledge-base.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(data)) == []
    assert data["project"] == "Export test"
    assert data["version"] == "2.3"
    assert data["base_url"] == BASE
    assert "built" not in data  # briefing_export_timestamp = False in the root


@pytest.mark.sphinx("html", testroot="export")
def test_schema_rejects_what_it_should(app) -> None:
    """The schema is strict enough to catch a drifting record."""
    app.build()
    data = load_data(app)
    schema = json.loads((app.outdir / "data" / "knowledge-base.schema.json").read_text("utf-8"))
    broken = json.loads(json.dumps(data))
    broken["entities"][0]["dates"] = {"date": {"iso": "15 Dec 2021"}}
    broken["entities"][1]["surprise"] = 1
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    spots = {tuple(error.absolute_path)[:3] for error in errors}
    assert spots == {("entities", 0, "dates"), ("entities", 1)}


@pytest.mark.sphinx("html", testroot="export")
def test_every_entity_once_per_kind_as_in_the_sources(app) -> None:
    app.build()
    data = load_data(app)
    keys = [(e["kind"], e["id"]) for e in data["entities"]]
    assert len(keys) == len(set(keys))
    in_sources = source_counts()
    for kind, count in data["counts"].items():
        assert count == in_sources.get(kind, 0), kind
        assert len(records(data, kind)) == count, kind


@pytest.mark.sphinx("html", testroot="export")
def test_records_carry_fields_dates_places_and_relations(app) -> None:
    app.build()
    data = load_data(app)
    quote = records(data, "quote")["milli-2021-12-15"]
    assert quote["document"] == "statement"
    assert quote["file"] == "statement.md"
    lines = (ROOT / "statement.md").read_text("utf-8").splitlines()
    assert lines[quote["line"] - 1].endswith("{quote} milli-2021-12-15")
    assert quote["url"] == BASE + "statement.html#quote-milli-2021-12-15"
    assert quote["fields"]["language"] == "en"
    assert quote["dates"]["date"] == {
        "iso": "2021-12-15",
        "precision": "day",
        "first_day": "2021-12-15",
        "last_day": "2021-12-15",
    }
    assert quote["inherited"] == ["date"]  # from the statement
    assert ids(quote["relations"]["speaker"]) == [("person", "emin-milli")]
    assert ids(quote["relations"]["about"]) == [
        ("event", "brussels-meeting"),
        ("agreement", "ceasefire-2020"),
        ("provision", "ceasefire-2020/9"),
        ("topic", "economic-cooperation"),
    ]

    agreement = records(data, "agreement")["ceasefire-2020"]
    assert agreement["title"] == "Trilateral statement of 9 November 2020"
    assert agreement["fields"]["stage"] == "ceasefire"
    assert ids(agreement["relations"]["parties"]) == [
        ("organization", "azerbaijan"),
        ("organization", "armenia"),
    ]
    assert ids(agreement["relations"]["signatories"]) == [
        ("person", "ilham-aliyev"),
        ("person", "nikol-pashinyan"),
    ]
    assert ids(agreement["relations"]["third-parties"]) == [
        ("person", "vladimir-putin"),
        ("organization", "russia"),
    ]
    referrers = {(r["kind"], r["id"], r["via"]) for r in agreement["referenced_by"]}
    assert ("agreement", "working-group-2021", "builds-on") in referrers
    assert ("quote", "milli-2021-12-15", "about") in referrers
    assert ("statement", "statement", "text") in referrers

    provision = records(data, "provision")["ceasefire-2020/9"]
    assert provision["parent"] == "ceasefire-2020"
    assert provision["dates"]["date"]["iso"] == "2020-11-09"

    brief = records(data, "brief")["agreements"]
    assert brief["dates"]["date"]["precision"] == "month"
    assert brief["dates"]["date"]["last_day"] == "2021-12-31"
    assert brief["dates"]["updated"]["precision"] == "year"

    statement = records(data, "statement")["statement"]
    assert ("agreement", "ceasefire-2020") in ids(statement["mentions"])
    assert ids(statement["relations"]["authors"]) == [("person", "jeanene-mitchell")]
    assert records(data, "quote")["awkward"]["text"] == AWKWARD


# -- CSV -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="export")
def test_csvs_round_trip_through_the_csv_module(app) -> None:
    app.build()
    data = load_data(app)
    folder = app.outdir / "data"
    names = {
        "statement": "statements.csv",
        "brief": "briefs.csv",
        "quote": "quotes.csv",
        "agreement": "agreements.csv",
        "provision": "provisions.csv",
        "person": "people.csv",
        "organization": "organizations.csv",
        "topic": "topics.csv",
        "event": "events.csv",
    }
    for kind, name in names.items():
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets detect UTF-8
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        expected = records(data, kind)
        assert [row["id"] for row in rows] == list(expected), name
        for row in rows:
            record = expected[row["id"]]
            assert row["title"] == record["title"]
            assert row["url"] == record["url"]
            assert row["text"] == record["text"]
            assert int(row["line"]) == record["line"]
            for option, refs in record["relations"].items():
                assert row[option].split("; ") == [r["id"] for r in refs]
            for option, date in record["dates"].items():
                assert row[option] == date["iso"]
                assert row[f"{option}-precision"] == date["precision"]

    with (folder / "quotes.csv").open(encoding="utf-8-sig", newline="") as handle:
        quotes = {row["id"]: row for row in csv.DictReader(handle)}
    assert quotes["awkward"]["text"] == AWKWARD
    # the quote without an id or date: derived id, the statement's date
    (derived,) = [row for quote_id, row in quotes.items() if quote_id.startswith("jeanene-mitchell-")]
    assert derived["date"] == "2021-12-15"
    with (folder / "agreements.csv").open(encoding="utf-8-sig", newline="") as handle:
        agreements = {row["id"]: row for row in csv.DictReader(handle)}
    assert agreements["ceasefire-2020"]["parties"] == "azerbaijan; armenia"
    assert agreements["ceasefire-2020"]["full-title"].startswith("Statement by the")


# -- JSON-LD, Open Graph, feed link --------------------------------------------------


@pytest.mark.sphinx("html", testroot="export")
def test_jsonld_of_every_page_parses_and_types_its_entities(app) -> None:
    app.build()
    data = load_data(app)
    for docname in ENTITY_PAGES:
        graph = jsonld(soup(app, docname))["@graph"]
        assert graph[0]["@type"] == "WebPage"
        assert graph[0]["url"] == f"{BASE}{docname}.html"
        defined = {node["@id"] for node in graph[1:]}
        expected = {e["url"] for e in data["entities"] if e["document"] == docname}
        assert defined == expected, docname

    nodes = {n["identifier"]: n for n in jsonld(soup(app, "statement"))["@graph"][1:]}
    article = nodes["statement"]
    assert article["@type"] == "Article"
    assert article["datePublished"] == "2021-12-15"
    assert article["publisher"]["name"] == "Restart Initiative"
    quotation = nodes["milli-2021-12-15"]
    assert quotation["@type"] == "Quotation"
    assert quotation["spokenByCharacter"]["name"] == "Emin Milli"
    assert quotation["spokenByCharacter"]["@id"] == BASE + "actors.html#person-emin-milli"

    nodes = {n["identifier"]: n for n in jsonld(soup(app, "agreements"))["@graph"][1:]}
    legislation = nodes["ceasefire-2020"]
    assert legislation["@type"] == "Legislation"
    assert legislation["legislationDate"] == "2020-11-09"
    assert [p["name"] for p in legislation["legislationPassedBy"]] == [
        "Republic of Azerbaijan",
        "Republic of Armenia",
    ]
    nodes = {n["identifier"]: n for n in jsonld(soup(app, "actors"))["@graph"][1:]}
    assert nodes["emin-milli"]["@type"] == "Person"
    assert nodes["restart-initiative"]["@type"] == "NGO"
    assert nodes["azerbaijan"]["@type"] == "GovernmentOrganization"
    assert nodes["brussels-meeting"]["@type"] == "Event"
    assert nodes["brussels-meeting"]["startDate"] == "2021-12-14"


@pytest.mark.sphinx("html", testroot="export")
def test_script_text_cannot_end_the_jsonld_element(app) -> None:
    app.build()
    page = soup(app, "statement-2022")
    graph = jsonld(page)["@graph"]
    quotation = next(n for n in graph if n.get("identifier") == "awkward")
    assert quotation["text"] == AWKWARD
    # the injected <script> stayed text: the head has only the JSON-LD script
    inline = [s for s in page.head.find_all("script") if not s.get("src")]
    assert [s.get("type") for s in inline] == ["application/ld+json"]
    carrying = page.find_all("script", string=re.compile("alert"))
    assert [s.get("type") for s in carrying] == ["application/ld+json"]
    raw = (app.outdir / "statement-2022.html").read_text("utf-8")
    element = raw.split('<script type="application/ld+json">', 1)[1]
    assert "</script>" in element
    assert "<" not in element.split("</script>", 1)[0]


@pytest.mark.sphinx("html", testroot="export")
def test_every_page_has_social_meta_and_the_feed_link(app) -> None:
    app.build()
    for docname in ENTITY_PAGES:
        page = soup(app, docname)
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content")
            for tag in page.head.find_all("meta")
        }
        assert meta["og:url"] == f"{BASE}{docname}.html"
        assert meta["og:title"]
        assert meta["twitter:card"] == "summary"
        link = page.head.find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, docname
        assert urljoin(f"{BASE}{docname}.html", link["href"]) == BASE + "feed.xml"
    statement = soup(app, "statement")
    assert statement.head.find("meta", property="og:type")["content"] == "article"
    description = statement.head.find("meta", property="og:description")["content"]
    assert description.startswith("The Ilham Aliyev and Pashinyan meeting")
    later = soup(app, "statement-2022").head  # no prose: its first quote
    description = later.find("meta", property="og:description")["content"]
    assert description.startswith('He wrote "</script>')


# -- feed and sitemap ------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="export")
def test_feed_parses_with_statements_and_briefs_newest_first(app) -> None:
    app.build()
    feed = feedparser.parse((app.outdir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.link for entry in feed.entries] == [
        BASE + "statement-2022.html",  # 2022-03
        BASE + "statement.html",  # 2021-12-15
        BASE + "agreements.html",  # brief of 2021-12 (sorts by its first day)
    ]
    assert feed.entries[0].title == "A later statement, with awkward text"
    assert feed.entries[1].author == "Jeanene Mitchell"
    assert feed.entries[1].published.startswith("2021-12-15")
    assert feed.entries[2].updated.startswith("2022-01-01")  # :updated: 2022
    assert feed.feed.updated.startswith("2022-03-01")


@pytest.mark.sphinx("html", testroot="export")
def test_sitemap_lists_every_page(app) -> None:
    app.build()
    tree = ElementTree.parse(app.outdir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert locs == [f"{BASE}{d}.html" for d in sorted(ENTITY_PAGES)]


# -- counts agree ----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="export")
def test_quote_counts_agree_in_sources_json_and_html(app) -> None:
    app.build()
    data = load_data(app)
    in_sources = source_counts()["quote"]
    in_json = len(records(data, "quote"))
    anchors = [
        tag["id"]
        for docname in ENTITY_PAGES
        for tag in soup(app, docname).find_all(id=re.compile(r"^quote-"))
        if "kb-quote" in tag.get("class", [])
    ]
    assert in_sources == in_json == len(anchors) == data["counts"]["quote"] == 3
    assert sorted(a.removeprefix("quote-") for a in anchors) == sorted(records(data, "quote"))


# -- configurations and builders -------------------------------------------------------


@pytest.mark.sphinx(
    "html",
    testroot="export",
    srcdir="export-timestamp",
    confoverrides={"briefing_export_timestamp": True},
)
def test_build_date_follows_source_date_epoch(app, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639526400")
    app.build()
    assert load_data(app)["built"] == "2021-12-15T00:00:00Z"


@pytest.mark.sphinx(
    "html",
    testroot="export",
    srcdir="export-nobase",
    confoverrides={"html_baseurl": ""},
)
def test_without_base_url_a_note_and_relative_urls(app, status, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    assert "html_baseurl is not set" in status.getvalue()
    assert not (app.outdir / "feed.xml").exists()
    assert not (app.outdir / "sitemap.xml").exists()
    quote = records(load_data(app), "quote")["milli-2021-12-15"]
    assert quote["url"] == "statement.html#quote-milli-2021-12-15"
    jsonld(soup(app, "statement"))  # still there and parses


@pytest.mark.sphinx("dirhtml", testroot="export", srcdir="export-dirhtml")
def test_dirhtml_urls(app) -> None:
    app.build()
    quote = records(load_data(app), "quote")["milli-2021-12-15"]
    assert quote["url"] == BASE + "statement/#quote-milli-2021-12-15"
    feed = feedparser.parse((app.outdir / "feed.xml").read_bytes())
    assert feed.entries[0].link == BASE + "statement-2022/"


@pytest.mark.sphinx("text", testroot="export", srcdir="export-text")
def test_other_builders_write_no_site_exports(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    assert not (app.outdir / "data").exists()
    assert not (app.outdir / "feed.xml").exists()


@pytest.mark.sphinx("html", testroot="export", srcdir="export-parallel", parallel=2)
def test_parallel_build_exports_the_same_entities(app) -> None:
    app.build()
    data = load_data(app)
    assert data["counts"] == {kind: source_counts().get(kind, 0) for kind in data["counts"]}
    nodes = jsonld(soup(app, "statement"))["@graph"]
    assert {n.get("identifier") for n in nodes} >= {"statement", "milli-2021-12-15"}


@pytest.mark.sphinx("html", testroot="export", srcdir="export-incremental")
def test_incremental_build_updates_jsonld_and_data(app) -> None:
    app.build()
    actors = Path(app.srcdir) / "actors.md"
    actors.write_text(
        actors.read_text("utf-8").replace(":name: Emin Milli", ":name: Emin Milli-Renamed"),
        encoding="utf-8",
    )
    app.build()
    graph = jsonld(soup(app, "statement"))["@graph"]
    quotation = next(n for n in graph if n.get("identifier") == "milli-2021-12-15")
    assert quotation["spokenByCharacter"]["name"] == "Emin Milli-Renamed"
    person = records(load_data(app), "person")["emin-milli"]
    assert person["title"] == "Emin Milli-Renamed"
    assert PurePosixPath(person["file"]).name == "actors.md"


def test_every_date_option_of_the_directives_is_exported_as_a_date() -> None:
    import briefing  # noqa: F401  (registers every directive class)
    from briefing.export.data import DATE_OPTIONS, option_types

    types = option_types()
    assert set(types) == set(source_counts()) - {"toctree"}
    dated = {n for table in types.values() for n, t in table.items() if t == "date"}
    assert dated == set(DATE_OPTIONS)
