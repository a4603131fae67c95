"""The site navigation in the sidebar, computed once per build, in linear time.

Furo renders the *whole* toctree into every page's sidebar: it asks Sphinx
for ``toctree(collapse=False, titles_only=True, maxdepth=-1,
includehidden=True)`` on each page, and Sphinx copies every document's table
of contents into that tree, renders it to HTML, and Furo parses the HTML
again with BeautifulSoup. Each page therefore costs time (and bytes) in
proportion to the number of pages, and a site with 2,000 pages in a toctree
(an imported PA-X archive, 500 statements in ``statements/index.md``) builds
in quadratic time: about an hour instead of two minutes.

This module answers that one request instead, at the depth where the cost
arises:

- **collect, once per build**: the navigation is read from the environment's
  toctrees (``write-started``, after reading, before any page is written; a
  parallel build's writers inherit it) into a tree of frozen
  :class:`NavEntry` values, with the positions of every document in it;
- **render, per page**: only what that page's sidebar shows, as the standard
  docutils nodes Sphinx would make (``toctree-lN`` and ``current`` classes,
  captions), rendered by the builder's own translator, so Furo adds its
  checkboxes, its ``current-page`` mark and its look as before;
- **collapse large sections**: a list of more than
  ``briefing_sidebar_max_entries`` entries (a folder of statements, an
  imported process) is not spelled out in the sidebar; its section's entry
  links to the index page that lists them, and the current page, when it is
  in that list, is shown under it (marked ``current``). Each page's sidebar
  is then bounded by the site's sections, not by its pages.

On a site whose toctrees all stay under the limit the sidebar is the same
HTML as Sphinx's (``tests/test_sidebar.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import Matcher
from sphinx.util.nodes import clean_astext

from .config import sidebar_max_entries

#: Where a document stands in the navigation: indices from the top group down.
Path = tuple[int, ...]


@dataclass(frozen=True)
class NavEntry:
    """One entry of the navigation: a document (or URL) and what it includes."""

    title: str
    #: a docname, or an absolute URL when ``external``
    target: str
    external: bool = False
    children: tuple[NavEntry, ...] = ()


@dataclass(frozen=True)
class NavGroup:
    """One toctree of the root document: its caption and entries."""

    caption: str
    entries: tuple[NavEntry, ...]


@dataclass(frozen=True)
class Navigation:
    """The whole navigation of a build, and where each document stands in it."""

    groups: tuple[NavGroup, ...]
    #: docname -> the paths of its entries (a page can be listed twice)
    positions: dict[str, tuple[Path, ...]]
    max_entries: int

    def size(self) -> int:
        return sum(len(paths) for paths in self.positions.values())


def _url(ref: str) -> bool:
    return "://" in ref or ref.startswith("mailto:")


def collect_navigation(env: BuildEnvironment, max_entries: int) -> Navigation:
    """The navigation of ``env``: the root document's toctrees, followed down."""
    from sphinx.domains.std import StandardDomain

    positions: dict[str, list[Path]] = {}
    excluded = Matcher(env.config.exclude_patterns)

    def entries(
        toctree: addnodes.toctree, path: Path, parents: tuple[str, ...], offset: int = 0
    ) -> list[NavEntry]:
        result: list[NavEntry] = []
        for title, ref in toctree["entries"]:
            here = (*path, offset + len(result))
            if _url(ref):
                result.append(NavEntry(title or ref, ref, external=True))
                continue
            if ref == "self":
                docname = toctree["parent"]
                text = title or clean_astext(env.titles[docname])
                positions.setdefault(docname, []).append(here)
                result.append(NavEntry(text, docname))
                continue
            if ref in StandardDomain._virtual_doc_names:
                docname, section = StandardDomain._virtual_doc_names[ref]
                positions.setdefault(docname, []).append(here)
                result.append(NavEntry(title or section, docname))
                continue
            toc = env.tocs.get(ref)
            if toc is None or ref in parents or excluded(str(env.doc2path(ref, False))):
                continue  # Sphinx warns about these where the toctree is read
            if not toc.children:
                continue  # no title: Sphinx shows no link either
            text = title or clean_astext(env.titles[ref])
            positions.setdefault(ref, []).append(here)
            children: list[NavEntry] = []
            for sub in toc.findall(addnodes.toctree):
                # a page's toctrees make one list under its entry
                children += entries(sub, here, (ref, *parents), len(children))
            result.append(NavEntry(text, ref, children=tuple(children)))
        return result

    groups: list[NavGroup] = []
    root = env.config.root_doc
    if root in env.all_docs:
        doctree = env.get_doctree(root)
        for toctree in doctree.findall(addnodes.toctree):
            index = len(groups)
            found = entries(toctree, (index,), (root,))
            groups.append(NavGroup(str(toctree.get("caption") or ""), tuple(found)))
    return Navigation(
        tuple(groups),
        {doc: tuple(paths) for doc, paths in positions.items()},
        max_entries,
    )


def _on_path(navigation: Navigation, docname: str) -> set[Path]:
    """Every prefix of every position of ``docname``: the branches to open."""
    result: set[Path] = set()
    for path in navigation.positions.get(docname, ()):
        for end in range(1, len(path) + 1):
            result.add(path[:end])
    return result


def render_navigation(
    navigation: Navigation,
    docname: str,
    relative_uri: Callable[[str], str],
) -> addnodes.compact_paragraph | None:
    """The sidebar of ``docname`` as Sphinx's toctree nodes, large lists collapsed."""
    opened = _on_path(navigation, docname)
    limit = navigation.max_entries

    def chosen(items: tuple[NavEntry, ...], path: Path) -> list[tuple[int, NavEntry]]:
        if len(items) <= limit:
            return list(enumerate(items))
        # a large section: only the branch of the current page, in order
        keep = sorted(p[len(path)] for p in opened if len(p) == len(path) + 1 and p[:-1] == path)
        return [(i, items[i]) for i in keep]

    def bullet_list(items: tuple[NavEntry, ...], path: Path, depth: int) -> nodes.bullet_list:
        listing = nodes.bullet_list()
        for index, entry in chosen(items, path):
            here = (*path, index)
            current = here in opened
            if entry.external:
                reference = nodes.reference(
                    "", "", nodes.Text(entry.title), internal=False, refuri=entry.target
                )
            else:
                reference = nodes.reference(
                    "",
                    "",
                    nodes.Text(entry.title),
                    internal=True,
                    refuri=relative_uri(entry.target),
                )
            level = f"toctree-l{depth}"
            paragraph = addnodes.compact_paragraph("", "", reference, classes=[level])
            item = nodes.list_item("", paragraph, classes=[level])
            if current:
                if entry.target == docname and not entry.external:
                    reference["classes"].append("current")
                paragraph["classes"].append("current")
                item["classes"].append("current")
            if entry.children:
                sublist = bullet_list(entry.children, here, depth + 1)
                if sublist.children:
                    item += sublist
            if current:
                listing["classes"] = ["current"]
            listing += item
        return listing

    result = addnodes.compact_paragraph("", "", toctree=True)
    for index, group in enumerate(navigation.groups):
        listing = bullet_list(group.entries, (index,), 1)
        if not listing.children:
            continue
        if group.caption:
            result += nodes.title(group.caption, "", nodes.Text(group.caption))
        result += listing
    if not len(result):
        return None
    return result


# -- wiring --------------------------------------------------------------------

_NAVIGATION_KEY = "_briefing_navigation"


def _is_whole_tree(kwargs: dict[str, Any]) -> bool:
    """Furo's request (and any theme's) for the whole tree, every branch open."""
    return (
        kwargs.get("collapse") is False
        and int(kwargs.get("maxdepth", 0) or 0) < 0
        and bool(kwargs.get("includehidden"))
        and bool(kwargs.get("titles_only"))
    )


def prepare_navigation(app: Sphinx, builder: Builder) -> None:
    """Collect the navigation once, before the pages are written."""
    setattr(
        builder,
        _NAVIGATION_KEY,
        collect_navigation(app.env, sidebar_max_entries(app.config)),
    )


def sidebar_html(builder: Any, pagename: str) -> str:
    navigation: Navigation | None = getattr(builder, _NAVIGATION_KEY, None)
    if navigation is None:  # a builder that did not go through write-started
        navigation = collect_navigation(builder.env, sidebar_max_entries(builder.config))
        setattr(builder, _NAVIGATION_KEY, navigation)
    tree = render_navigation(
        navigation,
        pagename,
        lambda target: builder.get_relative_uri(pagename, target),
    )
    if tree is None:
        return ""
    return str(builder.render_partial(tree)["fragment"])


def replace_whole_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Answer the theme's request for the whole toctree from the collected navigation."""
    original = context.get("toctree")
    if original is None or not hasattr(app.builder, "render_partial"):
        return
    builder = app.builder

    def toctree(**kwargs: Any) -> str:
        if _is_whole_tree(kwargs):
            return sidebar_html(builder, pagename)
        return str(original(**kwargs))

    context["toctree"] = toctree


def setup_sidebar(app: Sphinx) -> None:
    app.connect("write-started", prepare_navigation)
    # before Furo's handler (priority 500), which asks for the tree
    app.connect("html-page-context", replace_whole_tree, priority=400)
