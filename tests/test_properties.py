"""Property: after any sequence of edits, an incremental build equals a clean one.

Hypothesis draws sequences of edits to a small MyST corpus (add, change, move
and delete quotes, agreements, references and whole pages, add and remove
orphan pages). After each edit the corpus is rebuilt incrementally and every
HTML page is compared with a clean build (warnings are not: Sphinx reports
them for the pages it reads) of the same sources, and so is what the search
index holds (its page count and the text of every page and record). A text
build sharing the HTML build's doctree folder (as ``sphinx-build -M`` does)
follows each HTML build and must equal a clean text build. At the end of each
sequence a parallel (``-j 2``) clean build is compared with the serial one.

CI runs a modest number of sequences; set ``BRIEFING_PROPERTY_EXAMPLES`` (for
example to 200) for a long run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from building import Project

EXAMPLES = int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "6"))
PEOPLE = ("aliyev", "pashinyan", "michel")
NAMES = ("Ilham Aliyev", "Nikol Pashinyan", "Charles Michel", "İlham Əliyev")
PAGES = ("p1", "p2", "p3", "p4", "p5", "p6")
ORPHANS = ("o1", "o2", "o3")
AGREEMENTS = ("a1", "a2", "a3")
#: Sphinx applies smart quotes when the HTML builder reads a page and not for
#: text; with a shared doctree folder that would differ from a clean text build
#: whatever the extension does.
PLAIN = {"smartquotes": False, "briefing_export_timestamp": False}
DATES = ("2020-11-09", "2021-01", "2021", "2021-11-26")


@dataclass
class Corpus:
    """The sources as data: pages with quotes, agreements and references."""

    names: dict[str, str] = field(default_factory=lambda: dict(zip(PEOPLE, NAMES, strict=False)))
    # page -> list of blocks; a block is ("quote", id, speaker, about) |
    # ("agreement", id, date, builds_on) | ("ref", role, target)
    pages: dict[str, list[tuple[str, ...]]] = field(
        default_factory=lambda: {
            "p1": [("quote", "q1", "aliyev", "a1"), ("ref", "person", "michel")],
            "p2": [("agreement", "a1", "2020-11-09", ""), ("agreement", "a2", "2021-01", "a1")],
            "p3": [("ref", "agreement", "a2"), ("quote", "q2", "pashinyan", "")],
            "p4": [],
            "p5": [("ref", "quote", "q1")],
            "p6": [("quote", "q3", "michel", "a2")],
        }
    )
    # quote id -> its words, where an edit changed them
    texts: dict[str, str] = field(default_factory=dict)
    # orphan pages (in extra/, which the toctree's glob does not reach)
    orphans: dict[str, list[tuple[str, ...]]] = field(
        default_factory=lambda: {
            "o1": [("quote", "oq1", "michel", ""), ("ref", "person", "aliyev")]
        }
    )

    def render(self) -> dict[str, str]:
        files = {
            "index.md": "# Corpus\n\n```{toctree}\n:glob:\n\n*\n```\n",
            # a page that shows the words of quotes defined elsewhere
            "lists.md": "# Lists\n\n:::{quote-list}\n:::\n",
        }
        people = "# People\n\n" + "\n\n".join(
            f":::{{person}} {pid}\n:name: {name}\n:role: Leader\n:::"
            for pid, name in self.names.items()
        )
        files["people.md"] = people + "\n"
        for page, blocks in self.pages.items():
            parts = [
                f"# Page {page}",
                f":::{{statement}}\n:date: 2021-12-{PAGES.index(page) + 10}\n:::",
            ]
            for block in blocks:
                parts.append(self._render_block(block))
            files[f"{page}.md"] = "\n\n".join(parts) + "\n"
        for orphan, blocks in self.orphans.items():
            parts = [
                f"---\norphan: true\n---\n\n# Orphan {orphan}",
                f"Withdrawn words of orphan{orphan}.",
                *(self._render_block(block) for block in blocks),
            ]
            files[f"extra/{orphan}.md"] = "\n\n".join(parts) + "\n"
        return files

    def _render_block(self, block: tuple[str, ...]) -> str:
        if block[0] == "quote":
            _, qid, speaker, about = block
            about_line = f"\n:about: {about}" if about else ""
            words = self.texts.get(qid, f"Words of {qid}.")
            return f":::{{quote}} {qid}\n:speaker: {speaker}{about_line}\n\n{words}\n:::"
        if block[0] == "agreement":
            _, aid, date, builds_on = block
            builds = f"\n:builds-on: {builds_on}" if builds_on else ""
            return (
                f"::::{{agreement}} {aid}\n:title: Agreement {aid}\n:date: {date}\n"
                f":parties: un{builds}\n\n:::{{provision}} 1\nText of {aid}.\n:::\n::::"
            )
        _, role, target = block
        return f"See {{{role}}}`{target}`."

    def ids(self, kind: str) -> list[str]:
        pages = [*self.pages.values(), *self.orphans.values()]
        return [b[1] for blocks in pages for b in blocks if b[0] == kind]


ORGANIZATIONS = "# Organizations\n\n:::{organization} un\n:name: United Nations\n:::\n"

page_names = st.sampled_from(PAGES)


@st.composite
def edits(draw: st.DrawFn) -> tuple:
    kind = draw(
        st.sampled_from(
            [
                "add-quote",
                "delete-block",
                "move-block",
                "change-speaker",
                "rename-person",
                "add-agreement",
                "change-date",
                "add-ref",
                "clear-page",
                "add-orphan",
                "remove-orphan",
                "edit-words",
            ]
        )
    )
    return (
        kind,
        draw(page_names),
        draw(page_names),
        draw(st.integers(0, 5)),
        draw(st.sampled_from(PEOPLE)),
        draw(st.sampled_from(NAMES)),
        draw(st.sampled_from(DATES)),
        draw(st.sampled_from(AGREEMENTS)),
        draw(st.integers(0, 99)),
    )


def apply(corpus: Corpus, edit: tuple) -> None:
    kind, page, other, index, person, name, date, agreement, number = edit
    blocks = corpus.pages[page]
    if kind == "add-quote":
        quote_id = f"q{number}"
        if quote_id not in corpus.ids("quote"):
            about = agreement if agreement in corpus.ids("agreement") else ""
            blocks.append(("quote", quote_id, person, about))
    elif kind == "delete-block" and blocks:
        del blocks[index % len(blocks)]
    elif kind == "move-block" and blocks:
        corpus.pages[other].append(blocks.pop(index % len(blocks)))
    elif kind == "change-speaker":
        for position, block in enumerate(blocks):
            if block[0] == "quote":
                blocks[position] = (block[0], block[1], person, block[3])
                break
    elif kind == "rename-person":
        corpus.names[person] = name
    elif kind == "add-agreement" and agreement not in corpus.ids("agreement"):
        earlier = [a for a in corpus.ids("agreement") if a < agreement]
        blocks.append(("agreement", agreement, date, earlier[0] if earlier else ""))
    elif kind == "change-date":
        for position, block in enumerate(blocks):
            if block[0] == "agreement":
                blocks[position] = (block[0], block[1], date, block[3])
                break
    elif kind == "add-ref":
        targets = [("person", person), ("agreement", agreement), ("quote", f"q{number % 4}")]
        blocks.append(("ref", *targets[number % 3]))
    elif kind == "clear-page":
        blocks.clear()
    elif kind == "add-orphan":
        orphan = ORPHANS[number % len(ORPHANS)]
        if orphan not in corpus.orphans:
            quote = f"oq{number}"
            quotes = [("quote", quote, person, "")] if quote not in corpus.ids("quote") else []
            corpus.orphans[orphan] = [*quotes, ("ref", "person", person)]
    elif kind == "edit-words":
        quotes = [b[1] for b in blocks if b[0] == "quote"]
        if quotes:
            quote_id = quotes[index % len(quotes)]
            corpus.texts[quote_id] = f"Words of {quote_id}, said again {number}."
    elif kind == "remove-orphan" and corpus.orphans:
        del corpus.orphans[sorted(corpus.orphans)[index % len(corpus.orphans)]]


def write(srcdir: Path, corpus: Corpus) -> None:
    wanted = corpus.render()
    wanted["organizations.md"] = ORGANIZATIONS
    for existing in srcdir.rglob("*.md"):
        if existing.relative_to(srcdir).as_posix() not in wanted:
            existing.unlink()
    for name, text in wanted.items():
        path = srcdir / name
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


class Corpora:
    """A fresh project folder per example (Hypothesis reuses the test's tmp dir)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.count = 0

    def new(self) -> Project:
        self.count += 1
        directory = self.base / f"example-{self.count}"
        directory.mkdir()
        project = Project("catalogue", directory)  # any root: its files are replaced
        for path in project.srcdir.glob("*.md"):
            path.unlink()
        return project


def pages_without_search_data(result) -> dict[str, str]:
    return {name: text for name, text in result.pages().items() if name != "search.html"}


def published_data(result) -> dict[str, bytes]:
    """The data exports and every citation file (made from the whole base)."""
    return {
        str(path.relative_to(result.outdir)): path.read_bytes()
        for path in sorted(result.outdir.rglob("*"))
        if path.is_file()
        and (path.suffix == ".bib" or path.name.endswith(".csl.json") or path.parent.name == "data")
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(edits(), min_size=1, max_size=4))
# always: a quote's words edited, then its speaker changed (the fast path for
# texts, then a change that shows everywhere)
@example(
    [
        ("edit-words", "p1", "p1", 0, "aliyev", "Ilham Aliyev", "2021", "a1", 7),
        ("change-speaker", "p1", "p1", 0, "michel", "Ilham Aliyev", "2021", "a1", 7),
    ]
)
def test_incremental_builds_equal_clean_builds(tmp_path_factory, monkeypatch, edit_sequence):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1639526400")  # the citations' access date
    corpora = Corpora(tmp_path_factory.mktemp("property"))
    project = corpora.new()
    corpus = Corpus()
    write(project.srcdir, corpus)
    project.build(confoverrides=PLAIN)
    project.build("text", confoverrides=PLAIN)
    for step, edit in enumerate(edit_sequence):
        apply(corpus, edit)
        write(project.srcdir, corpus)
        incremental = project.build(confoverrides=PLAIN)
        clean = project.build(outdir=f"clean-{step}", fresh=True, confoverrides=PLAIN)
        assert pages_without_search_data(incremental) == pages_without_search_data(clean), edit
        assert incremental.search_index() == clean.search_index(), edit
        assert published_data(incremental) == published_data(clean), edit
        # the text builder shares the HTML build's doctree folder
        text = project.build("text", confoverrides=PLAIN)
        clean_text = project.build(
            "text", outdir=f"clean-text-{step}", fresh=True, confoverrides=PLAIN
        )
        assert text.texts() == clean_text.texts(), edit
    serial = project.build(outdir="serial", fresh=True)
    parallel = project.build(outdir="parallel", parallel=2, fresh=True)
    assert sorted(parallel.warnings) == sorted(serial.warnings)
    assert parallel.pages() == serial.pages()


def test_the_property_corpus_removes_orphans_from_search(tmp_path):
    """The edits the property draws reach the cases it exists for (a fixed sequence)."""
    project = Project("catalogue", tmp_path)
    for path in project.srcdir.glob("*.md"):
        path.unlink()
    corpus = Corpus()
    write(project.srcdir, corpus)
    first = project.build(confoverrides=PLAIN)
    count, fragments = first.search_index()
    assert any("orphano1" in text for _, text in fragments)
    apply(corpus, ("remove-orphan", "p1", "p1", 0, "aliyev", "", "", "", 0))
    write(project.srcdir, corpus)
    assert not (project.srcdir / "extra" / "o1.md").exists()
    second = project.build(confoverrides=PLAIN)
    assert second.search_index()[0] == count - 2  # the page and its quote's record
    assert not any("orphano1" in text for _, text in second.search_index()[1])
