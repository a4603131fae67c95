"""The ``pdf`` builder: briefing books checked with PDF libraries.

The ``pdf`` test root has two books: ``brussels`` (A4, PDF/UA-1; two chapters
with quotes, an agreement with provisions, a long table, Armenian and
Azerbaijani text, references inside the book and to entities outside it) and
``mini`` (letter, PDF/A-3u). Rendering is slow, so the root is built once for
the module and every test reads the same PDFs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pikepdf
import pypdf
import pytest
from sphinx.testing.util import SphinxTestApp

from briefing.pdf.render import PdfRenderError

from conftest import warning_lines

BASEURL = "https://briefing.example.org/kb/"


@dataclass
class Built:
    outdir: Path
    warnings: list[str]

    def reader(self, name: str) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.outdir / f"{name}.pdf")

    def pages(self, name: str) -> list[str]:
        """The text of each page, whitespace folded (index 0 is page 1)."""
        return [" ".join(p.extract_text().split()) for p in self.reader(name).pages]


def build(srcdir: Path, **overrides) -> tuple[SphinxTestApp, StringIO]:
    warning = StringIO()
    app = SphinxTestApp(
        "pdf",
        srcdir=srcdir,
        confoverrides=overrides,
        status=StringIO(),
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warning


def copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "test-pdf"
    shutil.copytree(Path(__file__).parent / "roots" / "test-pdf", srcdir)
    return srcdir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    app, warning = build(copy_root(tmp_path_factory.mktemp("pdf")))
    return Built(Path(app.outdir), warning_lines(warning))


def outline_entries(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page index) of every bookmark, in order."""
    result = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return result


def test_books_build_without_warnings(built: Built) -> None:
    assert built.warnings == []
    assert (built.outdir / "brussels.pdf").stat().st_size > 0
    assert (built.outdir / "mini.pdf").stat().st_size > 0


def test_cover_shows_title_subtitle_author_and_date(built: Built) -> None:
    cover = built.pages("brussels")[0]
    assert "The Brussels meeting, December 2021" in cover
    assert "Statements, quotes and agreements on Armenia and Azerbaijan" in cover
    assert "Restart Initiative" in cover
    assert "15 December 2021" in cover


def test_quotes_and_provisions_are_in_the_text(built: Built) -> None:
    text = " ".join(built.pages("brussels"))
    assert "We believe that economic cooperation can help form the basis for lasting peace." in text
    assert "—Emin Milli" in text  # the attribution
    assert "A complete ceasefire and cessation of all hostilities." in text
    assert "All economic and transport links in the region shall be unblocked." in text
    assert "Provision 9" in text


def test_outline_has_chapters_and_sections(built: Built) -> None:
    entries = outline_entries(built.reader("brussels"))
    titles = [title for _, title, _ in entries]
    for expected in (
        "Statement on the meeting in Brussels",
        "What was agreed",
        "Names in their own scripts",
        "Agreements",
        "Timeline of contacts",
        "Trilateral statement of 9 November 2020",
    ):
        assert expected in titles
    depth = {title: d for d, title, _ in entries}
    assert depth["What was agreed"] > depth["Statement on the meeting in Brussels"]
    # people outside the book and entity titles other than agreements are not bookmarks
    assert "Emin Milli" not in titles


def test_contents_page_numbers_match_where_sections_start(built: Built) -> None:
    pages = built.pages("brussels")
    # the back of the title page says how to cite the book; the contents follow
    assert pages[1].startswith("How to cite this book")
    contents = pages[2]
    assert contents.startswith(("The Brussels meeting", "Contents"))
    entries = outline_entries(built.reader("brussels"))
    listed = {}
    for _, title, _ in entries:
        found = re.search(re.escape(title) + r" ?\.{3,} ?(\d+)", contents)
        if found:
            listed[title] = int(found.group(1))
    assert set(listed) == {
        "Statement on the meeting in Brussels",
        "What was agreed",
        "Names in their own scripts",
        "Agreements",
        "Timeline of contacts",
        "Index",
    }
    outline = {title: page for _, title, page in outline_entries(built.reader("brussels"))}
    for title, number in listed.items():
        assert outline[title] + 1 == number, title
        assert title in pages[number - 1]
    assert listed["Agreements"] > listed["Statement on the meeting in Brussels"]


def test_see_page_points_to_the_target_page(built: Built) -> None:
    pages = built.pages("brussels")
    statement_page = next(i for i, t in enumerate(pages) if "What was agreed The meeting" in t)
    text = pages[statement_page]
    agreement = re.search(r"Trilateral statement of 9 November 2020, p\. (\d+)", text)
    provision = re.search(r"provi\u2010? ?sion 9, p\. (\d+)", text)
    assert agreement and provision
    agreement_page = pages[int(agreement.group(1)) - 1]
    assert "Full title: Statement by the leaders of Azerbaijan" in agreement_page
    assert int(agreement.group(1)) != statement_page + 1
    assert "All economic and transport links" in pages[int(provision.group(1)) - 1]


def test_in_book_links_go_to_destinations_in_the_pdf(built: Built) -> None:
    with pikepdf.open(built.outdir / "brussels.pdf") as pdf:
        names = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
        internal = []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    internal.append(str(annot.Dest))
    assert "book-agreements--agreement-ceasefire-2020" in internal
    assert set(internal) <= names


def test_the_book_html_has_no_dead_anchors(built: Built) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built.outdir / "brussels.html").read_text(), "html.parser")
    ids = {element["id"] for element in page.find_all(id=True)}
    anchors = [a["href"][1:] for a in page.select('a[href^="#"]')]
    assert len(anchors) >= 7  # contents, in-text references, backlinks
    assert set(anchors) <= ids
    # ids are unique in the book although each page had its own
    assert len(ids) == len(page.find_all(id=True))


def test_weasyprint_errors_become_located_warnings(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    chapter = srcdir / "mini" / "chapter.md"
    chapter.write_text(chapter.read_text() + "\n![A remote map](https://example.org/map.png)\n")
    app, warning = build(
        srcdir, briefing_books=[{"name": "mini", "root": "mini/index", "title": "Mini"}]
    )
    lines = warning_lines(warning)
    assert any(
        "[briefing.pdf]" in line
        and "book 'mini': WeasyPrint:" in line
        and "https://example.org/map.png" in line
        for line in lines
    ), lines
    assert (Path(app.outdir) / "mini.pdf").exists()


def link_uris(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.obj.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]


def test_entities_outside_the_book_link_to_the_site(built: Built) -> None:
    uris = link_uris(built.outdir / "brussels.pdf")
    assert BASEURL + "outside/actors.html#person-emin-milli" in uris
    assert BASEURL + "outside/actors.html#topic-economic-cooperation" in uris
    assert all(u.startswith(("https://", "http://")) for u in uris)
    # in the mini book the agreement is outside, in the other book
    mini = link_uris(built.outdir / "mini.pdf")
    assert BASEURL + "book/agreements.html#agreement-ceasefire-2020" in mini
    # the list of books links the PDFs on the site, not files beside this one
    assert BASEURL + "_downloads/books/brussels.pdf" in mini
    assert BASEURL + "_downloads/books/mini.pdf" in mini


def struct_types(node: pikepdf.Object, found: set[str], depth: int = 0) -> set[str]:
    if depth > 60:
        return found
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.add(str(node.S))
        kids = node.get("/K")
        if kids is not None:
            struct_types(kids, found, depth + 1)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            struct_types(kid, found, depth + 1)
    return found


def test_tagged_pdf_ua_with_language_and_metadata(built: Built) -> None:
    with pikepdf.open(built.outdir / "brussels.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        types = struct_types(pdf.Root.StructTreeRoot, set())
        assert {"/H1", "/H2", "/P", "/BlockQuote", "/Table", "/TH", "/Link"} <= types
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
        info = pdf.docinfo
        assert str(info.Title) == "The Brussels meeting, December 2021"
        assert str(info.Author) == "Restart Initiative"
        assert str(info.Subject).startswith("Statements, quotes and agreements")
        keywords = str(info.Keywords)
        assert "Economic cooperation" in keywords
        assert "Transport links" in keywords


def test_pdf_a_is_selectable_per_book(built: Built) -> None:
    with pikepdf.open(built.outdir / "mini.pdf") as pdf, pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "U"
        assert meta.get("pdfuaid:part") is None


def test_fonts_are_embedded(built: Built) -> None:
    with pikepdf.open(built.outdir / "brussels.pdf") as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get("/FontDescriptor")
                    embedded = descriptor is not None and any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
                    fonts[str(descendant.BaseFont)] = embedded
    assert fonts
    assert all(fonts.values()), fonts
    assert any("DejaVu-Serif" in name for name in fonts)


def test_armenian_and_azerbaijani_text_is_extractable(built: Built) -> None:
    text = " ".join(built.pages("brussels"))
    for word in (
        "Նիկոլ Փաշինյան",
        "Հայաստան",
        "İlham Əliyev",
        "Azərbaycan",
        "\u0131\u015f\u0131q",  # dotless i, s-cedilla
        "şəhər",
        "dağ",
    ):
        assert word in text
    for letter in "ՀəİışğƏ":
        assert letter in text


def test_paper_size_per_book(built: Built) -> None:
    a4 = built.reader("brussels").pages[0].mediabox
    letter = built.reader("mini").pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_running_headers_and_page_numbers(built: Built) -> None:
    pages = built.pages("brussels")
    agreements = next(i for i, t in enumerate(pages) if "Full title:" in t)
    text = pages[agreements]
    # margin boxes are artifacts, drawn after the page's content
    assert text.endswith(f"The Brussels meeting, December 2021 Agreements {agreements + 1}")
    # the cover has no running head and no page number
    assert pages[0].count("The Brussels meeting, December 2021") == 1
    assert not pages[0].endswith(" 1")
    # nor has the back of the title page
    assert pages[1].count("The Brussels meeting, December 2021") == 1
    assert not pages[1].endswith(" 2")


def test_long_tables_repeat_their_header_and_keep_rows_whole(built: Built) -> None:
    pages = built.pages("brussels")
    with_rows = [t for t in pages if "Contact number" in t]
    assert len(with_rows) >= 2
    for text in with_rows:
        assert "Date Contact Place" in text
    for number in range(1, 71):
        row = f"Contact number {number} between the delegations Venue {number} "
        assert sum((t + " ").count(row) for t in with_rows) == 1, number


def test_rendering_failure_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    def broken(*args, **kwargs):
        raise ValueError("the renderer broke")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    srcdir = copy_root(tmp_path)
    with pytest.raises(PdfRenderError, match=r"book 'mini'.*the renderer broke"):
        build(
            srcdir,
            briefing_books=[{"name": "mini", "root": "mini/index", "title": "Mini"}],
        )
    assert not (srcdir / "_build" / "pdf" / "mini.pdf").exists()


def test_outside_links_without_baseurl_are_text_and_reported(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    app, warning = build(
        srcdir,
        html_baseurl="",
        briefing_books=[{"name": "mini", "root": "mini/index", "title": "Mini"}],
    )
    lines = warning_lines(warning)
    assert len(lines) == 2, lines
    assert all("[briefing.pdf]" in line for line in lines)
    assert any(
        "mini/index.md:3" in line and "'Trilateral statement of 9 November 2020'" in line
        for line in lines
    ), lines
    pdf = Path(app.outdir) / "mini.pdf"
    assert link_uris(pdf) == []
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Trilateral statement of 9 November 2020" in " ".join(text.split())


def test_a_book_whose_root_is_missing_is_reported(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    app, warning = build(
        srcdir, briefing_books=[{"name": "gone", "root": "nowhere", "title": "Gone"}]
    )
    lines = warning_lines(warning)
    assert len(lines) == 1
    assert "[briefing.pdf]" in lines[0] and "'nowhere' does not exist" in lines[0]
    assert not (Path(app.outdir) / "gone.pdf").exists()


def test_parallel_and_incremental_builds_render_the_same_book(tmp_path: Path, built: Built) -> None:
    srcdir = copy_root(tmp_path)
    warning = StringIO()
    app = SphinxTestApp(
        "pdf",
        srcdir=srcdir,
        status=StringIO(),
        warning=warning,
        parallel=2,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning_lines(warning) == []
    parallel = Built(Path(app.outdir), [])
    assert parallel.pages("brussels") == built.pages("brussels")

    chapter = srcdir / "book" / "agreements.md"
    chapter.write_text(
        chapter.read_text().replace(
            "A ceasefire in the editors' words.", "A ceasefire, summarized anew."
        )
    )
    app, warning = build(srcdir)
    assert warning_lines(warning) == []
    text = " ".join(Built(Path(app.outdir), []).pages("brussels"))
    assert "A ceasefire, summarized anew." in text
    assert "in the editors' words" not in text


def test_local_images_are_in_the_pdf(built: Built) -> None:
    with pikepdf.open(built.outdir / "mini.pdf") as pdf:
        images = {
            xobject.objgen: (int(xobject.Width), int(xobject.Height))
            for page in pdf.pages
            for xobject in page.obj.Resources.get("/XObject", {}).values()
            if xobject.get("/Subtype") == "/Image"
        }
    assert list(images.values()) == [(16, 16)]
    # a scaled image is not a link to a file that is not in the PDF
    assert not [uri for uri in link_uris(built.outdir / "mini.pdf") if "square" in uri]


def test_the_brussels_book_of_the_site(tmp_path: Path) -> None:
    """The real book, from docs/: what `make pdf` renders."""
    from sphinx.application import Sphinx
    from sphinx.testing.util import _clean_up_global_state

    project = Path(__file__).parent.parent
    warning = StringIO()
    app = Sphinx(
        srcdir=project / "docs",
        confdir=project,
        outdir=tmp_path / "pdf",
        doctreedir=tmp_path / "doctrees",
        buildername="pdf",
        confoverrides={"nitpicky": True},
        status=None,
        warning=warning,
        freshenv=True,
    )
    try:
        app.build()
    finally:
        _clean_up_global_state()  # what SphinxTestApp.cleanup does
    assert warning_lines(warning) == []
    path = tmp_path / "pdf" / "brussels-2021.pdf"
    pages = Built(tmp_path / "pdf", []).pages("brussels-2021")
    assert len(pages) >= 6
    assert "The Brussels meeting, December 2021" in pages[0]
    assert pages[1].startswith("How to cite this book")
    assert pages[2].startswith("Contents Executive summary")
    assert pages[2].endswith("The Brussels meeting, December 2021 Contents 3")
    numbers = re.findall(r", p\. (\d+)", " ".join(pages))
    assert numbers
    for number in numbers:
        assert 4 <= int(number) <= len(pages)
    site = app.config.html_baseurl
    assert site
    for uri in link_uris(path):
        assert uri.startswith(("https://", "http://")), uri
    assert any(uri.startswith(site) for uri in link_uris(path))
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en"
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
