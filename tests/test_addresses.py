"""Addresses that never break: former ids (``aliases``) and former page paths.

The scenario: build the ``addresses`` root, then move its statement page and
rename a person, an agreement (and so its provision), a quote and the
statement, declaring the former ids and path, move an organization to another
page (declaring nothing), and build again. Every address
of the first build (every page and every ``objects.inv`` entry) must still
reach its entry in the second, in a browser, served on 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from building import Project
from conftest import serve

MOVED = {"statements/meeting": "statements/2021/meeting-brussels"}


def move_and_rename(project: Project) -> None:
    """Move the statement, rename entities, declare every former id and path."""
    old = project.srcdir / "statements" / "meeting.md"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    text = "---\nbriefing-former-paths: [statements/meeting]\n---\n" + text.replace(
        ":::{statement}\n", ":::{statement}\n:aliases: meeting\n"
    ).replace("{quote} milli-2021\n", "{quote} milli-2021-12-15\n:aliases: milli-2021\n").replace(
        ":speaker: emin-milli", ":speaker: milli-emin"
    ).replace(":about: trilateral-statement/9", ":about: trilateral-2020-11-09/9").replace(
        "{person}`emin-milli`", "{person}`milli-emin`"
    ).replace("{agreement}`trilateral-statement`", "{agreement}`trilateral-2020-11-09`")
    (project.srcdir / "statements" / "2021").mkdir()
    project.write("statements/2021/meeting-brussels.md", text)
    project.edit("index.md", "statements/meeting", "statements/2021/meeting-brussels")
    project.edit(
        "people.md", "{person} emin-milli\n", "{person} milli-emin\n:aliases: emin-milli\n"
    )
    project.edit(
        "people.md",
        "{agreement} trilateral-statement\n",
        "{agreement} trilateral-2020-11-09\n:aliases: trilateral-statement\n",
    )
    # an entry moves to another page, declaring nothing: the old address still works
    organization = (
        ":::{organization} restart-initiative\n:name: Restart Initiative\n:kind: ngo\n:::\n"
    )
    project.edit("people.md", organization, "")
    project.write("organizations.md", "# Organizations\n\n" + organization)
    project.edit("index.md", "people\n", "people\norganizations\n")


def inventory(outdir: Path) -> dict[tuple[str, str], str]:
    """(type, name) -> uri of every entry of the build's ``objects.inv``."""
    with (outdir / "objects.inv").open("rb") as stream:
        data = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {(typ, name): item.uri for typ, items in data.items() for name, item in items.items()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    project = Project("addresses", tmp_path_factory.mktemp("addresses"))
    before = project.build()
    assert before.warnings == []
    before_pages = sorted(
        p.relative_to(before.outdir).as_posix() for p in before.outdir.rglob("*.html")
    )
    before_inventory = inventory(before.outdir)
    move_and_rename(project)
    after = project.build()  # incremental, in the same output directory
    return project, before_pages, before_inventory, after


def test_the_second_build_is_clean_and_equals_a_fresh_one(builds):
    project, _, _, after = builds
    assert after.warnings == []
    fresh = project.build(outdir="fresh", fresh=True)
    assert fresh.pages() == after.pages()


def test_every_address_of_the_previous_build_reaches_its_entry(builds, chromium):
    _, before_pages, before_inventory, after = builds
    now = inventory(after.outdir)
    expected: dict[str, str] = {}
    for (typ, name), uri in before_inventory.items():
        if (typ, name) in now:
            expected[uri] = now[(typ, name)]
        elif typ == "std:doc":
            expected[uri] = now[(typ, MOVED[name])]
        else:
            pytest.fail(f"{typ} {name} ({uri}) is gone from objects.inv")
    for page in before_pages:
        docname = page.removesuffix(".html")
        expected.setdefault(page, f"{MOVED.get(docname, docname)}.html")
    # the scenario covers what it should: renamed entities and a moved page
    assert expected["people.html#person-emin-milli"] == "people.html#person-milli-emin"
    assert expected["statements/meeting.html"] == "statements/2021/meeting-brussels.html"
    assert expected["people.html#organization-restart-initiative"] == (
        "organizations.html#organization-restart-initiative"
    )
    assert expected["statements/meeting.html#quote-milli-2021"] == (
        "statements/2021/meeting-brussels.html#quote-milli-2021-12-15"
    )

    tab = chromium.new_page()
    with serve(after.outdir) as base:
        for old, new in sorted(expected.items()):
            new_path, _, new_anchor = new.partition("#")
            tab.goto(f"{base}/{old}")
            tab.wait_for_url(
                lambda url, p=new_path: url.split("#")[0] == f"{base}/{p}", timeout=10_000
            )
            if not new_anchor:
                continue
            found = tab.evaluate(
                """anchor => {
                    const target = document.getElementById(location.hash.slice(1));
                    return target !== null && target.closest('#' + CSS.escape(anchor)) !== null;
                }""",
                new_anchor,
            )
            assert found, f"{old} does not reach #{new_anchor} (at {tab.url})"
    tab.close()


def test_a_redirect_page_names_the_canonical_address_and_links_it(builds):
    _, _, _, after = builds
    soup = BeautifulSoup((after.outdir / "statements/meeting.html").read_text(), "html.parser")
    assert soup.html["lang"] == "en"
    canonical = soup.find("link", rel="canonical")
    assert canonical["href"] == "https://kb.example.org/statements/2021/meeting-brussels.html"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=2021/meeting-brussels.html"
    link = soup.body.find("a")
    assert link["href"] == "2021/meeting-brussels.html"
    assert link.get_text() == "Statement on the meeting"
    assert "location.hash" in soup.script.string


def test_roles_and_options_with_a_former_id_link_the_entity_and_warn(tmp_path):
    project = Project("addresses", tmp_path)
    project.edit(
        "people.md", "{person} emin-milli\n", "{person} milli-emin\n:aliases: emin-milli\n"
    )
    result = project.build()
    page = "statements/meeting.md"
    assert [re.sub(r"^.*?/src/", "", line) for line in result.warnings] == [
        f"{page}:9: WARNING: :speaker: 'emin-milli' is a former id of person 'milli-emin' "
        "(its :aliases:); write 'milli-emin'. [briefing.former-id]",
        f"{page}:15: WARNING: {{person}}`emin-milli`: 'emin-milli' is a former id of person "
        "'milli-emin' (its :aliases:); write 'milli-emin'. [briefing.former-id]",
    ]
    soup = BeautifulSoup((result.outdir / "statements/meeting.html").read_text(), "html.parser")
    link = soup.select_one(
        "main a[href$='#person-milli-emin'], div.body a[href$='#person-milli-emin']"
    )
    assert link is not None and link.get_text() == "Emin Milli"


def test_unusable_aliases_and_former_paths_are_located_warnings(tmp_path):
    project = Project("addresses", tmp_path)
    project.edit(
        "people.md",
        ":name: Restart Initiative\n",
        ":name: Restart Initiative\n:aliases: restart-initiative\n",
    )
    project.edit(
        "people.md",
        ":name: Emin Milli\n",
        ":name: Emin Milli\n:aliases: Old_Name\n",
    )
    project.write(
        "extra.md",
        "---\nbriefing-former-paths: [people, extra, old/page.md, ../x]\n---\n# Extra\n",
    )
    project.edit("index.md", "people\n", "people\nextra\n")
    result = project.build()
    assert [re.sub(r"^.*?/src/", "", line) for line in result.warnings] == [
        "people.md:5: WARNING: {person}: ':aliases:' has 'Old_Name', which is not a valid id; "
        "'old-name' is used for now. [briefing.invalid-id]",
        "people.md:8: WARNING: :aliases: 'restart-initiative' is the organization's current "
        "id; remove it from ':aliases:'. [briefing.duplicate-id]",
        "extra.md:2: WARNING: briefing-former-paths: 'people' is the path of an existing page, "
        "so it cannot redirect here; remove it, or move that page. [briefing.former-path]",
        "extra.md:2: WARNING: briefing-former-paths: 'extra' is this page's own path; remove "
        "it. [briefing.former-path]",
        "extra.md:2: WARNING: briefing-former-paths: 'old/page.md': write 'old/page', the "
        "document name without '.md'. [briefing.former-path]",
        "extra.md:2: WARNING: briefing-former-paths: '../x' is not a document name; list the "
        "page's former paths without suffix, e.g. 'statements/old-name'. [briefing.former-path]",
    ]
    # what could be used still is: the old/page redirect, the old-name anchor
    assert (result.outdir / "old/page.html").is_file()
    assert not (result.outdir / "x.html").exists()
    people = BeautifulSoup((result.outdir / "people.html").read_text(), "html.parser")
    assert people.find(id="person-old-name") is not None


def test_the_data_export_lists_every_former_address(builds):
    _, _, _, after = builds
    data = json.loads((after.outdir / "data/knowledge-base.json").read_text())
    schema = json.loads((after.outdir / "data/knowledge-base.schema.json").read_text())
    jsonschema.validate(data, schema)
    person = next(e for e in data["entities"] if e["kind"] == "person")
    assert person["id"] == "milli-emin" and person["aliases"] == ["emin-milli"]
    redirects = {(r["from"], r["to"]) for r in data["redirects"]}
    base = "https://kb.example.org/"
    assert (
        f"{base}statements/meeting.html",
        f"{base}statements/2021/meeting-brussels.html",
    ) in redirects
    assert (
        f"{base}people.html#person-emin-milli",
        f"{base}people.html#person-milli-emin",
    ) in redirects
    assert (
        f"{base}people.html#provision-trilateral-statement--9",
        f"{base}people.html#provision-trilateral-2020-11-09--9",
    ) in redirects
    assert (
        f"{base}statements/meeting.html#quote-milli-2021",
        f"{base}statements/2021/meeting-brussels.html#quote-milli-2021-12-15",
    ) in redirects
    with (after.outdir / "data/people.csv").open(encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["id"], row["aliases"]) == ("milli-emin", "emin-milli")


def test_former_ids_stay_in_objects_inv_for_intersphinx(builds):
    _, _, _, after = builds
    entries = inventory(after.outdir)
    assert entries[("kb:person", "emin-milli")] == "people.html#person-milli-emin"
    assert entries[("kb:person", "milli-emin")] == "people.html#person-milli-emin"
    assert entries[("kb:provision", "trilateral-statement/9")] == (
        "people.html#provision-trilateral-2020-11-09--9"
    )
    assert entries[("kb:statement", "meeting")] == "statements/2021/meeting-brussels.html"


def test_a_parallel_build_writes_the_same_redirects_and_anchors(builds, tmp_path):
    _, _, _, after = builds
    parallel = Project("addresses", tmp_path)
    move_and_rename(parallel)
    result = parallel.build(parallel=2)
    assert result.warnings == []
    assert result.pages() == after.pages()
