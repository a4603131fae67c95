"""The PDF books as downloads of the HTML site (``{book-downloads}``, root pages).

These tests do not render PDFs: the HTML build only needs files where the pdf
builder puts them (``briefing_pdf_dir``), so small stand-ins are written there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import warning_lines

BOOKS = ("brussels", "mini")


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def put_pdfs(app) -> dict[str, bytes]:
    pdf_dir = Path(app.srcdir) / "_build" / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    contents = {}
    for name in BOOKS:
        contents[name] = f"%PDF-1.7 stand-in for {name}".encode()
        (pdf_dir / f"{name}.pdf").write_bytes(contents[name])
    return contents


def pdf_links(app, page: str) -> list[str]:
    return [a["href"] for a in soup(app, page).select("a.briefing-pdf-link")]


@pytest.mark.sphinx("html", testroot="pdf", srcdir="downloads-missing", freshenv=True)
def test_books_without_pdf_are_listed_without_links(app, warning) -> None:
    app.build()
    assert warning_lines(warning) == []
    items = soup(app, "index.html").select("ul.briefing-book-downloads > li")
    assert [li.strong.get_text() for li in items] == [
        "The Brussels meeting, December 2021",
        "A short letter-size book",
    ]
    assert "Statements, quotes and agreements on Armenia and Azerbaijan" in items[0].get_text()
    assert all("PDF not built yet" in li.get_text() for li in items)
    assert pdf_links(app, "index.html") == []
    assert soup(app, "book/index.html").select(".briefing-book-download") == []
    assert not (Path(app.outdir) / "_downloads" / "books").exists()


@pytest.mark.sphinx("html", testroot="pdf", srcdir="downloads-built", freshenv=True)
def test_built_books_are_copied_into_the_site_and_linked(app, warning) -> None:
    contents = put_pdfs(app)
    app.build()
    assert warning_lines(warning) == []
    outdir = Path(app.outdir)
    home = pdf_links(app, "index.html")
    assert home == ["_downloads/books/brussels.pdf", "_downloads/books/mini.pdf"]
    for name, href in zip(BOOKS, home, strict=True):
        assert (outdir / href).read_bytes() == contents[name]
    note = soup(app, "book/index.html").select_one(".briefing-book-download")
    assert note is not None and "The Brussels meeting, December 2021" in note.get_text()
    (href,) = pdf_links(app, "book/index.html")
    assert (outdir / "book" / href).resolve() == (
        outdir / "_downloads/books/brussels.pdf"
    ).resolve()
    assert pdf_links(app, "book/statement.html") == []


@pytest.mark.sphinx("html", testroot="pdf", srcdir="downloads-incremental", freshenv=True)
def test_pages_linking_books_are_rewritten_when_the_pdfs_appear(app, warning) -> None:
    app.build()
    assert pdf_links(app, "index.html") == []
    actors = Path(app.outdir) / "outside" / "actors.html"
    untouched = actors.stat().st_mtime_ns
    put_pdfs(app)
    app.build()
    assert warning_lines(warning) == []
    assert len(pdf_links(app, "index.html")) == 2
    assert len(pdf_links(app, "book/index.html")) == 1
    # the root note and the list of both books
    assert len(pdf_links(app, "mini/index.html")) == 3
    assert actors.stat().st_mtime_ns == untouched


@pytest.mark.sphinx("html", testroot="pdf", srcdir="downloads-parallel", freshenv=True, parallel=2)
def test_book_list_in_a_parallel_build(app, warning) -> None:
    put_pdfs(app)
    app.build()
    assert warning_lines(warning) == []
    assert len(pdf_links(app, "index.html")) == 2
    app.build()  # nothing changed: the list stays
    assert len(pdf_links(app, "index.html")) == 2
