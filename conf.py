"""Sphinx configuration of the briefing book site.

The content lives in ``docs/``; build with ``sphinx-build -c . docs OUTDIR``
(the Makefile does this). The ``briefing`` extension in ``_ext/`` provides the
knowledge-base markup and sets up MyST and sphinx-design itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from briefing import __version__  # noqa: E402  (the one place of the version)

project = "The Briefing Book"
author = "Restart Initiative knowledge base editors"
copyright = "2026, the knowledge base editors"
language = "en"
# the release the site, the PDF books, the data export and `make dist` carry
release = version = __version__

# The site is published in these languages, the sources' first (see
# docs/contributing/translate.md): `make book` builds each, the others at
# _build/html/<lang>/. Pages are translated by the catalogs in locales/, one
# per page, which also hold the theme's words Sphinx lacks for hy and az.
briefing_languages = ["en", "hy", "az", "ru"]
locale_dirs = ["../locales"]
gettext_compact = False
# First translations await review by native speakers: they carry gettext's
# `fuzzy` flag until a reviewer removes it, and are shown meanwhile.
gettext_allow_fuzzy_translations = True

extensions = ["briefing", "sphinx.ext.intersphinx"]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "furo"
html_title = "The Briefing Book"
# The published address (docs/project/publishing.md): set by the GitHub Pages
# workflow (BRIEFING_BASEURL) and by Read the Docs (READTHEDOCS_CANONICAL_URL).
html_baseurl = (
    os.environ.get("BRIEFING_BASEURL")
    or os.environ.get("READTHEDOCS_CANONICAL_URL")
    or "https://briefing-book.example.org/"
)
# the footer names the release (_templates/page.html)
templates_path = ["_templates"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Footnotes stay where they are written, so a brief's "Sources" section holds
# the sources its claims cite (MyST moves them to the page's end by default).
myst_footnote_sort = False

# The briefing books are declared on their root pages with the ``book``
# directive (docs/books/*/index.md); ``briefing_books`` still takes books as
# dicts, for projects that prefer to list them here.
briefing_books: list[dict[str, str]] = []
