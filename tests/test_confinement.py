"""Pages insert files of the source folder only (``briefing.outside-source``).

A secret file beside the source folder is named by every way a page can
insert a file: ``include`` and ``literalinclude`` (in MyST and in
reStructuredText, with ``:diff:``), ``csv-table`` with ``:file:`` and a
``file:`` URL, ``image``, ``figure``, a Markdown image and a ``{download}``
link. No byte of it may reach the output, and each is a located warning;
files inside the source folder, and a folder ``briefing_include_paths``
allows, are inserted as usual.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from building import Project

SECRET = "SECRET-TOKEN-42"
#: a 1x1 PNG, with the secret after its end
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project("confinement", tmp_path)
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (tmp_path / "secret.csv").write_text(f"{SECRET},1\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(PNG + SECRET.encode())
    (tmp_path / "allowed").mkdir()
    (tmp_path / "allowed" / "allowed.md").write_text("Allowed words.\n", encoding="utf-8")
    project.edit("markdown.md", "file:///SECRET_CSV", (tmp_path / "secret.csv").as_uri())
    return project


def leaked(outdir: Path) -> list[str]:
    """Files of the output that contain the secret."""
    return [
        str(path.relative_to(outdir))
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]


def refusals(warnings: list[str], tmp_path: Path) -> list[tuple[str, str]]:
    """(file:line, what was refused) of each outside-source warning."""
    found = []
    for line in warnings:
        match = re.match(r"(.+?): WARNING: (.+?) '", line)
        assert match and line.endswith("[briefing.outside-source]"), line
        where = match.group(1).replace(str(tmp_path / "src") + "/", "")
        found.append((where, match.group(2)))
    return found


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


EXPECTED = [
    ("markdown.md:3", "the file of literalinclude"),
    ("markdown.md:6", "the file of include"),
    ("markdown.md:9", "the :file: of csv-table"),
    ("markdown.md:13", "the :url: of csv-table"),
    ("markdown.md:36", "the file of include"),
    ("markdown.md:17", "the image"),
    ("markdown.md:21", "the image"),
    ("markdown.md:25", "the image"),
    ("markdown.md:27", "the download"),
    ("restructured.rst:4", "the file of include"),
    ("restructured.rst:6", "the file of literalinclude"),
    ("restructured.rst:8", "the :diff: file of literalinclude"),
    ("restructured.rst:11", "the :file: of csv-table"),
]


def test_files_outside_the_source_folder_are_not_inserted(project, tmp_path) -> None:
    result = project.build()
    assert leaked(result.outdir) == []
    assert refusals(result.warnings, tmp_path) == EXPECTED
    # the message says which file, why, and what to do
    first = result.warnings[0]
    assert f"'../secret.txt' ({tmp_path / 'secret.txt'}) is outside the source folder" in first
    assert "briefing_include_paths" in first
    assert "file:" in result.warnings[3] and "is not an http(s) address" in result.warnings[3]

    page = soup(result.outdir / "markdown.html")
    text = page.get_text()
    assert "Inside words." in text  # files of the source folder are inserted
    assert "inside" in [td.get_text() for td in page.select("table td")]
    assert page.select("img") == []
    assert "secret download" in text and page.select("a.download") == []
    assert "The secret figure." in text
    assert "Allowed words." not in text
    assert "Inside words." in soup(result.outdir / "restructured.html").get_text()


def test_a_folder_can_be_allowed_explicitly(project, tmp_path) -> None:
    result = project.build(confoverrides={"briefing_include_paths": ["../allowed"]})
    assert ("markdown.md:36", "the file of include") not in refusals(result.warnings, tmp_path)
    assert len(result.warnings) == len(EXPECTED) - 1
    assert "Allowed words." in soup(result.outdir / "markdown.html").get_text()
    assert leaked(result.outdir) == []


def test_a_link_out_of_the_source_folder_is_refused(project, tmp_path) -> None:
    (project.srcdir / "data" / "link.txt").symlink_to(tmp_path / "secret.txt")
    project.write("markdown.md", "# Markdown\n\n```{literalinclude} data/link.txt\n```\n")
    project.write("restructured.rst", "Restructured\n============\n")
    result = project.build()
    assert refusals(result.warnings, tmp_path) == [("markdown.md:3", "the file of literalinclude")]
    assert leaked(result.outdir) == []


def test_parallel_builds_refuse_alike(project, tmp_path) -> None:
    result = project.build(parallel=2)
    assert sorted(refusals(result.warnings, tmp_path)) == sorted(EXPECTED)
    assert leaked(result.outdir) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"../allowed"', "briefing_include_paths must be a list of folder names."),
        ('["../nowhere"]', "briefing_include_paths entry 1: '../nowhere' is not a folder"),
        ('[""]', "briefing_include_paths entry 1: a folder must be a non-empty string"),
    ],
)
def test_malformed_include_paths_are_config_warnings(project, value, message) -> None:
    project.write("markdown.md", "# Markdown\n")
    project.write("restructured.rst", "Restructured\n============\n")
    conf = (project.srcdir / "conf.py").read_text(encoding="utf-8")
    project.write("conf.py", conf + f"briefing_include_paths = {value}\n")
    result = project.build()
    config = [line for line in result.warnings if "[briefing.config]" in line]
    assert len(config) == 1 and message in config[0], result.warnings
