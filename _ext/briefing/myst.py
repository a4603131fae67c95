"""MyST integration: unprefixed names and colon fences in this project's pages.

The contract lets MyST pages write ``{quote}`` as well as ``{kb:quote}``.
Sphinx looks up unprefixed directives and roles in the page's default domain
before docutils' own (this is what the ``default-domain`` directive sets), so
each MyST page starts with ``kb`` as its default domain. reStructuredText
pages keep the project's ``primary_domain``. Colon fences (``:::``), which
the contract's examples use, are switched on when a project has not.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .domain import get_domain


def default_to_kb_domain(app: Sphinx, docname: str, source: list[str]) -> None:
    env: BuildEnvironment = app.env
    path = env.doc2path(docname)
    if path.suffix == ".md":
        env.current_document.default_domain = get_domain(env)


def enable_colon_fence(app: Sphinx, config: Config) -> None:
    extensions = list(getattr(config, "myst_enable_extensions", None) or [])
    if "colon_fence" not in extensions:
        config.myst_enable_extensions = [*extensions, "colon_fence"]


def setup_myst(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.connect("config-inited", enable_colon_fence, priority=400)
    app.connect("source-read", default_to_kb_domain)
