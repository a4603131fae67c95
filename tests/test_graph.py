"""The ``agreement-graph`` collection and each agreement's lineage.

The ``graph`` test root has five agreements of one process with ``builds-on``
chains, four events (three with ``outcomes``) and a page with a graph per
filter. The drawings are checked against the knowledge base the build
recorded (nodes, arrows, their direction), against the layout's promises
(labels never overlap, everything inside the drawing), and in every builder:
inline SVG in HTML and in the PDF book (labels as text, nodes as links), a
table in text, LaTeX and EPUB.
"""

from __future__ import annotations

import itertools
import random
import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path
from typing import Any

import pypdf
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from briefing.collections.layout import (
    MIN_GAP,
    WIDTH,
    Box,
    GraphInput,
    layout,
    text_width,
    time_positions,
    wrap_label,
)
from briefing.domain import get_domain

from building import Project
from conftest import warning_lines

SVG = "{http://www.w3.org/2000/svg}"


def soup_of(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{page}.html").read_text("utf-8"), "html.parser")


def graph_in(soup: BeautifulSoup, section_id: str) -> Tag:
    section = soup.find("section", id=section_id)
    assert isinstance(section, Tag), section_id
    box = section.select_one("div.kb-agreement-graph")
    assert isinstance(box, Tag)
    return box


def drawn(box: Tag) -> list[str]:
    return [f"{a['data-kb-kind']}:{a['data-kb-id']}" for a in box.select("svg .kb-graph-node")]


def arrows(box: Tag) -> set[tuple[str, str]]:
    return {(p["data-from"], p["data-to"]) for p in box.select("svg path.kb-graph-arrow")}


def expected_arrows(app: Any, keys: list[str]) -> set[tuple[str, str]]:
    """Every builds-on and outcomes link between drawn entities, from the domain."""
    knowledge = get_domain(app.env).knowledge
    result = set()
    for key in keys:
        kind, entity_id = key.split(":")
        entity = knowledge.get(kind, entity_id)
        option = "builds-on" if kind == "agreement" else "outcomes"
        for target in entity.link_ids(option):
            if f"agreement:{target}" in keys:
                result.add((key, f"agreement:{target}"))
    return result


@pytest.fixture(scope="module")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[str]]:
    project = Project("graph", tmp_path_factory.mktemp("graph"))
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=project.srcdir, status=StringIO(), warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warning_lines(warning)


# -- nodes and arrows against the knowledge base ------------------------------------


def test_the_root_builds_without_warnings(html_build: Any) -> None:
    assert html_build[1] == []


def test_nodes_and_arrows_match_the_knowledge_base(html_build: Any) -> None:
    app, _ = html_build
    knowledge = get_domain(app.env).knowledge
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "every-agreement")
    agreements = sorted(knowledge.entities("agreement"), key=lambda e: e.fields["date"])
    assert drawn(box) == [f"agreement:{a.id}" for a in agreements]
    found = arrows(box)
    assert found == expected_arrows(app, drawn(box))
    assert len(box.select("svg path.kb-graph-arrow")) == len(found) == 6
    assert ("agreement:prague-2022", "agreement:moscow-2021") in found  # later -> earlier


def test_arrows_point_at_the_agreement_built_on(html_build: Any) -> None:
    """Direction in the drawing: each arrow ends at its target's dot, with the head."""
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "every-agreement")
    positions = {
        c["data-key"]: (float(c["cx"]), float(c["cy"]))
        for c in box.select("svg circle.kb-graph-dot")
    }
    assert sorted(positions) == sorted(drawn(box))
    for path in box.select("svg path.kb-graph-arrow"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path["d"])]
        start, end = numbers[:2], numbers[-2:]
        source, target = positions[path["data-from"]], positions[path["data-to"]]
        assert abs(end[0] - target[0]) + abs(end[1] - target[1]) < 8
        assert abs(start[0] - source[0]) + abs(start[1] - source[1]) < 8
        assert path["marker-end"].endswith("-builds-on)")


def test_events_are_drawn_with_their_outcomes(html_build: Any) -> None:
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "with-events")
    keys = drawn(box)
    assert [k for k in keys if k.startswith("event:")] == [
        "event:moscow-talks",
        "event:sochi-summit",
        "event:prague-summit",
    ]  # the meeting without outcomes is not drawn
    assert arrows(box) == expected_arrows(app, keys)
    assert ("event:sochi-summit", "agreement:sochi-2021") in arrows(box)
    lanes = [t.get_text() for t in box.select("svg text.kb-graph-lane-label")]
    assert lanes == ["Events", "Ceasefire", "Framework (partial)", "Implementation"]


def test_party_lanes_mark_every_party(html_build: Any) -> None:
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "by-party")
    lanes = [t.get_text() for t in box.select("svg text.kb-graph-lane-label")]
    # by the number of agreements, then by name
    assert lanes == ["Armenia", "Azerbaijan", "Russia", "European Union"]
    # each agreement has three parties: one node and two further marks
    assert len(box.select("svg circle.kb-graph-dot")) == 5
    assert len(box.select("svg circle.kb-graph-mark")) == 10


FILTERED = {
    "party": ["brussels-2022", "prague-2022"],
    "signatory": ["ceasefire-2020", "moscow-2021", "sochi-2021"],
    "topic": ["ceasefire-2020", "moscow-2021"],  # railways is narrower than transport
    "stage": ["moscow-2021", "sochi-2021", "brussels-2022", "prague-2022"],
    "window": ["moscow-2021", "sochi-2021", "brussels-2022"],
    "limit": ["ceasefire-2020", "moscow-2021"],
}


@pytest.mark.parametrize("section", sorted(FILTERED))
def test_filters(html_build: Any, section: str) -> None:
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), section)
    assert drawn(box) == [f"agreement:{i}" for i in FILTERED[section]]
    # only arrows between drawn agreements
    assert arrows(box) == expected_arrows(app, drawn(box))


def test_an_empty_selection_says_so(html_build: Any) -> None:
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "nothing")
    assert box.select_one(".kb-collection-empty").get_text() == "No agreements match."
    assert box.select_one("svg") is None


# -- the SVG itself ------------------------------------------------------------------


def raw_svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_svg_is_well_formed_xml_with_title_and_description(html_build: Any) -> None:
    app, _ = html_build
    html = (Path(app.outdir) / "graphs.html").read_text("utf-8")
    svgs = raw_svgs(html)
    assert len(svgs) == 9  # every graph but the empty one
    for text in svgs:
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg"
        drawing = root.find(f"{SVG}g[@role='img']")
        assert drawing is not None
        assert drawing.find(f"{SVG}title").text.startswith("Agreement graph: ")
        assert drawing.find(f"{SVG}desc").text.startswith("Time runs from left to right.")
        # links stand outside the image, so assistive technology reaches them
        assert drawing.find(f".//{SVG}a") is None
        links = root.findall(f"{SVG}a")
        assert links and all(a.get("href") for a in links)


def label_boxes(box: Tag) -> list[Box]:
    return [
        Box(float(r["x"]), float(r["y"]), float(r["width"]), float(r["height"]))
        for r in box.select("svg rect.kb-graph-label-bg")
    ]


def test_no_two_labels_overlap_in_the_built_graphs(html_build: Any) -> None:
    app, _ = html_build
    soup = soup_of(Path(app.outdir), "graphs")
    for box in soup.select("div.kb-agreement-graph"):
        svg = box.select_one("svg")
        if svg is None:
            continue
        width = float(svg["width"])
        boxes = label_boxes(box)
        assert len(boxes) == len(drawn(box))
        for position, first in enumerate(boxes):
            assert first.x >= 0 and first.right <= width
            for second in boxes[position + 1 :]:
                assert not first.intersects(second), (first, second)


def test_the_table_carries_the_same_nodes_and_arrows(html_build: Any) -> None:
    app, _ = html_build
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "with-events")
    details = box.select_one("details.kb-graph-data")
    assert details.summary.get_text() == "The graph as a table"
    rows = details.select("tbody tr")
    assert len(rows) == len(drawn(box))
    linked = [row.select("td")[1].a["href"].split("#")[1] for row in rows]
    assert linked == [k.replace(":", "-") for k in drawn(box)]
    from_table = {
        (linked[n].replace("-", ":", 1), "agreement:" + a["href"].split("#agreement-")[1])
        for n, row in enumerate(rows)
        for a in row.select("td")[3].select("a")
    }
    assert from_table == arrows(box)


def test_themed_by_classes_with_print_colours_as_attributes(html_build: Any) -> None:
    app, _ = html_build
    css = (Path(app.outdir) / "_static" / "briefing-collections.css").read_text("utf-8")
    assert "var(--color-link" in css
    assert 'body[data-theme="dark"] .kb-graph-figure' in css
    assert "prefers-color-scheme: dark" in css
    box = graph_in(soup_of(Path(app.outdir), "graphs"), "every-agreement")
    dot = box.select_one("svg circle.kb-graph-dot")
    assert "kb-graph-dot" in dot["class"] and dot["fill"].startswith("#")


def test_each_agreement_shows_its_lineage(html_build: Any) -> None:
    app, _ = html_build
    soup = soup_of(Path(app.outdir), "agreements")
    sochi = soup.find(id="agreement-sochi-2021")
    lineage = sochi.select_one(".kb-lineage svg")
    assert [a["data-kb-id"] for a in lineage.select(".kb-graph-node")] == [
        "ceasefire-2020",
        "moscow-2021",
        "sochi-2021",
        "brussels-2022",
    ]
    assert {(p["data-from"], p["data-to"]) for p in lineage.select("path.kb-graph-arrow")} == {
        ("agreement:sochi-2021", "agreement:ceasefire-2020"),
        ("agreement:sochi-2021", "agreement:moscow-2021"),
        ("agreement:brussels-2022", "agreement:sochi-2021"),
    }
    assert "kb-graph-current" in lineage.select("circle.kb-graph-dot")[2]["class"]
    # every agreement of the root builds on or is built on by another
    assert len(soup.select(".kb-lineage svg")) == 5


# -- layout ---------------------------------------------------------------------------


def forty_agreements(seed: int) -> list[GraphInput]:
    rng = random.Random(seed)
    lanes = ["ceasefire", "framework-partial", "implementation", "renewal"]
    days = [730_000 + rng.randint(0, 365 * 12) for _ in range(30)]
    days += [days[0] + rng.randint(0, 40) for _ in range(10)]  # a dense year
    return [
        GraphInput(
            f"agreement:a{n}",
            f"Agreement {n} "
            + " ".join(
                rng.choice(["on", "the", "ceasefire", "Protocol"]) for _ in range(rng.randint(1, 9))
            ),
            day,
            (rng.choice(lanes),),
        )
        for n, day in enumerate(days)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_forty_agreements_fit_the_width_without_overlap(seed: int) -> None:
    inputs = forty_agreements(seed)
    lanes = [
        (k, k.title()) for k in ("ceasefire", "framework-partial", "implementation", "renewal")
    ]
    placed = layout(inputs, lanes)
    assert len(placed.nodes) == 40
    boxes = [n.label for n in placed.nodes]
    for position, first in enumerate(boxes):
        assert first.x >= 0 and first.right <= WIDTH
        assert not any(first.intersects(second) for second in boxes[position + 1 :])
    # an A4 page's text area is 168 mm by 251 mm: the drawing keeps its ratio
    assert placed.height / placed.width * 168 < 230


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=737_000, max_value=737_000 + 3000),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz MW", min_size=1, max_size=90),
            st.sampled_from(["a", "b", "c"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_labels_never_overlap(entries: list[tuple[int, str, str, bool]]) -> None:
    inputs = [
        GraphInput(f"n{i}", label.strip() or "x", day, (lane, "b") if more else (lane,))
        for i, (day, label, lane, more) in enumerate(entries)
    ]
    placed = layout(inputs, [("a", "A"), ("b", "B"), ("c", "C")])
    boxes = [n.label for n in placed.nodes]
    assert len(placed.nodes) == len(inputs)
    for position, first in enumerate(boxes):
        assert first.x >= 0 and first.right <= WIDTH
        for second in boxes[position + 1 :]:
            assert not first.intersects(second)
    # dots (the labelled and the marks) keep clear of other nodes' labels
    for node in (*placed.nodes, *placed.marks):
        dot = Box(node.x - 4, node.y - 4, 8, 8)
        assert not any(dot.intersects(b) for b in boxes)


def test_dense_dates_are_spread_and_order_is_kept() -> None:
    days = [100, 101, 102, 103, 2000]
    positions = time_positions(days, 0, 600)
    xs = [positions[d] for d in days]
    assert xs == sorted(xs)
    assert all(b - a >= MIN_GAP - 1e-6 for a, b in itertools.pairwise(xs))
    assert xs[-1] == pytest.approx(600)


def test_labels_wrap_to_two_lines_and_shorten() -> None:
    lines = wrap_label("Statement by the President of the Republic of Azerbaijan and others")
    assert len(lines) == 2
    assert lines[-1].endswith("\N{HORIZONTAL ELLIPSIS}")
    assert all(text_width(line) <= 120 for line in lines)
    assert wrap_label("Sochi statement") == ("Sochi statement",)


# -- other builders -------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["text", "latex", "epub"])
def test_builders_without_svg_carry_the_table(tmp_path: Path, builder: str) -> None:
    project = Project("graph", tmp_path)
    result = project.build(builder)
    assert result.warnings == []
    if builder == "text":
        text = (result.outdir / "graphs.txt").read_text("utf-8")
        assert "Builds on" in text and "Sochi statement" in text
        assert "No agreements match." in text
        assert "<svg" not in text
    elif builder == "latex":
        tex = next(result.outdir.glob("*.tex")).read_text("utf-8")
        assert "Builds on" in tex and "Prague statement" in tex
        assert "svg" not in tex.lower().replace("\\usepackage{svg}", "")
    else:
        page = (result.outdir / "graphs.xhtml").read_text("utf-8")
        soup = BeautifulSoup(page, "html.parser")
        assert soup.select_one("svg") is None
        assert len(soup.select("div.kb-graph-data table")) == 9
        assert "No agreements match." in soup.get_text()


def test_bad_options_are_reported_and_the_graph_still_drawn(tmp_path: Path) -> None:
    project = Project("graph", tmp_path)
    project.write(
        "graphs.md",
        "# Graphs\n\n:::{agreement-graph}\n:lanes: sideways\n:events: maybe\n:sort: date\n:::\n",
    )
    result = project.build()
    lines = [re.sub(r"^.*src[/\\]", "", w) for w in result.warnings]
    assert lines == [
        "graphs.md:6: WARNING: {agreement-graph}: unknown option ':sort:'. Known options: "
        "events, lanes, limit, party, signatory, since, stage, topic, until. "
        "[briefing.unknown-option]",
        "graphs.md:4: WARNING: {agreement-graph}: ':lanes:' must be one of stage, party, "
        "not 'sideways'; the default 'stage' is used. [briefing.invalid-value]",
        "graphs.md:5: WARNING: {agreement-graph}: ':events:' must be one of yes, no, "
        "not 'maybe'; the default 'no' is used. [briefing.invalid-value]",
    ]
    soup = soup_of(result.outdir, "graphs")
    assert len(soup.select("svg .kb-graph-node")) == 5


# -- PDF ------------------------------------------------------------------------------


def test_the_pdf_book_draws_the_graph_as_text_and_links(tmp_path: Path) -> None:
    project = Project("graph", tmp_path)
    result = project.build("pdf")
    assert result.warnings == []
    reader = pypdf.PdfReader(result.outdir / "graphs.pdf")
    page = next(p for p in reader.pages if "Talks in Moscow" in p.extract_text())
    text = " ".join(page.extract_text().split())
    for label in (
        "Trilateral statement of",
        "Moscow statement",
        "Sochi statement",
        "Brussels statement",
        "Prague statement",
        "Talks in Moscow",
        "Sochi summit",
        "European Political",
        "Events",
        "Implementation",
    ):
        assert label in text
    destinations = sorted(
        str(a.get_object()["/Dest"]) for a in page.get("/Annots", []) if "/Dest" in a.get_object()
    )
    assert destinations == sorted(
        [
            "actors--event-moscow-talks",
            "actors--event-sochi-summit",
            "actors--event-prague-summit",
            "agreements--agreement-ceasefire-2020",
            "agreements--agreement-moscow-2021",
            "agreements--agreement-sochi-2021",
            "agreements--agreement-brussels-2022",
            "agreements--agreement-prague-2022",
        ]
    )
    # the drawing is vector: the page holds no image
    assert not page.images


# -- incremental and parallel ---------------------------------------------------------


def test_a_graph_is_redrawn_when_an_agreement_it_shows_changes(tmp_path: Path) -> None:
    project = Project("graph", tmp_path)
    project.build()
    unchanged = project.build()
    assert unchanged.written == []
    project.edit(
        "agreements.md", ":short-title: Sochi statement", ":short-title: Sochi declaration"
    )
    result = project.build()
    assert "graphs" in result.written and "book/agreements" in result.written
    box = graph_in(soup_of(result.outdir, "graphs"), "every-agreement")
    labels = [a.get_text(" ") for a in box.select("svg a.kb-graph-node text")]
    assert "Sochi declaration" in labels
    # a new builds-on draws a new arrow
    project.edit(
        "agreements.md", ":builds-on: sochi-2021\n", ":builds-on: sochi-2021, ceasefire-2020\n"
    )
    result = project.build()
    assert "graphs" in result.written
    box = graph_in(soup_of(result.outdir, "graphs"), "every-agreement")
    assert ("agreement:brussels-2022", "agreement:ceasefire-2020") in arrows(box)
    # an event no graph shows changes nothing on the graphs' page
    project.edit("actors.md", ":title: A meeting without outcome", ":title: A quiet meeting")
    result = project.build()
    assert "actors" in result.written and "graphs" not in result.written


def test_a_lineage_is_redrawn_when_a_related_agreement_moves(tmp_path: Path) -> None:
    """Only the lineage shows another agreement's date: its page is rewritten."""
    project = Project("graph", tmp_path)
    project.write(
        "later.md",
        "# Later\n\n:::{agreement} later-2023\n:title: A later statement\n"
        ":date: 2023-05-01\n:parties: armenia, azerbaijan\n:builds-on: prague-2022\n:::\n",
    )
    project.edit("index.md", "graphs\n", "graphs\nlater\n")
    project.build()
    project.edit("agreements.md", ":date: 2022-10-06", ":date: 2022-11-07")
    result = project.build()
    assert "later" in result.written
    lineage = soup_of(result.outdir, "later").select_one(".kb-lineage svg")
    names = [t.get_text() for t in lineage.select("a.kb-graph-node > title")]
    assert names == ["Prague statement, 7 November 2022", "A later statement, 1 May 2023"]


def test_parallel_build_draws_the_same_graphs(tmp_path: Path) -> None:
    pages = {}
    for jobs in (1, 2):
        project = Project("graph", tmp_path / f"j{jobs}")
        result = project.build(parallel=jobs)
        assert result.warnings == []
        pages[jobs] = result.pages()
    assert pages[1] == pages[2]
    assert "kb-graph" in pages[2]["graphs.html"]
