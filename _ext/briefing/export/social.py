"""Open Graph and Twitter card meta for every page, for link previews.

``sphinxext-opengraph`` (maintained, used across the Sphinx ecosystem) writes
the ``og:*`` tags from each page's title and first paragraph. This module
loads it with defaults that suit the site: page addresses from
``html_baseurl`` unless ``ogp_site_url`` is set, no generated social-card
images (they need matplotlib and a font cache), and a ``twitter:card``
summary tag, which the extension only adds together with those images.
A statement's or brief's page is an ``article`` described by its first
paragraph of prose (or its first quote), rather than by the fact box the
extension would read.
"""

from __future__ import annotations

import contextlib
import html
import io
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..domain import get_domain
from ..nodes import ancestors
from .site import base_url, publishes_site

TWITTER_CARD = '<meta name="twitter:card" content="summary" />\n'


def default_opengraph_config(app: Sphinx, config: Config) -> None:
    """Fill in the ``ogp_*`` values the site's conf.py leaves unset."""
    if not config.ogp_site_url:
        config.ogp_site_url = base_url(config)
    if config.ogp_social_cards is None:
        config.ogp_social_cards = {"enable": False}


DESCRIPTION_LENGTH = 200


def page_description(doctree: nodes.document) -> str:
    """The first paragraph of prose outside entity boxes, else the first quote."""
    prose, quoted = "", ""
    for paragraph in doctree.findall(nodes.paragraph):
        classes = [
            c
            for a in ancestors(paragraph)
            if isinstance(a, nodes.Element)
            for c in a.get("classes", ())
        ]
        text = " ".join(paragraph.astext().split())
        if not text or "kb-citation" in classes:  # "Cite this" describes nothing
            continue
        if "kb-entity" not in classes:
            prose = text
            break
        if not quoted and "kb-quote-text" in classes:
            quoted = text
    text = prose or quoted
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 3].rstrip() + "..."
    return text


def describe_article(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a statement's or brief's page the type and description it deserves."""
    if doctree is None or not publishes_site(app.builder):
        return
    entity = get_domain(app.env).knowledge.page_entity.get(pagename)
    if entity is None:
        return
    description = page_description(doctree) or entity.text[:DESCRIPTION_LENGTH]
    # a copy: the page's metadata dict belongs to the environment
    meta = dict(context.get("meta") or {})
    meta.setdefault("og:type", "article")
    if description:
        escaped = html.escape(description, quote=True)
        meta.setdefault("og:description", escaped)
        context["metatags"] = (
            context.get("metatags", "") + f'<meta name="description" content="{escaped}" />\n'
        )
    context["meta"] = meta


def add_twitter_card(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if doctree is None or not publishes_site(app.builder):
        return
    metatags = context.get("metatags", "")
    if 'name="twitter:card"' not in metatags:
        context["metatags"] = metatags + TWITTER_CARD


def setup_social(app: Sphinx) -> None:
    # The extension prints a note to stdout on import when matplotlib (only
    # needed for the social cards we switch off) is missing.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", default_opengraph_config)
    app.connect("html-page-context", describe_article, priority=400)
    # after sphinxext-opengraph (priority 500) has added its tags
    app.connect("html-page-context", add_twitter_card, priority=600)
