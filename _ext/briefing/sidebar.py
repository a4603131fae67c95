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
Position = tuple[int, ...]


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
    positions: dict[str, tuple[Position, ...]]
    max_entries: int

    def size(self) -> int:
        return sum(len(paths) for paths in self.positions.values())


def _url(ref: str) -> bool:
    return "://" in ref or ref.startswith("mailto:")


def collect_navigation(env: BuildEnvironment, max_entries: int) -> Navigation:
    """The navigation of ``env``: the root document's toctrees, followed down."""
    from sphinx.domains.std import StandardDomain

    positions: dict[str, list[Position]] = {}
    excluded = Matcher(env.config.exclude_patterns)

    def entries(
        toctree: addnodes.toctree, path: Position, parents: tuple[str, ...], offset: int = 0
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


def _on_path(navigation: Navigation, docname: str) -> set[Position]:
    """Every prefix of every position of ``docname``: the branches to open."""
    result: set[Position] = set()
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

    def chosen(items: tuple[NavEntry, ...], path: Position) -> list[tuple[int, NavEntry]]:
        if len(items) <= limit:
            return list(enumerate(items))
        # a large section: only the branch of the current page, in order
        keep = sorted(p[len(path)] for p in opened if len(p) == len(path) + 1 and p[:-1] == path)
        return [(i, items[i]) for i in keep]

    def bullet_list(items: tuple[NavEntry, ...], path: Position, depth: int) -> nodes.bullet_list:
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


# -- Furo's markup, written directly ---------------------------------------------


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def furo_navigation_html(tree: addnodes.compact_paragraph | None) -> str:
    """The sidebar tree as Furo makes it from Sphinx's HTML, without the HTML.

    Furo renders the toctree to HTML and parses it again with BeautifulSoup
    to add, to each entry with children, a checkbox and its label (the
    expand/collapse arrow), opened on the current branch, and to the current
    page's entry a ``current-page`` class. Written here from the nodes, with
    BeautifulSoup's serialization (attributes in alphabetical order), plus
    ``aria-current="page"`` on the current page's link for screen readers.
    ``tests/test_sidebar.py`` checks it against Furo's own on every page of a
    test root.
    """
    if tree is None:
        return ""
    out: list[str] = []
    boxes = 0
    items = [n for n in tree.findall(nodes.list_item)]
    current_items = [n for n in items if "current" in n["classes"]]
    current_page = current_items[-1] if current_items else None

    def bullet_list(listing: nodes.bullet_list) -> None:
        nonlocal boxes
        out.append('<ul class="current">\n' if "current" in listing["classes"] else "<ul>\n")
        for item in listing.children:
            assert isinstance(item, nodes.list_item)
            classes = list(item["classes"])
            sublists = [c for c in item.children if isinstance(c, nodes.bullet_list)]
            if sublists:
                classes.append("has-children")
            if item is current_page:
                classes.append("current-page")
            reference = next(iter(item[0].findall(nodes.reference)))
            title = reference.astext()
            link_classes = [*reference["classes"], "reference"]
            link_classes.append("internal" if reference.get("internal") else "external")
            current_link = "current" in reference["classes"]
            out.append(f'<li class="{_attribute(" ".join(classes))}">')
            out.append(
                ('<a aria-current="page" ' if current_link else "<a ")
                + f'class="{_attribute(" ".join(link_classes))}" '
                + f'href="{_attribute(reference["refuri"] or "#")}">{_text(title)}</a>'
            )
            if sublists:
                boxes += 1
                name = f"toctree-checkbox-{boxes}"
                checked = 'checked="" ' if "current" in item["classes"] else ""
                out.append(
                    f'<input aria-label="Toggle navigation of {_attribute(title)}" {checked}'
                    f'class="toctree-checkbox" id="{name}" name="{name}" role="switch" '
                    f'type="checkbox"/><label for="{name}"><span class="icon"><svg>'
                    '<use href="#svg-arrow-right"></use></svg></span></label>'
                )
                for sublist in sublists:
                    bullet_list(sublist)
            out.append("</li>\n")
        out.append("</ul>\n")

    for child in tree.children:
        if isinstance(child, nodes.title):
            out.append(
                '<p aria-level="2" class="caption" role="heading"><span class="caption-text">'
                f"{_text(child.astext())}</span></p>\n"
            )
        elif isinstance(child, nodes.bullet_list):
            bullet_list(child)
    return "".join(out)


# -- wiring --------------------------------------------------------------------

_NAVIGATION_KEY = "_briefing_navigation"
#: set in a page's context when Furo's tree is left to :func:`fill_furo_tree`
_FURO_PENDING = "_briefing_furo_tree"


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


def _navigation(builder: Any) -> Navigation:
    navigation: Navigation | None = getattr(builder, _NAVIGATION_KEY, None)
    if navigation is None:  # a builder that did not go through write-started
        navigation = collect_navigation(builder.env, sidebar_max_entries(builder.config))
        setattr(builder, _NAVIGATION_KEY, navigation)
    return navigation


def _page_tree(builder: Any, pagename: str) -> addnodes.compact_paragraph | None:
    return render_navigation(
        _navigation(builder),
        pagename,
        lambda target: builder.get_relative_uri(pagename, target),
    )


def sidebar_html(builder: Any, pagename: str) -> str:
    """The whole-tree toctree of ``pagename`` as Sphinx's HTML (any theme)."""
    tree = _page_tree(builder, pagename)
    if tree is None:
        return ""
    return str(builder.render_partial(tree)["fragment"])


def _is_furo(builder: Any) -> bool:
    theme = getattr(builder, "theme", None)
    return getattr(theme, "name", "") == "furo"


def replace_whole_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Answer the theme's request for the whole toctree from the collected navigation.

    Under Furo the request is answered with nothing, and :func:`fill_furo_tree`
    puts Furo's finished markup in its place (no HTML to parse again).
    """
    original = context.get("toctree")
    if original is None or not hasattr(app.builder, "render_partial"):
        return
    builder = app.builder
    furo = _is_furo(builder)

    def toctree(**kwargs: Any) -> str:
        if _is_whole_tree(kwargs):
            if furo:
                context[_FURO_PENDING] = True
                return ""
            return sidebar_html(builder, pagename)
        return str(original(**kwargs))

    context["toctree"] = toctree


def fill_furo_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After Furo's handler: its sidebar tree, from the collected navigation."""
    if context.pop(_FURO_PENDING, False):
        context["furo_navigation_tree"] = furo_navigation_html(_page_tree(app.builder, pagename))


def setup_sidebar(app: Sphinx) -> None:
    app.connect("write-started", prepare_navigation)
    # around Furo's handler (priority 500), which asks for the tree
    app.connect("html-page-context", replace_whole_tree, priority=400)
    app.connect("html-page-context", fill_furo_tree, priority=600)
