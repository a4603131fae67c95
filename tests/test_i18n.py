"""The site in Armenian, Azerbaijani and Russian (issue 15).

The ``i18n`` test root is built as ``make book`` builds the project: the
source language (en) at the site's root, hy, az and ru in ``<lang>/`` beside
it, each with ``-D language=<lang>`` and the root's page catalogs in
``locales/``. The tests read the pages as readers get them: labels, dates,
notices, the language switcher and hreflang alternates, the search bundles,
and the knowledge base export.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from briefing.catalogs import extract_template, read_po, stats
from briefing.i18n import CATALOG_LANGUAGES, LOCALE_DIR

from building import Project
from conftest import ROOTS

TRANSLATED = ("hy", "az", "ru")
LANGUAGES = ("en", *TRANSLATED)


def build_site(directory: Path, parallel: int = 0) -> tuple[Path, dict[str, list[str]]]:
    """Every language of the root, laid out as ``make book`` lays it out."""
    project = Project("i18n", directory)
    warnings: dict[str, list[str]] = {}
    site = directory / "site" / "html"
    for language in TRANSLATED:
        result = project.build(
            outdir=f"build-{language}", parallel=parallel, confoverrides={"language": language}
        )
        warnings[language] = result.warnings
        shutil.copytree(result.outdir, site / language)
    # the source language last, around the others, as its search index must leave them out
    result = project.build(outdir="site", parallel=parallel, confoverrides={"language": "en"})
    warnings["en"] = result.warnings
    assert result.outdir == site
    return site, warnings


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    return build_site(tmp_path_factory.mktemp("i18n"))


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


def page(site: Path, language: str, name: str) -> BeautifulSoup:
    base = site if language == "en" else site / language
    return BeautifulSoup((base / name).read_text(encoding="utf-8"), "html.parser")


def article_text(soup: BeautifulSoup) -> str:
    article = soup.find("article") or soup
    return " ".join(article.get_text(" ").split())


def catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "briefing.po"
    return {m.id: m.string for m in read_po(path) if m.id}


def test_every_language_builds_without_warnings(built) -> None:
    assert built[1] == {language: [] for language in (*TRANSLATED, "en")}


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_label_of_the_extension(site: Path, language: str) -> None:
    messages = catalog(language)
    # labels whose translation differs from the English (az "Status" is "Status")
    english = {
        msgid
        for msgid, translated in messages.items()
        if translated != msgid and len(msgid) >= 4 and "{" not in msgid
    }
    for name in ("statement.html", "search.html", "kb-people.html", "index.html"):
        text = article_text(page(site, language, name))
        found = sorted(label for label in english if re.search(rf"\b{re.escape(label)}\b", text))
        assert found == [], f"{language}/{name}: English labels {found}"
    statement = page(site, language, "statement.html")
    labels = [
        dt.get_text(strip=True).rstrip(":") for dt in statement.select("dl.kb-details-statement dt")
    ]
    assert labels == [messages["Date"], messages["Organization"], messages["Topics"]]
    titles = {b.get_text(strip=True) for b in statement.select(".kb-backlinks-title")}
    assert titles == {messages["Referenced by"]}


def test_the_english_site_keeps_english_labels(site: Path) -> None:
    statement = page(site, "en", "statement.html")
    labels = [
        dt.get_text(strip=True).rstrip(":") for dt in statement.select("dl.kb-details-statement dt")
    ]
    assert labels == ["Date", "Organization", "Topics"]
    assert "15 December 2021" in article_text(statement)


#: the dates of the root (day, month, year precision) as readers of each language write them
DATES = {
    "en": ("15 December 2021", "December 2021"),
    "ru": ("15 декабря 2021\u202fг.", "декабрь 2021\u202fг."),
    "hy": ("2021 թ\u2024 դեկտեմբերի 15", "2021 թ\u2024 դեկտեմբեր"),
    "az": ("15 dekabr 2021", "dekabr 2021"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_in_the_language_at_their_precision(site: Path, language: str) -> None:
    day, month = DATES[language]
    statement = page(site, language, "statement.html")
    fields = {
        dt.get_text(strip=True).rstrip(":"): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in statement.select("dl.kb-details-statement dt")
    }
    date_label = catalog(language)["Date"]
    assert fields[date_label] == day  # the statement: day precision
    event = statement.select_one("#event-brussels-talks")
    event_dates = [
        dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in event.select("dt")
        if dt.get_text(strip=True).rstrip(":") == date_label
    ]
    assert event_dates == [month]  # month precision: nominative in Russian
    year = page(site, language, "untranslated.html").select_one("#event-ceasefire-year")
    assert "2020" in year.get_text(" ")
    assert "January" not in year.get_text(" ")


def test_a_build_in_russian_leaves_dates_in_english_for_what_follows(tmp_path: Path) -> None:
    from briefing.model import KbDate

    Project("i18n", tmp_path).build(confoverrides={"language": "ru"})
    assert KbDate(2021, 12, 14).display() == "14 December 2021"
    assert KbDate(2021, 12, 14).display("ru") == "14 декабря 2021\u202fг."


def test_machine_locale_does_not_leak_into_dates(site: Path) -> None:
    """The English months appear nowhere in a translated site's pages."""
    months = ("December", "January", "November")
    for language in TRANSLATED:
        for name in ("statement.html", "untranslated.html", "kb-events.html"):
            text = article_text(page(site, language, name))
            assert not any(month in text for month in months), (language, name)


def test_html_lang_is_the_build_language(site: Path) -> None:
    for language in LANGUAGES:
        for name in ("index.html", "statement.html", "search.html"):
            assert page(site, language, name).html["lang"] == language


def _local(site: Path, from_file: Path, href: str) -> Path:
    address = urljoin(from_file.relative_to(site).as_posix(), href)
    return site / urlsplit(address).path


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_and_hreflang_lead_to_the_same_page_in_each_language(
    site: Path, language: str
) -> None:
    base = site if language == "en" else site / language
    for name in ("index.html", "statement.html", "untranslated.html", "search.html"):
        path = base / name
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        switcher = soup.select_one("nav.kb-languages")
        assert switcher is not None, name
        current = switcher.select_one('[aria-current="page"]')
        assert current["lang"] == language
        links = {a["hreflang"]: a["href"] for a in switcher.select("a")}
        assert set(links) == set(LANGUAGES) - {language}
        alternates = {
            link["hreflang"]: link["href"]
            for link in soup.select('link[rel="alternate"][hreflang]')
        }
        assert set(alternates) == {*LANGUAGES, "x-default"}
        for target_language, href in [*links.items(), *alternates.items()]:
            target = _local(site, path, href)
            assert target.is_file(), f"{language}/{name}: {href} -> {target}"
            target_soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            expected = "en" if target_language == "x-default" else target_language
            assert target_soup.html["lang"] == expected
            assert target.name == name


def test_untranslated_page_says_so_in_the_readers_language(site: Path) -> None:
    expected = {
        "ru": "Эта страница ещё не переведена",
        "hy": "Այս էջը դեռ թարգմանված չէ",
        "az": "Bu səhifə hələ tərcümə olunmayıb",
    }
    for language, words in expected.items():
        soup = page(site, language, "untranslated.html")
        notice = soup.select_one(".kb-translation-notice")
        assert notice is not None and words in notice.get_text(), language
        assert notice["lang"] == language
        # the source text is shown, marked as English for screen readers
        section = soup.select_one("section")
        assert section["lang"] == "en"
        assert "This page has no translation yet." in section.get_text()
        # a fully translated page has no notice of missing translation
        statement = page(site, language, "statement.html")
        assert statement.select(".kb-translation-notice:not(.kb-statement-translated)") == []
    assert page(site, "en", "untranslated.html").select_one(".kb-translation-notice") is None


def test_translated_quote_is_labelled_with_its_original_one_click_away(site: Path) -> None:
    original = "We believe that economic cooperation can help form the basis for lasting peace."
    soup = page(site, "ru", "statement.html")
    quote = soup.select_one("#quote-milli-2021-12-15 blockquote")
    assert "kb-quote-translated" in quote["class"]
    label = quote.select_one(".kb-translation-label").get_text(strip=True)
    assert label == "Перевод (язык оригинала: английский)"
    assert "экономическое сотрудничество" in quote.get_text()
    details = quote.select_one("details.kb-quote-original")
    assert details.parent is quote.select_one(".kb-translation-label").parent
    assert details.summary.get_text(strip=True) == "Оригинал (английский)"
    assert details.select_one('p[lang="en"]').get_text(strip=True) == original
    # the English site shows the words as written, unlabelled
    english = page(site, "en", "statement.html").select_one("#quote-milli-2021-12-15 blockquote")
    assert english.select_one(".kb-translation-label") is None
    assert original in english.get_text()


def test_a_translated_statement_says_it_is_not_the_published_words(site: Path) -> None:
    for language in TRANSLATED:
        notice = page(site, language, "statement.html").select_one(".kb-statement-translated")
        assert notice is not None and notice["lang"] == language
        assert (
            catalog(language)[
                "This statement is shown in a translation, not in the words its organization "
                "published; the original, in {language}, is this page's {language} version."
            ].split("{language}")[0]
            in notice.get_text()
        )
    assert page(site, "en", "statement.html").select_one(".kb-statement-translated") is None
    # a page that is not a statement gets no such label, translated or not
    assert page(site, "ru", "index.html").select_one(".kb-statement-translated") is None


def test_records_follow_the_translation_but_quotes_keep_their_words(site: Path) -> None:
    data = json.loads((site / "ru" / "data" / "knowledge-base.json").read_text(encoding="utf-8"))
    entities = {(e["kind"], e["id"]): e for e in data["entities"]}
    assert entities[("person", "emin-milli")]["title"] == "Эмин Милли"
    assert (
        entities[("person", "emin-milli")]["fields"]["role"] == "Председатель, Restart Initiative"
    )
    assert entities[("event", "brussels-talks")]["title"] == "Переговоры в Брюсселе"
    assert entities[("statement", "statement")]["title"] == "Заявление о встрече в Брюсселе"
    quote = entities[("quote", "milli-2021-12-15")]
    assert quote["text"].startswith("We believe that economic cooperation")
    # the index of people lists the translated name
    assert "Эмин Милли" in article_text(page(site, "ru", "kb-people.html"))


def test_each_language_has_its_own_search_index(site: Path) -> None:
    for language in LANGUAGES:
        base = site if language == "en" else site / language
        entry = json.loads((base / "pagefind" / "pagefind-entry.json").read_text())
        assert set(entry["languages"]) == {language}, language
        search = BeautifulSoup((base / "search.html").read_text(encoding="utf-8"), "html.parser")
        messages = json.loads(search.select_one("#kb-search-messages").string)
        assert messages["texts"]["results"] == (catalog(language)["Results: {count}."])
    english = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert english["languages"]["en"]["page_count"] < 10  # the root's pages, not all four sites


def test_parallel_build_records_the_same_translations(tmp_path: Path) -> None:
    project = Project("i18n", tmp_path)
    serial = project.build(outdir="serial", confoverrides={"language": "ru"})
    parallel = project.build(outdir="parallel", parallel=2, confoverrides={"language": "ru"})
    assert serial.warnings == parallel.warnings == []

    def records(outdir: Path) -> list[tuple[str, str, str, str]]:
        data = json.loads((outdir / "data" / "knowledge-base.json").read_text(encoding="utf-8"))
        return sorted((e["kind"], e["id"], e["title"], e["text"]) for e in data["entities"])

    assert records(serial.outdir) == records(parallel.outdir)
    assert ("person", "emin-milli", "Эмин Милли", "") in records(parallel.outdir)


def test_a_new_translation_rebuilds_the_page_incrementally(tmp_path: Path) -> None:
    project = Project("i18n", tmp_path)
    first = project.build(confoverrides={"language": "ru"})
    assert "kb-translation-notice" in (first.outdir / "untranslated.html").read_text()
    po = project.srcdir / "locales" / "ru" / "LC_MESSAGES" / "untranslated.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Background"\nmsgstr "Предыстория"\n\n'
        'msgid "This page has no translation yet."\nmsgstr "У этой страницы теперь есть перевод."\n\n'
        'msgid "The year of the ceasefire"\nmsgstr "Год прекращения огня"\n',
        encoding="utf-8",
    )
    second = project.build(confoverrides={"language": "ru"})
    assert "untranslated" in second.written
    html = (second.outdir / "untranslated.html").read_text()
    assert "Предыстория" in html
    assert "kb-translation-notice" not in html


# -- the catalogs -------------------------------------------------------------------


def test_briefing_catalogs_are_complete_and_current() -> None:
    """Every message of the code is in every shipped catalog, translated and compiled."""
    code_ids = {message.id for message in extract_template() if message.id}
    for language in CATALOG_LANGUAGES:
        path = LOCALE_DIR / language / "LC_MESSAGES" / "briefing.po"
        messages = catalog(language)
        assert set(messages) == code_ids, f"{language}: run python -m briefing catalog update"
        assert [m for m, s in messages.items() if not s] == [], language
        counted = stats(path)
        assert counted.translated == counted.total == len(code_ids)
        mo = path.with_suffix(".mo")
        assert mo.is_file() and mo.stat().st_mtime >= path.stat().st_mtime - 1, language


def test_placeholders_survive_translation() -> None:
    for language in TRANSLATED:
        for msgid, msgstr in catalog(language).items():
            assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", msgstr)), (
                language,
                msgid,
            )


def test_project_theme_catalogs_cover_furos_navigation() -> None:
    project_locales = ROOTS.parent.parent / "locales"
    for language in TRANSLATED:
        path = project_locales / language / "LC_MESSAGES" / "sphinx.po"
        ids = {m.id: m.string for m in read_po(path) if m.id}
        for msgid in ("Next", "Previous", "On this page", "Back to top", "Skip to content"):
            assert ids.get(msgid), (language, msgid)


def test_unknown_language_tag_is_a_located_config_warning(tmp_path: Path) -> None:
    project = Project("i18n", tmp_path)
    result = project.build(confoverrides={"briefing_languages": ["en", "not a tag"]})
    assert [w for w in result.warnings if "briefing_languages" in w] == [
        "WARNING: briefing_languages entry 2: 'not a tag' is not a language tag; write a "
        "BCP 47 tag such as 'hy', 'az' or 'ru'. [briefing.config]"
    ]


# -- search in the reader's language, in a browser -------------------------------------


@pytest.mark.browser
def test_searching_the_russian_site_in_russian_finds_russian_pages_only(site, chromium) -> None:
    from conftest import serve

    with serve(site) as base:
        context = chromium.new_context()
        try:
            tab = context.new_page()
            tab.set_default_timeout(40_000)
            requested: list[str] = []
            tab.on("request", lambda request: requested.append(request.url))
            tab.goto(f"{base}/ru/search.html?q=сотрудничество")
            tab.wait_for_selector("html[data-search-state=ready]")
            tab.wait_for_function(
                "t => document.querySelector('#kb-search-status').textContent.includes(t)",
                arg="Результаты по запросу «сотрудничество»",
            )
            html = BeautifulSoup(tab.inner_html("#kb-search-results"), "html.parser")
            hrefs = [urlsplit(a["href"]).path for a in html.select("li.kb-search-result h3 a")]
            legend = tab.inner_text(".kb-search-filters summary")
            # a name every language's pages share: still only the Russian pages
            tab.goto(f"{base}/ru/search.html?q=Restart")
            tab.wait_for_selector("html[data-search-state=ready]")
            tab.wait_for_function(
                "t => document.querySelector('#kb-search-status').textContent.includes(t)",
                arg="«Restart»",
            )
            html = BeautifulSoup(tab.inner_html("#kb-search-results"), "html.parser")
            shared = [urlsplit(a["href"]).path for a in html.select("li.kb-search-result h3 a")]
        finally:
            context.close()
    assert hrefs, "no result"
    assert all(href.startswith("/ru/") for href in hrefs), hrefs
    assert "/ru/statement.html" in hrefs
    assert legend == "Фильтры"
    assert shared and all(href.startswith("/ru/") for href in shared), shared
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}


# -- the PDF book in every script ------------------------------------------------------

BOOK = {"name": "week", "root": "index", "title": "Statements of the week", "date": "2021-12"}


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Base font name -> whether its file is embedded, for every font the PDF uses."""
    import pikepdf

    fonts: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for page_ in pdf.pages:
            for font in (page_.Resources.get("/Font") or {}).values():
                descendants = font.get("/DescendantFonts")
                described = descendants[0] if descendants else font
                descriptor = described.get("/FontDescriptor") or {}
                name = str(font.get("/BaseFont")).split("+")[-1]
                fonts[name] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    return fonts


@pytest.mark.parametrize("language", TRANSLATED)
def test_pdf_book_is_in_the_language_with_fonts_for_its_script(
    tmp_path: Path, language: str
) -> None:
    import pikepdf
    import pypdf

    project = Project("i18n", tmp_path)
    result = project.build("pdf", confoverrides={"language": language, "briefing_books": [BOOK]})
    assert result.warnings == []
    path = result.outdir / "week.pdf"
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == language
    text = " ".join(page_.extract_text() for page_ in pypdf.PdfReader(path).pages)
    messages = catalog(language)
    assert messages["Contents"] in text
    assert messages["Briefing book"].casefold() in text.casefold()  # set in capitals
    see = messages["p. {page}"].split("{page}")[0].strip()
    assert f", {see}" in text.replace("\xa0", " ")
    assert ", p. " not in text.replace("\xa0", " ")
    assert messages["Index"] in text
    assert DATES[language][0].replace("\u202f", " ") in text.replace("\u202f", " ")
    fonts = embedded_fonts(path)
    assert fonts and all(fonts.values()), fonts
    assert {name for name in fonts if name.startswith("DejaVu")} == set(fonts), fonts
    book_html = (result.outdir / "week.html").read_text(encoding="utf-8")
    from briefing.pdf.render import FONTS

    assert f'src: url("{(FONTS / "DejaVuSerif-Italic.ttf").as_uri()}")' in book_html


def test_shipped_fonts_cover_armenian_azerbaijani_and_cyrillic() -> None:
    from fontTools.ttLib import TTFont

    from briefing.pdf.render import FONT_FACES, FONTS

    letters = "Աաբգ" + "əƏğĞıİşŞ" + "ЖжЯя"
    for family, weight, style, name in FONT_FACES:
        if family.endswith("Mono"):
            continue
        cmap = TTFont(FONTS / name).getBestCmap()
        missing = [c for c in letters if ord(c) not in cmap]
        assert missing == [], (family, weight, style, missing)


def test_catalog_stats_count_translated_and_awaiting_review(tmp_path: Path) -> None:
    from briefing.catalogs import language_stats

    messages = tmp_path / "locales" / "hy" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Search"\nmsgstr "Որոնում"\n\n'
        'msgid "Quotes"\nmsgstr "Մեջբերումներ"\n\n'
        'msgid "Chronology"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (messages / "about.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "About"\nmsgstr "Մասին"\n',
        encoding="utf-8",
    )
    [hy] = [s for s in language_stats(tmp_path / "locales") if s.language == "hy"]
    assert hy.page_messages == (3, 4)
    assert hy.pages_complete == 1
    assert hy.theme is None
    assert hy.extension is not None and hy.extension.translated == hy.extension.total
    assert hy.awaiting_review == 1 + hy.extension.fuzzy


def test_the_languages_page_shows_the_current_catalog_counts(capsys, monkeypatch) -> None:
    import argparse

    from briefing.catalogs import run

    project = ROOTS.parent.parent
    monkeypatch.chdir(project)
    run(argparse.Namespace(action="stats", locales=Path("locales"), pages=False))
    printed = capsys.readouterr().out.strip()
    page = (project / "docs" / "project" / "languages.md").read_text(encoding="utf-8")
    block = page.split("```text\n", 1)[1].split("\n```", 1)[0].strip()
    assert block == printed, (
        "update docs/project/languages.md with python -m briefing catalog stats"
    )


def _make_n(*args: str) -> list[str]:
    """The sphinx-build commands ``make -n`` would run (nothing is built)."""
    import subprocess

    project = ROOTS.parent.parent
    completed = subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = completed.stdout.replace("\\\n", " ").replace("&&", "\n").splitlines()
    return [" ".join(c.split()) for c in commands if "sphinx-build" in c]


def test_make_builds_every_language_or_the_ones_asked_for() -> None:
    every = _make_n("html")
    assert [re.search(r"-D language=(\S+)", c).group(1) for c in every] == list(LANGUAGES)
    assert every[0].endswith(" docs _build/html")
    assert every[3].endswith(" docs _build/html/ru")
    assert "-D briefing_pdf_dir=../_build/pdf/ru" in every[3]
    only = _make_n("html", "LANGUAGES=ru")
    assert len(only) == 1 and only[0].endswith(" docs _build/html/ru")
    pdf = _make_n("pdf", "LANGUAGES=hy")
    assert len(pdf) == 1 and pdf[0].endswith(" docs _build/pdf/hy")
    # LANG is the system's locale variable, not a language of the site
    assert len(_make_n("html", "LANG=hy")) == len(LANGUAGES)


def test_a_date_that_ends_with_a_full_stop_gets_no_second_one(monkeypatch) -> None:
    from types import SimpleNamespace

    from briefing.citation import book_citation
    from briefing.config import Book
    from briefing.model import KbDate

    # a Russian date ends with the abbreviation of "year"
    monkeypatch.setattr(KbDate, "display", lambda self, language=None: "ноябрь 2026 г.")
    config = SimpleNamespace(project="База знаний", release="", version="", author="")
    book = Book(name="b", root="b/index", title="Брюссель", author="Редакция", date="2026-11")
    line = book_citation(book, config, "")
    assert line.endswith("База знаний, ноябрь 2026 г.")
    assert "г.." not in line
