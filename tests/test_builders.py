"""Other builders and other projects: the knowledge base beyond the HTML site."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from building import Project


@pytest.mark.parametrize("buildername", ["dirhtml", "singlehtml", "latex", "text", "epub"])
def test_contract_root_builds_without_warnings(tmp_path, buildername):
    result = Project("contract", tmp_path).build(buildername)
    assert result.warnings == []


def test_text_builder_shows_attribution_and_backlinks(tmp_path):
    result = Project("contract", tmp_path).build("text")
    statement = " ".join((result.outdir / "statement.txt").read_text().split())
    assert "-- *Emin Milli*, Chairman, Restart Initiative, 15 December 2021" in statement
    actors = " ".join((result.outdir / "actors.txt").read_text().split())
    assert "Referenced by" in actors
    assert "* *Trilateral statement of 9 November 2020* (signatory)" in actors


def test_latex_has_the_entities_and_the_domain_indices(tmp_path):
    result = Project("contract", tmp_path).build("latex")
    tex = next(result.outdir.glob("*.tex")).read_text()
    assert "Trilateral statement of 9 November 2020" in tex
    assert "Index of agreements" in tex
    assert r"\label{\detokenize{agreements:agreement-ceasefire-2020}}" in tex
    assert r"\label{\detokenize{agreements:provision-ceasefire-2020--9}}" in tex


def test_singlehtml_links_stay_inside_the_page(tmp_path):
    result = Project("contract", tmp_path).build("singlehtml")
    page = BeautifulSoup((result.outdir / "index.html").read_text(), "html.parser")
    speaker = page.select_one("#quote-milli-2021-12-15 .attribution a")
    assert speaker["href"] == "#person-emin-milli"


def test_another_project_links_to_an_agreement_through_intersphinx(tmp_path):
    contract = Project("contract", tmp_path / "contract").build()
    other = Project("intersphinx", tmp_path / "other")
    shutil.copy(contract.outdir / "objects.inv", other.srcdir / "contract-objects.inv")
    result = other.build()
    assert result.warnings == []
    page = BeautifulSoup((result.outdir / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    assert links["Trilateral statement of 9 November 2020"] == (
        "https://briefing.example.org/agreements.html#agreement-ceasefire-2020"
    )
    assert links["paragraph 9"] == (
        "https://briefing.example.org/agreements.html#provision-ceasefire-2020--9"
    )
    assert links["Emin Milli"] == "https://briefing.example.org/actors.html#person-emin-milli"
