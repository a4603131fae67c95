"""PDF briefing books: the ``pdf`` builder and its print layout.

Policy staff print the books and send them to decision makers, so the output
is laid out as a publication (cover, contents, running heads, pull quotes,
fact cards, page references), not a web page sent to a printer. The builder
(:mod:`.builder`) assembles each book from the doctree, :mod:`.links` keeps
its links inside the book or on the published site, and :mod:`.render` turns
the book's HTML into a tagged PDF with WeasyPrint.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .builder import PdfBuilder


def setup_pdf(app: Sphinx) -> None:
    app.add_builder(PdfBuilder)
