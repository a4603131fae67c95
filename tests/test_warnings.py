"""Every validation warning: its exact message, type and location.

The test root ``test-warnings`` holds one mistake of each kind; the rest of
each page must still build (nothing is lost), and no warning may be a
traceback.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from building import Project

EXPECTED = [
    "entities.md:11: WARNING: agreements build on each other in a circle: first-agreement -> second-agreement -> first-agreement. An agreement can only build on earlier ones; remove one link. [briefing.cycle]",
    "mistakes.md:4: WARNING: {statement}: ':date:' is '2021-13-01', not a date; write YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-12-14). [briefing.invalid-date]",
    "mistakes.md:5: WARNING: {statement}: unknown option ':organisation:'. Did you mean 'organization'? Known options: aliases, archive, authors, date, organization, place, source, topics, updated. [briefing.unknown-option]",
    "mistakes.md:8: WARNING: {brief}: a page holds one statement or brief, and this page already has one (line 3); this one is shown but not recorded. Move it to a page of its own. [briefing.misplaced]",
    "mistakes.md:12: WARNING: {person}: 'Emin_Milli' is not a valid id: use lowercase letters, digits and single hyphens, such as 'emin-milli' (used for now). [briefing.invalid-id]",
    "mistakes.md:12: WARNING: {person}: the option ':name:' is required. [briefing.missing-option]",
    "mistakes.md:12: WARNING: person 'emin-milli' is defined twice: here and at entities.md:3. Give one of them another id. [briefing.duplicate-id]",
    "mistakes.md:17: WARNING: :speaker: no person has the id 'emin-mili'. Did you mean 'emin-milli'? Define it with the person directive, or correct the id. [briefing.unknown-id]",
    "mistakes.md:18: WARNING: {quote}: ':source:' must be an http:// or https:// address, not 'javascript:alert(1)'. [briefing.invalid-url]",
    "mistakes.md:24: WARNING: :speaker: 'restart-initiative' is an organization, but this option takes a person. [briefing.wrong-kind]",
    "mistakes.md:29: WARNING: person 'emin-milli' is defined twice: here and at entities.md:3. Give one of them another id. [briefing.duplicate-id]",
    "mistakes.md:33: WARNING: {provision}: a provision only stands inside an agreement; put it between the agreement's opening and closing fences (the agreement's fence needs more colons than the provision's). [briefing.misplaced]",
    "mistakes.md:41: WARNING: {agreement}: ':stage:' must be one of pre-negotiation, ceasefire, framework-partial, framework-comprehensive, implementation, renewal, other, not 'truce'. [briefing.invalid-value]",
    "mistakes.md:44: WARNING: {quote}: the quote has no text; write the quoted words below the options. [briefing.empty]",
    "mistakes.md:48: WARNING: {agreement}: no agreement has the id 'frist-agreement'. Did you mean 'first-agreement' or 'fourth-agreement' or 'third-agreement'? [briefing.unknown-id]",
    "mistakes.md:48: WARNING: {person}: no person has the id 'restart-initiative'. There is an organization with that id: use {org}. [briefing.wrong-kind]",
    "mistakes.md:50: WARNING: {person}: the id is required, as the directive's argument (for example `{person} my-person-id`). [briefing.missing-option]",
    "mistakes.md:54: WARNING: {agreement}: the option ':parties:' is required. [briefing.missing-option]",
    "mistakes.md:54: WARNING: {agreement}: the option ':title:' is required. [briefing.missing-option]",
]


def _sort_key(line: str) -> tuple[str, int, str]:
    location, _, message = line.partition(": ")
    name, _, lineno = location.partition(":")
    return (name, int(lineno), message)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project("warnings", tmp_path_factory.mktemp("warnings"))
    return project, project.build()


@pytest.mark.parametrize("parallel", [0, 2])
def test_each_mistake_gives_its_located_typed_warning(built, tmp_path, parallel):
    project, result = built
    if parallel:
        result = project.build(outdir="parallel", parallel=parallel)
    prefix = str(project.srcdir) + "/"
    lines = sorted((w.replace(prefix, "") for w in result.warnings), key=_sort_key)
    assert lines == sorted(EXPECTED, key=_sort_key)
    assert not any("Traceback" in w or "Exception" in w for w in result.warnings)


def test_the_rest_of_the_page_still_builds(built):
    _, result = built
    page = BeautifulSoup((result.outdir / "mistakes.html").read_text(), "html.parser")
    text = page.get_text(" ", strip=True)
    # the quote with a refused source, the loose provision and the second brief stay
    assert "Words." in text
    assert "Loose provision." in text
    # a malformed id is replaced by its slug, so references keep working
    assert page.find(id="person-emin-milli") is not None
    # the bad stage is dropped, the rest of the fact box is kept
    third = page.find(id="agreement-third-agreement")
    assert "December 2021" in third.get_text()
    assert "truce" not in third.get_text()


def test_warning_types_are_documented_in_one_table():
    from briefing.diagnostics import WARNING_TYPES

    subtypes = {line.rsplit("[briefing.", 1)[1].rstrip("]") for line in EXPECTED}
    assert subtypes <= set(WARNING_TYPES)
    with pytest.raises(ValueError):
        from briefing.diagnostics import warn

        warn("not-a-subtype", "message", None)
