"""Typed, located warnings: the one list of what the extension complains about.

Every warning goes through :func:`warn` with a subtype from
:data:`WARNING_TYPES`, so contributors can look each one up in the docs
(``docs/contributing/warnings.md`` is checked against this table by a test)
and ``suppress_warnings = ["briefing.<subtype>"]`` works as in Sphinx.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("briefing")

#: subtype -> what it means, for the contributor guide.
WARNING_TYPES: dict[str, str] = {
    "invalid-id": "An id is not a lowercase slug such as ``emin-milli``.",
    "invalid-date": "A date is not ISO 8601 at day, month or year precision.",
    "invalid-value": "An option's value is not one the option accepts "
    "(a stage, an organization kind, a language tag, a number).",
    "invalid-url": "A URL option is not an absolute http(s) address.",
    "missing-option": "A required option or argument is missing.",
    "unknown-option": "A directive was given an option it does not have.",
    "unknown-id": "A reference names an id that no entity of the right kind has.",
    "wrong-kind": "A reference names an entity of the wrong kind "
    "(a speaker who is an organization, say).",
    "duplicate-id": "Two entities of one kind share an id, or an ``aliases`` entry "
    "is an id that another entity has (or had).",
    "former-id": "A reference uses a former id of an entity (one of its ``aliases``); "
    "it still links, but write the current id the warning names.",
    "former-path": "An entry of a page's ``briefing-former-paths`` cannot redirect "
    "to the page: not a document name, the path of a page that exists, or "
    "another page's former path.",
    "misplaced": "A directive stands where it cannot: a provision outside an "
    "agreement, a second statement or brief on one page.",
    "empty": "A directive whose body is its content (a quote, a provision) has none.",
    "cycle": "Agreements that build on each other in a circle.",
    "config": "A ``briefing_*`` configuration value is malformed.",
    "encoding": "A page is not saved as UTF-8; its undecodable bytes are shown as \ufffd.",
    "unreachable": "A page is in a toctree, but only of pages the navigation "
    "does not reach from the home page.",
    "collection": "A collection (``quote-list``, ``agreement-table``, ``timeline``, "
    "``entity-list``) was given a body or argument, which it ignores, or options "
    "that cannot match together (``since`` after ``until``, a topic filter on "
    "people or organizations).",
    "book": "A ``book`` directive is wrong: a second book on one page, a name "
    "another book has, ``since`` after ``until``, or a scope that matches nothing.",
    "archive": "The ``archive`` option of a ``statement`` or ``brief`` names a file "
    "that does not exist or cannot be read, or an archived copy without its header "
    "(``Address:`` and ``Retrieved:``) or taken from another address than ``source``.",
    "archive-mismatch": "A statement's text on its page no longer matches its "
    "archived copy: a paragraph differs, is not in the copy, or is left out.",
    "outside-source": "A page inserts a file from outside the source folder "
    "(include, literalinclude, csv-table or raw ``:file:``, an image, a download) "
    "or through a ``:url:`` that is not http(s); nothing is inserted.",
    "pdf": "A briefing book cannot be printed as written: its root document "
    "does not exist, it links a page outside the book while ``html_baseurl`` "
    "is not set (the link is printed as plain text), or WeasyPrint reported an "
    "error (a missing anchor, a rejected style, an image it could not load).",
}


def warn(subtype: str, message: str, location: Any) -> None:
    """Log a ``briefing.<subtype>`` warning at ``location``.

    ``location`` is a node, a ``(docname, lineno)`` pair or a docname, as
    Sphinx's logging accepts.
    """
    if subtype not in WARNING_TYPES:
        raise ValueError(f"undocumented warning subtype {subtype!r}")
    logger.warning(message, type="briefing", subtype=subtype, location=location)


def suggest(wrong: str, known: Iterable[str], limit: int = 3) -> str:
    """ " Did you mean ...?" text with the closest known values, or ``""``."""
    matches = difflib.get_close_matches(wrong, sorted(set(known)), n=limit, cutoff=0.6)
    if not matches:
        return ""
    return " Did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"


def with_article(noun: str) -> str:
    """ "an organization", "a person"."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
