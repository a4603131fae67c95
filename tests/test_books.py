"""Briefing books declared in MyST: the ``book`` directive, its scope, the
collections that start from it, ``new book``, and the PDF read as a book
(links inside it with their pages, printed addresses, the index).

The ``books`` test root has a small knowledge base (``kb.md``, a statement
with two quotes), a book declared with the directive (``rail/``: topic
``transport``, 2020 to 2021), a book of ``conf.py`` (``whole/``), and a page
outside any book (``elsewhere.md``) with the same collections.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pikepdf
import pypdf
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from briefing.__main__ import main
from briefing.books import all_books
from briefing.domain import get_domain
from briefing.scope import Scope, scope_keys

from building import Project
from conftest import ROOTS, warning_lines

BASEURL = "https://books.example.org/"


def build(srcdir: Path, buildername: str = "html", **kwargs) -> tuple[SphinxTestApp, list[str]]:
    warning = StringIO()
    app = SphinxTestApp(buildername, srcdir=srcdir, status=StringIO(), warning=warning, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warning_lines(warning)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SphinxTestApp, list[str]]:
    srcdir = tmp_path_factory.mktemp("books") / "src"
    shutil.copytree(ROOTS / "test-books", srcdir)
    return build(srcdir)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("books-pdf") / "src"
    shutil.copytree(ROOTS / "test-books", srcdir)
    app, warnings = build(srcdir, "pdf")
    assert warnings == []
    return Path(app.outdir) / "rail.pdf"


def text_of(app: SphinxTestApp, page: str) -> str:
    html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    body = BeautifulSoup(html, "html.parser").select_one("div.body")
    return " ".join(body.get_text(" ").split())


def keys(*pairs: str) -> set[tuple[str, str]]:
    return {tuple(p.split(":", 1)) for p in pairs}  # type: ignore[misc]


# -- the directive and the one list of books --------------------------------------------


def test_the_directive_and_conf_py_form_one_list(site) -> None:
    app, warnings = site
    assert warnings == []
    listed = {book.name: book for book in all_books(app.env)}
    assert list(listed) == ["whole", "rail"]
    rail = listed["rail"]
    assert (rail.root, rail.title, rail.subtitle, rail.author) == (
        "rail/index",
        "The railway book",
        "Railways in 2020 and 2021",
        "The editors",
    )
    assert (rail.topics, rail.about, rail.since, rail.until) == (("transport",), (), "2020", "2021")
    assert listed["whole"].title == "The whole base" and not listed["whole"].has_scope


def test_topic_scope_with_its_window(site) -> None:
    app, _ = site
    knowledge = get_domain(app.env).knowledge
    found = scope_keys(knowledge, Scope(topics=("transport",), since="2020", until="2021"))
    assert found == keys(
        # what has the topic, in the window (the 2019 summit is not)
        "topic:transport",
        "agreement:rail-2021",
        "provision:rail-2021/1",
        "provision:rail-2021/2",
        "provision:truce-2020/9",
        "event:rail-talks-2021",
        "statement:rail-statement",
        "quote:ames-2021",
        # a provision brings its agreement, the agreement its provisions
        "agreement:truce-2020",
        "provision:truce-2020/1",
        # who and what they name
        "person:alice-ames",
        "person:bob-brown",
        "organization:armenia",
        "organization:azerbaijan",
        "organization:russia",
        "topic:security",
    )


def test_a_topic_takes_its_narrower_topics(site) -> None:
    knowledge = get_domain(site[0].env).knowledge
    broad = scope_keys(knowledge, Scope(topics=("economy",)))
    assert keys("agreement:rail-2021", "agreement:rail-2022", "event:summit-2019") <= broad
    assert ("agreement", "old-1994") not in broad


def test_about_takes_what_names_it(site) -> None:
    knowledge = get_domain(site[0].env).knowledge
    found = scope_keys(knowledge, Scope(about=("rail-2021",)))
    # the agreement, the quote about it, the statement citing it in its text,
    # the protocol that builds on it
    assert (
        keys(
            "agreement:rail-2021",
            "quote:ames-2021",
            "statement:rail-statement",
            "agreement:rail-2022",
        )
        <= found
    )
    assert not keys("agreement:truce-2020", "quote:cole-2021", "event:summit-2019") & found


def test_without_topics_or_about_the_window_is_everything(site) -> None:
    knowledge = get_domain(site[0].env).knowledge
    found = scope_keys(knowledge, Scope(since="2021"))
    assert keys("agreement:rail-2021", "agreement:rail-2022", "quote:cole-2021") <= found
    assert keys("person:carol-cole", "topic:economy") <= found  # undated: never outside
    assert not keys("agreement:truce-2020", "agreement:old-1994") & found


def test_bad_book_directives_are_located_warnings(tmp_path: Path) -> None:
    project = Project("books", tmp_path)
    page = project.srcdir / "elsewhere.md"
    page.write_text(
        page.read_text() + "\n:::{book} Bad Name\n:paper: A5\n:topics: transprt\n:colour: red\n"
        ":since: 2022\n:until: 2021\n:::\n\n:::{book} second\n:::\n"
    )
    (project.srcdir / "whole" / "index.md").write_text(
        "# The whole base\n\n:::{book} rail\n:::\n\n```{toctree}\n/kb\n```\n"
    )
    lines = project.build().warnings
    found = sorted(re.sub(r"^.*?src/", "", line) for line in lines)
    expected = [
        ("elsewhere.md:9:", "briefing.invalid-id", "'Bad Name' is not a valid book's name"),
        ("elsewhere.md:10:", "briefing.invalid-value", "':paper:' must be one of A4, letter"),
        ("elsewhere.md:12:", "briefing.unknown-option", "unknown option ':colour:'"),
        ("elsewhere.md:13:", "briefing.book", "':since: 2022' is after ':until: 2021'"),
        ("elsewhere.md:17:", "briefing.book", "declares the book 'bad-name' already (line 9)"),
        ("elsewhere.md:9:", "briefing.unknown-id", "'transprt', but no topic has that id. Did"),
        ("elsewhere.md:9:", "briefing.book", "nothing in the knowledge base is in the scope"),
        ("whole/index.md:3:", "briefing.book", "the name 'rail' is taken by the book of"),
    ]
    assert len(found) == len(expected), found
    for where, subtype, text in expected:
        assert any(
            line.startswith(where) and f"[{subtype}]" in line and text in line for line in found
        ), (where, subtype, text, found)


# -- collections start from the book's scope -------------------------------------------


def test_collections_in_a_book_list_its_scope(site) -> None:
    app, _ = site
    chapter = text_of(app, "rail/chapter.html")
    quotes, rest = chapter.split("Quotes of one analyst", 1)
    assert "The railway will connect us." in quotes
    assert "Security comes first." not in chapter
    # a filter narrows the scope: Carol Cole's quote is not in it
    assert rest.split("Agreements")[0].strip(" ¶").endswith("No quotes match.")
    agreements = chapter.split("Agreements ¶", 1)[1].split("People ¶")[0]
    assert "Railway agreement" in agreements and "Truce of 2020" in agreements
    assert "Ceasefire of 1994" not in agreements and "Railway protocol" not in agreements
    people = chapter.split("People ¶", 1)[1].split("Chronology")[0]
    assert "Alice Ames" in people and "Bob Brown" in people and "Carol Cole" not in people
    assert "Summit of 2019" not in chapter


def test_the_same_collections_outside_a_book_list_the_whole_base(site) -> None:
    text = text_of(site[0], "elsewhere.html")
    for shown in ("The railway will connect us.", "Security comes first.", "Ceasefire of 1994"):
        assert shown in text
    assert "Railway protocol" in text


def test_book_entries_print_the_scope_entries(site) -> None:
    chapter = text_of(site[0], "rail/chapter.html").split("Entries ¶", 1)[1]
    for shown in ("Agreement on the railway", "The railway shall be restored.", "Alice Ames"):
        assert shown in chapter
    assert "Negotiated the railway agreement." in chapter  # the entry's description
    assert "Carol Cole" not in chapter and "Ceasefire of 1994" not in chapter


def test_changing_the_scope_rewrites_the_chapters(tmp_path: Path) -> None:
    project = Project("books", tmp_path)
    first = project.build()
    assert "rail/chapter" in first.written
    project.edit("rail/index.md", ":until: 2021", ":until: 2020")
    second = project.build()
    assert "rail/chapter" in second.written
    assert "elsewhere" not in second.written
    html = (second.outdir / "rail" / "chapter.html").read_text()
    assert "Railway agreement" not in html and "Truce of 2020" in html
    third = project.build()
    assert third.written == []


def test_parallel_build_lists_the_same(tmp_path: Path, site) -> None:
    project = Project("books", tmp_path)
    result = project.build(parallel=2)
    assert result.warnings == []
    serial = text_of(site[0], "rail/chapter.html")
    body = BeautifulSoup((result.outdir / "rail" / "chapter.html").read_text(), "html.parser")
    assert " ".join(body.select_one("div.body").get_text(" ").split()) == serial


# -- the PDF reads as a book -------------------------------------------------------------


def pages_of(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def links(path: Path) -> tuple[list[str], list[str]]:
    """(destinations of internal links, URIs of external ones), in page order."""
    dests, uris = [], []
    with pikepdf.open(path) as document:
        for page in document.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                if "/Dest" in annot:
                    dests.append(str(annot.Dest))
                elif "/A" in annot and "/URI" in annot.A:
                    uris.append(str(annot.A.URI))
    return dests, uris


def test_references_to_what_the_book_prints_stay_inside(pdf: Path) -> None:
    dests, uris = links(pdf)
    with pikepdf.open(pdf) as document:
        names = set(pikepdf.NameTree(document.Root.Names.Dests).keys())
    assert set(dests) <= names
    # people and agreements printed by book-entries, away from their page
    for target in ("rail-chapter--person-alice-ames", "rail-chapter--agreement-rail-2021"):
        assert target in dests
    assert not [u for u in uris if "alice-ames" in u or "agreement-rail-2021" in u]


def test_references_give_the_page_of_their_target(pdf: Path) -> None:
    pages = pages_of(pdf)
    statement = next(i for i, t in enumerate(pages) if t.startswith("Statement on the railway"))
    found = re.search(r"welcomed by Alice Ames, p\. (\d+)", pages[statement])
    assert found
    assert "Alice Ames Role: Minister of Transport" in pages[int(found.group(1)) - 1]


def test_references_outside_the_book_print_their_address(pdf: Path) -> None:
    _, uris = links(pdf)
    address = BASEURL + "kb.html#person-carol-cole"
    assert address in uris
    pages = pages_of(pdf)
    statement = next(t for t in pages if t.startswith("Statement on the railway"))
    number = re.search(r"Carol Cole\u2197(\d+)", statement)
    assert number, statement
    listed = statement.split("Web addresses", 1)[1].replace(" ", "")
    assert address in listed
    addresses = re.findall(r"https://\S+?(?=https://|\d+\.|$)", listed)
    assert addresses[int(number.group(1)) - 1] == address


def test_footnotes_stand_at_the_foot_of_their_page(pdf: Path) -> None:
    pages = pages_of(pdf)
    statement = next(t for t in pages if t.startswith("Statement on the railway"))
    assert re.search(r"welcomed by Alice Ames, p\. \d+\[1\]\.", statement)
    # the source at the foot of the page that cites it, once
    assert "[1] Press release of the ministry, 1 June 2021." in statement
    assert sum(t.count("Press release of the ministry") for t in pages) == 1


def index_entries(text: str) -> dict[str, list[int]]:
    body = text.split("Index", 1)[1]
    body = re.sub(r"(?<![\w,])[A-Z] (?=[A-Z])", "", body)  # the letter headings
    found = re.findall(
        r"([A-Z][\w ]+?) \((?:person|organization|agreement|event|topic)[^)]*\) ([\d, ]+)", body
    )
    return {
        name.strip(): [int(n) for n in numbers.split(",") if n.strip()] for name, numbers in found
    }


def test_the_index_gives_every_page_that_names_each_entity(pdf: Path) -> None:
    pages = pages_of(pdf)
    index_page = next(i for i, t in enumerate(pages) if t.startswith("Index "))
    assert index_page == len(pages) - 1
    entries = index_entries(pages[index_page])
    names = list(entries)
    assert names == sorted(names, key=str.casefold)
    for name in ("Alice Ames", "Bob Brown", "Carol Cole", "Railway agreement", "Truce of 2020"):
        assert name in entries, entries
    assert "Ceasefire of 1994" not in entries  # not in the book
    contents = next(i for i, t in enumerate(pages) if t.startswith("Contents "))
    body = pages[contents + 1 : index_page]
    first = contents + 2  # the number of the body's first page
    for name, numbers in entries.items():
        standing = [n for n, text in enumerate(body, start=first) if name in text]
        assert set(numbers) <= set(standing), (name, numbers, standing)
    # names that stand nowhere but in references: every page that has them is listed
    for name in ("Alice Ames", "Bob Brown", "Carol Cole", "Railway agreement", "Truce of 2020"):
        standing = [n for n, text in enumerate(body, start=first) if name in text]
        assert entries[name] == standing, (name, entries[name], standing)
    # provisions are sub-entries of their agreement
    assert re.search(
        r"Truce of 2020 \(agreement[^)]*\) [\d, ]+ provision 1 \d+ provision 9 \d+",
        pages[index_page],
    )
    # the index continues the page numbers, and the contents lists it
    assert pages[index_page].endswith(f"Index {index_page + 1}")
    assert re.search(rf"Index \.+ ?{index_page + 1}", pages[contents])


# -- new book ---------------------------------------------------------------------------


def test_new_book_writes_a_book_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-books", srcdir)
    arguments = ["new", "--docs", str(srcdir), "book", "--title", "Security 2020-2021"]
    assert main([*arguments, "--topic", "security", "--since", "2020", "--until", "2021"]) == 0
    folder = srcdir / "books" / "security-2020-2021"
    files = sorted(p.name for p in folder.iterdir())
    assert files == [
        "actors.md",
        "agreements.md",
        "annex.md",
        "chronology.md",
        "index.md",
        "quotes.md",
        "sources.md",
        "summary.md",
    ]
    root = (folder / "index.md").read_text()
    assert ":::{book} security-2020-2021\n" in root
    assert ":topics: security\n:since: 2020\n:until: 2021\n" in root
    assert "/statement\n" in root  # it holds a quote on security: a chapter
    assert "books/security-2020-2021/index" in (srcdir / "index.md").read_text()
    assert ":::{agreement-graph}" in (folder / "agreements.md").read_text()
    # it never overwrites
    assert main([*arguments, "--topic", "security"]) == 2
    assert "exists already" in capsys.readouterr().err

    app, warnings = build(srcdir, warningiserror=False)
    assert warnings == []
    chapter = text_of(app, "books/security-2020-2021/annex.html")
    assert "Truce of November 2020" in chapter and "Agreement on the railway" not in chapter

    pdf_app, warnings = build(srcdir, "pdf")
    assert warnings == []
    pages = pages_of(Path(pdf_app.outdir) / "security-2020-2021.pdf")
    assert pages[0].startswith("BRIEFING BOOK Security 2020-2021")
    assert any(t.startswith("Index ") and "Bob Brown (person)" in t for t in pages)


def test_new_book_refuses_a_scope_that_matches_nothing(tmp_path: Path, capsys) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-books", srcdir)
    status = main(
        [
            "new",
            "--docs",
            str(srcdir),
            "book",
            "--title",
            "Nothing",
            "--since",
            "1900",
            "--until",
            "1901",
        ]
    )
    assert status == 2
    error = capsys.readouterr().err
    assert "the scope matches nothing" in error and "Traceback" not in error
    assert not (srcdir / "books").exists()
    status = main(["new", "--docs", str(srcdir), "book", "--title", "Typo", "--topic", "transprt"])
    assert status == 2
    assert "no topic has the id 'transprt'. Did you mean 'transport'?" in capsys.readouterr().err


def test_new_book_from_the_command_line(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-books", srcdir)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "new",
            "--docs",
            str(srcdir),
            "book",
            "--title",
            "About the railway",
            "--about",
            "rail-2021",
            "--name",
            "railway",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(Path(__file__).parent.parent / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert ":about: rail-2021" in (srcdir / "books" / "railway" / "index.md").read_text()
