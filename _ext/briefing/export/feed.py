"""An Atom feed of the statements and briefs, newest first, for subscribers.

Written to ``feed.xml`` at the root of the HTML output with ``feedgen`` (a
maintained feed library that gets Atom's required elements, escaping and
dates right), and announced in every page's head with
``<link rel="alternate" type="application/atom+xml">`` so feed readers find it
from any page. The feed's ``updated`` is the newest entry's date, not the
build time, so an unchanged knowledge base writes an identical feed. Atom
needs absolute ids, so without ``html_baseurl`` there is no feed (the build
says so once).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from ..domain import get_domain
from ..generation import unchanged_since_written
from ..knowledge import KnowledgeBase
from ..model import PAGE_KINDS, Entity, KbDate
from .site import SiteUrls, base_url, publishes_site

FEED_NAME = "feed.xml"

#: Characters XML 1.0 cannot hold; dropped rather than failing the build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _moment(date: KbDate) -> datetime:
    year, month, day = date.sort_key
    return datetime(year, month, day, tzinfo=UTC)


def feed_entities(knowledge: KnowledgeBase) -> list[Entity]:
    """Statements and briefs with a date, newest first (then by kind and id)."""
    dated = [
        (date, entity)
        for kind in PAGE_KINDS
        for entity in knowledge.entities(kind)
        if (date := knowledge.date(entity)) is not None
    ]
    dated.sort(key=lambda pair: (pair[1].kind, pair[1].id))
    dated.sort(key=lambda pair: pair[0].sort_key, reverse=True)
    return [entity for _, entity in dated]


def has_feed(knowledge: KnowledgeBase) -> bool:
    """Whether any statement or brief has a date (stops at the first)."""
    return any(
        knowledge.date(entity) is not None
        for kind in PAGE_KINDS
        for entity in knowledge.entities(kind)
    )


def _names(knowledge: KnowledgeBase, entity: Entity, option: str, kind: str) -> list[str]:
    found = (knowledge.get(kind, i) for i in entity.link_ids(option))
    return [e.title for e in found if e is not None]


def build_feed(app: Sphinx) -> FeedGenerator | None:
    """The feed of the build, or None when there is nothing to publish."""
    knowledge = get_domain(app.env).knowledge
    config = app.config
    urls = SiteUrls(app.builder, config)
    entities = feed_entities(knowledge)
    if not entities or not urls.base:
        return None
    generator = FeedGenerator()
    generator.id(urls.base)
    generator.title(_xml_text(config.html_title or config.project))
    generator.subtitle(f"Statements and briefs of {_xml_text(config.project)}")
    generator.link(href=urls.file(FEED_NAME), rel="self", type="application/atom+xml")
    generator.link(href=urls.base, rel="alternate", type="text/html")
    if config.author:
        generator.author({"name": _xml_text(config.author)})
    if config.language:
        generator.language(config.language)
    newest = None
    for entity in entities:
        date = knowledge.date(entity)
        assert date is not None
        updated = KbDate.parse(entity.fields.get("updated", "")) or date
        if updated.sort_key < date.sort_key:
            updated = date
        entry = generator.add_entry(order="append")
        url = urls.entity(entity)
        entry.id(url)
        entry.title(_xml_text(entity.title or entity.id))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(_moment(date))
        entry.updated(_moment(updated))
        newest = max(newest or _moment(updated), _moment(updated))
        people = _names(knowledge, entity, "authors", "person")
        publisher = _names(knowledge, entity, "organization", "organization")
        for name in people or publisher:
            entry.author({"name": _xml_text(name)})
        if entity.text:
            entry.summary(_xml_text(entity.text))
        for topic_id in entity.link_ids("topics"):
            topic = knowledge.get("topic", topic_id)
            entry.category(term=topic_id, label=_xml_text(topic.title if topic else topic_id))
        entry.category(term=entity.kind, label=entity.kind.title())
    generator.updated(newest)
    return generator


def write_feed(app: Sphinx, exception: Exception | None = None) -> None:
    if exception is not None or not publishes_site(app.builder):
        return
    feed_path = Path(app.outdir) / FEED_NAME
    if unchanged_since_written(app, feed_path):
        return
    generator = build_feed(app)
    if generator is None:
        feed_path.unlink(missing_ok=True)
        return
    feed_path.write_bytes(generator.atom_str(pretty=True))


def link_feed(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Announce the feed in the page's head (every page, when there is a feed)."""
    if not publishes_site(app.builder) or not base_url(app.config):
        return
    if not has_feed(get_domain(app.env).knowledge):
        return
    href = context["pathto"](FEED_NAME, 1)
    title = html.escape(f"{app.config.html_title or app.config.project}: statements and briefs")
    link = (
        f'<link rel="alternate" type="application/atom+xml" title="{title}" '
        f'href="{html.escape(href)}" />\n'
    )
    context["metatags"] = context.get("metatags", "") + link


def setup_feed(app: Sphinx) -> None:
    app.connect("briefing-write-cross-page", write_feed)
    app.connect("html-page-context", link_feed)
