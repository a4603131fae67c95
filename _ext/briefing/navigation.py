"""Where a page sits in the site's navigation: toctrees, read from the source
and from the environment.

Two questions, asked at two times. Before a build, ``python -m briefing new``
must put a new page where the navigation finds it: it reads the MyST toctrees
of the folder's ``index.md`` as text (a ``:glob:`` pattern that matches the new
page is enough; otherwise it appends an entry), creating the folder's index
when there is none. After reading, every page must be reachable from the root
document through toctrees: Sphinx already warns about a page no toctree
includes; :func:`check_reachable` adds the case it misses, a page included
only from pages that are themselves cut off from the navigation.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import patmatch

from .diagnostics import warn

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{toctree\}")
_OPTION = re.compile(r"^[ \t]*:(?P<name>[\w-]+):(?P<value>.*)$")
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$")


@dataclass
class Toctree:
    """A toctree block of a MyST page, as written."""

    glob: bool = False
    entries: list[str] = field(default_factory=list)
    #: index of the line that closes the block (where an entry is appended)
    closing_line: int = 0
    indent: str = ""


def parse_toctrees(text: str) -> list[Toctree]:
    """The toctree blocks of a MyST page, with their entries and ``glob`` flag."""
    lines = text.splitlines()
    toctrees: list[Toctree] = []
    position = 0
    while position < len(lines):
        opening = _FENCE_OPEN.match(lines[position])
        position += 1
        if opening is None:
            continue
        fence = opening.group("fence")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        toctree = Toctree(indent=opening.group("indent"))
        in_yaml = False
        in_options = True
        while position < len(lines) and not closing.match(lines[position]):
            line = lines[position].strip()
            position += 1
            if in_options and line == "---":
                in_yaml = not in_yaml
                continue
            if in_yaml:
                name, _, value = line.partition(":")
                if name.strip() == "glob":
                    toctree.glob = value.strip().lower() not in ("false", "no", "0")
                continue
            option = _OPTION.match(line)
            if in_options and option:
                if option.group("name") == "glob":
                    toctree.glob = True
                continue
            in_options = False
            if line:
                toctree.entries.append(line)
        toctree.closing_line = position
        position += 1
        toctrees.append(toctree)
    return toctrees


def entry_target(entry: str, index_docname: str) -> str | None:
    """The docname (or glob pattern) an entry names, relative to the source dir."""
    explicit = _EXPLICIT_TITLE.match(entry)
    target = explicit.group("target") if explicit else entry
    if target == "self" or "://" in target:
        return None
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(index_docname), target))


def toctree_lists(toctree: Toctree, index_docname: str, docname: str) -> bool:
    """Whether ``toctree`` (on ``index_docname``) puts ``docname`` in navigation."""
    for entry in toctree.entries:
        target = entry_target(entry, index_docname)
        if target is None:
            continue
        if toctree.glob and any(c in target for c in "*?["):
            if docname != index_docname and patmatch(docname, target):
                return True
        elif target == docname:
            return True
    return False


def index_of(docname: str, root_doc: str = "index") -> str | None:
    """The folder index whose toctree should list ``docname`` (None for the root)."""
    if docname == root_doc:
        return None
    folder = posixpath.dirname(docname)
    if posixpath.basename(docname) == "index":
        folder = posixpath.dirname(folder) if folder else ""
    return posixpath.join(folder, "index") if folder else root_doc


def folder_index_text(title: str, glob: bool) -> str:
    """A new folder index: a title and, for a folder of pages, a globbing toctree.

    An index made only to hold a sub-folder's index gets no glob (it would
    match nothing, which Sphinx warns about); the entry is appended instead.
    """
    if not glob:
        return f"# {title}\n"
    return f"# {title}\n\n```{{toctree}}\n:glob:\n:maxdepth: 1\n\n*\n```\n"


def ensure_in_navigation(
    srcdir: Path, docname: str, titles: dict[str, str], root_doc: str = "index"
) -> list[str]:
    """Make ``docname`` reachable from the folder indexes up to the root.

    Returns what was changed, one line each, for the contributor to see.
    ``titles`` maps folder paths (``briefs/people``) to the title a new folder
    index gets.
    """
    changes: list[str] = []
    index_docname = index_of(docname, root_doc)
    if index_docname is None:
        return changes
    index_path = srcdir / f"{index_docname}.md"
    if not index_path.exists():
        folder = posixpath.dirname(index_docname)
        title = (
            titles.get(folder) or posixpath.basename(folder).replace("-", " ").title()
        )
        index_path.parent.mkdir(parents=True, exist_ok=True)
        for_page = posixpath.basename(docname) != "index"
        index_path.write_text(folder_index_text(title, for_page), encoding="utf-8")
        changes.append(f"created {index_path}")
        changes += ensure_in_navigation(srcdir, index_docname, titles, root_doc)
    text = index_path.read_text(encoding="utf-8")
    toctrees = parse_toctrees(text)
    if any(toctree_lists(t, index_docname, docname) for t in toctrees):
        return changes
    relative = posixpath.relpath(docname, posixpath.dirname(index_docname) or ".")
    lines = text.splitlines()
    if toctrees:
        last = toctrees[-1]
        lines.insert(last.closing_line, f"{last.indent}{relative}")
    else:
        lines += ["", "```{toctree}", ":maxdepth: 1", "", relative, "```"]
    index_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changes.append(f"added {relative} to the toctree of {index_path}")
    return changes


def reachable_docs(env: BuildEnvironment) -> set[str]:
    """The documents the navigation reaches: toctrees followed from the root."""
    root = env.config.root_doc
    reached = {root}
    queue = deque([root])
    while queue:
        for child in env.toctree_includes.get(queue.popleft(), ()):
            if child not in reached:
                reached.add(child)
                queue.append(child)
    return reached


def check_reachable(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about pages that toctrees include, but only from cut-off pages.

    Pages in no toctree at all get Sphinx's own ``toc.not_included``, and
    ``orphan`` pages are left out on purpose, as in Sphinx.
    """
    reached = reachable_docs(env)
    for docname in sorted(env.all_docs):
        if docname in reached or "orphan" in env.metadata.get(docname, {}):
            continue
        parents = sorted(env.files_to_rebuild.get(docname, ()))
        if not parents:
            continue
        shown = ", ".join(str(env.doc2path(p, base=False)) for p in parents)
        warn(
            "unreachable",
            f"this page is only in the toctree of {shown}, which the navigation "
            f"does not reach from {env.config.root_doc}: add that page to a "
            "toctree, or this one to a reachable page's toctree.",
            docname,
        )


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_reachable)
