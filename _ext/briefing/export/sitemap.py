"""``sitemap.xml``: every page of the site, for search engines.

Written here rather than by ``sphinx-sitemap`` because that extension
collects pages through a ``multiprocessing.Manager`` (a server process per
build), reads ``env.app`` (deprecated in Sphinx 9), lists pages in the order
parallel writers finish, and by default prefixes every address with the
language (``/en/``), which this single-language site does not have. Here the
list is every document in name order, addressed exactly as the builder links
them, so the file is the same for the same sources.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from sphinx.application import Sphinx

from ..generation import unchanged_since_written
from .site import SiteUrls, publishes_site

SITEMAP_NAME = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(app: Sphinx) -> bytes:
    urls = SiteUrls(app.builder, app.config)
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for docname in sorted(app.env.found_docs):
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = urls.page(docname)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(app: Sphinx, exception: Exception | None = None) -> None:
    if exception is not None or not publishes_site(app.builder):
        return
    if not SiteUrls(app.builder, app.config).base:
        return  # a sitemap needs absolute addresses; builder-inited warned
    path = Path(app.outdir) / SITEMAP_NAME
    if not unchanged_since_written(app, path):
        path.write_bytes(sitemap_xml(app))


def setup_sitemap(app: Sphinx) -> None:
    app.connect("briefing-write-cross-page", write_sitemap)
