"""Incremental builds: rewrite exactly the pages whose cross-page content changed.

Sphinx re-reads the pages whose source changed, but a page also shows what
other pages define: a speaker's name and role, the backlinks of its
entities, the link text of its references. After reading, this module
fingerprints, for every page, the views that :mod:`briefing.rendering`
will render (and every registered contributor, such as collections) and
returns from ``env-get-updated`` the pages whose fingerprint changed. A
rebuild with no change therefore writes nothing, and one edit rewrites
only the pages that show it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import get_domain
from .indices import indices_shown
from .knowledge import KnowledgeBase
from .rendering import describe_backlinks, describe_fields, page_titles

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


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages whose fingerprint changed since the last build; stores the new ones."""
    domain = get_domain(env)
    stored = domain.fingerprints
    changed = []
    titles = page_titles(env)
    # every page's navigation links the domain indices that have entries
    shown = indices_shown(domain.knowledge)
    current = {
        docname: fingerprint(env, docname, titles) + ":" + ",".join(shown)
        for docname in sorted(env.found_docs)
    }
    for docname, value in current.items():
        if stored.get(docname) != value:
            changed.append(docname)
    stored.clear()
    stored.update(current)
    return changed


def remove_pages_of_removed_sources(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Delete the output page of each removed source, so no stale page stays online.

    Sphinx leaves them in place; a reader could still find a withdrawn
    statement through a search engine or an old link.
    """
    builder = app.builder
    get_outfilename = getattr(builder, "get_outfilename", None)
    if builder.format != "html" or get_outfilename is None:
        return []
    for docname in removed:
        Path(get_outfilename(docname)).unlink(missing_ok=True)
    return []


def setup_incremental(app: Sphinx) -> None:
    app.add_event(PAGE_VIEWS_EVENT)
    app.connect("env-get-outdated", remove_pages_of_removed_sources)
    app.connect("env-get-updated", pages_to_rewrite)
