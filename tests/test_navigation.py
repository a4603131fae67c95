"""Navigation: toctrees read as text for the scaffolding, reachability after reading."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing.navigation import ensure_in_navigation, parse_toctrees

from conftest import warning_lines

UNREACHABLE = (
    "deep/only-from-cut-off.md: WARNING: this page is only in the toctree of "
    "deep/cut-off.md, which the navigation does not reach from index: add that page "
    "to a toctree, or this one to a reachable page's toctree. [briefing.unreachable]"
)
NOT_INCLUDED = "deep/cut-off.md: WARNING: document isn't included in any toctree [toc.not_included]"


def relative(lines: list[str], srcdir: Path) -> list[str]:
    return [line.replace(f"{srcdir}/", "") for line in lines]


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True)
def test_pages_cut_off_from_the_navigation_are_reported(app, warning) -> None:
    app.build()
    assert relative(warning_lines(warning), app.srcdir) == [NOT_INCLUDED, UNREACHABLE]


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True, parallel=2)
def test_reachability_in_a_parallel_build(app, warning) -> None:
    app.build()
    assert sorted(relative(warning_lines(warning), app.srcdir)) == [
        NOT_INCLUDED,
        UNREACHABLE,
    ]


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True, srcdir="navigation-incremental")
def test_reachability_after_an_incremental_build(app, warning) -> None:
    app.build()
    assert len(warning_lines(warning)) == 2
    index = Path(app.srcdir, "index.md")
    index.write_text(index.read_text("utf-8").replace("listed\n", "listed\ndeep/cut-off\n"))
    later = index.stat().st_mtime + 5
    os.utime(index, (later, later))
    warning.seek(0)
    warning.truncate()
    app.build()
    assert "index" in app.builder.env.toctree_includes
    assert "deep/cut-off" in app.builder.env.toctree_includes["index"]
    assert warning_lines(warning) == []


def test_toctrees_are_read_in_every_fence_form() -> None:
    text = (
        "# Page\n\n```{toctree}\n:maxdepth: 1\n\nfirst\nTitle <second>\n```\n\n"
        ":::{toctree}\n---\nglob: true\n---\nsub/*\n:::\n\n"
        "````{note}\n```{toctree}\n:glob:\n\n*\n```\n````\n"
    )
    toctrees = parse_toctrees(text)
    assert [(t.glob, t.entries) for t in toctrees] == [
        (False, ["first", "Title <second>"]),
        (True, ["sub/*"]),
        (True, ["*"]),
    ]


def test_a_glob_that_matches_leaves_the_index_alone(tmp_path: Path) -> None:
    index = tmp_path / "statements" / "index.md"
    index.parent.mkdir()
    text = "# Statements\n\n```{toctree}\n:glob:\n\n*\n```\n"
    index.write_text(text)
    (tmp_path / "index.md").write_text("# Home\n\n```{toctree}\nstatements/index\n```\n")
    assert ensure_in_navigation(tmp_path, "statements/new", {}) == []
    assert index.read_text() == text


def test_an_explicit_toctree_gets_the_entry(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text(
        "# Home\n\n```{toctree}\n:caption: One\n\nfirst\n```\n\n"
        "```{toctree}\n:caption: Two\n\nsecond\n```\n\nText after.\n"
    )
    changes = ensure_in_navigation(tmp_path, "new-page", {})
    assert changes == [f"added new-page to the toctree of {tmp_path}/index.md"]
    assert (tmp_path / "index.md").read_text() == (
        "# Home\n\n```{toctree}\n:caption: One\n\nfirst\n```\n\n"
        "```{toctree}\n:caption: Two\n\nsecond\nnew-page\n```\n\nText after.\n"
    )


def test_missing_folder_indexes_are_created_up_to_the_root(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# Home\n")
    titles = {"briefs": "Briefs"}
    changes = ensure_in_navigation(tmp_path, "briefs/people/emin-milli", titles)
    assert changes == [
        f"created {tmp_path}/briefs/people/index.md",
        f"created {tmp_path}/briefs/index.md",
        f"added briefs/index to the toctree of {tmp_path}/index.md",
        f"added people/index to the toctree of {tmp_path}/briefs/index.md",
    ]
    assert (tmp_path / "briefs/people/index.md").read_text() == (
        "# People\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n"
    )
    assert (tmp_path / "briefs/index.md").read_text() == (
        "# Briefs\n\n```{toctree}\n:maxdepth: 1\n\npeople/index\n```\n"
    )
    assert (tmp_path / "index.md").read_text() == (
        "# Home\n\n```{toctree}\n:maxdepth: 1\n\nbriefs/index\n```\n"
    )


def test_the_test_root_is_unchanged(rootdir: Path) -> None:
    # the incremental test edits a copy, never the root itself
    assert "deep/cut-off" not in (rootdir / "test-navigation" / "index.md").read_text()
    assert shutil.which("make")


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_toctree_captions_are_headings_with_a_level(tmp_path, builder) -> None:
    from bs4 import BeautifulSoup

    from building import Project

    project = Project("navigation", tmp_path)
    project.edit("index.md", "```{toctree}\n", "```{toctree}\n:caption: Sections\n")
    result = project.build(builder, confoverrides={"html_theme": "furo"})
    page = BeautifulSoup((result.outdir / "index.html").read_text("utf-8"), "html.parser")
    captions = page.select("p.caption")
    # the page's own toctree and Furo's sidebar
    assert len(captions) == 2
    for caption in captions:
        assert caption["role"] == "heading"
        assert caption["aria-level"] == "2"
        assert caption.get_text(strip=True) == "Sections"
