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
