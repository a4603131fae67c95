"""The archive of primary sources: the ``archive`` option of ``statement`` and ``brief``.

The test root ``test-archive`` has a statement that reproduces its archived
copy word for word, one edited away from it (a word dropped, an editors'
paragraph added, a paragraph left out), a brief whose archive was taken from
another address, and archives that are missing or have no header. The
warnings are checked exactly, in a serial and a parallel build; the archived
copy is linked next to the source and shipped with the site; editing only the
archive checks the statement again; and ``make check`` reports the edited
statement as ``file:line: message``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from contrib_project import MAKE, environment, make_project

from briefing.archive import Capture, Part, differences, read_capture

from building import Project
from conftest import ROOTS

ROOT = ROOTS / "test-archive"
URL = (
    "https://www.restartinitiative.org/post/"
    "statement-on-the-meeting-of-ilham-aliyev-and-nikol-pashinyan-in-brussels"
)
DIFFERS = (
    "paragraph 1 of the statement differs from its archived copy "
    "(_archive/brussels.txt, line 11): the page has '…on the initiative of President "
    "Charles Michel.' where the archived copy has '…on the initiative of European "
    "Council President Charles Michel.'. A statement is reproduced word for word: "
    "restore the archived wording, or, if the original publication changed, archive "
    "it again. [briefing.archive-mismatch]"
)
NOT_IN_COPY = (
    "paragraph 2 of the statement is not in its archived copy (_archive/brussels.txt): "
    "'The editors\u2019 summary, written into the statement by…'. Reproduce only the "
    "statement's own words under it; put the editors' words in an admonition or a "
    "section of their own. [briefing.archive-mismatch]"
)
LEFT_OUT = (
    "the statement leaves out a paragraph of its archived copy (_archive/brussels.txt, "
    "line 13): 'A number of agreements were reached during the…'. Reproduce it here, "
    "word for word. [briefing.archive-mismatch]"
)
EXPECTED = [
    f"statements/edited.md:9: WARNING: {DIFFERS}",
    f"statements/edited.md:13: WARNING: {NOT_IN_COPY}",
    f"statements/edited.md:15: WARNING: {LEFT_OUT}",
    "statements/elsewhere.md:6: WARNING: {brief}: the archived copy _archive/brussels.txt "
    f"was taken from '{URL}', not from the page's ':source:' "
    "'https://example.org/another-address'. Archive the source, or correct one of the "
    "two addresses. [briefing.archive]",
    "statements/headless.md:5: WARNING: {statement}: the archived copy "
    "_archive/headless.txt does not start with its header: 'Address: <the original "
    "address>' and 'Retrieved: <date>' lines, then a blank line, then the capture. "
    "[briefing.archive]",
    "statements/mistakes.md:5: WARNING: {statement}: ':archive:' is "
    "'/_archive/no-such-file.txt', but there is no such file (looked for "
    "_archive/no-such-file.txt in the source folder). Give the archived copy's path "
    "from this page's folder, or from the source folder with a leading '/', for example "
    "'/_archive/my-statement.txt'; see the contributor guide on archiving. "
    "[briefing.archive]",
]


def warnings_of(project: Project, result) -> list[str]:
    prefix = str(project.srcdir) + "/"
    return sorted(w.replace(prefix, "") for w in result.warnings)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project("archive", tmp_path_factory.mktemp("archive"))
    return project, project.build()


# -- the capture and the comparison ----------------------------------------------------


def test_a_capture_is_its_header_and_its_paragraphs() -> None:
    capture = read_capture(
        "Address: https://example.org/a\nRetrieved: 2021-12-16\n\n"
        "top of page\n\nFirst  paragraph,\nover two lines.\n\n\nSecond.\n"
    )
    assert capture == Capture(
        {"address": "https://example.org/a", "retrieved": "2021-12-16"},
        ((4, "top of page"), (6, "First paragraph, over two lines."), (10, "Second.")),
    )
    assert capture.text_lines is None
    assert read_capture("No header at all\n\nText.\n") is None
    assert read_capture("Address: https://example.org/a\n") is None  # no capture


def test_the_text_lines_limit_what_the_page_must_reproduce() -> None:
    capture = read_capture(
        "Address: a\nRetrieved: b\nText: 7-9\n\nMenu\n\nOne.\n\nTwo.\n\nFooter\n"
    )
    assert capture is not None and capture.text_lines == (7, 9)
    parts = [Part("paragraph 1", "One.", 3)]
    [left_out] = differences(parts, capture, "copy.txt")
    assert (left_out.line, left_out.message.split(":")[0]) == (
        3,
        "the statement leaves out a paragraph of its archived copy (copy.txt, line 9)",
    )
    # without the Text header, what follows the last reproduced paragraph is furniture
    without = Capture({}, capture.paragraphs)
    assert differences(parts, without, "copy.txt") == []
    assert differences([*parts, Part("paragraph 2", "Two.", 5)], capture, "copy.txt") == []


def test_a_paragraph_is_paired_with_the_one_it_is_a_version_of() -> None:
    capture = read_capture(
        "Address: a\nRetrieved: b\n\nThe title\n\nOne two three four five six.\n\n"
        "Seven eight nine ten eleven twelve.\n"
    )
    assert capture is not None
    parts = [
        Part("the title", "The title", 1),
        Part("paragraph 1", "One two three four five six.", 3),
        Part("paragraph 2", "Seven eight nine TEN eleven twelve.", 5),
    ]
    [changed] = differences(parts, capture, "c.txt")
    assert changed.line == 5
    assert changed.message.startswith(
        "paragraph 2 of the statement differs from its archived copy (c.txt, line 8): the "
        "page has 'Seven eight nine TEN eleven twelve.' where the archived copy has "
        "'Seven eight nine ten eleven twelve.'"
    )


# -- the build ------------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [0, 2])
def test_each_archive_problem_is_a_located_typed_warning(built, parallel) -> None:
    project, result = built
    if parallel:
        result = project.build(outdir="parallel", parallel=parallel)
    assert warnings_of(project, result) == sorted(EXPECTED)


def test_the_archived_copy_is_linked_next_to_the_source_and_shipped(built) -> None:
    _, result = built
    soup = BeautifulSoup(
        (result.outdir / "statements/faithful.html").read_text("utf-8"), "html.parser"
    )
    source = next(
        dt.find_next_sibling("dd")
        for dt in soup.select("dl.kb-details dt")
        if dt.get_text(strip=True).startswith("Source")
    )
    links = source.select("a[href]")
    assert [a.get_text() for a in links] == [URL, "archived copy"]
    assert links[0]["href"] == URL
    shipped = (result.outdir / "statements" / links[1]["href"]).resolve()
    assert shipped.is_relative_to(result.outdir / "_downloads")
    assert shipped.read_bytes() == (ROOT / "_archive/brussels.txt").read_bytes()
    # the faithful statement's own text, and the editors' section, are untouched
    assert "Not part of the statement" in soup.get_text()


def test_a_brief_links_its_archive_without_comparing_it(built) -> None:
    _, result = built
    soup = BeautifulSoup(
        (result.outdir / "statements/elsewhere.html").read_text("utf-8"), "html.parser"
    )
    assert [a.get_text() for a in soup.select("dl.kb-details a.kb-archive")] == ["archived copy"]


def test_a_missing_archive_loses_nothing_else(built) -> None:
    _, result = built
    soup = BeautifulSoup(
        (result.outdir / "statements/mistakes.html").read_text("utf-8"), "html.parser"
    )
    assert soup.select("dl.kb-details") and not soup.select("a.kb-archive")
    assert "Text." in soup.get_text()


def test_editing_only_the_archive_checks_the_statement_again(tmp_path) -> None:
    project = Project("archive", tmp_path)
    first = project.build()
    assert not any("faithful.md" in w for w in first.warnings)
    project.edit("_archive/brussels.txt", "most notably on", "notably on")
    second = project.build()
    assert "statements/faithful" in second.written
    [warning] = [w for w in warnings_of(project, second) if w.startswith("statements/faithful")]
    assert warning.startswith(
        "statements/faithful.md:14: WARNING: paragraph 2 of the statement differs from its "
        "archived copy (_archive/brussels.txt, line 13): the page has '…during the "
        "unprecedented meeting, most notably on the issue…' where the archived copy has "
        "'…during the unprecedented meeting, notably on the issue…'."
    )


# -- make check ------------------------------------------------------------------------


def test_make_check_reports_a_statement_edited_away_from_its_archive(tmp_path: Path) -> None:
    root = make_project(tmp_path, "# Test site\n\n```{toctree}\nstatements/edited\n```\n")
    shutil.copytree(ROOT / "_archive", root / "docs" / "_archive")
    (root / "docs/statements").mkdir()
    shutil.copy(ROOT / "statements/edited.md", root / "docs/statements/edited.md")
    result = subprocess.run(
        [*MAKE, "check"],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=300,
    )
    assert result.returncode != 0  # make's own status for a failing recipe
    assert result.stdout.splitlines() == [
        f"docs/statements/edited.md:9: {DIFFERS}",
        f"docs/statements/edited.md:13: {NOT_IN_COPY}",
        f"docs/statements/edited.md:15: {LEFT_OUT}",
    ]
    assert "3 problems in the whole site." in result.stderr
