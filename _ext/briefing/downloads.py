"""The PDF briefing books as downloads of the site.

``make book`` renders the books (``_build/pdf``) before the site, and the HTML
build copies each existing PDF into the site (``_downloads/books/``). Two
things link to them: the ``{book-downloads}`` directive (the home page lists
every book with its title and subtitle) and a download note under the title
of each book's root page. A book whose PDF has not been built is listed as
"PDF not built yet" and its root page gets no note, so the site never links
to a missing file. In the PDF books themselves, the list links to the PDFs
on the published site (``html_baseurl``), or names them without a link.

Whether a PDF exists is something the page shows from outside its source,
so it is part of the page's fingerprint (:mod:`briefing.incremental`): the
home page is rewritten by an incremental build once the PDFs appear.

Node tree of ``{book-downloads}``::

    book_downloads (placeholder) -> bullet_list.briefing-book-downloads
        list_item > paragraph: strong(title), [" (" subtitle ")"], ": ",
                               reference.briefing-pdf-link | inline.briefing-pdf-missing
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .books import all_books
from .config import Book
from .i18n import _

#: where the site keeps the PDFs, relative to its output directory
DOWNLOAD_DIR = "_downloads/books"
#: env.metadata key of the pages that list the books
METADATA_KEY = "briefing-book-downloads"


class book_downloads(nodes.General, nodes.Element):
    """Placeholder for the list of briefing books, filled in at write time."""


def pdf_dir(app_or_env: Any) -> Path:
    """Where the ``pdf`` builder wrote the books (``briefing_pdf_dir``)."""
    configured = Path(app_or_env.config.briefing_pdf_dir)
    return configured if configured.is_absolute() else Path(app_or_env.srcdir) / configured


def built_pdf(app_or_env: Any, book: Book) -> Path | None:
    path = pdf_dir(app_or_env) / f"{book.name}.pdf"
    return path if path.is_file() else None


class BookDownloadsDirective(SphinxDirective):
    """``{book-downloads}``: every book of ``briefing_books`` with its PDF."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname][METADATA_KEY] = True
        node = book_downloads()
        self.set_source_info(node)
        return [node]


def expand_book_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the book lists and the download note of each book's root page.

    A ``doctree-resolved`` handler rather than a post-transform: the links
    depend on the builder (its target URIs, whether it is the PDF builder).
    """
    from .pdf.builder import PdfBuilder

    in_print = isinstance(app.builder, PdfBuilder)
    on_site = app.builder.format == "html" and not in_print
    for node in list(doctree.findall(book_downloads)):
        items = nodes.bullet_list(classes=["briefing-book-downloads"])
        for book in all_books(app.env):
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(book.title, book.title)
            if book.subtitle:
                paragraph += nodes.Text(f" ({book.subtitle})")
            paragraph += nodes.Text(": ")
            paragraph += pdf_link(app, book, docname, on_site, in_print)
            items += nodes.list_item("", paragraph)
        if not items.children:
            text = _("No briefing books are configured yet.")
            node.replace_self(nodes.paragraph(text, text, classes=["briefing-no-books"]))
            continue
        node.replace_self(items)
    if on_site:
        for book in all_books(app.env):
            if book.root == docname and built_pdf(app, book):
                add_root_note(app, doctree, book, docname)


def pdf_link(app: Sphinx, book: Book, docname: str, on_site: bool, in_print: bool) -> nodes.Node:
    """A link to the book's PDF in the site (or, in print, on the published site)."""
    label = f"{book.name}.pdf"
    path = f"{DOWNLOAD_DIR}/{label}"
    if on_site:
        if not built_pdf(app, book):
            return nodes.inline("", _("PDF not built yet"), classes=["briefing-pdf-missing"])
        uri = relative_uri(app.builder.get_target_uri(docname), path)
    elif in_print and app.config.html_baseurl:
        uri = app.config.html_baseurl.rstrip("/") + "/" + path
    else:
        return nodes.inline(label, label, classes=["briefing-pdf-name"])
    return nodes.reference(label, f"PDF ({label})", refuri=uri, classes=["briefing-pdf-link"])


def add_root_note(app: Sphinx, doctree: nodes.document, book: Book, docname: str) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    note = nodes.container(classes=["briefing-book-download"])
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(
        _("This page is the briefing book “{title}”: ").format(title=book.title)
    )
    paragraph += pdf_link(app, book, docname, on_site=True, in_print=False)
    note += paragraph
    title_index = next(
        (i for i, c in enumerate(section.children) if isinstance(c, nodes.title)), -1
    )
    section.insert(title_index + 1, note)


def copy_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """Put the built PDFs into the site, next to the pages that link them."""
    from .pdf.builder import PdfBuilder

    if exception is not None or app.builder.format != "html":
        return
    if isinstance(app.builder, PdfBuilder):
        return
    target = Path(app.outdir) / DOWNLOAD_DIR
    for book in all_books(app.env):
        source = built_pdf(app, book)
        if source is not None:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / source.name)


def downloads_view(
    app: Sphinx, env: BuildEnvironment, knowledge: Any, docname: str, titles: Any
) -> Any:
    """What a page shows of the books: for the fingerprint of incremental builds."""
    configured = all_books(env)
    roots = {book.root for book in configured}
    if docname not in roots and not env.metadata.get(docname, {}).get(METADATA_KEY):
        return None
    return tuple(
        (book.name, book.title, book.subtitle, built_pdf(env, book) is not None)
        for book in configured
    )


def books_built(app: Sphinx) -> Any:
    """Which books have a PDF: the download pages show it, though no source says it."""
    return [(book.name, built_pdf(app, book) is not None) for book in all_books(app.env)]


def _skip(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_downloads(app: Sphinx) -> None:
    handlers = (_skip, None)
    app.add_node(
        book_downloads,
        html=handlers,
        latex=handlers,
        text=handlers,
        man=handlers,
        texinfo=handlers,
    )
    app.add_directive_to_domain("kb", "book-downloads", BookDownloadsDirective)
    app.connect("doctree-resolved", expand_book_downloads)
    app.connect("build-finished", copy_pdfs)
    app.connect("briefing-page-views", downloads_view)
    app.connect("briefing-outside-inputs", books_built)
