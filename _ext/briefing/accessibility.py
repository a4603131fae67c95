"""Fixes to upstream HTML that assistive technology trips over.

Sphinx writes a toctree caption as ``<p class="caption" role="heading">``
without an ``aria-level``, which axe-core reports as a critical violation
(screen readers cannot place the heading in the outline). This module
subclasses whichever HTML translator the builder uses and gives captions a
level, leaving everything else to it.

Furo wraps every table in a ``div.table-wrapper`` that scrolls sideways when
the table is wider than the page (an agreement table of many columns on a
phone, a PA-X process with long party lists): a region that scrolls must be
reachable by keyboard (axe-core's ``scrollable-region-focusable``), so the
wrapper becomes a focusable, named region (``tabindex="0"``, ``role="region"``,
the table's caption or "Table" as its name).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

CAPTION_LEVEL = 2


def _captioned_translator(base: type) -> type:
    class CaptionLevelTranslator(base):
        def visit_title(self, node: nodes.title) -> None:
            super().visit_title(node)
            if (
                isinstance(node.parent, addnodes.compact_paragraph)
                and node.parent.get("toctree")
                and self.body
                and 'role="heading"' in self.body[-2]
            ):
                self.body[-2] = self.body[-2].replace(
                    'role="heading"', f'role="heading" aria-level="{CAPTION_LEVEL}"', 1
                )

        def visit_table(self, node: nodes.table) -> None:
            # the wrapper's tag was just written (by whichever visitor writes
            # containers: sphinx-design and MyST replace docutils' own)
            parent = node.parent
            if (
                isinstance(parent, nodes.container)
                and "table-wrapper" in parent["classes"]
                and self.body
                and self.body[-1].startswith("<div ")
                and "table-wrapper" in self.body[-1]
            ):
                title = next(iter(node.findall(nodes.title)), None)
                label = " ".join(title.astext().split()) if title is not None else "Table"
                self.body[-1] = self.body[-1].replace(
                    "<div ",
                    f'<div tabindex="0" role="region" aria-label="{self.attval(label)}" ',
                    1,
                )
            super().visit_table(node)

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
