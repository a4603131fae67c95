"""``python -m briefing catalog``: keep the message catalogs and say how complete they are.

``catalog update`` extracts the extension's message ids (``_()`` and ``N_()``
in ``_ext/briefing``) with Babel, merges them into
``_ext/briefing/locale/<lang>/LC_MESSAGES/briefing.po`` for every language of
:data:`briefing.i18n.CATALOG_LANGUAGES` (new ids arrive empty, vanished ones
are dropped) and compiles each to the ``briefing.mo`` the package ships.

``catalog compile`` only compiles: the ``briefing`` catalogs and the project's
page and theme catalogs under ``locales/`` (Sphinx compiles the latter
itself at build time; compiling them here lets a translator see problems
first).

``catalog stats`` prints, per catalog file, how many messages are translated
and reviewed: a message counts as translated when its ``msgstr`` is not empty
and as *awaiting review* while it carries the ``fuzzy`` flag, which a native
speaker removes after checking it (see docs/contributing/translate.md). The
percentages in docs/project/languages.md come from this command.
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as babel_read_po
from babel.messages.pofile import write_po as babel_write_po

from .i18n import CATALOG_LANGUAGES, DOMAIN, LOCALE_DIR

PACKAGE_DIR = Path(__file__).parent


@dataclass(frozen=True)
class CatalogStats:
    path: str
    total: int
    translated: int
    fuzzy: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def extract_template() -> Catalog:
    """The message ids of the extension's code, as a Babel catalog."""
    template = Catalog(project="briefing", domain=DOMAIN)
    found = extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
    )
    for filename, lineno, message, comments, context in found:
        if "/tests/" in filename:
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read_po(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return babel_read_po(stream, locale=locale)


def write_po(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    babel_write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def compile_po(po_path: Path) -> Path:
    """Compile ``po_path`` to the ``.mo`` beside it (fuzzy messages included:
    the machine-made first translations are better than English until reviewed)."""
    catalog = read_po(po_path)
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as stream:
        write_mo(stream, catalog, use_fuzzy=True)
    return mo_path


def update_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Merge the code's message ids into every language's catalog and compile it."""
    template = extract_template()
    written = []
    for language in CATALOG_LANGUAGES:
        po_path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.is_file():
            catalog = read_po(po_path, locale=language)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="briefing")
            catalog.update(template, no_fuzzy_matching=True)
        write_po(catalog, po_path)
        compile_po(po_path)
        written.append(po_path)
    return written


def catalog_files(roots: list[Path]) -> list[Path]:
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*.po"))


def stats(po_path: Path) -> CatalogStats:
    catalog = read_po(po_path)
    total = translated = fuzzy = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        total += 1
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings):
            translated += 1
            if message.fuzzy:
                fuzzy += 1
    return CatalogStats(str(po_path), total, translated, fuzzy)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("update", "compile", "stats"))
    parser.add_argument(
        "--locales",
        type=Path,
        default=Path("locales"),
        help="the project's page and theme catalogs (default: locales)",
    )
    parser.add_argument(
        "--pages", action="store_true", help="stats: also list every page's catalog"
    )


@dataclass(frozen=True)
class LanguageStats:
    """How complete one language is: the extension's, the theme's and the pages' catalogs."""

    language: str
    extension: CatalogStats | None
    theme: CatalogStats | None
    pages: tuple[CatalogStats, ...]

    @property
    def page_messages(self) -> tuple[int, int]:
        return (sum(p.translated for p in self.pages), sum(p.total for p in self.pages))

    @property
    def pages_complete(self) -> int:
        return sum(1 for p in self.pages if p.total and p.translated == p.total)

    @property
    def awaiting_review(self) -> int:
        counted = [self.extension, self.theme, *self.pages]
        return sum(c.fuzzy for c in counted if c is not None)


def language_stats(locales: Path, locale_dir: Path = LOCALE_DIR) -> list[LanguageStats]:
    """Per language (the extension's catalogs and ``locales/<lang>``), the counts."""
    languages = {p.name for p in locale_dir.iterdir() if p.is_dir()}
    if locales.is_dir():
        languages |= {p.name for p in locales.iterdir() if p.is_dir()}
    result = []
    for language in sorted(languages):
        extension_po = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        messages = locales / language / "LC_MESSAGES"
        theme_po = messages / "sphinx.po"
        pages = tuple(stats(path) for path in catalog_files([messages]) if path != theme_po)
        result.append(
            LanguageStats(
                language,
                stats(extension_po) if extension_po.is_file() else None,
                stats(theme_po) if theme_po.is_file() else None,
                pages,
            )
        )
    return result


def _count(entry: CatalogStats | None) -> str:
    return f"{entry.translated}/{entry.total}" if entry else "-"


def run(args: argparse.Namespace) -> int:
    if args.action == "update":
        for path in update_catalogs():
            print(f"updated {path}")
        return 0
    if args.action == "compile":
        for path in catalog_files([LOCALE_DIR, args.locales]):
            print(f"compiled {compile_po(path)}")
        return 0
    print(
        f"{'language':<9} {'extension':>10} {'theme':>7} {'page messages':>20} "
        f"{'pages done':>11} {'awaiting review':>16}"
    )
    for entry in language_stats(args.locales):
        done, total = entry.page_messages
        percent = 100.0 * done / total if total else 0.0
        pages = f"{entry.pages_complete}/{len(entry.pages)}" if entry.pages else "-"
        messages = f"{done}/{total} ({percent:.1f}%)" if total else "-"
        print(
            f"{entry.language:<9} {_count(entry.extension):>10} {_count(entry.theme):>7} "
            f"{messages:>20} {pages:>11} {entry.awaiting_review:>16}"
        )
        if args.pages:
            for page in entry.pages:
                name = Path(page.path).relative_to(args.locales / entry.language / "LC_MESSAGES")
                print(f"    {name!s:<50} {page.translated:>4}/{page.total:<4}")
    return 0
