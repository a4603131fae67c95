"""The benchmark corpus: deterministic, of the size asked, and clean to build.

The benchmarks are only as honest as their corpus: the same seed must give
the same pages, the counts in the manifest must be what the pages hold, the
vanilla form must hold the same text without any of the extension's markup,
and both forms must build without a warning (a warning would mean the
benchmark measures error handling, not the extension).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from benchmarks import corpus
from benchmarks.run import _changed, _generated, measure

from conftest import warning_lines


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    corpus.write(tmp_path / "a", 12)
    corpus.write(tmp_path / "b", 12)
    corpus.write(tmp_path / "c", 12, seed=9)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert _files(tmp_path / "c") != first


def test_manifest_counts_what_the_pages_hold(tmp_path: Path) -> None:
    manifest = corpus.write(tmp_path / "ext", 20, collections=True)
    pages = {k: v for k, v in _files(tmp_path / "ext").items() if k.endswith(".md")}
    text = "\n".join(pages.values())
    counts = manifest["counts"]
    assert counts["pages"] == len(pages)
    for kind in ("quote", "agreement", "provision", "person", "organization", "event"):
        assert len(re.findall(rf"^:+\{{{kind}\}}", text, re.M)) == counts[kind], kind
    assert len(re.findall(r"^:+\{statement\}", text, re.M)) == counts["statement"] == 20
    assert text.count("```{quote-list}") == counts["collection"] > 0
    # quotes per statement are 5 to 10: the largest corpus reaches 10,000 quotes
    assert 5 * 20 <= counts["quote"] - counts["brief"] <= 10 * 20
    target = manifest["edit_target"]
    assert target["text"] and target["quote"] in pages[target["path"]]


def test_vanilla_holds_the_same_text_without_markup(tmp_path: Path) -> None:
    ext = corpus.write(tmp_path / "ext", 10)
    corpus.write(tmp_path / "vanilla", 10, vanilla=True)
    path = ext["edit_target"]["path"]
    quoted = ext["edit_target"]["text"]
    vanilla = (tmp_path / "vanilla" / path).read_text(encoding="utf-8")
    assert quoted in vanilla
    assert quoted in (tmp_path / "ext" / path).read_text(encoding="utf-8")
    everything = "\n".join(_files(tmp_path / "vanilla").values())
    assert not re.search(
        r"^:::|\{(person|agreement|topic|org|event|provision)\}`", everything, re.M
    )
    assert "> — " in vanilla
    assert not (tmp_path / "vanilla" / "collections").exists()


@pytest.mark.parametrize("vanilla", [False, True], ids=["extension", "vanilla"])
def test_corpus_builds_without_warnings(tmp_path: Path, vanilla: bool) -> None:
    src = tmp_path / "src"
    manifest = corpus.write(src, 6, vanilla=vanilla, collections=False)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"html_theme": "basic"})
    try:
        app.build()
        assert warning_lines(app._warning) == []
        built = {p.relative_to(app.outdir) for p in Path(app.outdir).rglob("*.html")}
        assert Path(manifest["edit_target"]["path"][:-3] + ".html") in built
    finally:
        app.cleanup()


def test_measure_reports_time_cpu_and_peak_memory() -> None:
    grow = "x = bytearray(64 * 1024 * 1024); sum(range(3_000_000))"
    seconds, cpu, peak_mb, _ = measure(["python3", "-c", grow])
    assert seconds > 0 and cpu > 0
    assert peak_mb >= 64


def test_pages_written_are_counted_from_mtimes() -> None:
    before = {"a.html": 1, "b.html": 2, "genindex.html": 3}
    after = {"a.html": 1, "b.html": 5, "genindex.html": 4, "c.html": 1}
    assert _changed(before, after) == ["b.html", "c.html", "genindex.html"]
    assert [p for p in _changed(before, after) if not _generated(p)] == [
        "b.html",
        "c.html",
    ]
    assert _generated("kb-people.html") and not _generated("people/kb-x.html")


def test_the_process_of_the_graph_benchmark_builds_and_draws_every_arrow(
    tmp_path: Path,
) -> None:
    from io import StringIO

    from bs4 import BeautifulSoup

    manifest = corpus.write_process(tmp_path / "process", agreements=40)
    assert manifest["agreements"] == 40 and manifest["events"] == 10
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=tmp_path / "process", status=StringIO(), warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning_lines(warning) == []
    page = BeautifulSoup((Path(app.outdir) / "graph.html").read_text("utf-8"), "html.parser")
    assert len(page.select("svg.kb-graph a.kb-graph-node")) == 50
    assert len(page.select("svg.kb-graph path.kb-graph-arrow")) == manifest["arrows"]
