"""The extension's own stylesheet, served with the HTML site (never from a CDN)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"


def add_static_dir(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", add_static_dir)
    app.add_css_file("briefing.css")
