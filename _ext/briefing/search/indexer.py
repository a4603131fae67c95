"""Run Pagefind over the finished HTML site, plus one record per entity result.

At ``build-finished`` of an HTML build that has a search page (``html``,
``dirhtml``), Pagefind indexes the written pages (their marked regions, see
:mod:`briefing.search.markup`) through its Python API, and each quote,
agreement, provision and entry becomes a record of its own whose URL is its
anchor, so a reader lands on the quote rather than somewhere on its page.

Everything goes into one index in the site's language: Pagefind loads the
index of the search page's ``<html lang>``, so a record filed under another
language would never be found. Armenian and Azerbaijani words are indexed
as words all the same (Pagefind segments any script), and Pagefind folds
accents, so "Azerbaycan" also finds "Azərbaycan" through the spellings
:func:`briefing.search.records.folded_variants` adds.

A failure of Pagefind fails the build with Pagefind's own message. A site
whose pages, records and language are what the bundle indexed keeps its
bundle (:mod:`.freshness`).
"""

from __future__ import annotations

import asyncio
import shutil
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


async def write_index(site: Path, records: list[Record], language: str) -> int:
    """Index ``site`` and ``records`` with Pagefind; the number of pages indexed."""
    config: Any = {
        "force_language": language,
        "exclude_selectors": list(EXCLUDE_SELECTORS),
    }
    service = CheckedService()
    await service.launch()
    try:
        index = await service.create_index(config)
        indexed = await index.add_directory(str(site))
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
    return int(indexed.get("page_count", 0))


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


def _remove(path: Path) -> None:
    """Remove the previous bundle (its file names change with its content)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)


def build_search_index(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not indexes_site(app.builder):
        return
    if not Path(app.builder.get_outfilename(SEARCH_PAGE)).is_file():  # type: ignore[attr-defined]
        return  # a builder without extension pages (singlehtml): nothing would search
    site = Path(app.builder.outdir).resolve()
    language = index_language(app.config.language)
    records = list(entity_records(get_domain(app.env).knowledge, app.builder))
    digest = indexed_digest(site, BUNDLE_DIR, records, (language, EXCLUDE_SELECTORS))
    if bundle_is_current(site / BUNDLE_DIR, digest):
        logger.info("search index: nothing Pagefind indexes changed, %s/ kept", BUNDLE_DIR)
        return
    _remove(site / BUNDLE_DIR)
    started = time.perf_counter()
    try:
        pages = run_coroutine(write_index(site, records, language))
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
    app.connect("build-finished", build_search_index)
