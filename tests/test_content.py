"""The site's content against its sources: the Brussels statement and the briefs.

The real ``docs/`` is the session's one site build (``conftest.site``, as
``make html`` builds it, with ``-n -W``); the knowledge base is read from the
environment that build pickled, so the site is not built twice. The statement is
checked against its archived copy in the repository (``docs/_archive/``, the
original page's text as captured, shipped with the site): its title, its five
paragraphs and its two quotes word for word, and every
agreement, event, person and organization it names as an entity of the
knowledge base that lists the statement among its backlinks. Brief pages are
checked for a source on every factual paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from briefing.diagnostics import WARNING_TYPES
from briefing.knowledge import KnowledgeBase

from conftest import PROJECT

#: the statement as published: the project's archived copy of the original page
ARCHIVE = PROJECT / "docs" / "_archive" / "brussels-meeting-2021-12-15.txt"
SOURCE = (
    "https://www.restartinitiative.org/post/"
    "statement-on-the-meeting-of-ilham-aliyev-and-nikol-pashinyan-in-brussels"
)
STATEMENT_DOC = "statements/brussels-meeting-2021-12-15"
STATEMENT_ID = "brussels-meeting-2021-12-15"

#: what the statement names, as it names it -> the entity that stands for it
NAMED_IN_STATEMENT: dict[str, tuple[str, str]] = {
    "9 November 2020 ceasefire agreement": ("agreement", "trilateral-statement-2020-11-09"),
    "11 January 2021 statement": ("agreement", "trilateral-statement-2021-01-11"),
    "understandings reached in Sochi on 26 November": (
        "agreement",
        "sochi-statement-2021-11-26",
    ),
    "the meeting of the Azerbaijani and Armenian leaders": (
        "event",
        "brussels-meeting-2021-12-14",
    ),
    "Eastern Partnership Summit": ("event", "eastern-partnership-summit-2021-12-15"),
    "Ilham Aliyev": ("person", "ilham-aliyev"),
    "Nikol Pashinyan": ("person", "nikol-pashinyan"),
    "Charles Michel": ("person", "charles-michel"),
    "Emin Milli": ("person", "emin-milli"),
    "Jeanene Mitchell": ("person", "jeanene-mitchell"),
    "Restart Initiative": ("organization", "restart-initiative"),
    "European Council": ("organization", "european-council"),
    "European Union": ("organization", "european-union"),
    "Azerbaijan": ("organization", "azerbaijan"),
    "Armenia": ("organization", "armenia"),
}


def folded(text: str) -> str:
    return " ".join(text.split())


def archive_header_and_capture() -> tuple[dict[str, str], str]:
    """The archived copy's header fields and the capture below its first blank line."""
    header, _, capture = ARCHIVE.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return fields, capture


def seed_statement() -> tuple[str, list[str]]:
    """The statement's title and paragraphs, without the page furniture."""
    _, capture = archive_header_and_capture()
    lines = [line.strip() for line in capture.splitlines()]
    title_at = next(i for i, line in enumerate(lines) if line.startswith("Statement on"))
    paragraphs = []
    for line in lines[title_at + 1 :]:
        if line.startswith("•") or line == "bottom of page":
            break
        if line:
            paragraphs.append(line)
    return lines[title_at], paragraphs


def quoted_passages(paragraph: str) -> list[str]:
    """The words inside “…” in a paragraph, a closing comma left out (it belongs
    to the sentence that frames the quote, "…,” says X.)."""
    return [part.rstrip(",") for part in re.findall(r"“([^”]+)”", paragraph)]


def page(site: Path, docname: str) -> BeautifulSoup:
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def knowledge_of(site_environment) -> KnowledgeBase:
    data = site_environment.domaindata["kb"]
    return KnowledgeBase(data["entities"], data["references"])


def test_site_builds_without_warnings(site):
    """The session's site build (``-n -W --keep-going``, as ``make html``) said nothing."""
    assert (site.parent / "build-output.txt").read_text() == ""


def test_the_archived_copy_says_where_it_came_from_and_ships_with_the_site(site):
    fields, capture = archive_header_and_capture()
    assert fields["Address"] == SOURCE
    assert fields["Retrieved"]  # a date, or why there is none
    assert capture.startswith("top of page\n") and capture.rstrip().endswith("bottom of page")
    first, last = map(int, fields["Text"].split("-"))
    lines = ARCHIVE.read_text(encoding="utf-8").splitlines()
    assert lines[first - 1].startswith("Statement on the meeting")
    assert lines[last - 1].startswith("“Supporting dialogue")

    soup = page(site, STATEMENT_DOC)
    source = next(
        dt.find_next_sibling("dd")
        for dt in soup.select("article dl.kb-details dt")
        if dt.get_text(strip=True).startswith("Source")
    )
    original, archived = source.select("a[href]")
    assert original["href"] == SOURCE
    assert archived.get_text() == "archived copy"
    shipped = (site / "statements" / archived["href"]).resolve()
    assert shipped.is_relative_to(site / "_downloads")
    assert shipped.read_bytes() == ARCHIVE.read_bytes()


def test_statement_title_and_paragraphs_word_for_word(site):
    title, paragraphs = seed_statement()
    assert len(paragraphs) == 5
    soup = page(site, STATEMENT_DOC)
    heading = soup.find("h1")
    assert folded(heading.get_text("")).rstrip("¶").strip() == title
    built = {folded(p.get_text("")) for p in soup.select("article p")}
    for paragraph in paragraphs:
        assert folded(paragraph) in built


def test_statement_quotes_are_quote_entities_word_for_word(site):
    _, paragraphs = seed_statement()
    soup = page(site, STATEMENT_DOC)
    quotes = soup.select("article div.kb-quote")
    assert [q.get("id") for q in quotes] == ["quote-milli-2021-12-15", "quote-mitchell-2021-12-15"]
    with_quotes = [p for p in paragraphs if p.startswith("“")]
    assert len(with_quotes) == 2
    for quote, paragraph in zip(quotes, with_quotes, strict=True):
        block = quote.find("blockquote")
        attribution = block.find(class_="attribution")
        spoken = folded(
            "".join(p.get_text("") for p in block.find_all("p") if p is not attribution)
        )
        passages = quoted_passages(paragraph)
        assert passages
        for passage in passages:
            assert folded(passage) in spoken
        speaker = folded(attribution.get_text(""))
        assert re.search(
            r"says Restart Initiative [\w ]+ " + speaker.split(",")[0].lstrip("— "), paragraph
        )


@pytest.mark.parametrize("name", sorted(NAMED_IN_STATEMENT))
def test_what_the_statement_names_is_an_entity_with_a_backlink(site, site_environment, name):
    assert name in archive_header_and_capture()[1]
    kind, entity_id = NAMED_IN_STATEMENT[name]
    knowledge = knowledge_of(site_environment)
    entity = knowledge.get(kind, entity_id)
    assert entity is not None, f"no {kind} {entity_id}"

    statement = page(site, STATEMENT_DOC)
    target = f"{Path(entity.docname).name}.html#{entity.anchor}"
    assert any(a["href"].endswith(target) for a in statement.select("article a[href]"))

    holder = page(site, entity.docname).find(id=entity.anchor)
    assert isinstance(holder, Tag)
    backlinks = holder.find(class_="kb-backlinks", recursive=False)
    assert backlinks is not None, f"{kind} {entity_id} shows no backlinks"
    hrefs = [a["href"].split("#")[0] for a in backlinks.select("a[href]")]
    assert any(href.endswith(f"{STATEMENT_DOC.rsplit('/', 1)[-1]}.html") for href in hrefs)


_UNSOURCED_OK = ".kb-details, .kb-backlinks, aside, .rubric, .admonition-title, .attribution"


def test_every_claim_on_a_brief_carries_a_source(site, site_environment):
    briefs = knowledge_of(site_environment).entities("brief")
    assert len(briefs) >= 8
    for brief in briefs:
        article = page(site, brief.docname).find("article")
        sources = article.find("section", id="sources")
        assert sources is not None, f"{brief.docname} has no Sources section"
        notes = {aside["id"] for aside in sources.select("aside.footnote[id]")}
        assert notes, f"{brief.docname}: its Sources section cites nothing"
        for paragraph in article.find_all("p"):
            if paragraph.find_parent(class_=re.compile(r"kb-details|kb-backlinks|kb-citation")):
                continue
            if paragraph.find_parent("aside") or set(paragraph.get("class", [])) & {
                "rubric",
                "admonition-title",
                "attribution",
                "kb-provision-label",
                "kb-backlinks-title",
            }:
                continue
            text = folded(paragraph.get_text(""))
            if len(text.split()) < 4:
                continue
            refs = paragraph.select("a.footnote-reference")
            assert refs, f"{brief.docname}: no source for: {text[:80]}"
            for ref in refs:
                assert ref["href"].lstrip("#") in notes, f"{brief.docname}: {ref}"


def test_every_warning_subtype_is_documented(site):
    soup = page(site, "contributing/warnings")
    for subtype in WARNING_TYPES:
        section = soup.find("section", id=f"briefing-{subtype}")
        assert section is not None, f"briefing.{subtype} is not in contributing/warnings.md"
        text = folded(section.get_text(" "))
        assert "Cause" in text and "Fix" in text, f"briefing.{subtype}: say cause and fix"


def test_the_briefing_books(site, site_environment):
    declared = site_environment.domaindata["kb"]["books"]
    books = {book.name: book for pages in declared.values() for book in pages}
    assert set(books) == {"brussels-2021", "transport-2020-2021"}
    brussels = books["brussels-2021"]
    assert site_environment.titles[brussels.root].astext() == "The Brussels meeting, December 2021"
    assert "brussels-meeting-2021-12-14" in brussels.about
    assert (brussels.since, brussels.until) == ("2020-11-01", "2021-12-31")
    chapters = site_environment.toctree_includes[brussels.root]
    assert STATEMENT_DOC in chapters
    assert "briefs/brussels-meeting-2021-12-14" in chapters
    for chapter in ("summary", "chronology", "actors", "quotes", "agreements", "annex", "sources"):
        assert f"books/brussels-2021/{chapter}" in chapters
    transport = books["transport-2020-2021"]
    assert (transport.topics, transport.since, transport.until) == (
        ("transport-links",),
        "2020",
        "2021",
    )
    home = page(site, "index")
    assert home.select("article .sd-card")
    for book in books.values():
        assert any(a["href"].endswith(f"{book.root}.html") for a in home.select("a[href]"))
