"""The ``briefing_*`` configuration values: one typed source, checked at start.

Each value has a type, a default, a help text and a rebuild flag. The values
are validated once, on ``config-inited``, and never changed afterwards; a
malformed one is a ``briefing.config`` warning naming what to fix, and the
offending entry is ignored rather than crashing the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .diagnostics import warn

PAPER_SIZES = ("A4", "letter")
SIDEBAR_MAX_ENTRIES = 30
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u", "pdf/a-2u", "pdf/a-3b", "none")

#: name -> (default, rebuild, types, description)
CONFIG_VALUES: dict[str, tuple[Any, str, tuple[type, ...], str]] = {
    "briefing_books": (
        [],
        "",
        (list,),
        "Briefing books to render as PDF: dicts with name, root, title and "
        "optionally subtitle, author, date, paper (A4 or letter) and "
        "pdf_variant (pdf/ua-1 by default, or a PDF/A variant).",
    ),
    "briefing_pdf_dir": (
        "../_build/pdf",
        "",
        (str,),
        "Where the pdf builder wrote the books, relative to the source directory "
        "(the default fits the Makefile: docs/ and _build/pdf): the HTML build "
        "copies them from there into the site and links them.",
    ),
    "briefing_backlinks": (
        True,
        "env",
        (bool,),
        "Render under every entity the list of what refers to it.",
    ),
    "briefing_raw_html": (
        False,
        "env",
        (bool,),
        "Pass HTML typed into pages (and the raw directive) through to the output. "
        "Off by default: such HTML is shown as text.",
    ),
    "briefing_pax_url": (
        "https://pax.peaceagreements.org/agreements/view/{id}/",
        "env",
        (str,),
        "Address of an agreement in the PA-X database; {id} is the PA-X id.",
    ),
    "briefing_sidebar_max_entries": (
        SIDEBAR_MAX_ENTRIES,
        "html",
        (int,),
        "The sidebar spells out a toctree's list only up to this many entries; "
        "a longer list (a folder of statements, an imported PA-X process) shows "
        "just its section's link and the current page, so every page's sidebar "
        "stays small however many pages the site has.",
    ),
    "briefing_search": (
        True,
        "env",
        (bool,),
        "Index HTML builds with Pagefind and replace Sphinx's search page with "
        "the faceted search of the knowledge base.",
    ),
    "briefing_languages": (
        [],
        "",
        (list,),
        "Languages the site is published in, as BCP 47 tags; the first is the "
        "sources' language. Each is a build with -D language=<tag> (make book "
        "builds them all); empty means [language].",
    ),
    "briefing_search_background": (
        False,
        "",
        (bool,),
        "Over an output written before, refresh the search index and the files made "
        "from the whole knowledge base (data, citations, feed, sitemap) after the "
        "build instead of inside it (make serve sets it: the edited page shows at "
        "once, the search and those files follow).",
    ),
    "briefing_include_paths": (
        [],
        "env",
        (list,),
        "Folders, relative to the source directory, that pages may insert files "
        "from besides the source directory itself (include, literalinclude, "
        "csv-table and raw :file:, images, downloads). Empty by default: a page "
        "may insert only files of the source directory.",
    ),
    "briefing_export_timestamp": (
        True,
        "",
        (bool,),
        "Record the build time in data/knowledge-base.json; False leaves it "
        "out for byte-identical output (SOURCE_DATE_EPOCH fixes it instead).",
    ),
}


def sidebar_max_entries(config: Config) -> int:
    """``briefing_sidebar_max_entries``, or its default when malformed."""
    value = config.briefing_sidebar_max_entries
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return SIDEBAR_MAX_ENTRIES


@dataclass(frozen=True)
class Book:
    """One briefing book: an entry of ``briefing_books`` or a ``book`` directive.

    ``topics``, ``about``, ``since`` and ``until`` are its scope (only the
    ``book`` directive sets them; see :mod:`briefing.books`); ``lineno`` is
    the directive's line on ``root`` (0 for a book of ``conf.py``).
    """

    name: str
    root: str
    title: str
    subtitle: str = ""
    author: str = ""
    date: str = ""
    paper: str = "A4"
    pdf_variant: str = "pdf/ua-1"
    topics: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    lineno: int = 0

    @property
    def has_scope(self) -> bool:
        """Whether the book limits what its collections list (a book of
        ``conf.py``, or a directive without scope options, lists everything)."""
        return bool(self.topics or self.about or self.since or self.until)


#: the keys an entry of ``briefing_books`` may have
_BOOK_KEYS = {
    "name",
    "root",
    "title",
    "subtitle",
    "author",
    "date",
    "paper",
    "pdf_variant",
}
_REQUIRED_BOOK_KEYS = ("name", "root", "title")


def books(config: Config) -> list[Book]:
    """The well-formed books of ``briefing_books`` (malformed ones are skipped)."""
    raw = config.briefing_books if isinstance(config.briefing_books, list) else []
    return [book for entry in raw if (book := _book_from(entry)) is not None]


def _book_problems(entry: object) -> list[str]:
    if not isinstance(entry, dict):
        return [f"a book must be a dict, not {type(entry).__name__}"]
    problems = []
    for key in _REQUIRED_BOOK_KEYS:
        if not isinstance(entry.get(key), str) or not entry.get(key):
            problems.append(f"'{key}' is required and must be a non-empty string")
    for key in sorted(set(entry) - _BOOK_KEYS):
        problems.append(f"unknown key '{key}' (known: {', '.join(sorted(_BOOK_KEYS))})")
    if entry.get("paper", "A4") not in PAPER_SIZES:
        problems.append(f"'paper' must be one of {', '.join(PAPER_SIZES)}")
    if entry.get("pdf_variant", "pdf/ua-1") not in PDF_VARIANTS:
        problems.append(f"'pdf_variant' must be one of {', '.join(PDF_VARIANTS)}")
    return problems


def _book_from(entry: object) -> Book | None:
    if _book_problems(entry):
        return None
    assert isinstance(entry, dict)
    values = {key: str(value) for key, value in entry.items()}
    return Book(
        name=values["name"],
        root=values["root"],
        title=values["title"],
        subtitle=values.get("subtitle", ""),
        author=values.get("author", ""),
        date=values.get("date", ""),
        paper=values.get("paper", "A4"),
        pdf_variant=values.get("pdf_variant", "pdf/ua-1"),
    )


def validate_config(app: Sphinx, config: Config) -> None:
    """Warn about malformed ``briefing_*`` values (they are then ignored)."""
    raw = config.briefing_books
    if not isinstance(raw, list):
        warn("config", "briefing_books must be a list of dicts.", None)
        return
    names: set[str] = set()
    for position, entry in enumerate(raw, start=1):
        for problem in _book_problems(entry):
            warn("config", f"briefing_books entry {position}: {problem}.", None)
        if isinstance(entry, dict) and entry.get("name") in names:
            warn(
                "config",
                f"briefing_books entry {position}: the name '{entry['name']}' is used twice.",
                None,
            )
        if isinstance(entry, dict):
            names.add(entry.get("name"))  # type: ignore[arg-type]
    if sidebar_max_entries(config) != config.briefing_sidebar_max_entries:
        warn(
            "config",
            "briefing_sidebar_max_entries must be a positive integer; "
            f"{SIDEBAR_MAX_ENTRIES} is used.",
            None,
        )
    validate_include_paths(app, config)
    if "{id}" not in config.briefing_pax_url:
        warn("config", "briefing_pax_url must contain '{id}'.", None)


def validate_include_paths(app: Sphinx, config: Config) -> None:
    """Warn about entries of ``briefing_include_paths`` that name no folder."""
    raw = config.briefing_include_paths
    if not isinstance(raw, list):
        warn("config", "briefing_include_paths must be a list of folder names.", None)
        return
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, str) or not entry:
            warn(
                "config",
                f"briefing_include_paths entry {position}: a folder must be a "
                "non-empty string (relative to the source directory); ignored.",
                None,
            )
        elif not (Path(app.srcdir) / entry).is_dir():
            warn(
                "config",
                f"briefing_include_paths entry {position}: '{entry}' is not a folder "
                f"(relative to the source directory {app.srcdir}).",
                None,
            )


def setup_config(app: Sphinx) -> None:
    for name, (default, rebuild, types, description) in CONFIG_VALUES.items():
        app.add_config_value(
            name,
            default,
            rebuild,  # type: ignore[arg-type]
            types=types,
            description=description,
        )
    app.connect("config-inited", validate_config)
