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

A failure of Pagefind fails the build with Pagefind's own message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
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
from .markup import SEPARATE_CLASS, indexes_site
from .records import RECORD_KINDS, entity_search_data, record_content, record_title
from .service import CheckedService

logger = logging.getLogger(__name__)

#: The page Furo's sidebar search form submits to (written by :mod:`.page`).
SEARCH_PAGE = "search"

#: Where the Pagefind bundle (index and scripts) goes, inside the output directory.
BUNDLE_DIR = "pagefind"

#: Parts of a marked page that Pagefind leaves out.
EXCLUDE_SELECTORS = (f".{SEPARATE_CLASS}", ".kb-backlinks", ".headerlink")


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
        await index.write_files(str(site / BUNDLE_DIR))
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


# -- writing over the previous bundle (speed) ----------------------------------
#
# Pagefind names its index chunks and fragments (one per page and per entity
# record) by a hash of their content, and does not write a file that already
# exists. Writing the new bundle over the previous one therefore writes only
# what changed: on the 4N benchmark corpus that is most of re-indexing's cost
# (creating ~14,000 small files, and deleting them before). Files of the old
# bundle that the new one no longer names stay behind, unreferenced; once they
# would make the bundle half as large again as a fresh one, the bundle is
# written fresh.

#: Beside the environment: the file count of the last fresh bundle.
BUNDLE_STATE = "briefing-pagefind.json"

#: A bundle written over this many times the files of a fresh one is rewritten.
MAX_GROWTH = 1.5


def _file_count(bundle: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(bundle))


def _fresh_count(state: Path) -> int:
    try:
        return int(json.loads(state.read_text(encoding="utf-8"))["fresh_files"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def reuse_bundle(bundle: Path, state: Path) -> bool:
    """Whether to write over the bundle of the last build rather than afresh."""
    if not (bundle / "pagefind-entry.json").is_file():
        return False
    fresh = _fresh_count(state)
    return fresh > 0 and _file_count(bundle) <= MAX_GROWTH * fresh


def _note_fresh_bundle(bundle: Path, state: Path) -> None:
    # if it cannot be written, only the optimization is lost: the next bundle is fresh
    with contextlib.suppress(OSError):
        state.write_text(json.dumps({"fresh_files": _file_count(bundle)}), encoding="utf-8")


def index_is_current(site: Path, builder: Any, docnames: Iterator[str]) -> bool:
    """Whether the bundle is newer than every page (a build that wrote none).

    Pagefind cannot update an index, only write it anew, which is most of a
    no-change rebuild's time on a large site; when no page changed since the
    bundle was written, the bundle is still right. (Entity records change
    only with their pages, which are then rewritten.)
    """
    entry = site / BUNDLE_DIR / "pagefind-entry.json"
    if not entry.is_file():
        return False
    written = entry.stat().st_mtime
    for docname in docnames:
        page = Path(builder.get_outfilename(docname))
        if not page.is_file() or page.stat().st_mtime >= written:
            return False
    return True


def build_search_index(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not indexes_site(app.builder):
        return
    if not Path(app.builder.get_outfilename(SEARCH_PAGE)).is_file():  # type: ignore[attr-defined]
        return  # a builder without extension pages (singlehtml): nothing would search
    site = Path(app.builder.outdir).resolve()
    if index_is_current(site, app.builder, iter(sorted(app.env.found_docs))):
        logger.info("search index: no page changed, %s/ kept", BUNDLE_DIR)
        return
    records = list(entity_records(get_domain(app.env).knowledge, app.builder))
    state = Path(app.doctreedir) / BUNDLE_STATE
    reused = reuse_bundle(site / BUNDLE_DIR, state)
    if not reused:
        _remove(site / BUNDLE_DIR)
    elif app.config.briefing_search_background:
        # the live preview: show the page now, refresh the search after it
        from .background import start

        pid = start(Path(app.doctreedir), site, records, index_language(app.config.language))
        logger.info("search index: being refreshed in the background (process %d)", pid)
        return
    started = time.perf_counter()
    try:
        pages = run_coroutine(write_index(site, records, index_language(app.config.language)))
    except Exception as error:
        raise SearchIndexError(f"Pagefind could not index {site}: {_message(error)}") from error
    if not reused:
        _note_fresh_bundle(site / BUNDLE_DIR, state)
    logger.info(
        "search index: %d pages and %d entity records in %s/ (%.1f s)",
        pages,
        len(records),
        BUNDLE_DIR,
        time.perf_counter() - started,
    )


def setup_indexer(app: Sphinx) -> None:
    app.connect("build-finished", build_search_index)
