"""The knowledge base for machines: data files, JSON-LD, feed, sitemap, social meta.

Everything here reads the finished knowledge base and writes it out in a
form other programs use; nothing here changes what a page shows to a
reader. One module per output: :mod:`.data` (``data/knowledge-base.json``,
its schema and a CSV per kind), :mod:`.jsonld` (schema.org in each page's
head), :mod:`.feed` (Atom of statements and briefs), :mod:`.sitemap` and
:mod:`.social` (Open Graph and Twitter cards). :mod:`.site` is what they
share: which builders publish a site and the absolute address of a page.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from .data import setup_data
from .feed import setup_feed
from .jsonld import setup_jsonld
from .site import base_url, publishes_site
from .sitemap import setup_sitemap
from .social import setup_social

logger = logging.getLogger(__name__)


def check_base_url(app: Sphinx) -> None:
    """Say once that the exports need ``html_baseurl`` for absolute addresses.

    A note, not a warning: a local or preview build without the published
    address is normal, and the rest of the exports still work.
    """
    if publishes_site(app.builder) and not base_url(app.config):
        logger.info(
            "briefing: html_baseurl is not set, so the Atom feed and sitemap.xml (which "
            "need absolute addresses) are not written and the URLs in "
            "data/knowledge-base.json and the JSON-LD are relative; set "
            "html_baseurl in conf.py to the published site's address."
        )


def setup_export(app: Sphinx) -> None:
    app.connect("builder-inited", check_base_url)
    setup_data(app)
    setup_jsonld(app)
    setup_feed(app)
    setup_sitemap(app)
    setup_social(app)
