"""Where the exported knowledge base lives on the published site.

The data files, JSON-LD, feed and sitemap all name pages by their absolute
address (``html_baseurl`` joined with the builder's page URI), so one helper
decides which builders publish a site and what an entity's URL is; every
export then agrees with the links of the pages themselves.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from urllib.parse import urljoin

from sphinx.builders import Builder
from sphinx.config import Config

from ..model import Entity


def publishes_site(builder: Builder) -> bool:
    """Whether ``builder`` writes a browsable multi-page HTML site (html, dirhtml).

    EPUB and single-page HTML have the HTML format too, but no page
    addresses of their own to publish.
    """
    from sphinx.builders._epub_base import EpubBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    return builder.format == "html" and not isinstance(builder, EpubBuilder | SingleFileHTMLBuilder)


def base_url(config: Config) -> str:
    """``html_baseurl`` with one trailing slash, or ``""`` when it is not set."""
    base = (config.html_baseurl or "").strip()
    return base.rstrip("/") + "/" if base else ""


class SiteUrls:
    """Absolute (or, without ``html_baseurl``, site-relative) page addresses."""

    def __init__(self, builder: Builder, config: Config) -> None:
        self.builder = builder
        self.base = base_url(config)

    def page(self, docname: str) -> str:
        uri = self.builder.get_target_uri(docname)
        return urljoin(self.base, uri) if self.base else uri

    def entity(self, entity: Entity) -> str:
        url = self.page(entity.docname)
        return f"{url}#{entity.anchor}" if entity.anchor else url

    def file(self, path: str) -> str:
        """The address of a file written into the output directory."""
        return urljoin(self.base, path) if self.base else path


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def iso_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
