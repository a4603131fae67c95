"""Fixes to upstream HTML that assistive technology trips over.

Sphinx writes a toctree caption as ``<p class="caption" role="heading">``
without an ``aria-level``, which axe-core reports as a critical violation
(screen readers cannot place the heading in the outline). This module
subclasses whichever HTML translator the builder uses and gives captions a
level where the tag is made: its ``starttag`` adds ``aria-level`` to the
heading tag it writes for a toctree caption, so the attribute is part of
the tag (no rewriting of written HTML), and everything else is left to the
translator.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

CAPTION_LEVEL = 2


def is_toctree_caption(node: nodes.Node) -> bool:
    """Whether ``node`` is the caption of a toctree."""
    return (
        isinstance(node, nodes.title)
        and isinstance(node.parent, addnodes.compact_paragraph)
        and bool(node.parent.get("toctree"))
    )


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
            names = {name.lower() for name in attributes}
            if (
                is_toctree_caption(node)
                and "aria-level" not in names
                and any(k.lower() == "role" and v == "heading" for k, v in attributes.items())
            ):
                attributes["aria-level"] = str(CAPTION_LEVEL)
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
