"""The bad-input catalogue: malformed pages give located, typed warnings.

Each case is one page, written next to ``entities.md`` of the
``test-catalogue`` root, built together. For every case the test checks the
exact (line, subtype) warnings of its page, that no warning is a traceback,
and that the rest of the page (a sentinel paragraph) and the rest of the
site still build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup

from building import Project

# A case's page: a title (line 1), a sentinel paragraph (line 3), then its
# body from line 5 on.
PAGE = "# Case {name}\n\nSentinel paragraph of {name}.\n\n{body}\n"


@dataclass(frozen=True)
class Case:
    name: str
    body: str
    expected: tuple[tuple[int, str], ...]  # (line, warning type)


def fenced(directive: str, *options: str, body: str = "", argument: str = "") -> str:
    head = f":::{{{directive}}}" + (f" {argument}" if argument else "")
    parts = [head, *options]
    if body:
        parts += ["", body]
    return "\n".join([*parts, ":::"])


CASES = [
    # statement / brief
    Case("statement-bad-date", fenced("statement", ":date: 15/12/2021"), ((6, "briefing.invalid-date"),)),
    Case("statement-no-date", fenced("statement", ":place: Berlin"), ((5, "briefing.missing-option"),)),
    Case("statement-empty-date", fenced("statement", ":date:"), ((6, "briefing.missing-option"),)),
    Case("statement-typo-option", fenced("statement", ":date: 2021", ":organisation: restart-initiative"), ((7, "briefing.unknown-option"),)),
    Case("statement-org-not-an-id", fenced("statement", ":date: 2021", ":organization: Restart Initiative"), ((7, "briefing.invalid-id"),)),
    Case("statement-org-unknown", fenced("statement", ":date: 2021", ":organization: restart"), ((7, "briefing.unknown-id"),)),
    Case("statement-author-is-org", fenced("statement", ":date: 2021", ":authors: restart-initiative"), ((7, "briefing.wrong-kind"),)),
    Case("statement-source-javascript", fenced("statement", ":date: 2021", ":source: javascript:alert(1)"), ((7, "briefing.invalid-url"),)),
    Case("statement-updated-bad", fenced("statement", ":date: 2021", ":updated: yesterday"), ((7, "briefing.invalid-date"),)),
    Case("statement-topic-unknown", fenced("statement", ":date: 2021", ":topics: economy"), ((7, "briefing.unknown-id"),)),
    Case("statement-twice", fenced("statement", ":date: 2021") + "\n\n" + fenced("brief", ":date: 2021"), ((9, "briefing.misplaced"),)),
    Case("brief-bad-id", fenced("brief", ":date: 2021", argument="Bad_Id"), ((5, "briefing.invalid-id"),)),
    # quote
    Case("quote-no-speaker", fenced("quote", body="Words."), ((5, "briefing.missing-option"),)),
    Case("quote-speaker-unknown", fenced("quote", ":speaker: emin", body="Words."), ((6, "briefing.unknown-id"),)),
    Case("quote-speaker-is-org", fenced("quote", ":speaker: restart-initiative", body="Words."), ((6, "briefing.wrong-kind"),)),
    Case("quote-two-speakers", fenced("quote", ":speaker: emin-milli, restart-initiative", body="Words."), ((6, "briefing.invalid-value"),)),
    Case("quote-bad-date", fenced("quote", ":speaker: emin-milli", ":date: 2021-02-30", body="Words."), ((7, "briefing.invalid-date"),)),
    Case("quote-about-unknown", fenced("quote", ":speaker: emin-milli", ":about: base-agreement/2", body="Words."), ((7, "briefing.unknown-id"),)),
    Case("quote-source-ftp", fenced("quote", ":speaker: emin-milli", ":source: ftp://example.org/x", body="Words."), ((7, "briefing.invalid-url"),)),
    Case("quote-bad-language", fenced("quote", ":speaker: emin-milli", ":language: English!", body="Words."), ((7, "briefing.invalid-value"),)),
    Case("quote-empty", fenced("quote", ":speaker: emin-milli"), ((5, "briefing.empty"),)),
    Case("quote-typo-speaker", fenced("quote", ":speeker: emin-milli", body="Words."), ((5, "briefing.missing-option"), (6, "briefing.unknown-option"))),
    Case("quote-bad-id", fenced("quote", ":speaker: emin-milli", body="Words.", argument="Quote One"), ((5, "briefing.invalid-id"),)),
    # agreement / provision
    Case("agreement-no-id", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative"), ((5, "briefing.missing-option"),)),
    Case("agreement-no-title", fenced("agreement", ":date: 2021", ":parties: restart-initiative", argument="a1"), ((5, "briefing.missing-option"),)),
    Case("agreement-no-date", fenced("agreement", ":title: T", ":parties: restart-initiative", argument="a2"), ((5, "briefing.missing-option"),)),
    Case("agreement-no-parties", fenced("agreement", ":title: T", ":date: 2021", argument="a3"), ((5, "briefing.missing-option"),)),
    Case("agreement-bad-stage", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":stage: Ceasefire", argument="a4"), ((9, "briefing.invalid-value"),)),
    Case("agreement-bad-pax-id", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":pax-id: PAX-2324", argument="a5"), ((9, "briefing.invalid-value"),)),
    Case("agreement-signatory-unknown", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":signatories: putin", argument="a6"), ((9, "briefing.unknown-id"),)),
    Case("agreement-third-party-unknown", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":third-parties: eu", argument="a7"), ((9, "briefing.unknown-id"),)),
    Case("agreement-builds-on-unknown", fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":builds-on: earlier", argument="a8"), ((9, "briefing.unknown-id"),)),
    Case("agreement-party-is-person", fenced("agreement", ":title: T", ":date: 2021", ":parties: emin-milli", argument="a9"), ((8, "briefing.wrong-kind"),)),
    Case(
        "agreement-cycle",
        fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":builds-on: c2", argument="c1")
        + "\n\n"
        + fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", ":builds-on: c1", argument="c2"),
        ((5, "briefing.cycle"),),
    ),
    Case(
        "agreement-duplicate",
        fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", argument="twice")
        + "\n\n"
        + fenced("agreement", ":title: T", ":date: 2021", ":parties: restart-initiative", argument="twice"),
        ((11, "briefing.duplicate-id"),),
    ),
    Case("provision-outside", fenced("provision", body="Loose.", argument="9"), ((5, "briefing.misplaced"),)),
    Case(
        "provision-after-its-agreement",
        ":::{agreement} a10\n:title: T\n:date: 2021\n:parties: restart-initiative\n:::\n\n:::{provision} 1\nText.\n:::",
        ((11, "briefing.misplaced"),),
    ),
    Case("provision-no-label", "::::{agreement} a11\n:title: T\n:date: 2021\n:parties: restart-initiative\n\n:::{provision}\nText.\n:::\n::::", ((10, "briefing.missing-option"),)),
    Case("provision-bad-label", "::::{agreement} a12\n:title: T\n:date: 2021\n:parties: restart-initiative\n\n:::{provision} Nine!\nText.\n:::\n::::", ((10, "briefing.invalid-id"),)),
    Case("provision-empty", "::::{agreement} a13\n:title: T\n:date: 2021\n:parties: restart-initiative\n\n:::{provision} 2\n:::\n::::", ((10, "briefing.empty"),)),
    # entries
    Case("person-no-name", fenced("person", ":role: Chair", argument="p1"), ((5, "briefing.missing-option"),)),
    Case("person-country-unknown", fenced("person", ":name: P", ":country: atlantis", argument="p2"), ((7, "briefing.unknown-id"),)),
    Case("organization-bad-kind", fenced("organization", ":name: O", ":kind: charity", argument="o1"), ((7, "briefing.invalid-value"),)),
    Case("organization-bad-url", fenced("organization", ":name: O", ":url: www.example.org", argument="o2"), ((7, "briefing.invalid-url"),)),
    Case("topic-no-title", fenced("topic", argument="t1"), ((5, "briefing.missing-option"),)),
    Case("topic-broader-unknown", fenced("topic", ":title: T", ":broader: economy", argument="t2"), ((7, "briefing.unknown-id"),)),
    Case("event-no-date", fenced("event", ":title: E", argument="e1"), ((5, "briefing.missing-option"),)),
    Case("event-bad-end-date", fenced("event", ":title: E", ":date: 2021-12-14", ":end-date: 2021-12-32", argument="e2"), ((8, "briefing.invalid-date"),)),
    Case("event-outcome-is-person", fenced("event", ":title: E", ":date: 2021", ":outcomes: emin-milli", argument="e3"), ((8, "briefing.wrong-kind"),)),
    # roles
    Case("role-unknown", "See {agreement}`base-agrement`.", ((5, "briefing.unknown-id"),)),
    Case("role-wrong-kind", "See {person}`restart-initiative`.", ((5, "briefing.wrong-kind"),)),
    Case("role-uppercase", "See {person}`Emin-Milli`.", ((5, "briefing.unknown-id"),)),
    Case("role-provision-unknown", "See {provision}`base-agreement/7`.", ((5, "briefing.unknown-id"),)),
]

# Unusual but valid input: builds without any warning or traceback.
VALID_CASES = [
    Case("quote-in-table-cell", "```{list-table}\n* - Who\n  - Said\n* - Emin Milli\n  - :::{quote} in-table\n    :speaker: emin-milli\n\n    Words in a cell.\n    :::\n```", ()),
    Case("huge-quote", fenced("quote", ":speaker: emin-milli", body="peace " * 40_000, argument="huge"), ()),
    Case("many-references", " ".join(["{person}`emin-milli`"] * 2_000), ()),
    Case("native-scripts", fenced("person", ":name: Nikol Pashinyan", ":native-name: Նիկոլ Փաշինյան", argument="nikol-pashinyan", body="Azərbaycan, İlham Əliyev, ş, ğ, ı."), ()),
]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    project = Project("catalogue", tmp_path_factory.mktemp("catalogue"))
    for case in CASES + VALID_CASES:
        project.write(f"{case.name}.md", PAGE.format(name=case.name, body=case.body))
    # invalid UTF-8: Sphinx replaces the bytes and says where
    (project.srcdir / "invalid-utf8.md").write_bytes(
        b"# Case invalid-utf8\n\nSentinel paragraph of invalid-utf8.\n\nBad \xff\xfe bytes.\n"
    )
    return project, project.build()


def warnings_by_page(project, result) -> dict[str, list[tuple[int, str]]]:
    pattern = re.compile(r"^(?P<path>[^:]+\.md):(?P<line>\d+): WARNING: .* \[(?P<type>[\w.-]+)\]$")
    found: dict[str, list[tuple[int, str]]] = {}
    for line in result.warnings:
        match = pattern.match(line.replace(str(project.srcdir) + "/", ""))
        if match:
            found.setdefault(match["path"][:-3], []).append((int(match["line"]), match["type"]))
    return found


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 40


def test_no_warning_is_a_traceback_or_unlocated(catalogue):
    _, result = catalogue
    for line in result.warnings:
        assert "Traceback" not in line
        assert ".md:" in line, f"unlocated warning: {line}"


@pytest.mark.parametrize("case", CASES + VALID_CASES, ids=lambda case: case.name)
def test_each_case_gives_exactly_its_warnings(catalogue, case):
    project, result = catalogue
    got = sorted(warnings_by_page(project, result).get(case.name, []))
    assert got == sorted(case.expected)


@pytest.mark.parametrize("case", CASES + VALID_CASES, ids=lambda case: case.name)
def test_the_rest_of_the_page_still_builds(catalogue, case):
    _, result = catalogue
    page = BeautifulSoup((result.outdir / f"{case.name}.html").read_text(), "html.parser")
    assert f"Sentinel paragraph of {case.name}." in page.get_text()


def test_invalid_utf8_is_reported_where_it_is(catalogue):
    project, result = catalogue
    messages = [w.replace(str(project.srcdir) + "/", "") for w in result.warnings if "invalid-utf8" in w]
    assert messages == [
        "invalid-utf8.md:5: WARNING: the page is not valid UTF-8: byte 0xff at column 5 cannot "
        "be read and is shown as \ufffd. Save the file as UTF-8 (most editors: File, Save with "
        "encoding). [briefing.encoding]"
    ]
    page = (result.outdir / "invalid-utf8.html").read_text()
    assert "Sentinel paragraph of invalid-utf8." in page


def test_the_site_still_builds_around_the_mistakes(catalogue):
    _, result = catalogue
    entities = BeautifulSoup((result.outdir / "entities.html").read_text(), "html.parser")
    backlinks = entities.select_one("#person-emin-milli .kb-backlinks")
    assert backlinks is not None
    assert "Words in a cell." in (result.outdir / "quote-in-table-cell.html").read_text()
