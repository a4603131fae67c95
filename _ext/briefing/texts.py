"""Words the publishing features show readers, in one place for translators.

Redirect pages, suggested citations, the release line of the footer and the
"How to cite this book" line of the PDF books all take their wording from
:data:`TEXTS`, through Sphinx's message catalog ``briefing`` (``text()``
wraps each in ``get_translation``), so a translation of the site translates
them once, here, rather than in every module that writes them.
"""

from __future__ import annotations

from sphinx.locale import get_translation

#: the message catalog of the extension (``locales/<lang>/LC_MESSAGES/briefing.po``)
CATALOG = "briefing"
_ = get_translation(CATALOG)

TEXTS: dict[str, str] = {
    "moved-title": "Moved: {title}",
    "moved-body": "This page has moved to {link}.",
    "cite-heading": "Cite this",
    "cite-intro": "Suggested citation:",
    "cite-accessed": "accessed {date}",
    "cite-version": "version {version}",
    "cite-downloads": "Download the citation as {bibtex} or {csl}.",
    "cite-book-heading": "How to cite this book",
    "release": "Release {version}",
}


def text(key: str, **values: str) -> str:
    """The text of ``key`` in the build's language, with ``{values}`` filled in."""
    return str(_(TEXTS[key])).format(**values)
