"""MyST integration: unprefixed names and colon fences in this project's pages.

The contract lets MyST pages write ``{quote}`` as well as ``{kb:quote}``.
Sphinx looks up unprefixed directives and roles in the page's default domain
before docutils' own (this is what the ``default-domain`` directive sets), so
each MyST page starts with ``kb`` as its default domain. reStructuredText
pages keep the project's ``primary_domain``. Colon fences (``:::``), which
the contract's examples use, are switched on when a project has not.

HTML typed into a page is shown as text, not passed to the browser
(``briefing_raw_html = True`` restores MyST's default): contributors paste
from web pages and e-mails, and nothing they type should run in a reader's
browser.
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


def disable_raw_html(app: Sphinx, config: Config) -> None:
    """Show HTML typed into a page as text, unless ``briefing_raw_html`` allows it."""
    if config.briefing_raw_html:
        return
    disabled = list(getattr(config, "myst_disable_syntax", None) or [])
    missing = [rule for rule in ("html_inline", "html_block") if rule not in disabled]
    if missing:
        config.myst_disable_syntax = [*disabled, *missing]


def setup_myst(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.connect("config-inited", enable_colon_fence, priority=400)
    app.connect("config-inited", disable_raw_html, priority=400)
    app.connect("source-read", default_to_kb_domain)
