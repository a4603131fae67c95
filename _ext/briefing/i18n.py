"""The extension's own words and dates in the build's language.

Every string the extension shows to readers is an English message id of the
``briefing`` gettext domain, translated through Sphinx's machinery
(``app.add_message_catalog`` and ``sphinx.locale.get_translation``), so it
follows the build's ``language`` (``-D language=ru``) and never the machine's
locale. The catalogs live in ``locale/<lang>/LC_MESSAGES/briefing.po`` beside
this module and ship compiled (``briefing.mo``) in the package;
``python -m briefing catalog update`` extracts the message ids from the code
and compiles the catalogs, ``python -m briefing catalog stats`` says how
complete each is.

Tables of labels at module level (fact-box labels, kind names) hold message
ids marked with :func:`N_`; they are translated with :func:`_` only when a
node or page is built, so what the domain stores and hashes stays
language-neutral.

Dates are formatted by Babel at their own precision ("14 December 2021",
"December 2021", "2021"), with the grammar of the language: a Russian full
date takes the month's genitive, a month with its year the nominative. The
language is the build's, recorded when the configuration is read
(:func:`set_build_language`), as Sphinx records its own translators: one
build, one language.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from babel import Locale

#: The gettext domain of the extension's messages.
DOMAIN = "briefing"

#: Where the ``briefing`` catalogs are: ``<lang>/LC_MESSAGES/briefing.{po,mo}``.
LOCALE_DIR = Path(__file__).parent / "locale"

#: The languages the extension ships complete catalogs for.
CATALOG_LANGUAGES: tuple[str, ...] = ("en", "hy", "az", "ru")

#: Translate a message id of the ``briefing`` domain (call at render time).
_ = get_translation(DOMAIN)

_build_language = "en"


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet."""
    return message


def build_language() -> str:
    """The language of the running build (``en`` when none was configured)."""
    return _build_language


def set_build_language(language: str | None) -> None:
    global _build_language
    _build_language = normalize(language or "en")


def normalize(tag: str) -> str:
    """``ru_RU`` or ``ru-ru`` -> ``ru-RU``: a BCP 47 tag as HTML writes it."""
    parts = tag.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *[p.upper() if len(p) == 2 else p for p in parts[1:]]])


def primary(tag: str) -> str:
    """The primary language subtag: ``ru`` of ``ru-RU``."""
    return normalize(tag).split("-")[0]


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    # English dates read "14 December 2021" in this publication, as in British usage
    tag = "en_GB" if primary(language) == "en" else language.replace("-", "_")
    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(primary(language))
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en_GB")


def format_kb_date(
    year: int, month: int | None, day: int | None, language: str | None = None
) -> str:
    """A date at its own precision, in ``language`` (default: the build's)."""
    if month is None:
        return str(year)
    return _formatted_date(year, month, day, language or _build_language)


@lru_cache(maxsize=8192)
def _formatted_date(year: int, month: int, day: int | None, language: str) -> str:
    # a site shows the same few hundred dates tens of thousands of times
    # (attributions, backlinks, collections); Babel's skeleton matching is
    # the costly part, so each date is formatted once per language
    from babel.dates import format_skeleton

    skeleton = "yMMMM" if day is None else "yMMMMd"
    return format_skeleton(
        skeleton, datetime.date(year, month, day or 1), locale=_babel_locale(language)
    )


def language_name(tag: str, in_language: str | None = None, capitalize: bool = True) -> str:
    """The name of language ``tag`` in ``in_language`` (default: its own name),
    capitalized as a menu item, or as the language writes it inside a sentence."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
        shown_in = Locale.parse((in_language or tag).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return tag
    name = locale.get_display_name(shown_in) or tag
    if not capitalize:
        return name
    first = name[:1]
    if first == "i" and primary(in_language or tag) in ("az", "tr"):
        return "İ" + name[1:]  # a dotted capital in Azerbaijani and Turkish
    return first.upper() + name[1:]


#: Docutils' own words (admonition titles, "Contents", bibliographic fields) for
#: the languages Docutils has no module for; it would otherwise warn and use English
DOCUTILS_LABELS: dict[str, dict[str, str]] = {
    "hy": {
        "author": "Հեղինակ",
        "authors": "Հեղինակներ",
        "organization": "Կազմակերպություն",
        "address": "Հասցե",
        "contact": "Կոնտակտ",
        "version": "Տարբերակ",
        "revision": "Խմբագրություն",
        "status": "Կարգավիճակ",
        "date": "Ամսաթիվ",
        "copyright": "Հեղինակային իրավունք",
        "dedication": "Նվիրում",
        "abstract": "Ամփոփում",
        "attention": "Ուշադրություն",
        "caution": "Զգուշություն",
        "danger": "Վտանգ",
        "error": "Սխալ",
        "hint": "Հուշում",
        "important": "Կարևոր",
        "note": "Նշում",
        "tip": "Խորհուրդ",
        "warning": "Զգուշացում",
        "contents": "Բովանդակություն",
    },
    "az": {
        "author": "Müəllif",
        "authors": "Müəlliflər",
        "organization": "Təşkilat",
        "address": "Ünvan",
        "contact": "Əlaqə",
        "version": "Versiya",
        "revision": "Redaksiya",
        "status": "Status",
        "date": "Tarix",
        "copyright": "Müəllif hüququ",
        "dedication": "İthaf",
        "abstract": "Xülasə",
        "attention": "Diqqət",
        "caution": "Ehtiyat",
        "danger": "Təhlükə",
        "error": "Xəta",
        "hint": "İpucu",
        "important": "Vacib",
        "note": "Qeyd",
        "tip": "Məsləhət",
        "warning": "Xəbərdarlıq",
        "contents": "Mündəricat",
    },
}


def _importer(package: Any) -> Any:
    """Docutils' language importer of ``package`` (Sphinx wraps it while building)."""
    current = package.get_language
    if hasattr(current, "cache"):
        return current
    for cell in getattr(current, "__closure__", None) or ():
        if hasattr(cell.cell_contents, "cache"):
            return cell.cell_contents
    return None


def register_docutils_language(language: str) -> None:
    """Give Docutils a language module for ``language`` when it lacks one."""
    import types

    import docutils.languages
    import docutils.languages.en
    import docutils.parsers.rst.languages
    import docutils.parsers.rst.languages.en

    code = primary(language)
    labels = DOCUTILS_LABELS.get(code)
    if labels is None:
        return
    for tag in {code, language, language.lower(), language.replace("-", "_").lower()}:
        module = types.ModuleType(f"briefing.i18n.docutils_{code}")
        module.labels = labels  # type: ignore[attr-defined]
        module.bibliographic_fields = {  # type: ignore[attr-defined]
            text.lower(): key for key, text in labels.items()
        }
        module.author_separators = [";", ","]  # type: ignore[attr-defined]
        importer = _importer(docutils.languages)
        if importer is not None:
            importer.cache.setdefault(tag, module)
        # the markup's own names (directives, roles) stay English, as the pages write them
        parser_module = types.ModuleType(f"briefing.i18n.docutils_rst_{code}")
        parser_module.directives = docutils.parsers.rst.languages.en.directives  # type: ignore[attr-defined]
        parser_module.roles = docutils.parsers.rst.languages.en.roles  # type: ignore[attr-defined]
        parser_importer = _importer(docutils.parsers.rst.languages)
        if parser_importer is not None:
            parser_importer.cache.setdefault(tag, parser_module)


def record_language(app: Sphinx, config: Config) -> None:
    set_build_language(config.language)
    register_docutils_language(build_language())


def forget_language(app: Sphinx, exception: BaseException | None) -> None:
    """After the build, dates are English again (another build may follow in
    this process, as in tests, and set its own)."""
    set_build_language(None)


def setup_i18n(app: Sphinx) -> None:
    app.add_message_catalog(DOMAIN, str(LOCALE_DIR))
    # early, so validation messages and every later handler see the language
    app.connect("config-inited", record_language, priority=100)
    # late, after every other handler has written what it writes
    app.connect("build-finished", forget_language, priority=900)
    set_build_language(app.config.language)
