"""Which knowledge base an output was written from, so cross-page work runs once per change.

Some outputs are made from the whole knowledge base rather than from one page:
the fingerprints that decide which pages to rewrite (:mod:`.incremental`), the
data exports, the citation files, the feed, the sitemap and the redirect
pages. Making them costs seconds at archive scale (about 7 s of CPU at 2,300
pages), on every build, yet most rebuilds change none of their inputs: a build
with nothing edited, or a page edited without touching an entity, its title
or its metadata (a typo fixed in a paragraph).

The environment therefore carries a *generation*: a random token, replaced
whenever a build changes what those outputs are made of: a page added or
removed, or a re-read page whose records (entities, references, collections,
books), title or metadata differ from what they were before it was re-read.
Each output folder remembers the :func:`output_token` it was last completed
with (generation, configuration, tags, the day, the version, and what handlers
of :data:`OUTSIDE_INPUTS_EVENT` add, such as which books' PDFs exist; in the
doctree folder, per builder and output folder like the fingerprints), and each
of those outputs is skipped while the token is the same
(:func:`output_is_current`). A build whose token differs forgets the recorded
one before it writes anything, and only a build that succeeds records its
own, so an interrupted build leaves the next one to do the work again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util._serialise import stable_hash

from .domain import PerDocument, get_domain
from .preview import can_detach, run_detached, stop_previous

logger = logging.getLogger(__name__)

#: Where, in the doctree folder, each builder and output folder's token is kept.
STAMPS_DIR = "briefing-outputs"

#: Domain data: the generation token, and the state of the pages being re-read.
GENERATION_KEY = "generation"
BEFORE_READING_KEY = "generation-before-reading"
READ_FROM_KEY = "generation-read-from"
#: (previous generation, pages) when the last change was to entities' texts only
TEXTS_CHANGED_KEY = "generation-texts-changed"

#: Emitted (handlers get the app, then the environment) to name the pages whose
#: views show the texts of entities defined on other pages.
TEXT_PAGES_EVENT = "briefing-pages-showing-texts"

#: Emitted (handlers get the app) for each writer of a file made from the whole
#: knowledge base; each skips its work when :func:`unchanged_since_written`.
CROSS_PAGE_EVENT = "briefing-write-cross-page"

#: Configuration that changes when the files are written, not what they hold.
UNSHOWN_CONFIG = frozenset({"briefing_search_background"})

#: Page metadata no cross-page output shows: MyST's count of the words of the
#: page, which nearly every edit changes.
UNSHOWN_METADATA = frozenset({"wordcount"})

#: Emitted when the token is made (handlers get the app); each returns plain data that
#: cross-page outputs depend on besides the sources and configuration, or None.
OUTSIDE_INPUTS_EVENT = "briefing-outside-inputs"


def new_generation(
    env: BuildEnvironment, texts_changed: tuple[str, list[str]] | None = None
) -> None:
    """A new token; ``texts_changed`` (previous token, pages) when the change from
    the previous one was to the texts of those pages' entities only."""
    data = get_domain(env).data
    data[GENERATION_KEY] = uuid.uuid4().hex
    data[TEXTS_CHANGED_KEY] = texts_changed


def page_state(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    """What the cross-page outputs take from one page (compared with ``==``)."""
    domain = get_domain(env)
    title = env.titles.get(docname)
    return (
        domain.entities.get(docname) or [],
        domain.references.get(docname) or [],
        domain.collections.get(docname) or [],
        domain.books.get(docname) or [],
        title.pformat() if title is not None else None,
        {
            key: value
            for key, value in (env.metadata.get(docname) or {}).items()
            if key not in UNSHOWN_METADATA
        },
    )


def note_added_or_removed(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    if added or removed:
        new_generation(env)
    return []


def remember_pages_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep the state of each page about to be re-read (a mapping that a parallel
    reader does not send back: :class:`~briefing.domain.PerDocument`)."""
    before = PerDocument()
    for docname in docnames:
        if docname in env.all_docs:
            before[docname] = page_state(env, docname)
    data = get_domain(env).data
    data[BEFORE_READING_KEY] = before
    data[READ_FROM_KEY] = data.get(GENERATION_KEY, "")


def _only_texts_differ(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """Whether two states of a page differ in nothing but the texts of its entities."""
    old, new = before[0], after[0]
    return (
        before[1:] == after[1:]
        and len(old) == len(new)
        and all(dataclasses.replace(o, text=n.text) == n for o, n in zip(old, new, strict=True))
    )


def compare_pages_after_reading(app: Sphinx, env: BuildEnvironment) -> None:
    data = get_domain(env).data
    before = data.pop(BEFORE_READING_KEY, None) or {}
    read_from = data.pop(READ_FROM_KEY, "")
    changed = {
        docname: state for docname, state in before.items() if page_state(env, docname) != state
    }
    if changed or not data.get(GENERATION_KEY):
        texts_only = bool(read_from and changed) and all(
            _only_texts_differ(state, page_state(env, docname))
            for docname, state in changed.items()
        )
        new_generation(env, (read_from, sorted(changed)) if texts_only else None)
    forget_output(app)


def pages_showing_changed_texts(app: Sphinx, fingerprinted_with: str) -> set[str] | None:
    """The pages whose views may differ from those fingerprinted with the token
    ``fingerprinted_with``, when only the texts of some pages' entities changed
    since (the common edit: a quote's words); ``None`` when any other change may
    show anywhere, or the fingerprints are of another state.

    Those pages are the ones whose texts changed and the pages that show the
    texts of entities defined elsewhere (:data:`TEXT_PAGES_EVENT`: collections,
    the entries of a book): a fact box, a backlink or a link shows an entity's
    name, title and dates, never its text.
    """
    change = get_domain(app.env).data.get(TEXTS_CHANGED_KEY)
    if not change:
        return None
    read_from, docnames = change
    if fingerprinted_with != output_token(app, generation=read_from):
        return None
    pages = set(docnames)
    for shown in app.events.emit(TEXT_PAGES_EVENT, app.env):
        pages.update(shown or ())
    return pages


def output_token(app: Sphinx, generation: str | None = None) -> str:
    """What an output folder's cross-page files depend on, as one digest (with
    ``generation``: as it was for that generation of the knowledge base)."""
    from . import __version__
    from .export.site import build_time

    parts = {
        "generation": (
            get_domain(app.env).data.get(GENERATION_KEY, "") if generation is None else generation
        ),
        "config": {
            value.name: value.value for value in app.config if value.name not in UNSHOWN_CONFIG
        },
        "tags": sorted(app.tags),
        "version": __version__,
        "output": [app.builder.name, str(Path(app.outdir).resolve())],
        # the citations' access date and the export's time, fixed by SOURCE_DATE_EPOCH
        "day": os.environ.get("SOURCE_DATE_EPOCH", "").strip() or str(build_time().date()),
        "outside": app.events.emit(OUTSIDE_INPUTS_EVENT),
    }
    return hashlib.sha256(stable_hash(parts).encode("utf-8")).hexdigest()


def output_file(app: Sphinx, suffix: str = "") -> Path:
    """A file of this builder and output folder in the doctree folder (the token's,
    or with ``suffix``, one that a module keeps with it)."""
    output = hashlib.sha256(str(Path(app.outdir).resolve()).encode("utf-8")).hexdigest()
    return Path(app.doctreedir) / STAMPS_DIR / f"{app.builder.name}-{output[:16]}{suffix}"


def output_is_current(app: Sphinx) -> bool:
    """Whether this output folder's cross-page files were completed from the
    knowledge base and configuration of this build."""
    try:
        stamp = output_file(app).read_text(encoding="utf-8")
    except OSError:
        return False
    return stamp == output_token(app)


def unchanged_since_written(app: Sphinx, *files: Path) -> bool:
    """Whether ``files`` exist and were written from what this build would write them from."""
    return output_is_current(app) and all(path.is_file() for path in files)


def forget_output(app: Sphinx) -> None:
    """Before anything is written, a build that may change the output forgets its
    token (keeping the file: the output was complete once) and stops the
    previous build's job (:mod:`briefing.preview`).

    (After reading: handlers of ``builder-inited`` may still set configuration.)
    """
    stop_previous(Path(app.doctreedir))
    if not output_is_current(app) and output_file(app).is_file():
        output_file(app).write_text("", encoding="utf-8")


def stamp_output(app: Sphinx) -> None:
    """Record the token once every cross-page file of a successful build is written."""
    path = output_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output_token(app), encoding="utf-8")


def finishes_in_background(app: Sphinx) -> bool:
    """Whether this build leaves the work made from the whole knowledge base to a
    job after it: the live preview over an output that was complete once.

    (No fork on Windows: there the preview does that work inside the build.)
    """
    return bool(
        app.config.briefing_search_background and output_file(app).is_file() and can_detach()
    )


def write_cross_page_outputs(app: Sphinx, exception: BaseException | None) -> None:
    """Emit :data:`CROSS_PAGE_EVENT`, then record the token: in the build, or in
    the live preview over a complete earlier output, after it."""
    if exception is not None:
        return

    def work() -> str:
        app.events.emit(CROSS_PAGE_EVENT)
        stamp_output(app)
        return "cross-page files and search index written"

    if finishes_in_background(app):
        pid = run_detached(Path(app.doctreedir), work)
        logger.info(
            "search index: being refreshed in the background (process %d), "
            "with the data, citation and feed files",
            pid,
        )
    else:
        work()


def setup_generation(app: Sphinx) -> None:
    app.add_event(OUTSIDE_INPUTS_EVENT)
    app.add_event(CROSS_PAGE_EVENT)
    app.add_event(TEXT_PAGES_EVENT)
    app.connect("env-get-outdated", note_added_or_removed)
    app.connect("env-before-read-docs", remember_pages_before_reading)
    app.connect("env-updated", compare_pages_after_reading)
    # after the build's other finishing steps (the default priority, 500)
    app.connect("build-finished", write_cross_page_outputs, priority=800)
