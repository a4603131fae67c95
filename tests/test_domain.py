"""The kb domain on the contract test root: every directive, role and backlink."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from building import Project


def soup(build, page: str) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def backlinks_of(page: BeautifulSoup, anchor: str) -> list[str]:
    """The texts of the backlink items rendered directly under an entity."""
    entity = page.find(id=anchor)
    assert entity is not None, anchor
    boxes = [
        box
        for box in entity.select("div.kb-backlinks")
        if box.find_parent(class_="kb-entity") is entity
    ]
    assert len(boxes) == 1, f"{anchor}: {len(boxes)} backlink boxes"
    return [" ".join(li.get_text(" ", strip=True).split()) for li in boxes[0].select("li")]


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    return Project("contract", tmp_path_factory.mktemp("contract")).build()


def test_contract_root_builds_without_warnings(contract):
    assert contract.warnings == []


def test_quote_renders_as_quotation_with_attribution(contract):
    page = soup(contract, "statement")
    quote = page.find(id="quote-milli-2021-12-15")
    text = quote.find("blockquote")
    assert "economic cooperation can help form the basis" in text.get_text()
    attribution = text.select_one(".attribution")
    speaker = attribution.find("a")
    assert speaker.get_text() == "Emin Milli"
    assert speaker["href"] == "actors.html#person-emin-milli"
    assert "Chairman, Restart Initiative" in attribution.get_text()
    assert "15 December 2021" in attribution.get_text()  # the statement's date
    assert attribution.find("a", href="https://example.org/quote-source").get_text() == "source"
    assert text.get("lang") == "az"


def test_quote_role_defaults_to_the_speakers(contract):
    page = soup(contract, "statement")
    quotes = page.select("div.kb-quote")
    mitchell = next(q for q in quotes if "stand ready" in q.get_text())
    attribution = mitchell.select_one(".attribution").get_text(" ", strip=True)
    assert "Jeanene Mitchell" in attribution
    assert "Executive Director, Restart Initiative" in attribution


def test_agreement_fact_box_and_numbered_provisions(contract):
    page = soup(contract, "agreements")
    agreement = page.find(id="agreement-ceasefire-2020")
    title = agreement.find(class_="kb-entity-title")
    assert title.name == "h2"
    assert title.get_text(strip=True) == "Trilateral statement of 9 November 2020"
    facts = {
        dt.get_text(strip=True).rstrip(":"): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in agreement.select(".kb-fact-box dt")
    }
    assert facts["Date"] == "9 November 2020"
    assert facts["Parties"] == "Republic of Azerbaijan , Republic of Armenia"
    assert facts["Signatories"] == "Ilham Aliyev , Nikol Pashinyan"
    assert facts["Third parties"] == "Vladimir Putin , Russian Federation"
    assert facts["Stage"] == "Ceasefire"
    assert facts["Status"] == "in force"
    pax = agreement.select_one(".kb-fact-box a[href*='2324']")
    assert pax.get_text() == "PA-X agreement 2324"
    labels = [p.get_text() for p in agreement.select(".kb-provision-label")]
    assert labels == ["Provision 1", "Provision 9"]
    assert agreement.find(id="provision-ceasefire-2020--9") is not None


def test_entries_render_heading_and_fields(contract):
    page = soup(contract, "actors")
    aliyev = page.find(id="person-ilham-aliyev")
    assert aliyev.find(class_="kb-entity-title").get_text(" ", strip=True) == (
        "Ilham Aliyev (İlham Əliyev)"
    )
    event = page.find(id="event-brussels-meeting")
    assert "14 December 2021 – 15 December 2021" in event.get_text()
    topic = page.find(id="topic-transport-links")
    assert topic.select_one(".kb-details a")["href"] == "#topic-economic-cooperation"


def test_roles_link_with_display_text_or_explicit_title(contract):
    page = soup(contract, "statement")
    links = {a.get_text(): a["href"] for a in page.select("p a.reference")}
    assert links["Ilham Aliyev"] == "actors.html#person-ilham-aliyev"
    assert links["Pashinyan"] == "actors.html#person-nikol-pashinyan"
    assert links["European Council"] == "actors.html#organization-european-council"
    assert links["Brussels meeting"] == "actors.html#event-brussels-meeting"
    assert links["Border delimitation and demarcation"] == "actors.html#topic-border-delimitation"
    assert links["Trilateral statement of 9 November 2020"] == (
        "agreements.html#agreement-ceasefire-2020"
    )
    assert links["Trilateral statement of 9 November 2020, provision 9"] == (
        "agreements.html#provision-ceasefire-2020--9"
    )
    assert links["Agreements"] == "agreements.html"
    assert links["Emin Milli, 15 December 2021"] == "#quote-milli-2021-12-15"


# Every option that names entities, and a role in text, produce a backlink.
EXPECTED_BACKLINKS = {
    ("actors", "person-emin-milli"): ["Emin Milli, 15 December 2021 (speaker)"],
    ("actors", "person-jeanene-mitchell"): [
        "Jeanene Mitchell, 15 December 2021 (speaker)",
        "Statement on the meeting in Brussels (author)",
    ],
    ("actors", "person-ilham-aliyev"): [
        "Trilateral statement of 9 November 2020 (signatory)",
        "Brussels meeting (participant)",
        "Statement on the meeting in Brussels (cited in text)",
    ],
    ("actors", "person-vladimir-putin"): ["Trilateral statement of 9 November 2020 (third party)"],
    ("actors", "organization-restart-initiative"): [
        "Emin Milli (organization)",
        "Jeanene Mitchell (organization)",
        "Emin Milli, 15 December 2021 (organization)",
        "Statement on the meeting in Brussels (organization)",
    ],
    ("actors", "organization-russia"): [
        "Trilateral statement of 9 November 2020 (third party)",
        "Statement of 11 January 2021 (party)",
        "Vladimir Putin (country)",
    ],
    ("actors", "topic-economic-cooperation"): [
        "Emin Milli, 15 December 2021 (about, topic)",
        "Transport links (narrower topic)",
    ],
    ("actors", "event-brussels-meeting"): [
        "Emin Milli, 15 December 2021 (about)",
        "Statement on the meeting in Brussels (cited in text)",
    ],
    ("agreements", "agreement-ceasefire-2020"): [
        "Statement of 11 January 2021 (builds on)",
        "Emin Milli, 15 December 2021 (about)",
        "Statement on the meeting in Brussels (cited in text)",
    ],
    ("agreements", "agreement-working-group-2021"): ["Brussels meeting (outcome)"],
    ("agreements", "provision-ceasefire-2020--9"): [
        "Statement of 11 January 2021 (cited in text)",
        "Emin Milli, 15 December 2021 (about)",
        "Statement on the meeting in Brussels (cited in text)",
    ],
    ("statement", "quote-milli-2021-12-15"): ["Statement on the meeting in Brussels (cited in text)"],
}


@pytest.mark.parametrize(("page", "anchor"), sorted(EXPECTED_BACKLINKS))
def test_backlinks(contract, page, anchor):
    assert backlinks_of(soup(contract, page), anchor) == EXPECTED_BACKLINKS[(page, anchor)]


def test_page_entity_backlinks(contract):
    page = soup(contract, "agreements")
    box = page.select_one("div.kb-brief > div.kb-backlinks")
    items = [li.get_text(" ", strip=True) for li in box.select("li")]
    assert items == ["Statement on the meeting in Brussels (cited in text)"]


def test_domain_indices(contract):
    agreements = soup(contract, "kb-agreements")
    names = [a.get_text() for a in agreements.select("table.modindextable a")]
    assert names == ["Statement of 11 January 2021", "Trilateral statement of 9 November 2020"]
    people = soup(contract, "kb-people")
    assert "Ilham Aliyev" in [a.get_text() for a in people.select("table.modindextable a")]
    genindex = soup(contract, "genindex")
    assert genindex.find("a", href="kb-agreements.html") is not None


def test_every_entity_is_in_the_inventory(contract):
    from sphinx.util.inventory import InventoryFile

    with open(contract.outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://kb.example.org", lambda base, uri: f"{base}/{uri}")
    data = inventory.data if hasattr(inventory, "data") else inventory
    agreements = data["kb:agreement"]
    assert set(agreements) == {"ceasefire-2020", "working-group-2021"}
    assert set(data["kb:provision"]) == {"ceasefire-2020/1", "ceasefire-2020/9"}
    quotes = sorted(data["kb:quote"])
    assert quotes[1] == "milli-2021-12-15"
    # an id derived from speaker, page and text when none is given
    assert re.fullmatch(r"jeanene-mitchell-[0-9a-f]{8}", quotes[0])
    assert set(data["kb:statement"]) == {"statement"}
    assert set(data["kb:brief"]) == {"agreements"}
    assert len(data["kb:person"]) == 5
    assert len(data["kb:organization"]) == 5
    assert len(data["kb:topic"]) == 3
    assert set(data["kb:event"]) == {"brussels-meeting"}


def test_a_page_of_examples_can_keep_out_of_backlinks(tmp_path):
    project = Project("contract", tmp_path)
    text = (project.srcdir / "statement.md").read_text()
    project.write("statement.md", "---\nbriefing-backlinks: false\n---\n" + text)
    result = project.build()
    assert result.warnings == []
    actors = soup(result, "actors")
    # the roles still link, but are not listed; the quote's options still are
    assert backlinks_of(actors, "person-ilham-aliyev") == [
        "Trilateral statement of 9 November 2020 (signatory)",
        "Brussels meeting (participant)",
    ]
    assert "Emin Milli, 15 December 2021 (speaker)" in backlinks_of(actors, "person-emin-milli")
    statement = soup(result, "statement")
    assert statement.find("a", string="Ilham Aliyev")["href"] == "actors.html#person-ilham-aliyev"
