"""Incremental and parallel builds give the same pages as a clean serial build.

Each scenario edits a copy of the contract root, rebuilds incrementally,
checks which pages were rewritten, and compares every HTML page with a clean
build of the same sources.
"""

from __future__ import annotations

import re

import pytest

from building import Project, rewritten

NEW_PAGE = """# Later statement

:::{statement}
:date: 2022-01-10
:::

:::{quote} later-quote
:speaker: nikol-pashinyan
:about: ceasefire-2020

Later words.
:::
"""


def assert_same_as_clean_build(project: Project, incremental) -> None:
    clean = project.build(outdir="clean", fresh=True)
    assert incremental.warnings == clean.warnings
    assert incremental.pages() == clean.pages()


@pytest.fixture
def project(tmp_path):
    project = Project("contract", tmp_path)
    first = project.build()
    assert first.warnings == []
    return project


def test_a_rebuild_without_changes_writes_nothing(project):
    assert project.build().written == []


def test_editing_a_quotes_text_rewrites_only_its_page(project):
    project.edit("statement.md", "lasting peace.", "a lasting peace.")
    result = project.build()
    assert rewritten(result) == ["statement"]
    assert_same_as_clean_build(project, result)


def test_changing_a_speaker_updates_both_peoples_backlinks(project):
    project.edit("statement.md", ":speaker: emin-milli", ":speaker: nikol-pashinyan")
    result = project.build()
    # the speakers' entries (actors) and pages linking the quote by its display text
    assert rewritten(result) == ["actors", "agreements", "statement"]
    assert_same_as_clean_build(project, result)


def test_a_quote_added_on_a_new_page_appears_in_the_backlinks(project):
    project.write("later.md", NEW_PAGE)
    project.edit("index.md", "actors\n", "actors\nlater\n")
    result = project.build()
    assert "agreements" in rewritten(result)  # the agreement's backlinks
    assert "actors" in rewritten(result)  # the speaker's backlinks
    assert_same_as_clean_build(project, result)


def test_removing_an_agreement_updates_every_page_that_showed_it(project):
    text = (project.srcdir / "agreements.md").read_text()
    start = text.index("::::{kb:agreement} working-group-2021")
    project.write("agreements.md", text[:start])
    result = project.build()
    assert "actors" in rewritten(result)  # the event's outcome and Russia's backlinks
    assert_same_as_clean_build(project, result)


def test_renaming_a_person_updates_every_link_text(project):
    project.edit("actors.md", ":name: Ilham Aliyev", ":name: İlham Aliyev")
    result = project.build()
    assert rewritten(result) == ["actors", "agreements", "statement"]
    assert_same_as_clean_build(project, result)


def test_builders_sharing_a_doctree_folder_each_rewrite_what_changed(tmp_path):
    # as `sphinx-build -M html` then `-M text` do: one doctree folder, two outputs.
    # (Smart quotes off: Sphinx applies them when the HTML builder reads a page
    # and not for text, which no extension can change.)
    plain = {"smartquotes": False}
    project = Project("contract", tmp_path)
    project.build(confoverrides=plain)
    project.build("text", confoverrides=plain)
    project.edit("actors.md", ":name: Ilham Aliyev", ":name: İlham Aliyev")
    html = project.build(confoverrides=plain)
    assert rewritten(html) == ["actors", "agreements", "statement"]
    text = project.build("text", confoverrides=plain)
    # the environment is current after the HTML build, but the text pages are not
    assert rewritten(text) == ["actors", "agreements", "statement"]
    clean = project.build("text", outdir="clean-text", fresh=True, confoverrides=plain)
    assert "İlham Aliyev" in clean.texts()["statement.txt"]
    assert text.texts() == clean.texts()
    assert project.build("text", confoverrides=plain).written == []


def test_removing_a_reference_removes_its_backlink(project):
    project.edit("statement.md", "{event}`brussels-meeting`", "Brussels meeting")
    result = project.build()
    assert rewritten(result) == ["actors", "statement"]
    assert_same_as_clean_build(project, result)


def test_removing_a_page_updates_the_pages_it_referred_to(project):
    project.write("later.md", NEW_PAGE)
    project.edit("index.md", "actors\n", "actors\nlater\n")
    project.build()
    project.remove("later.md")
    project.edit("index.md", "actors\nlater\n", "actors\n")
    result = project.build()
    assert "agreements" in rewritten(result)
    assert_same_as_clean_build(project, result)


@pytest.mark.parametrize("root", ["contract", "warnings"])
def test_parallel_build_writes_the_same_pages_as_serial(tmp_path, root):
    project = Project(root, tmp_path)
    serial = project.build(outdir="serial")
    parallel = project.build(outdir="parallel", parallel=2)
    assert sorted(parallel.warnings) == sorted(serial.warnings)
    assert parallel.pages() == serial.pages()


def test_parallel_incremental_build_equals_clean_build(project):
    project.edit("statement.md", ":speaker: emin-milli", ":speaker: jeanene-mitchell")
    result = project.build(parallel=2)
    assert_same_as_clean_build(project, result)


def test_derived_quote_ids_are_stable_across_rebuilds(project):
    first = (project.build().outdir / "statement.html").read_text()
    anchor = re.search(r'id="(quote-jeanene-mitchell-[0-9a-f]{8})"', first)
    assert anchor is not None
    project.edit("statement.md", "lasting peace.", "a lasting peace.")  # another quote
    rebuilt = project.build(fresh=True)
    assert f'id="{anchor[1]}"' in (rebuilt.outdir / "statement.html").read_text()
    project.edit("statement.md", "any and all such processes", "all such processes")
    changed = project.build(fresh=True)
    assert f'id="{anchor[1]}"' not in (changed.outdir / "statement.html").read_text()


def test_when_the_last_agreement_goes_its_index_goes_from_every_page(project):
    project.write("unrelated.md", "# Unrelated\n\nNothing here refers to anything.\n")
    project.edit("index.md", "actors\n", "actors\nunrelated\n")
    project.build()
    text = (project.srcdir / "agreements.md").read_text()
    start = text.index("::::{agreement} ceasefire-2020")
    project.write("agreements.md", text[:start])
    for page in ("statement.md",):
        source = (project.srcdir / page).read_text()
        project.write(page, source.replace("{agreement}`ceasefire-2020`", "the ceasefire"))
    result = project.build(confoverrides={"html_theme": "basic"})
    assert "unrelated" in result.written  # its navigation links the agreements index
    assert not (result.outdir / "kb-agreements.html").exists()
    clean = project.build(outdir="clean", fresh=True, confoverrides={"html_theme": "basic"})
    assert result.pages() == clean.pages()


def test_a_page_removed_while_another_builder_read_is_removed_from_its_output(tmp_path):
    project = Project("contract", tmp_path)
    project.write("withdrawn.md", "---\norphan: true\n---\n\n# Withdrawn\n\nOld words.\n")
    project.build()
    first = project.build("text")
    assert (first.outdir / "withdrawn.txt").is_file()
    project.remove("withdrawn.md")
    html = project.build()
    assert not (html.outdir / "withdrawn.html").exists()
    text = project.build("text")  # the shared environment knows the page is gone
    assert not (text.outdir / "withdrawn.txt").exists()
