"""Releases: one version everywhere, and ``make dist``'s reproducible archive.

The archive test builds the ``pdf`` root's books and site twice from scratch,
in the same place, with one ``SOURCE_DATE_EPOCH``, packs each build, and
compares the archives byte for byte; the Pagefind index in the archive (whose
filters the packing puts in a fixed order) must still search and filter in
a browser as the site's own index does.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

import briefing
from briefing.release import make_dist

from building import Project
from conftest import PROJECT, serve

EPOCH = "1764000000"  # 2025-11-24T16:00:00Z


def test_the_version_is_in_one_place():
    from importlib.metadata import version

    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "briefing.__version__"}
    assert version("briefing") == briefing.__version__
    conf = (PROJECT / "conf.py").read_text()
    assert "release = version = __version__" in conf


def test_the_site_footer_and_data_export_carry_the_version(site, site_environment):
    assert site_environment.config.release == briefing.__version__
    for page in ("index.html", "statements/brussels-meeting-2021-12-15.html"):
        soup = BeautifulSoup((site / page).read_text(), "html.parser")
        line = soup.select_one("footer .briefing-release")
        assert line is not None and line.get_text(strip=True) == f"Release {briefing.__version__}"
    import json

    data = json.loads((site / "data/knowledge-base.json").read_text())
    assert data["version"] == briefing.__version__


def build_release_site(project: Project) -> Path:
    """The pdf root's books and site, built afresh as make book builds them; returns _build."""
    build = project.srcdir.parent / "_build"
    if build.exists():
        shutil.rmtree(build)
    overrides = {"briefing_pdf_dir": str(build / "pdf"), "release": "2.0.1"}
    assert project.build("pdf", outdir="_build", confoverrides=overrides).warnings == []
    assert project.build("html", outdir="_build", confoverrides=overrides).warnings == []
    # a language's books, where the languages feature writes them: packed too
    (build / "pdf" / "hy").mkdir()
    shutil.copy(build / "pdf" / "mini.pdf", build / "pdf" / "hy" / "mini.pdf")
    return build


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    directory = tmp_path_factory.mktemp("release")
    project = Project("pdf", directory)
    archives = []
    try:
        for run in ("first", "second"):
            build = build_release_site(project)
            archives.append(make_dist(build, directory / run, project.srcdir))
            if run == "first":
                first_site = directory / "first-site"
                shutil.copytree(build / "html", first_site)
    finally:
        monkeypatch.undo()
    return archives, first_site


def members(archive: Path) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(archive) as tar:
        return {info.name: info for info in tar.getmembers()}


def test_two_builds_of_the_same_sources_give_the_same_archive(releases):
    (first, second), _ = releases
    assert first.name == "briefing-book-2.0.1.tar.gz"
    assert first.read_bytes() == second.read_bytes()


def test_the_archive_holds_the_site_books_data_citation_and_checksums(releases):
    (archive, _), _ = releases
    entries = members(archive)
    root = "briefing-book-2.0.1/"
    for name in (
        "site/index.html",
        "site/objects.inv",
        "site/pagefind/pagefind-entry.json",
        "site/_downloads/books/brussels.pdf",
        "pdf/brussels.pdf",
        "pdf/mini.pdf",
        "pdf/hy/mini.pdf",
        "data/knowledge-base.json",
        "data/citations.bib",
        "CITATION.cff",
        "SHA256SUMS",
    ):
        assert root + name in entries, name
    assert not [n for n in entries if ".doctrees" in n or n.endswith(".buildinfo")]
    assert not [n for n in entries if n.startswith(root + "pdf/") and n.endswith(".html")]
    for info in entries.values():
        assert (info.mtime, info.uid, info.gid, info.uname, info.gname) == (
            int(EPOCH),
            0,
            0,
            "",
            "",
        )
        assert info.mode == (0o755 if info.isdir() else 0o644)
    assert list(entries) == sorted(entries)
    raw = archive.read_bytes()
    assert raw[4:8] == int(EPOCH).to_bytes(4, "little")  # gzip header time
    assert raw[3] & 0x08 == 0  # and no file name in it


def test_the_checksums_cover_every_file(releases):
    (archive, _), _ = releases
    with tarfile.open(archive) as tar:
        contents = {
            info.name.split("/", 1)[1]: tar.extractfile(info).read()
            for info in tar.getmembers()
            if info.isfile()
        }
    listed = {}
    for line in contents.pop("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}


def test_citation_cff_describes_the_release(releases):
    (archive, _), _ = releases
    with tarfile.open(archive) as tar:
        cff = yaml.safe_load(tar.extractfile("briefing-book-2.0.1/CITATION.cff").read())
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == "PDF test"
    assert cff["version"] == "2.0.1"
    assert cff["date-released"] == "2025-11-24"
    assert cff["authors"] == [{"name": "Knowledge base editors"}]
    assert cff["url"] == "https://briefing.example.org/kb/"
    assert cff["message"]


def test_the_pdf_cover_names_the_release_and_its_back_how_to_cite(releases):
    (archive, _), _ = releases
    with tarfile.open(archive) as tar:
        pdf = tar.extractfile("briefing-book-2.0.1/pdf/brussels.pdf").read()
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert "Release 2.0.1" in pages[0]
    assert pages[1].startswith("How to cite this book")
    assert (
        "Restart Initiative. “The Brussels meeting, December 2021: Statements, quotes and "
        "agreements on Armenia and Azerbaijan.” PDF test, version 2.0.1, 15 December 2021. "
        "https://briefing.example.org/kb/_downloads/books/brussels.pdf"
    ) in pages[1]


def test_the_packed_search_index_finds_and_filters_as_the_sites_own(releases, chromium, tmp_path):
    (archive, _), first_site = releases
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    packed_site = tmp_path / "briefing-book-2.0.1" / "site"
    script = """async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const filters = await pagefind.filters();
        const found = await pagefind.search('agreement', {filters: {kind: 'agreement'}});
        const urls = await Promise.all(found.results.map(async r => (await r.data()).url));
        return {filters, urls: urls.sort()};
    }"""
    answers = []
    for site in (first_site, packed_site):
        tab = chromium.new_page()
        with serve(site) as base:
            tab.goto(f"{base}/index.html")
            answers.append(tab.evaluate(script))
        tab.close()
    original, packed = answers
    assert packed["filters"] == original["filters"]
    assert packed["filters"]["kind"]
    assert packed["urls"] == original["urls"]
    assert packed["urls"]


def test_python_m_briefing_dist_says_what_is_missing(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "dist",
            "--build",
            str(tmp_path),
            "--conf",
            str(PROJECT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "holds no site: run make book first" in completed.stderr
    assert "Traceback" not in completed.stderr
