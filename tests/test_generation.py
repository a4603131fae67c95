"""Cross-page outputs are made once per change of what they are made of.

The data exports, citation files, feed, sitemap and map of anchors are made
from the whole knowledge base (:mod:`briefing.generation`). A rebuild that
changes none of their inputs leaves them as they are (not rewritten), and
every change that shows in them (records, a page's title, the configuration,
a book's PDF, the day, a page added or removed) makes them again, equal to
what a clean build makes.
"""

from __future__ import annotations

import pytest

from building import Project, rewritten

BASE = {"html_baseurl": "https://example.org/kb/"}

CROSS_PAGE = (
    "data/knowledge-base.json",
    "data/citations.json",
    "data/citations.bib",
    "statement.bib",
    "feed.xml",
    "sitemap.xml",
    "_static/briefing-anchors.js",
)


def outputs(result) -> dict[str, bytes]:
    return {name: (result.outdir / name).read_bytes() for name in CROSS_PAGE}


def mtimes(result) -> dict[str, int]:
    return {name: (result.outdir / name).stat().st_mtime_ns for name in CROSS_PAGE}


def assert_same_as_clean_build(project: Project, result, **overrides) -> None:
    clean = project.build(outdir="clean", fresh=True, confoverrides={**BASE, **overrides})
    assert outputs(result) == outputs(clean)
    assert result.pages() == clean.pages()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639526400")
    project = Project("contract", tmp_path)
    first = project.build(confoverrides=BASE)
    assert first.warnings == []
    assert all((first.outdir / name).is_file() for name in CROSS_PAGE)
    return project


def test_a_rebuild_without_changes_rewrites_none_of_them(project):
    before = mtimes(project.build(confoverrides=BASE))
    after = project.build(confoverrides=BASE)
    assert after.written == []
    assert mtimes(after) == before


def test_a_paragraph_edited_without_entities_rewrites_none_of_them(project):
    before = mtimes(project.build(confoverrides=BASE))
    project.edit("statement.md", "meeting\nwas hosted by", "meeting\nwas hosted in Brussels by")
    result = project.build(confoverrides=BASE)
    assert "statement" in result.written
    assert mtimes(result) == before
    assert_same_as_clean_build(project, result)


def test_a_quote_edited_makes_them_again(project):
    old = outputs(project.build(confoverrides=BASE))
    project.edit("statement.md", "lasting peace.", "a lasting peace.")
    result = project.build(confoverrides=BASE)
    assert b"a lasting peace." in outputs(result)["data/knowledge-base.json"]
    assert outputs(result) != old
    assert_same_as_clean_build(project, result)


def test_a_page_title_changed_makes_them_again(project):
    project.edit("statement.md", "# Statement on the meeting in Brussels", "# On Brussels")
    result = project.build(confoverrides=BASE)
    assert b"On Brussels" in outputs(result)["data/citations.json"]
    assert_same_as_clean_build(project, result)


def test_a_page_added_or_removed_makes_them_again(project):
    project.write("later.md", "---\norphan: true\n---\n# Later\n\nNo entity here.\n")
    added = project.build(confoverrides=BASE)
    assert b"later.html" in outputs(added)["sitemap.xml"]
    assert_same_as_clean_build(project, added)
    project.remove("later.md")
    removed = project.build(confoverrides=BASE)
    assert b"later.html" not in outputs(removed)["sitemap.xml"]
    assert_same_as_clean_build(project, removed)


def test_a_configuration_change_makes_them_again(project):
    moved = {"html_baseurl": "https://example.net/briefing/"}
    result = project.build(confoverrides=moved)
    assert b"https://example.net/briefing/" in outputs(result)["data/citations.json"]
    assert b"https://example.org/kb/" not in outputs(result)["sitemap.xml"]
    assert_same_as_clean_build(project, result, **moved)


def test_another_day_makes_them_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1639526400 + 86400 * 400))
    result = project.build(confoverrides=BASE)
    assert b"2023" in outputs(result)["data/citations.json"]  # the access date
    assert_same_as_clean_build(project, result)


def test_a_failed_build_leaves_the_next_one_to_make_them(project, monkeypatch):
    import briefing.export.sitemap as sitemap

    project.edit("statement.md", "lasting peace.", "a lasting peace.")

    def broken(app):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sitemap, "sitemap_xml", broken)
    with pytest.raises(Exception, match="disk full"):
        project.build(confoverrides=BASE)
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639526400")
    result = project.build(confoverrides=BASE)
    assert b"a lasting peace." in outputs(result)["data/knowledge-base.json"]
    assert_same_as_clean_build(project, result)


def test_the_search_records_follow_the_knowledge_base(project):
    project.edit("statement.md", "lasting peace.", "a lasting peace.")
    edited = project.build(confoverrides=BASE)
    assert any("a lasting peace." in text for _, text in edited.search_index()[1])
    clean = project.build(outdir="clean", fresh=True, confoverrides=BASE)
    assert edited.search_index() == clean.search_index()
    project.edit("statement.md", "meeting\nwas hosted by", "meeting\nwas hosted in Brussels by")
    prose = project.build(confoverrides=BASE)
    assert any("hosted in Brussels" in text for _, text in prose.search_index()[1])
    clean = project.build(outdir="clean", fresh=True, confoverrides=BASE)
    assert prose.search_index() == clean.search_index()


def wait_for_the_job(doctrees) -> None:
    """Reap the live preview's job, which this test's process forked."""
    import os
    import time

    from briefing.preview import PID_FILE

    try:
        pid = int((doctrees / PID_FILE).read_text(encoding="ascii"))
    except FileNotFoundError:
        return  # already ended: it removes its record
    deadline = time.monotonic() + 120
    while os.waitpid(pid, os.WNOHANG)[0] != pid:
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.1)
    assert not (doctrees / PID_FILE).exists()


def test_the_live_preview_writes_them_after_the_build(project):
    project.edit("statement.md", "lasting peace.", "a lasting peace.")
    preview = {**BASE, "briefing_search_background": True}
    result = project.build(confoverrides=preview)
    doctrees = result.outdir.parent / "doctrees"
    wait_for_the_job(doctrees)
    assert b"a lasting peace." in outputs(result)["data/knowledge-base.json"]
    assert_same_as_clean_build(project, result)
    before = mtimes(result)
    again = project.build(confoverrides=preview)  # nothing changed: the job writes nothing
    wait_for_the_job(doctrees)
    assert mtimes(again) == before


@pytest.fixture
def quote_edited(tmp_path, monkeypatch):
    """A complete output of the collections root, then a quote's words edited
    (the quote lists ``filters`` and ``lists`` show them)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639526400")
    project = Project("collections", tmp_path)
    project.build()
    project.edit("brussels.md", "basis for lasting peace", "basis for a lasting peace")
    return project


def test_the_live_preview_writes_the_edited_page_first_and_the_pages_showing_it_after(
    quote_edited,
):
    project = quote_edited
    result = project.build(confoverrides={"briefing_search_background": True})
    # the build writes the page saved; its quote lists follow in the job
    assert rewritten(result) == ["brussels"]
    wait_for_the_job(result.outdir.parent / "doctrees")
    assert "basis for a lasting peace" in (result.outdir / "filters.html").read_text("utf-8")
    clean = project.build(outdir="clean", fresh=True)
    assert result.pages() == clean.pages()
    # the job kept the fingerprints of what it wrote: nothing is left to write
    assert rewritten(project.build()) == []


def test_a_preview_job_stopped_while_writing_leaves_the_next_build_only_its_pages(
    quote_edited, monkeypatch
):
    from sphinx.builders.html import StandaloneHTMLBuilder

    from briefing import generation

    project = quote_edited
    in_job = []
    write_documents = StandaloneHTMLBuilder.write_documents

    def stopped_while_writing(builder, docnames):
        if in_job:
            raise KeyboardInterrupt("stopped by the next save")
        write_documents(builder, docnames)

    def run_here(doctreedir, work):
        in_job.append(True)
        with pytest.raises(KeyboardInterrupt):
            work()
        return 0

    with monkeypatch.context() as patched:
        patched.setattr(StandaloneHTMLBuilder, "write_documents", stopped_while_writing)
        patched.setattr(generation, "run_detached", run_here)
        preview = project.build(confoverrides={"briefing_search_background": True})
    assert rewritten(preview) == ["brussels"]
    assert in_job  # the job ran, and was stopped before it wrote the quote lists
    # the next build writes the pages the job did not, not every page
    assert rewritten(project.build()) == ["filters", "lists"]


def test_the_citation_files_of_a_removed_quote_go(project):
    def citation_files(outdir):
        return sorted(
            str(path.relative_to(outdir))
            for pattern in ("*.bib", "*.csl.json")
            for path in outdir.rglob(pattern)
        )

    before = citation_files(project.build(confoverrides=BASE).outdir)
    text = (project.srcdir / "statement.md").read_text(encoding="utf-8")
    project.write("statement.md", text[: text.index("```{kb:quote}")])
    result = project.build(confoverrides=BASE)
    clean = project.build(outdir="clean", fresh=True, confoverrides=BASE)
    after = citation_files(result.outdir)
    assert len(after) == len(before) - 2  # its BibTeX and CSL-JSON files
    assert after == citation_files(clean.outdir)


def test_parallel_builds_make_them_the_same_way(project):
    before = mtimes(project.build(confoverrides=BASE, parallel=2))
    assert mtimes(project.build(confoverrides=BASE, parallel=2)) == before
    project.edit("statement.md", "lasting peace.", "a lasting peace.")
    result = project.build(confoverrides=BASE, parallel=2)
    assert b"a lasting peace." in outputs(result)["data/knowledge-base.json"]
    assert_same_as_clean_build(project, result)


def test_an_edit_of_words_only_rewrites_the_pages_that_show_them(tmp_path):
    """After a quote's words change, only pages that show other pages' texts
    (collections) are fingerprinted again; they, and nothing else, are rewritten."""
    project = Project("collections", tmp_path)
    project.build()
    project.edit("baku.md", "We agreed to work on connectivity.", "We agreed on connectivity.")
    result = project.build()
    shown = {
        name.removesuffix(".html")
        for name, html in result.pages().items()
        if "We agreed on connectivity." in html
    }
    assert "baku" in shown and len(shown) > 1  # the page and at least one list
    assert set(rewritten(result)) == shown
    clean = project.build(outdir="clean", fresh=True)
    assert result.pages() == clean.pages()


def test_an_edit_of_words_reaches_the_entries_a_book_prints(tmp_path):
    project = Project("books", tmp_path)
    project.build()
    project.edit("kb.md", "The railway shall be restored.", "The railway shall be rebuilt.")
    result = project.build()
    assert "rail/chapter" in result.written
    clean = project.build(outdir="clean", fresh=True)
    assert result.pages() == clean.pages()
