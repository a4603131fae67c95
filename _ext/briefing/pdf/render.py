"""From the book's HTML to its PDF: the template, the stylesheet, WeasyPrint.

The template (``templates/book.html``) lays out the cover, the contents (links
whose page numbers and dot leaders the stylesheet draws with
``target-counter()`` and ``leader()``) and the body written by Sphinx's HTML
translator. The document metadata (title, author, subject, keywords,
language) comes from ``<title>``, ``<meta>`` and ``<html lang>``, which
WeasyPrint copies into the PDF. WeasyPrint only reads local files: a remote
image would make the build depend on the network, so it is refused.

What WeasyPrint logs as an error (an anchor it cannot find, a stylesheet
rule it rejects, an image it cannot load) is reported as a ``briefing.pdf``
warning, so ``-W`` catches a book with a dead link.

A rendering failure raises :class:`PdfRenderError`, which stops the build with
WeasyPrint's message: a briefing book that silently lacks pages is worse than
none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sphinx.errors import SphinxError

from ..config import Book
from ..diagnostics import warn
from ..i18n import _

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"

#: (family, weight, style, file) of the fonts shipped in ``fonts/`` (see its
#: README): every script of the books (Armenian, Azerbaijani Latin, Cyrillic)
#: in every face, the same on every machine
FONT_FACES: tuple[tuple[str, str, str, str], ...] = (
    ("DejaVu Serif", "normal", "normal", "DejaVuSerif.ttf"),
    ("DejaVu Serif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ("DejaVu Serif", "normal", "italic", "DejaVuSerif-Italic.ttf"),
    ("DejaVu Serif", "bold", "italic", "DejaVuSerif-BoldItalic.ttf"),
    ("DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"),
    ("DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("DejaVu Sans", "normal", "italic", "DejaVuSans-Oblique.ttf"),
    ("DejaVu Sans", "bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    ("DejaVu Sans Mono", "normal", "normal", "DejaVuSansMono.ttf"),
    ("DejaVu Sans Mono", "bold", "normal", "DejaVuSansMono-Bold.ttf"),
)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = "".join(c if c.isalnum() or c in " .,:;()-" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def translated_css() -> str:
    """The words the stylesheet itself writes (", p. N"), in the book's language."""
    before, _sep, after = _("p. {page}").partition("{page}")
    if before.endswith(" "):
        before = before.rstrip() + "\u00a0"  # the number stays with its "p."
    return (
        "a.briefing-in-book::after { content: "
        f"{css_string(', ' + before)} target-counter(attr(href url), page) {css_string(after)}; }}"
    )


def font_faces_css() -> str:
    """``@font-face`` rules for the shipped fonts, by absolute file URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{(FONTS / name).as_uri()}"); }}'
        for family, weight, style, name in FONT_FACES
    )


STYLESHEET = Path(__file__).parent / "print.css"

#: (level, id, title) of the contents entries
Outline = tuple[tuple[int, str, str], ...]

#: CSS page sizes of the ``paper`` values
PAGE_SIZES = {"A4": "A4", "letter": "letter"}


class PdfRenderError(SphinxError):
    category = "PDF rendering failed"


@lru_cache(maxsize=1)
def templates() -> Environment:
    """The book's templates (the book and its index), HTML-escaped by default."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def book_stylesheet() -> Markup:
    """The print stylesheet of a book and its index: the shipped fonts, the
    rules, and the labels the stylesheet prints in the build's language."""
    return Markup(
        "\n".join((font_faces_css(), STYLESHEET.read_text(encoding="utf-8"), translated_css()))
    )


def render_book_html(book: Book, context: dict[str, Any], outline: Outline, body: str) -> str:
    """The single-document HTML of a book, ready for WeasyPrint."""
    template = templates().get_template("book.html")
    return template.render(
        book=book,
        outline=outline,
        body=Markup(body),
        stylesheet=book_stylesheet(),
        highlight_css=Markup(context.pop("highlight_css", "")),
        page_size=PAGE_SIZES[book.paper],
        **context,
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_errors() -> Iterator[list[str]]:
    """The messages WeasyPrint logs at ERROR level while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


#: (page of each anchor, number of the index's first page) -> the index's HTML
IndexWriter = Callable[[Mapping[str, int], int], str]


def render_index_html(book: Book, context: dict[str, Any], index: str, first_page: int) -> str:
    """The HTML of the index, laid out on its own and appended to the body."""
    template = templates().get_template("index.html")
    return template.render(
        book=book,
        index=Markup(index),
        stylesheet=book_stylesheet(),
        index_label=_("Index"),
        page_size=PAGE_SIZES[book.paper],
        first_page=first_page,
        lang=context.get("lang", "en"),
    )


def write_pdf(book: Book, html_path: Path, pdf_path: Path, index: IndexWriter | None = None) -> int:
    """Render ``html_path`` to ``pdf_path`` (returns its pages), or raise
    :class:`PdfRenderError`.

    With ``index``, the body's last page (the index's heading, which the
    contents links) is replaced by the index, laid out on its own once the
    pages of the body's anchors are known (see :mod:`.index`).
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    variant = None if book.pdf_variant == "none" else book.pdf_variant
    options: dict[str, Any] = {"pdf_variant": variant, "pdf_tags": True}
    fonts = FontConfiguration()
    with weasyprint_errors() as errors:
        try:
            document = HTML(
                filename=str(html_path),
                base_url=str(html_path.parent) + "/",
                url_fetcher=fetcher,
                media_type="print",
            ).render(font_config=fonts, **options)
            if index is not None:
                pages = {
                    anchor: number
                    for number, page in enumerate(document.pages, start=1)
                    for anchor in page.anchors
                }
                body = document.pages[:-1]
                index_path = html_path.with_name(html_path.stem + "-index.html")
                index_path.write_text(index(pages, len(body) + 1), encoding="utf-8")
                back = HTML(
                    filename=str(index_path),
                    base_url=str(html_path.parent) + "/",
                    url_fetcher=fetcher,
                    media_type="print",
                ).render(font_config=fonts, **options)
                document = document.copy([*body, *back.pages])
            document.write_pdf(str(pdf_path), **options)
            count = len(document.pages)
        except Exception as error:  # WeasyPrint raises many kinds; all stop the build
            pdf_path.unlink(missing_ok=True)
            raise PdfRenderError(
                f"book '{book.name}': WeasyPrint could not render {html_path.name}: "
                f"{type(error).__name__}: {error}"
            ) from error
    for message in dict.fromkeys(errors):
        warn("pdf", f"book '{book.name}': WeasyPrint: {message}", None)
    return count
