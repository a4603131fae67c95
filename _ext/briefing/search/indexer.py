"""Run Pagefind over the finished HTML site, plus one record per entity result.

At ``build-finished`` of an HTML build that has a search page (``html``,
``dirhtml``), Pagefind indexes the written pages (their marked regions, see
:mod:`briefing.search.markup`) through its Python API, and each quote,
agreement, provision and entry becomes a record of its own whose URL is its
anchor, so a reader lands on the quote rather than somewhere on its page.

Everything goes into one index in the site's language: Pagefind loads the
index of the search page's ``<html lang>``, so a record filed under another
language would never be found. Each language of ``briefing_languages`` is a
site of its own with its own index; the source language's site leaves out
the folders that hold the others (:func:`page_globs`). Armenian and Azerbaijani words are indexed
as words all the same (Pagefind segments any script), and Pagefind folds
accents, so "Azerbaycan" also finds "Azərbaycan" through the spellings
:func:`briefing.search.records.folded_variants` adds.

A failure of Pagefind fails the build with Pagefind's own message. A site
whose pages, records and language are what the bundle indexed keeps its
bundle (:mod:`.freshness`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..domain import get_domain
from ..generation import output_file, output_token
from ..knowledge import KnowledgeBase
from .freshness import bundle_is_current, indexed_digest, stamp_bundle
from .markup import SEPARATE_CLASS, indexes_site
from .records import RECORD_KINDS, entity_search_data, record_content, record_title
from .service import CheckedService, write_bundle

logger = logging.getLogger(__name__)

#: The page Furo's sidebar search form submits to (written by :mod:`.page`).
SEARCH_PAGE = "search"

#: Where the Pagefind bundle (index and scripts) goes, inside the output directory.
BUNDLE_DIR = "pagefind"

#: Parts of a marked page that Pagefind leaves out.
#: (the "Cite this" block repeats the page's title and address: not worth finding)
EXCLUDE_SELECTORS = (f".{SEPARATE_CLASS}", ".kb-backlinks", ".kb-citation", ".headerlink")


class SearchIndexError(SphinxError):
    category = "Search index error"


@dataclass(frozen=True)
class Record:
    """One custom Pagefind record: an entity that is a result of its own."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


def index_language(language: str | None) -> str:
    """The ISO 639-1 code Pagefind files the whole site under."""
    return (language or "en").replace("_", "-").split("-")[0].lower() or "en"


def entity_records(knowledge: KnowledgeBase, builder: Builder) -> Iterator[Record]:
    """The records of every entity that is a result of its own, by kind and id."""
    for kind in RECORD_KINDS:
        for entity in knowledge.entities(kind):
            if not entity.anchor:
                continue
            data = entity_search_data(knowledge, entity)
            page = builder.get_target_uri(entity.docname)
            yield Record(
                url=f"/{page}#{entity.anchor}",
                content=record_content(knowledge, entity),
                meta={"title": record_title(knowledge, entity), **data.meta},
                filters={name: list(values) for name, values in data.filters.items()},
                sort=dict(data.sort),
            )


#: Beside the output's token: the entity records of the last build that made them.
RECORDS_SUFFIX = ".search-records.json"


def current_records(app: Sphinx) -> tuple[Path, str]:
    """The file of this build's entity records, and their digest.

    The records are made from the whole knowledge base (about a second at
    12,000 records), so they are made again only when the output's token
    changed (:mod:`briefing.generation`). The file's first line holds the
    token and the digest, so a build with the same token reads no more; the
    rest is the records as JSON. It is replaced whole, never left half-written.
    """
    path = output_file(app, RECORDS_SUFFIX)
    token = output_token(app)
    try:
        with path.open(encoding="utf-8") as stored:
            stored_token, _, digest = stored.readline().strip().partition(" ")
        if stored_token == token and digest:
            return path, digest
    except OSError:
        pass
    records = [
        vars(record) for record in entity_records(get_domain(app.env).knowledge, app.builder)
    ]
    body = json.dumps(records, ensure_ascii=False)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    pending = path.with_name(path.name + ".new")
    pending.write_text(f"{token} {digest}\n{body}", encoding="utf-8")
    pending.replace(path)
    return path, digest


def read_records(path: Path) -> list[Record]:
    """The records of a file written by :func:`current_records`."""
    with path.open(encoding="utf-8") as stored:
        stored.readline()
        return [Record(**record) for record in json.load(stored)]


def page_globs(site: Path, other_sites: tuple[str, ...]) -> list[str | None]:
    """What to index of ``site``: all of it (``None``), or, when other languages'
    sites live in folders of it, every page but theirs (each has its own index)."""
    if not other_sites:
        return [None]
    globs: list[str | None] = ["*.html"]
    for child in sorted(site.iterdir()):
        if child.is_dir() and child.name not in other_sites and child.name != BUNDLE_DIR:
            globs.append(f"{child.name}/**/*.html")
    return globs


async def write_index(
    site: Path, records: list[Record], language: str, other_sites: tuple[str, ...] = ()
) -> int:
    """Index ``site`` and ``records`` with Pagefind; the number of pages indexed.

    ``other_sites`` are folders of ``site`` that hold the sites of other
    languages: left out, as each gets its own index at its own build.
    """
    config: Any = {
        "force_language": language,
        "exclude_selectors": list(EXCLUDE_SELECTORS),
    }
    service = CheckedService()
    await service.launch()
    try:
        index = await service.create_index(config)
        indexed_pages = 0
        for glob in page_globs(site, other_sites):
            indexed = await index.add_directory(str(site), glob=glob)
            indexed_pages += int(indexed.get("page_count", 0))
        # sent together: the binary answers them in order while we keep sending
        await asyncio.gather(
            *(
                index.add_custom_record(
                    url=record.url,
                    content=record.content,
                    language=language,
                    meta=record.meta,
                    filters=record.filters,
                    sort=record.sort,
                )
                for record in records
            )
        )
        write_bundle(await index.get_files(), site / BUNDLE_DIR)
    finally:
        await service.shut_down()
    return indexed_pages


def run_coroutine(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run ``coroutine`` to completion, also when this thread already runs a loop
    (a build started from Jupyter, or next to Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _message(error: BaseException) -> str:
    if error.args and isinstance(error.args[0], str):
        return error.args[0]
    return str(error) or type(error).__name__


def other_sites(config: Any) -> tuple[str, ...]:
    """The folders of this site that hold other languages' sites (none for a
    translated site: those live side by side under the source's)."""
    from ..languages import build_language, site_languages, site_prefix

    if site_prefix(build_language(config), config):
        return ()
    return tuple(
        site_prefix(language, config).rstrip("/") for language in site_languages(config)[1:]
    )


def build_search_index(app: Sphinx, exception: BaseException | None = None) -> None:
    if exception is not None or not indexes_site(app.builder):
        return
    if not Path(app.builder.get_outfilename(SEARCH_PAGE)).is_file():  # type: ignore[attr-defined]
        return  # a builder without extension pages (singlehtml): nothing would search
    site = Path(app.builder.outdir).resolve()
    language = index_language(app.config.language)
    records_file, records_digest = current_records(app)
    others = other_sites(app.config)
    digest = indexed_digest(
        site, BUNDLE_DIR, records_digest, (language, EXCLUDE_SELECTORS, others), skip=others
    )
    if bundle_is_current(site / BUNDLE_DIR, digest):
        logger.info("search index: nothing Pagefind indexes changed, %s/ kept", BUNDLE_DIR)
        return
    started = time.perf_counter()
    records = read_records(records_file)
    try:
        pages = run_coroutine(write_index(site, records, language, others))
    except Exception as error:
        raise SearchIndexError(f"Pagefind could not index {site}: {_message(error)}") from error
    stamp_bundle(site / BUNDLE_DIR, digest)
    logger.info(
        "search index: %d pages and %d entity records in %s/ (%.1f s)",
        pages,
        len(records),
        BUNDLE_DIR,
        time.perf_counter() - started,
    )


def setup_indexer(app: Sphinx) -> None:
    app.connect("briefing-write-cross-page", build_search_index, priority=900)
