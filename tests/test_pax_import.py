"""The PA-X importer: a CSV in PA-X's export format becomes MyST pages.

The CSV under ``tests/data`` is written in the column format of
the fact sheet the briefs were written from (its PA-X columns), with the awkward parts of real exports:
quoted commas, multi-line fields, DD/MM/YYYY dates, an unknown stage code, an
impossible date, a row of another process, and an agreement editors already
wrote (PA-X 2324).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.__main__ import main
from briefing.model import STAGES
from briefing.pax_import import (
    MARKER,
    STAGE_CODES,
    agreement_id,
    import_pax,
    markdown_text,
    parse_date,
    split_parties,
)

from conftest import ROOTS, warning_lines

CSV = Path(__file__).parent / "data" / "pax-armenia-azerbaijan.csv"
PROCESS = "Armenia/Azerbaijan"
WORKING_GROUP = "statement-president-republic-azerbaijan-prime-2021-01-11"
SOCHI = "statement-sochi-26-november-2021-2021-11-26"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pax", target)
    return target


def _import(source: Path, process: str | None = PROCESS):
    return import_pax(CSV, source / "pax", source, process)


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (p.read_text(encoding="utf-8"), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def test_dates_stages_and_parties_are_parsed() -> None:
    assert parse_date("10/11/2020") == "2020-11-10"
    assert parse_date("1/2/2003") == "2003-02-01"
    assert parse_date("2021-01-11") == "2021-01-11"
    assert parse_date("31/02/2021") is None
    assert parse_date("11 January 2021") is None
    assert split_parties("Armenia/Azerbaijan/Russia") == [
        "Armenia",
        "Azerbaijan",
        "Russia",
    ]
    assert set(STAGE_CODES.values()) == set(STAGES)
    assert agreement_id("Statement of Sochi, 26 November 2021", "2021-11-26", "2396") == SOCHI


def test_free_text_is_escaped_for_markdown() -> None:
    # lines keep their breaks (a backslash at the end: a hard line break)
    assert markdown_text("- a\n# b\n1. c {x}") == "\\- a\\\n\\# b\\\n1\\. c \\{x\\}"
    assert markdown_text("a\nb", keep_lines=False) == "a\nb"
    assert markdown_text("% x\n(annex)=\n\n\n  two  ") == "\\% x\\\n\\(annex)=\n\ntwo"


def test_import_writes_one_page_per_agreement_of_the_process(source: Path) -> None:
    report = _import(source)
    pages = sorted(p.name for p in (source / "pax").iterdir())
    # 2324 is the editors' already; 9001 has an impossible date; 1111 is another process
    assert pages == sorted(["index.md", "organizations.md", f"{WORKING_GROUP}.md", f"{SOCHI}.md"])
    text = (source / "pax" / f"{WORKING_GROUP}.md").read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    assert f"::::{{agreement}} {WORKING_GROUP}\n" in text
    assert ":date: 2021-01-11\n" in text
    assert ":stage: implementation\n" in text
    assert ":pax-id: 2455\n" in text
    # matched by short name (Armenia, Azerbaijan); Russia is unknown and created
    assert ":parties: armenia, azerbaijan, russia\n" in text
    assert ":source: https://pax.peaceagreements.org/agreements/2455.pdf\n" in text
    # the multi-line quoted fields are kept whole, line-start markup escaped
    assert "paragraph 9 of the Statement of 9 November 2020,\\\na trilateral" in text
    assert "\\- rail and road links are priorities;" in text
    assert "Vladimir Putin, President of the Russian Federation" in text
    assert report.created_organizations == ["russia"]
    organizations = (source / "pax" / "organizations.md").read_text(encoding="utf-8")
    assert ":::{organization} russia\n:name: Russia\n:::" in organizations
    index = (source / "pax" / "index.md").read_text(encoding="utf-8")
    assert "# Armenia/Azerbaijan (Nagorno-Karabakh) process" in index
    # the process's table, written out, one row per agreement by date
    assert (
        f"| 2021-01-11 | {{agreement}}`{WORKING_GROUP}` | Armenia; Azerbaijan; Russia "
        "| Implementation |"
    ) in index
    assert f"```{{toctree}}\n:hidden:\n\n{WORKING_GROUP}\n{SOCHI}\norganizations\n```" in index


def test_nothing_is_dropped_silently(source: Path) -> None:
    report = _import(source)
    csv_name = str(CSV)
    assert report.warnings == [
        f"{csv_name}:2 (PA-X 2324): already in the knowledge base as agreement "
        f"'trilateral-statement-2020-11-09' ({source / 'actors.md'}); "
        "not imported again.",
        f"{csv_name}:7 (PA-X 2396): unknown stage code 'Xyz' (known: Pre, Cea, SubPar, "
        "SubComp, Imp, Ren, Oth); left out of :stage: and kept in the page's text.",
    ]
    assert report.errors == [
        f"{csv_name}:8 (PA-X 9001): date '31/02/2021' is not DD/MM/YYYY; row not imported."
    ]
    sochi = (source / "pax" / f"{SOCHI}.md").read_text(encoding="utf-8")
    assert ":stage:" not in sochi
    assert "Xyz" in sochi
    # braces in the description are text, not MyST syntax
    assert "delimitation \\{and\\} demarcation" in sochi


def test_import_is_idempotent(source: Path) -> None:
    first = _import(source)
    before = _snapshot(source / "pax")
    second = _import(source)
    assert len(first.written) == 4
    assert second.written == []
    assert len(second.unchanged) == 4
    assert second.created_organizations == first.created_organizations
    assert _snapshot(source / "pax") == before


def test_pages_editors_wrote_are_never_overwritten(source: Path) -> None:
    (source / "pax").mkdir()
    mine = source / "pax" / f"{SOCHI}.md"
    mine.write_text("# My own page\n", encoding="utf-8")
    report = _import(source)
    assert mine.read_text(encoding="utf-8") == "# My own page\n"
    assert any("was not written by the importer" in e for e in report.errors)


def test_command_line_reports_and_exits_non_zero_on_errors(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import-pax", str(CSV), "--process", PROCESS]
    status = main([*argv, "--out", str(source / "pax"), "--source", str(source)])
    out, err = capsys.readouterr()
    assert status == 1  # the row with 31/02/2021
    assert "import-pax: 4 page(s) written, 0 unchanged." in out
    assert "created organizations (no match in the source tree): russia" in out
    assert "unknown stage code 'Xyz'" in err
    assert main(["import-pax", str(source / "missing.csv")]) == 2


def test_missing_columns_are_an_error(tmp_path: Path, source: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Id,Name\n1,x\n", encoding="utf-8")
    report = import_pax(bad, source / "pax", source)
    assert report.errors and "missing column(s) AgtId, Agt, Dat" in report.errors[0]
    assert not (source / "pax").exists()


@pytest.mark.sphinx("html", testroot="pax")
def test_imported_agreement_builds_with_its_pax_link(app, warning) -> None:
    report = import_pax(CSV, Path(app.srcdir) / "pax", Path(app.srcdir), PROCESS)
    assert len(report.written) == 4
    app.build()
    assert warning_lines(warning) == []
    html = (Path(app.outdir) / "pax" / f"{WORKING_GROUP}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one(f"#agreement-{WORKING_GROUP}")
    assert box is not None
    links = {a.get_text(): a["href"] for a in box.select("a.kb-external")}
    assert links["PA-X agreement 2455"] == "https://pax.peaceagreements.org/agreements/view/2455/"
    fields = {
        dt.get_text(strip=True).rstrip(":"): dt.find_next_sibling("dd")
        for dt in box.select(".kb-details dt")
    }
    assert [a.get_text() for a in fields["Parties"].select("a")] == [
        "Republic of Armenia",
        "Republic of Azerbaijan",
        "Russia",
    ]
    assert fields["Stage"].get_text(strip=True) == "Implementation"
    assert fields["Date"].get_text(strip=True) == "11 January 2021"


# -- faithful import: awkward values read back exactly ------------------------------

#: PA-X columns, as the importer reads them
COLUMNS = ["AgtId", "Agt", "Dat", "Con", "PPName", "Stage", "Part", "ThrdPart", "OthAgr"]
COLUMNS += ["description", "PAX_Hyperlink", "PDF_Hyperlink"]

AWKWARD_TITLES = [
    "'Hudna’ (truce) of al-Zabadani, Madaya and Foua",  # noqa: RUF001
    '"Quoted" agreement of the parties',
    "Joint Communique #65",
    "Agreement: part one, article 2",
    "- a title with a leading dash",
    "% not a comment",
    "(annex)= not a target",
    "Соглашение о прекращении огня",  # noqa: RUF001
    "Հայաստանի և Ադրբեջանի համաձայնագիր",
    "Azərbaycan: birgə bəyanat",
    "Back\\slash, {braces}, `ticks`, *stars*, _under_, <b>tags</b> & [links](x)",
    "100% agreed: 3 > 2 | $5 ~ ^1 !",
]

AWKWARD_TEXT = [
    "% a line that would be a comment",
    "(annex)=",
    "# not a heading",
    "1. Party one",
    "2) Party two",
    ": not a definition",
    "---",
    "Text with *stars*, _under_, `code`, {role}`x`, [^1], $math$, <i>html</i> & &amp; | pipe",
    "Ուղղակի հայերեն, по-русски, Azərbaycanca",
]


def _awkward_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return path


def _awkward_rows() -> list[dict[str, str]]:
    rows = []
    for number, title in enumerate(AWKWARD_TITLES, start=1):
        rows.append(
            {
                "AgtId": str(5000 + number),
                "Agt": title,
                "Dat": f"{number:02d}/03/2015",
                "Con": "Papua New Guinea/(Bougainville)",
                "PPName": "Awkward process",
                "Stage": "Pre",
                "Part": "\n".join(AWKWARD_TEXT[:2]) if number == 1 else "",
                "description": "\n".join(AWKWARD_TEXT) if number == 1 else f"Row {number}.",
            }
        )
    return rows


def test_option_values_read_back_exactly() -> None:
    from briefing.pax_import import option_value, read_option_value

    for value in [*AWKWARD_TITLES, "https://example.org/a?b=c#d", "2021-01-11", "a, b"]:
        assert read_option_value(option_value(value)) == value, value
    # and MyST's own option parser agrees
    from myst_parser.parsers.options import options_to_items

    for value in AWKWARD_TITLES:
        items, _ = options_to_items(f"title: {option_value(value)}")
        assert items == [("title", value)]


@pytest.mark.sphinx(
    "html", testroot="pax", srcdir="pax-awkward", confoverrides={"smartquotes": False}
)
def test_awkward_values_round_trip_through_a_build(app, warning, tmp_path: Path) -> None:
    csv_path = _awkward_csv(tmp_path / "awkward.csv", _awkward_rows())
    srcdir = Path(app.srcdir)
    report = import_pax(csv_path, srcdir / "pax", srcdir)
    assert report.errors == [] and report.warnings == []
    app.build()
    assert warning_lines(warning) == []
    from briefing.domain import get_domain

    knowledge = get_domain(app.env).knowledge
    agreements = {e.fields.get("pax-id"): e for e in knowledge.entities("agreement")}
    for number, title in enumerate(AWKWARD_TITLES, start=1):
        entity = agreements[str(5000 + number)]
        assert entity.fields["title"] == title
        assert entity.fields["date"] == f"2015-03-{number:02d}"
        assert entity.fields["stage"] == "pre-negotiation"
        assert entity.links["parties"] == ("papua-new-guinea", "bougainville")
        # one heading per page: the page's, with the title; no second heading
        html = (Path(app.outdir) / f"{entity.docname}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        body = soup.select_one("div.body") or soup
        assert [h.get_text().rstrip("¶") for h in body.select("h1")] == [title]
        assert body.select(".kb-entity-title") == []
    # the description keeps every line, character for character
    first = agreements["5001"]
    html = (Path(app.outdir) / f"{first.docname}.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "html.parser").select_one(f"#agreement-{first.id}")
    assert box is not None
    paragraphs = []
    for paragraph in box.find_all("p"):
        # each line ends in a line break the reader sees
        for br in paragraph.find_all("br"):
            br.replace_with("\0")
        text = paragraph.get_text()
        if text.count("\n") == text.count("\0\n"):
            paragraphs.append(text.replace("\0\n", "\n"))
    assert "\n".join(AWKWARD_TEXT) in paragraphs
    assert "\n".join(AWKWARD_TEXT[:2]) in paragraphs  # the party list keeps its lines
    organizations = {e.id: e.title for e in knowledge.entities("organization")}
    assert organizations["bougainville"] == "Bougainville"
    assert organizations["papua-new-guinea"] == "Papua New Guinea"


def test_party_names_are_split_sensibly() -> None:
    assert split_parties("Papua New Guinea/(Bougainville)") == ["Papua New Guinea", "Bougainville"]
    assert split_parties("Georgia/(South Ossetia)/Russia") == ["Georgia", "South Ossetia", "Russia"]
    # a name that only ends in parentheses, or holds a comma, stays whole
    assert split_parties("Yugoslavia (former)/Bosnia and Herzegovina") == [
        "Yugoslavia (former)",
        "Bosnia and Herzegovina",
    ]
    assert split_parties("Korea, North; Korea, South") == ["Korea, North", "Korea, South"]
    assert split_parties(" Sudan / Sudan /") == ["Sudan"]


def _reference_rows() -> list[dict[str, str]]:
    base = {"Con": "Georgia/(South Ossetia)", "PPName": "Georgia-South Ossetia process"}
    return [
        {
            **base,
            "AgtId": "701",
            "Agt": "Agreement on Principles of Settlement",
            "Dat": "24/06/1992",
        },
        {**base, "AgtId": "702", "Agt": "Joint Communique", "Dat": "01/07/1992"},
        {**base, "AgtId": "703", "Agt": "Joint Communique", "Dat": "02/08/1992"},
        {
            **base,
            "AgtId": "704",
            "Agt": "Protocol on the implementation",
            "Dat": "15/09/1992",
            # by title (long enough), by title with its date, by PA-X id; a later
            # agreement and an agreement of no import stay text
            "OthAgr": "Implements the Agreement on Principles of Settlement; "
            "recalls the Joint Communique of 01/07/1992 and PA-X 703; "
            "see also the Memorandum of 1999 (PA-X 705) and PA-X 9999.",
        },
        {**base, "AgtId": "705", "Agt": "Memorandum", "Dat": "01/01/1999"},
    ]


def test_references_within_the_import_become_builds_on(tmp_path: Path, source: Path) -> None:
    csv_path = _awkward_csv(tmp_path / "refs.csv", _reference_rows())
    report = import_pax(csv_path, source / "pax", source)
    assert report.errors == []
    protocol = "protocol-implementation-1992-09-15"
    text = (source / "pax" / f"{protocol}.md").read_text(encoding="utf-8")
    assert (
        ":builds-on: agreement-principles-settlement-1992-06-24, "
        "joint-communique-1992-07-01, joint-communique-1992-08-02\n"
    ) in text
    # the raw text is kept, as a note
    assert ":::{note}\n**References to other agreements (PA-X):**" in text
    assert "see also the Memorandum of 1999 (PA-X 705) and PA-X 9999." in text
    # agreements without references build on nothing
    first = (source / "pax" / "agreement-principles-settlement-1992-06-24.md").read_text("utf-8")
    assert ":builds-on:" not in first and "{note}" not in first


def test_an_import_of_several_processes_has_a_page_per_process(
    tmp_path: Path, source: Path
) -> None:
    rows = [
        *_reference_rows()[:2],
        {
            "AgtId": "801",
            "Agt": "Peace Agreement",
            "Dat": "30/04/1998",
            "Con": "Papua New Guinea/(Bougainville)",
            "PPName": "Bougainville process",
        },
    ]
    report = import_pax(_awkward_csv(tmp_path / "two.csv", rows), source / "pax", source)
    assert report.errors == []
    pages = sorted(p.name for p in (source / "pax").iterdir())
    assert "process-bougainville-process.md" in pages
    assert "process-georgia-south-ossetia-process.md" in pages
    index = (source / "pax" / "index.md").read_text(encoding="utf-8")
    # the processes, not their agreements
    assert "| [Bougainville process](process-bougainville-process.md) | 1 | 1998-04-30 |" in index
    assert "{agreement}" not in index
    assert "process-bougainville-process\nprocess-georgia-south-ossetia-process\n" in index
    georgia = (source / "pax" / "process-georgia-south-ossetia-process.md").read_text("utf-8")
    assert georgia.count("{agreement}`") == 2
    assert "peace-agreement-1998-04-30" not in georgia


@pytest.mark.sphinx("html", testroot="pax", srcdir="pax-processes")
def test_an_import_of_several_processes_builds_without_warnings(app, warning, tmp_path) -> None:
    rows = _reference_rows()
    rows.append({**rows[0], "AgtId": "801", "PPName": "Another process", "Agt": "Other"})
    srcdir = Path(app.srcdir)
    import_pax(_awkward_csv(tmp_path / "many.csv", rows), srcdir / "pax", srcdir)
    app.build()
    assert warning_lines(warning) == []
    html = (Path(app.outdir) / "pax" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in soup.select("table a")]
    assert links == ["process-another-process.html", "process-georgia-south-ossetia-process.html"]
    # a wide table scrolls inside its box, a region the keyboard reaches
    wrapper = soup.select_one("table").parent
    assert "table-wrapper" in wrapper["class"]
    assert (wrapper.get("tabindex"), wrapper.get("role"), wrapper.get("aria-label")) == (
        "0",
        "region",
        "Table",
    )
