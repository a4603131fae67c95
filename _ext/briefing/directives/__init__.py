"""The entity directives, one module per group (pages, quotes, agreements, entries)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .agreements import setup_agreement_directives
from .entries import setup_entry_directives
from .pages import setup_page_directives
from .quotes import setup_quote_directive


def setup_directives(app: Sphinx) -> None:
    setup_page_directives(app)
    setup_quote_directive(app)
    setup_agreement_directives(app)
    setup_entry_directives(app)
