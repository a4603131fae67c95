"""Collections: directives that list entities from the whole knowledge base.

One folder, one registry. :mod:`.registry` defines what a collection kind is
and :mod:`.kinds` declares each one (importing this package registers them);
:mod:`.directives` records each collection as a query while reading,
:mod:`.queries` answers it from inverted indices, and :mod:`.rendering` turns
the answer into standard docutils nodes at write time; :mod:`.graph` and
:mod:`.layout` draw the ``agreement-graph`` and each agreement's lineage.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import kinds as _kinds  # noqa: F401  (registers the collection kinds)
from .directives import setup_collection_directives
from .graph import setup_graph
from .rendering import setup_collection_rendering


def setup_collections(app: Sphinx) -> None:
    setup_collection_directives(app)
    setup_collection_rendering(app)
    setup_graph(app)
