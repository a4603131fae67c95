"""Fixes to upstream HTML that assistive technology trips over.

Sphinx writes a toctree caption as ``<p class="caption" role="heading">``
without an ``aria-level``, which axe-core reports as a critical violation
(screen readers cannot place the heading in the outline). This module
subclasses whichever HTML translator the builder uses and gives captions a
level where the tag is made: its ``starttag`` adds ``aria-level`` to the
heading tag it writes for a toctree caption, so the attribute is part of
the tag (no rewriting of written HTML), and everything else is left to the
translator.

Furo wraps every table in a ``div.table-wrapper`` that scrolls sideways when
the table is wider than the page (an agreement table of many columns on a
phone, a PA-X process with long party lists): a region that scrolls must be
reachable by keyboard (axe-core's ``scrollable-region-focusable``), so the
same ``starttag`` makes the wrapper a focusable, named region
(``tabindex="0"``, ``role="region"``, the table's caption or "Table" as its
name), whichever visitor writes the container.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .i18n import _

CAPTION_LEVEL = 2


def is_toctree_caption(node: nodes.Node) -> bool:
    """Whether ``node`` is the caption of a toctree."""
    return (
        isinstance(node, nodes.title)
        and isinstance(node.parent, addnodes.compact_paragraph)
        and bool(node.parent.get("toctree"))
    )


def is_table_wrapper(node: nodes.Node) -> bool:
    """Whether ``node`` is the container Furo wraps a table in (it scrolls sideways)."""
    return isinstance(node, nodes.container) and "table-wrapper" in node["classes"]


def table_label(wrapper: nodes.Element) -> str:
    """The accessible name of a table's scrolling region: its caption, or "Table"."""
    table = next(iter(wrapper.findall(nodes.table)), None)
    title = next(iter(table.findall(nodes.title)), None) if table is not None else None
    return " ".join(title.astext().split()) if title is not None else _("Table")


def _captioned_translator(base: type) -> type:
    class CaptionLevelTranslator(base):
        def starttag(
            self,
            node: nodes.Element,
            tagname: str,
            suffix: str = "\n",
            empty: bool = False,
            **attributes: Any,
        ) -> str:
            # called for every element of every page: the two checks are cheap
            if is_toctree_caption(node):
                names = {name.lower() for name in attributes}
                if "aria-level" not in names and any(
                    k.lower() == "role" and v == "heading" for k, v in attributes.items()
                ):
                    attributes["aria-level"] = str(CAPTION_LEVEL)
            elif (
                is_table_wrapper(node)
                and tagname == "div"
                and "role" not in {name.lower() for name in attributes}
            ):
                attributes.update(tabindex="0", role="region", **{"aria-label": table_label(node)})
            return super().starttag(node, tagname, suffix, empty, **attributes)

    return CaptionLevelTranslator


def add_caption_levels(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "get_translator_class"):
        return
    base = builder.get_translator_class()
    if base is None or getattr(base, "__name__", "") == "CaptionLevelTranslator":
        return
    app.set_translator(builder.name, _captioned_translator(base), override=True)


def setup_accessibility(app: Sphinx) -> None:
    app.connect("builder-inited", add_caption_levels)
