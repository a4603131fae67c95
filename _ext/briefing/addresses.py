"""Addresses that never break: former ids and former page paths.

An entity's address is its page plus, for entities within a page, the
anchor ``#<kind>-<id>``; a statement's or brief's address is its page. Both
change when an editor renames an id or moves a page, and links in e-mails,
papers and other sites break silently. So entities declare their former ids
(the ``aliases`` option of every entity directive) and pages their former
paths (front matter ``briefing-former-paths``), and this module keeps every
former address working:

- a former id still resolves in roles and options (the knowledge base looks
  it up, :meth:`briefing.knowledge.KnowledgeBase.get`), with a
  ``briefing.former-id`` warning naming the current id; it stays in
  ``objects.inv`` (hidden from the search) for intersphinx;
- a former anchor stays on the entity, as a second HTML id, so
  ``page.html#person-old-id`` scrolls to the renamed entity without a script;
- an entity that moved to another page is found by a small script on every
  page (``briefing-addresses.js``): when the address's anchor is on no
  element of the page, it loads the site's map of anchors
  (``_static/briefing-anchors.js``, current and former) and goes to the
  entity's page;
- a former page path gets a redirect page (static HTML: an immediate
  ``location.replace`` that keeps the ``#fragment``, a meta refresh, the
  canonical link and a visible link), which any static host serves;
- :func:`address_changes` lists every former address with its current one
  for the data export (``redirects`` in ``data/knowledge-base.json``).

Fragments never reach a server, so a server-side redirect could not move
``old.html#person-x``; the redirect page passes the fragment on, and the
entity keeps its old anchors, which is why both halves are needed.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from .diagnostics import warn
from .domain import ROLE_KINDS, get_domain
from .generation import unchanged_since_written
from .knowledge import KnowledgeBase, former_ids
from .model import Entity, anchor_for
from .texts import text

#: the page front matter field that lists a page's former document names
FORMER_PATHS_KEY = "briefing-former-paths"

_DOCNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


@dataclass(frozen=True)
class PageMove:
    """A page that was once at ``former`` and is now the document ``current``."""

    former: str
    current: str


# -- reading the front matter ------------------------------------------------------------


def declared_former_paths(env: BuildEnvironment, docname: str) -> list[str] | None:
    """The raw entries of the page's ``briefing-former-paths``, or None without one.

    MyST stores a YAML list in the metadata as JSON text; a single path may
    also be written as a plain string (comma-separated for several).
    """
    raw = env.metadata.get(docname, {}).get(FORMER_PATHS_KEY)
    if raw is None:
        return None
    value: Any = raw
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            value = json.loads(raw)
        except ValueError:
            return [raw]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip() for part in value]
    return [str(value)]


def _front_matter_location(env: BuildEnvironment, docname: str) -> tuple[str, int]:
    """The line of ``briefing-former-paths:`` in the page's source (else 1)."""
    try:
        lines = Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return (docname, 1)
    for number, line in enumerate(lines, start=1):
        if line.startswith(FORMER_PATHS_KEY):
            return (docname, number)
    return (docname, 1)


def _normalized(env: BuildEnvironment, entry: str) -> tuple[str, str]:
    """The document name an entry means, and what was wrong with it ('' if nothing)."""
    name = entry.strip().strip("/")
    for suffix in (*env.config.source_suffix, ".html"):
        if name.endswith(suffix):
            return name[: -len(suffix)], (
                f"write '{name[: -len(suffix)]}', the document name without '{suffix}'"
            )
    return name, ""


def page_moves(env: BuildEnvironment, report: bool = False) -> list[PageMove]:
    """Every usable former path of every page, in document order.

    With ``report``, each entry that cannot be used is a located
    ``briefing.former-path`` warning: not a document name, the path of a page
    that exists, the page's own path, or claimed by an earlier page.
    """
    moves: list[PageMove] = []
    claimed: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        entries = declared_former_paths(env, docname)
        if not entries:
            continue
        where = _front_matter_location(env, docname) if report else (docname, 1)
        for entry in entries:
            former, problem = _normalized(env, entry)
            if problem and report:
                warn("former-path", f"{FORMER_PATHS_KEY}: '{entry}': {problem}.", where)
            if not _DOCNAME.fullmatch(former) or ".." in former.split("/"):
                if report:
                    warn(
                        "former-path",
                        f"{FORMER_PATHS_KEY}: '{entry}' is not a document name; list the "
                        "page's former paths without suffix, e.g. 'statements/old-name'.",
                        where,
                    )
                continue
            if former == docname:
                if report:
                    warn(
                        "former-path",
                        f"{FORMER_PATHS_KEY}: '{former}' is this page's own path; remove it.",
                        where,
                    )
                continue
            if former in env.found_docs:
                if report:
                    warn(
                        "former-path",
                        f"{FORMER_PATHS_KEY}: '{former}' is the path of an existing page, "
                        "so it cannot redirect here; remove it, or move that page.",
                        where,
                    )
                continue
            if former in claimed:
                if report and claimed[former] != docname:
                    warn(
                        "former-path",
                        f"{FORMER_PATHS_KEY}: '{former}' is already a former path of "
                        f"'{claimed[former]}', which keeps it; remove it from one page.",
                        where,
                    )
                continue
            claimed[former] = docname
            moves.append(PageMove(former, docname))
    return moves


# -- checking -----------------------------------------------------------------------------


def check_aliases(knowledge: KnowledgeBase, env: BuildEnvironment) -> None:
    """Warn about former ids that cannot be kept, and references that use one."""
    for key in sorted(knowledge.by_key):
        entity = knowledge.by_key[key]
        for alias in entity.aliases:
            alias_key = (entity.kind, alias)
            if alias == entity.id:
                message = f"is the {entity.kind}'s current id; remove it from ':aliases:'."
            elif alias_key in knowledge.by_key:
                other = knowledge.by_key[alias_key]
                message = (
                    f"is the current id of another {entity.kind} (at "
                    f"{env.doc2path(other.docname, base=False)}:{other.lineno}); "
                    "it keeps it. Remove it from ':aliases:' here."
                )
            elif knowledge.former.get(alias_key, entity) != entity:
                owner = knowledge.former[alias_key]
                message = (
                    f"is already a former id of {entity.kind} '{owner.id}', which keeps "
                    "it. Remove it from one of them."
                )
            else:
                continue
            warn("duplicate-id", f":aliases: '{alias}' {message}", (entity.docname, entity.lineno))
    for ref in knowledge.references:
        if any(knowledge.by_key.get((kind, ref.target_id)) for kind in ref.target_kinds):
            continue
        target = knowledge.lookup(ref.target_kinds, ref.target_id)
        if target is None:
            continue
        if ref.via == "text":
            role = next(r for r, k in ROLE_KINDS.items() if k == target.kind)
            written = f"{{{role}}}`{ref.target_id}`: '{ref.target_id}'"
        else:
            written = f":{ref.via}: '{ref.target_id}'"
        warn(
            "former-id",
            f"{written} is a former id of {target.kind} "
            f"'{target.id}' (its :aliases:); write '{target.id}'.",
            (ref.docname, ref.lineno),
        )


def check_addresses(app: Sphinx, env: BuildEnvironment) -> None:
    check_aliases(get_domain(env).knowledge, env)
    page_moves(env, report=True)


# -- former anchors ----------------------------------------------------------------------


def keep_former_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Give each entity of the page its former anchors as further HTML ids."""
    docname = app.env.docname
    local: dict[tuple[str, str], Entity] = {}
    for entity in get_domain(app.env).entities.get(docname, []):
        local.setdefault(entity.key, entity)
    anchors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (kind, former_id), entity in sorted(former_ids(local).items()):
        anchors[entity.key].append(anchor_for(kind, former_id))
    if not anchors:
        return
    for node in doctree.findall(nodes.Element):
        key = (node.get("kb_kind"), node.get("kb_id"))
        if not node.get("ids") or key not in anchors:
            continue
        for anchor in anchors.pop(key):
            if anchor not in doctree.ids:
                node["ids"].append(anchor)
                doctree.ids[anchor] = node


# -- redirect pages ----------------------------------------------------------------------


def redirect_page(target: str, title: str, canonical: str, language: str) -> str:
    """A static page that sends the reader on to ``target``, keeping the fragment."""
    link = f'<a href="{html.escape(target)}">{html.escape(title)}</a>'
    canonical_link = (
        f'<link rel="canonical" href="{html.escape(canonical)}">\n' if canonical else ""
    )
    # "</" cannot end the script early: json.dumps leaves "/" alone, so escape "<"
    script_target = json.dumps(target).replace("<", "\\u003c")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{html.escape(text('moved-title', title=title))}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f"{canonical_link}"
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n'
        f"<script>location.replace({script_target} + location.hash);</script>\n"
        "</head>\n"
        "<body>\n"
        f"<p>{text('moved-body', link=link)}</p>\n"
        "</body>\n"
        "</html>\n"
    )


#: the site's map of anchors, read by ``briefing-addresses.js`` when an anchor is missing
ANCHOR_MAP = "_static/briefing-anchors.js"


def anchor_map(knowledge: KnowledgeBase, builder: Any) -> dict[str, str]:
    """Anchor (current or former) -> the entity's address, relative to the site's root."""
    anchors: dict[str, str] = {}
    for key in sorted(knowledge.by_key):
        entity = knowledge.by_key[key]
        if entity.anchor:
            anchors[entity.anchor] = f"{builder.get_target_uri(entity.docname)}#{entity.anchor}"
    for (kind, former_id), entity in sorted(knowledge.former.items()):
        if entity.anchor:
            anchors.setdefault(anchor_for(kind, former_id), anchors[entity.anchor])
    return anchors


def anchor_map_script(anchors: dict[str, str]) -> str:
    text = json.dumps(anchors, ensure_ascii=False, sort_keys=True, indent=0)
    return "window.briefingAnchors = " + text.replace("<", "\\u003c") + ";\n"


def write_redirects(app: Sphinx, exception: Exception | None = None) -> None:
    """Write a redirect page at every former page path, and the map of anchors
    (HTML sites only)."""
    from .export.site import SiteUrls, publishes_site

    builder = app.builder
    if exception is not None or not publishes_site(builder):
        return
    map_path = Path(app.outdir) / ANCHOR_MAP
    if unchanged_since_written(app, map_path):
        return
    urls = SiteUrls(builder, app.config)
    anchors = anchor_map(get_domain(app.env).knowledge, builder)
    map_path.parent.mkdir(parents=True, exist_ok=True)
    map_path.write_text(anchor_map_script(anchors), encoding="utf-8")
    get_outfilename = getattr(builder, "get_outfilename", None)
    if get_outfilename is None:
        return
    for move in page_moves(app.env):
        path = Path(get_outfilename(move.former))
        path.parent.mkdir(parents=True, exist_ok=True)
        target = relative_uri(
            builder.get_target_uri(move.former), builder.get_target_uri(move.current)
        )
        title = app.env.titles[move.current].astext() if move.current in app.env.titles else ""
        canonical = urls.page(move.current) if urls.base else ""
        page = redirect_page(target or "./", title or move.current, canonical, app.config.language)
        path.write_text(page, encoding="utf-8")


# -- the list of former addresses --------------------------------------------------------


def address_changes(env: BuildEnvironment, urls: Any) -> list[dict[str, Any]]:
    """Every former address and the current one, for the data export.

    ``urls`` is a :class:`briefing.export.site.SiteUrls`. A page's former
    paths, each entity's former ids (on its page and on the page's former
    paths), and the entities of a moved page at its former path.
    """
    knowledge = get_domain(env).knowledge
    moves = page_moves(env)
    former_pages: dict[str, list[str]] = defaultdict(list)
    for move in moves:
        former_pages[move.current].append(move.former)
    changes: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, entity_id: str | None, former_id: str | None, old: str, new: str) -> None:
        if old != new and (old, new) not in seen:
            seen.add((old, new))
            changes.append(
                {"kind": kind, "id": entity_id, "former_id": former_id, "from": old, "to": new}
            )

    for move in moves:
        add("page", None, None, urls.page(move.former), urls.page(move.current))
        for entity in knowledge.entities_on(move.current):
            if entity.anchor:
                old = f"{urls.page(move.former)}#{entity.anchor}"
                add(entity.kind, entity.id, None, old, urls.entity(entity))
    for (kind, former_id), entity in sorted(knowledge.former.items()):
        for page in [entity.docname, *former_pages[entity.docname]]:
            old = urls.page(page)
            if entity.anchor:
                old += "#" + anchor_for(kind, former_id)
            add(kind, entity.id, former_id, old, urls.entity(entity))
    return changes


def setup_addresses(app: Sphinx) -> None:
    app.connect("doctree-read", keep_former_anchors)
    app.connect("env-check-consistency", check_addresses)
    app.connect("briefing-write-cross-page", write_redirects)
    app.add_js_file("briefing-addresses.js", loading_method="defer")
