"""Incremental builds: rewrite exactly the pages whose cross-page content changed.

Sphinx re-reads the pages whose source changed, but a page also shows what
other pages define: a speaker's name and role, the backlinks of its
entities, the link text of its references. After reading, this module
fingerprints, for every page, the views that :mod:`briefing.rendering`
will render (and every registered contributor, such as collections) and
returns from ``env-get-updated`` the pages whose fingerprint changed. A
rebuild with no change therefore writes nothing, and one edit rewrites
only the pages that show it.

The fingerprints a page was last *written* with belong to the output, not
to the environment: ``sphinx-build -M html`` and ``-M text`` share one
doctree folder, and a person renamed during the HTML build must still
rewrite the text pages that cite them. Like Sphinx's ``.buildinfo``, they
are kept per builder and output folder: in a file of the doctree folder's
:data:`FINGERPRINTS_DIR` named after both (not in the output itself, where
the EPUB builder would package it), replaced only when a build finishes
without error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import get_domain
from .generation import (
    CROSS_PAGE_EVENT,
    finishes_in_background,
    output_is_current,
    output_token,
    pages_showing_changed_texts,
)
from .indices import indices_shown
from .knowledge import KnowledgeBase
from .rendering import describe_backlinks, describe_fields, page_titles

#: Where, in the doctree folder, each builder and output folder's fingerprints are.
FINGERPRINTS_DIR = "briefing-fingerprints"

#: Emitted per page as (env, knowledge, docname, titles); a handler returns
#: plain data the page shows from the whole base (collections do), or None.
PAGE_VIEWS_EVENT = "briefing-page-views"


def entity_views(
    knowledge: KnowledgeBase, env: BuildEnvironment, docname: str, titles: Mapping[str, str]
) -> Any:
    """The rendered views of the entities on the page and its references' targets."""
    pax_url = env.config.briefing_pax_url
    backlinks_on = env.config.briefing_backlinks
    views: list[Any] = []
    for entity in knowledge.entities_on(docname):
        views.append(
            (
                entity.key,
                describe_fields(knowledge, entity, pax_url),
                describe_backlinks(knowledge, entity, titles) if backlinks_on else (),
            )
        )
    for ref in knowledge.references_from(docname):
        target = knowledge.lookup(ref.target_kinds, ref.target_id)
        views.append(
            (ref.target_id, (knowledge.display(target), target.docname, target.anchor))
            if target
            else (ref.target_id, None)
        )
    return views


def fingerprint(env: BuildEnvironment, docname: str, titles: Mapping[str, str]) -> str:
    """A hash of everything the page shows that other pages define."""
    knowledge = get_domain(env).knowledge
    parts = [entity_views(knowledge, env, docname, titles)]
    parts.extend(env.events.emit(PAGE_VIEWS_EVENT, env, knowledge, docname, titles))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _fingerprints_path(builder: Any, pending: bool = False) -> Path:
    """The fingerprints of this builder's output folder (or those being written)."""
    output = hashlib.sha256(str(Path(builder.outdir).resolve()).encode("utf-8")).hexdigest()
    name = f"{builder.name}-{output[:16]}.json" + (".new" if pending else "")
    return Path(builder.doctreedir) / FINGERPRINTS_DIR / name


def stored_fingerprints(builder: Any) -> tuple[dict[str, str], str]:
    """The fingerprints this builder wrote its output folder's pages with, and the
    output token they were made from (:func:`briefing.generation.output_token`)."""
    outdir = str(Path(builder.outdir).resolve())
    try:
        data = json.loads(_fingerprints_path(builder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, ""
    if not isinstance(data, dict) or data.get("output") != [builder.name, outdir]:
        return {}, ""
    pages, token = data.get("pages"), data.get("token")
    if not isinstance(pages, dict):
        return {}, ""
    return pages, token if isinstance(token, str) else ""


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages whose fingerprint differs from the one their output was written with.

    The new fingerprints wait in a file of their own until the build has written
    the pages (:func:`keep_fingerprints`); a build that fails leaves none, so
    the next one rewrites every page.

    In the live preview the build writes the pages it re-read, and the job after
    it the pages that show them (:func:`write_pages_showing_edits`).
    """
    if finishes_in_background(app):
        # a job stopped before it kept its fingerprints leaves them pending: not ours
        _fingerprints_path(app.builder, pending=True).unlink(missing_ok=True)
        return []
    return _changed_pages(app, env)


def _changed_pages(
    app: Sphinx, env: BuildEnvironment, written_by_build: set[str] | None = None
) -> list[str]:
    """The pages to write, with their new fingerprints pending; with
    ``written_by_build`` (the pages the build wrote), for the live preview's
    job, which a new save may stop at any moment."""
    if output_is_current(app):
        return []  # nothing a page shows from other pages changed since its output was written
    stored, fingerprinted_with = stored_fingerprints(app.builder)
    # after an edit of entities' texts only, the other pages' fingerprints stand
    again = pages_showing_changed_texts(app, fingerprinted_with) if fingerprinted_with else None
    titles = page_titles(env)
    # every page's navigation links the domain indices that have entries
    shown = indices_shown(get_domain(env).knowledge)
    current = {
        docname: (
            stored[docname]
            if again is not None and docname not in again and docname in stored
            else fingerprint(env, docname, titles) + ":" + ",".join(shown)
        )
        for docname in sorted(env.found_docs)
    }
    changed = [docname for docname, value in current.items() if stored.get(docname) != value]
    # removed since this output was written, though maybe read by another builder
    remove_outputs(app.builder, set(stored) - set(current))
    if written_by_build is not None:
        # stopped before it keeps the new fingerprints, the job leaves the next
        # build the pages it had to write, not every page
        kept = {docname: value for docname, value in stored.items() if docname not in changed}
        kept.update((docname, current[docname]) for docname in written_by_build & set(current))
        _store_fingerprints(app.builder, fingerprinted_with, kept)
    else:
        _fingerprints_path(app.builder).unlink(missing_ok=True)
    _store_fingerprints(app.builder, output_token(app), current, pending=True)
    return changed


def _store_fingerprints(
    builder: Any, token: str, pages: Mapping[str, str], pending: bool = False
) -> None:
    """Write a fingerprints file whole (through a temporary file: never half-written)."""
    path = _fingerprints_path(builder, pending=pending)
    path.parent.mkdir(parents=True, exist_ok=True)
    output = [builder.name, str(Path(builder.outdir).resolve())]
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"output": output, "token": token, "pages": pages}), "utf-8")
    partial.replace(path)


#: On the application: the pages this build reads (and so writes).
_READ_NOW = "_briefing_pages_read"


def remember_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    setattr(app, _READ_NOW, set(docnames))


def write_pages_showing_edits(app: Sphinx) -> None:
    """In the live preview's job (the first of its cross-page writers): write the
    pages whose fingerprint changed besides those the build wrote, then keep the
    fingerprints, so the search index that follows sees every page.

    Before it writes them, their fingerprints are dropped from the stored ones,
    so a job stopped on the way leaves the next build those pages to write.
    """
    if not finishes_in_background(app):
        return  # the build wrote them (pages_to_rewrite)
    written: set[str] = getattr(app, _READ_NOW, set())
    changed = _changed_pages(app, app.env, written_by_build=written)
    pages = {docname for docname in changed if docname not in written}
    if pages:
        app.builder.write_documents(pages)
    keep_fingerprints(app, None)


def keep_fingerprints(app: Sphinx, exception: BaseException | None) -> None:
    """Record the fingerprints of a build that wrote its pages."""
    pending = _fingerprints_path(app.builder, pending=True)
    if exception is None and pending.is_file():
        pending.replace(_fingerprints_path(app.builder))


def output_file(builder: Any, docname: str) -> Path | None:
    """The file a builder writes for one page, for builders that write one per page."""
    get_outfilename = getattr(builder, "get_outfilename", None)
    if builder.format == "html" and get_outfilename is not None:
        return Path(get_outfilename(docname))
    if builder.format == "text":
        return Path(builder.outdir) / (docname + builder.out_suffix)
    return None


def remove_outputs(builder: Any, docnames: Iterable[str]) -> None:
    """Delete the output pages of ``docnames``, whose sources are gone."""
    for docname in docnames:
        path = output_file(builder, docname)
        if path is not None:
            path.unlink(missing_ok=True)


def remove_pages_of_removed_sources(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Delete the output page of each removed source, so no stale page stays online.

    Sphinx leaves them in place; a reader could still find a withdrawn
    statement through a search engine or an old link. (Pages removed while
    another builder read the shared environment are found by
    :func:`pages_to_rewrite` from this output's fingerprints.)
    """
    remove_outputs(app.builder, removed)
    return []


def setup_incremental(app: Sphinx) -> None:
    app.add_event(PAGE_VIEWS_EVENT)
    app.connect("env-get-outdated", remove_pages_of_removed_sources)
    app.connect("env-before-read-docs", remember_pages_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect(CROSS_PAGE_EVENT, write_pages_showing_edits, priority=100)
    app.connect("build-finished", keep_fingerprints)
