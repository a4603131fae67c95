"""The ``briefing`` Sphinx extension: a knowledge base of statements, quotes,
agreements and the people, organizations, topics and events around them.

``setup()`` only wires the concerns together; each lives in its own module.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .accessibility import setup_accessibility
from .addresses import setup_addresses
from .archive import setup_archive
from .assets import setup_assets
from .books import setup_books
from .citation import setup_citation
from .collections import setup_collections
from .collector import setup_collector
from .config import setup_config
from .confinement import setup_confinement
from .consistency import setup_consistency
from .directives import setup_directives
from .domain import DATA_VERSION, setup_domain
from .downloads import setup_downloads
from .export import setup_export
from .generation import setup_generation
from .i18n import setup_i18n
from .incremental import setup_incremental
from .indices import setup_indices
from .languages import setup_languages
from .myst import setup_myst
from .navigation import setup_navigation
from .nodes import setup_nodes
from .pdf import setup_pdf
from .release import setup_release
from .rendering import setup_rendering
from .roles import setup_roles
from .search import setup_search
from .sidebar import setup_sidebar
from .sources import setup_sources

#: The version of the project (extension and knowledge base), in this one
#: place: pyproject.toml reads it, conf.py's ``release`` is it, and the site's
#: footer, the PDF covers, the data export and ``make dist`` show it.
__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    setup_collector(app)
    app.setup_extension("sphinx_design")
    setup_i18n(app)
    setup_myst(app)
    setup_sources(app)
    setup_config(app)
    setup_confinement(app)
    setup_nodes(app)
    setup_domain(app)
    setup_generation(app)
    setup_directives(app)
    setup_archive(app)
    setup_roles(app)
    setup_indices(app)
    setup_consistency(app)
    setup_addresses(app)
    setup_navigation(app)
    setup_languages(app)
    setup_sidebar(app)
    setup_rendering(app)
    setup_incremental(app)
    setup_collections(app)
    setup_assets(app)
    setup_accessibility(app)
    setup_books(app)
    setup_pdf(app)
    setup_downloads(app)
    setup_export(app)
    setup_citation(app)
    setup_release(app)
    setup_search(app)
    return {
        "version": __version__,
        "env_version": DATA_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
