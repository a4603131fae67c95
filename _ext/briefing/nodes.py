"""Placeholder nodes: what a directive leaves for the write phase to fill in.

Directives know only their own page while reading; an entity's attribution,
fact box and backlinks depend on other pages (a speaker's name and role, who
cites an agreement). So a directive leaves one of these placeholders, and a
post-transform (:mod:`briefing.rendering`) replaces it with standard docutils
nodes before any builder sees it. Should a placeholder ever reach a writer,
it renders as nothing rather than crashing the builder.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


class entity_details(nodes.General, nodes.Element):
    """The fields of an entity (``kind``, ``id``, ``docname`` attributes): a fact box
    or an attribution."""


class entity_backlinks(nodes.General, nodes.Element):
    """What refers to the entity (``kind``, ``id``, ``docname`` attributes)."""


PLACEHOLDERS = (entity_details, entity_backlinks)


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    """The node's parents, nearest first."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def section_depth(node: nodes.Node) -> int:
    """How many sections enclose the node."""
    return sum(1 for parent in ancestors(node) if isinstance(parent, nodes.section))


def collect(
    root: nodes.Node,
    kinds: tuple[type[nodes.Node], ...],
    skip: tuple[type[nodes.Node], ...] = (),
) -> dict[type[nodes.Node], list[Any]]:
    """The nodes of each of ``kinds`` in ``root`` (itself included), in document
    order, like ``list(root.findall(kind))`` for each, from a single walk.

    Without entering nodes of the ``skip`` kinds (they are listed themselves).
    Every walk of a page costs time in proportion to its nodes, and the
    extension's pages are large; a transform that looks for several kinds of
    node walks once (``docs/performance.md``).
    """
    found: dict[type[nodes.Node], list[Any]] = {kind: [] for kind in kinds}
    matches: dict[type, tuple[type[nodes.Node], ...]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        cls = type(node)
        hits = matches.get(cls)
        if hits is None:
            hits = matches[cls] = tuple(kind for kind in kinds if issubclass(cls, kind))
        for kind in hits:
            found[kind].append(node)
        if node.children and not (skip and isinstance(node, skip)):
            stack.extend(reversed(node.children))
    return found


def _skip(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    handlers = (_skip, None)
    for node_class in PLACEHOLDERS:
        app.add_node(
            node_class,
            html=handlers,
            latex=handlers,
            text=handlers,
            man=handlers,
            texinfo=handlers,
        )
