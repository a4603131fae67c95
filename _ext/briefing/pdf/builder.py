"""The ``pdf`` builder: each book of ``briefing_books`` as a printed publication.

For every book, the builder assembles one doctree from the book's root
document and the pages its toctrees include (as Sphinx's ``singlehtml`` does),
resolves each page's references *before* grafting it (so write-time
transforms, such as entity fact boxes, see the page they belong to), makes the
ids unique and the links point inside the book or at the published site
(:mod:`.links`), writes the tree with Sphinx's HTML translator into a
single-document HTML with the print stylesheet, and renders it with
WeasyPrint (:mod:`.render`).

Why ``format = "html"``: the builder's output *is* HTML, read by a print
engine. Node visitors of other extensions (sphinx-design and ours) are
registered for ``html``, and HTML-only transforms (``formats = ("html",)``)
produce markup the print engine understands. What is screen-only in the site
(the theme, scripts, the search index) is not used: the book has its own
template and stylesheet, and this builder writes no search index, static
files or inventory.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.console import darkgreen

from ..books import all_books, book_docnames
from ..citation import book_release_context
from ..config import Book
from ..diagnostics import warn
from ..domain import get_domain
from ..i18n import _, normalize
from ..model import KINDS, KbDate
from ..nodes import section_depth
from .index import Mentions, index_html, mark_mentions, name_mentions
from .links import (
    IN_BOOK_PREFIX,
    OUTSIDE_PREFIX,
    float_footnotes,
    localize,
    number_site_links,
)
from .render import Outline, render_book_html, render_index_html, write_pdf

logger = logging.getLogger(__name__)


class PdfBuilder(SingleFileHTMLBuilder):
    """Render every briefing book to ``OUTDIR/<name>.pdf``."""

    name = "pdf"
    format = "html"
    epilog = "The PDF briefing books are in %(outdir)s."
    search = False
    copysource = False
    allow_parallel = False
    add_permalinks = False
    # a PDF has no full-size image files to link a scaled image to
    html_scaled_image_link = False

    #: the pages of the book being written (references elsewhere leave the book)
    book_docs: Set[str] = frozenset()
    #: the book being written: its scope is its pages' collections' starting set
    current_book: Book | None = None

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        # the book has its own template; the site's theme has no say in print
        return "basic", {}

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.book_docs:
            return IN_BOOK_PREFIX + docname
        # resolved by links.localize: to an entry the book prints, or to the site
        return OUTSIDE_PREFIX + docname

    def site_uri(self, docname: str) -> str | None:
        """The page on the published site (``html_baseurl``), or None without one."""
        baseurl = self.config.html_baseurl
        if not baseurl:
            return None
        suffix = self.config.html_link_suffix or self.config.html_file_suffix or ".html"
        return urljoin(baseurl.rstrip("/") + "/", docname + suffix)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def write_documents(self, _docnames: Set[str]) -> None:
        configured = all_books(self.env)
        if not configured:
            logger.info("no briefing books declared: no PDF to write")
            return
        self.prepare_writing(self.env.all_docs.keys())
        for book in configured:
            if book.root not in self.env.all_docs:
                warn(
                    "pdf",
                    f"book '{book.name}': its root document '{book.root}' does not "
                    "exist; set 'root' to the document that holds the book's toctree.",
                    None,
                )
                continue
            self.write_book(book)

    def write_book(self, book: Book) -> Path:
        """Assemble, write and render one book; returns the PDF's path."""
        logger.info(darkgreen(f"book {book.name}: {book.root}"))
        docs = book_docnames(self.env, book.root)
        self.book_docs = frozenset(docs)
        self.current_book = book
        knowledge = get_domain(self.env).knowledge
        try:
            tree = self.assemble_book(book, [book.root])
            mentions = mark_mentions(tree, knowledge)
            anchors = {e.anchor for kind in KINDS for e in knowledge.entities(kind) if e.anchor}
            localize(tree, book.root, self.book_docs, book.name, self.site_uri, anchors)
            number_site_links(tree)
            float_footnotes(tree)
            name_mentions(tree)
            outline = book_outline(tree)
            body = self.render_body(book, tree)
        finally:
            self.book_docs = frozenset()
            self.current_book = None
        context = self.book_context(book, docs)
        html_path = Path(self.outdir) / f"{book.name}.html"
        html_path.write_text(
            render_book_html(book, {**context, "with_index": bool(mentions)}, outline, body),
            encoding="utf-8",
        )
        self.copy_image_files()
        pdf_path = Path(self.outdir) / f"{book.name}.pdf"
        index = self.index_writer(book, context, mentions) if mentions else None
        pages = write_pdf(book, html_path, pdf_path, index)
        logger.info(f"book {book.name}: wrote {pdf_path} ({pages} pages)")
        return pdf_path

    def index_writer(self, book: Book, context: dict[str, Any], mentions: Mentions) -> Any:
        knowledge = get_domain(self.env).knowledge

        def write(pages: Any, first_page: int) -> str:
            return render_index_html(
                book, context, index_html(knowledge, mentions, pages), first_page
            )

        return write

    # -- assembling -------------------------------------------------------------------

    def resolved(self, docname: str) -> nodes.document:
        tree = self.env.get_doctree(docname)
        self.env.apply_post_transforms(tree, docname)
        return tree

    def assemble_book(self, book: Book, traversed: list[str]) -> nodes.document:
        tree = self.inline_toctrees(self.resolved(book.root), traversed)
        tree["docname"] = book.root
        for box in list(tree.findall(nodes.container)):
            if "kb-backlinks" in box["classes"]:
                # the site's navigation: not printed, and no mention for the index
                box.parent.remove(box)
        root_section = next((c for c in tree.children if isinstance(c, nodes.section)), None)
        if root_section is not None:
            # the root page's title is the cover; its chapters become top-level
            body = nodes.container(ids=root_section["ids"], classes=["briefing-book-body"])
            body += [c for c in root_section.children if not isinstance(c, nodes.title)]
            tree.replace(root_section, body)
        return tree

    def inline_toctrees(self, tree: nodes.document, traversed: list[str]) -> nodes.document:
        for toctree in list(tree.findall(addnodes.toctree)):
            pages = []
            for include in map(str, toctree["includefiles"]):
                if include in traversed or include not in self.env.all_docs:
                    continue
                traversed.append(include)
                subtree = self.inline_toctrees(self.resolved(include), traversed)
                page = addnodes.start_of_file(docname=include)
                page += subtree.children
                for section in page.findall(nodes.section):
                    section.setdefault("docname", include)
                pages.append(page)
            toctree.parent.replace(toctree, pages)
        return tree

    # -- writing ----------------------------------------------------------------------

    def render_body(self, book: Book, tree: nodes.document) -> str:
        tree.settings = self.docsettings
        self.secnumbers = {}
        self.fignumbers = {}
        self.imgpath = self.imagedir
        # files the site ships (an archived copy) are linked on the published site
        baseurl = self.config.html_baseurl
        self.download_support = bool(baseurl)
        self.dlpath = urljoin(baseurl.rstrip("/") + "/", "_downloads") if baseurl else ""
        self.current_docname = book.root
        self.post_process_images(tree)
        visitor = self.create_translator(tree, self)
        tree.walkabout(visitor)
        return "".join(visitor.fragment)

    def book_context(self, book: Book, docs: Iterable[str]) -> dict[str, Any]:
        knowledge = get_domain(self.env).knowledge
        keywords: dict[str, None] = {}
        for docname in docs:
            for entity in knowledge.entities_on(docname):
                for topic_id in entity.links.get("topics", ()):
                    topic = knowledge.get("topic", topic_id)
                    keywords[topic.title if topic else topic_id] = None
        date = KbDate.parse(book.date) if book.date else None
        return {
            "lang": normalize(self.config.language or "en"),
            "labels": {
                "cover": _("Cover"),
                "kicker": _("Briefing book"),
                "contents": _("Contents"),
                "index": _("Index"),
            },
            "author": book.author or self.config.author or "",
            "date_display": date.display() if date else book.date,
            "date_iso": date.iso() if date else "",
            "keywords": sorted(keywords),
            "highlight_css": self.highlighter.get_stylesheet(),
            **book_release_context(book, self.config),
        }

    def copy_assets(self) -> None:
        # the book's stylesheet is inlined; the site's static files are not needed
        pass

    def finish(self) -> None:
        # no search index, inventory or build info: only the books
        pass


def book_outline(tree: nodes.document) -> Outline:
    """(level, id, title) of the chapters (level 1) and their sections (level 2)."""
    entries = []
    for section in tree.findall(nodes.section):
        depth = 1 + section_depth(section)
        if depth > 2 or not section["ids"]:
            continue
        title = next((c for c in section.children if isinstance(c, nodes.title)), None)
        if title is not None:
            entries.append((depth, section["ids"][0], title.astext()))
    return tuple(entries)
