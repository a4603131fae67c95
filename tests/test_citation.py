"""Cite this: the suggested citation, and its BibTeX and CSL-JSON files.

The BibTeX is parsed with pybtex (strict: a syntax error fails), the CSL-JSON
validated against the CSL input schema vendored in ``tests/data/csl`` (see its
README for the source and licence).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from briefing.citation import Citation, bibtex, csl_item
from briefing.model import KbDate

from building import Project

CSL_SCHEMA = json.loads((Path(__file__).parent / "data/csl/csl-data.json").read_text())
EPOCH = "1764000000"  # 24 November 2025
BASE = "https://kb.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        project = Project("addresses", tmp_path_factory.mktemp("citation"))
        result = project.build(confoverrides={"release": "3.1", "author": "KB editors"})
    finally:
        monkeypatch.undo()
    assert result.warnings == []
    return result.outdir


def soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")


def block_of(page: BeautifulSoup, anchor: str | None):
    if anchor is None:  # the page's own entity: the last block, after the text
        return page.select(".kb-citation")[-1]
    return page.find(id=anchor).select_one(":scope > .kb-citation")


CASES = [
    (
        "statements/meeting.html",
        None,
        "Suggested citation: Restart Initiative. “Statement on the meeting.” "
        "15 December 2021. Addresses test root, version 3.1. "
        f"{BASE}statements/meeting.html (accessed 24 November 2025).",
        "statements/meeting",
    ),
    (
        "statements/meeting.html",
        "quote-milli-2021",
        "Suggested citation: Emin Milli. “Economic cooperation can help form the basis for "
        "lasting peace.” 15 December 2021. Addresses test root, version 3.1. "
        f"{BASE}statements/meeting.html#quote-milli-2021 (accessed 24 November 2025).",
        "statements/meeting.quote-milli-2021",
    ),
    (
        "people.html",
        "agreement-trilateral-statement",
        "Suggested citation: Restart Initiative. “Statement of 9 November 2020.” "
        "9 November 2020. Addresses test root, version 3.1. "
        f"{BASE}people.html#agreement-trilateral-statement (accessed 24 November 2025).",
        "people.agreement-trilateral-statement",
    ),
]


@pytest.mark.parametrize(("page", "anchor", "expected", "stem"), CASES)
def test_each_cited_entry_shows_a_citation_and_links_its_files(built, page, anchor, expected, stem):
    block = block_of(soup(built, page), anchor)
    assert block.select_one(".kb-citation-heading").get_text() == "Cite this"
    assert " ".join(block.select_one(".kb-citation-text").get_text().split()) == expected
    links = {a.get_text(): a["href"] for a in block.select(".kb-citation-downloads a")}
    folder = Path(page).parent
    assert set(links) == {"BibTeX", "CSL-JSON"}
    assert (built / folder / links["BibTeX"]).resolve() == (built / f"{stem}.bib").resolve()
    assert (built / folder / links["CSL-JSON"]).resolve() == (built / f"{stem}.csl.json").resolve()
    assert (built / f"{stem}.bib").is_file() and (built / f"{stem}.csl.json").is_file()


def test_entries_that_are_not_cited_have_no_block(built):
    people = soup(built, "people.html")
    assert people.find(id="person-emin-milli").select(".kb-citation") == []
    assert people.find(id="organization-restart-initiative").select(".kb-citation") == []
    assert len(soup(built, "index.html").select(".kb-citation")) == 0


def test_the_page_fills_in_the_readers_date(built):
    page = soup(built, "statements/meeting.html")
    assert any("briefing-cite.js" in s.get("src", "") for s in page.select("script"))
    script = (built / "_static" / "briefing-cite.js").read_text()
    assert ".kb-cite-accessed" in script


def test_every_bibtex_file_parses_and_says_what_the_page_says(built):
    files = sorted(built.rglob("*.bib"))
    assert len(files) == 3 + 1  # three entries and data/citations.bib
    for path in files:
        parse_string(path.read_text(encoding="utf-8"), "bibtex")
    entry = parse_string((built / "statements/meeting.quote-milli-2021.bib").read_text(), "bibtex")
    ((key, item),) = entry.entries.items()
    assert key == "quote-milli-2021" and item.type == "misc"
    assert [str(p) for p in item.persons["author"]] == ["{Emin Milli}"]
    fields = item.fields
    assert fields["title"] == "{Economic cooperation can help form the basis for lasting peace.}"
    assert (fields["year"], fields["month"], fields["date"]) == ("2021", "December", "2021-12-15")
    assert fields["howpublished"] == "Addresses test root, version 3.1"
    assert fields["version"] == "3.1"
    assert fields["publisher"] == "KB editors"
    assert fields["url"] == f"{BASE}statements/meeting.html#quote-milli-2021"
    assert fields["urldate"] == "2025-11-24"
    every = parse_string((built / "data/citations.bib").read_text(), "bibtex")
    assert sorted(every.entries) == [
        "agreement-trilateral-statement",
        "quote-milli-2021",
        "statement-meeting",
    ]


def test_every_csl_json_file_is_valid_csl(built):
    files = [*sorted(built.rglob("*.csl.json")), built / "data/citations.json"]
    assert len(files) == 4
    for path in files:
        jsonschema.validate(json.loads(path.read_text()), CSL_SCHEMA)
    (agreement,) = json.loads(
        (built / "people.agreement-trilateral-statement.csl.json").read_text()
    )
    assert agreement == {
        "id": "agreement-trilateral-statement",
        "type": "treaty",
        "title": "Statement of 9 November 2020",
        "author": [{"literal": "Restart Initiative"}],
        "issued": {"date-parts": [[2020, 11, 9]]},
        "container-title": "Addresses test root",
        "publisher": "KB editors",
        "version": "3.1",
        "URL": f"{BASE}people.html#agreement-trilateral-statement",
        "accessed": {"date-parts": [[2025, 11, 24]]},
    }


def test_the_csl_schema_rejects_what_is_not_csl():
    """The vendored schema does check: a wrong type and a malformed date fail."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "statement"}], CSL_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "document", "issued": "2021"}], CSL_SCHEMA)


def test_bibtex_escapes_what_bibtex_would_read_as_markup():
    citation = Citation(
        key="statement-odd",
        kind="statement",
        title="50% of {braces} & under_scores #1 ~ ^ \\ $",
        authors=("A & B {Group}",),
        date=KbDate(2021),
        project="KB",
        publisher="",
        version="",
        url="https://example.org/a{b}#c",
        accessed=date(2025, 1, 2),
    )
    text = bibtex(citation)
    (item,) = parse_string(text, "bibtex").entries.values()
    assert item.fields["title"] == (
        r"{50\% of \{braces\} \& under\_scores \#1 \textasciitilde{} "
        r"\textasciicircum{} \textbackslash{} \$}"
    )
    assert "month" not in item.fields
    assert item.fields["url"] == "https://example.org/a%7Bb%7D#c"
    assert csl_item(citation)["issued"] == {"date-parts": [[2021]]}
    jsonschema.validate([csl_item(citation)], CSL_SCHEMA)


def test_single_page_builds_have_no_citation_blocks(tmp_path):
    project = Project("addresses", tmp_path)
    result = project.build("singlehtml")
    assert result.warnings == []
    assert soup(result.outdir, "index.html").select(".kb-citation") == []
    assert not list(result.outdir.rglob("*.bib"))


def test_a_parallel_build_writes_the_same_citations(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = Project("addresses", tmp_path)
    result = project.build(parallel=2, confoverrides={"release": "3.1", "author": "KB editors"})
    assert result.warnings == []
    assert result.pages() == {
        str(p.relative_to(built)): p.read_text(encoding="utf-8")
        for p in sorted(built.rglob("*.html"))
    }
    for path in built.rglob("*.bib"):
        assert (result.outdir / path.relative_to(built)).read_text() == path.read_text()
