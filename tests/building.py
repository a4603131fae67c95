"""Build helpers for tests that edit sources between builds.

``sphinx.testing``'s ``app`` fixture builds a test root once; incremental and
parallel tests need to build a copy of a root several times, edit it in
between, and see which pages each build wrote. :class:`Project` does that.
"""

from __future__ import annotations

import gzip
import json
import shutil
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = Path(__file__).parent / "roots"


def rewritten(result: BuildResult) -> list[str]:
    """Pages written, leaving out the root: Sphinx rewrites a changed page's
    toctree parents itself (their navigation shows its title)."""
    return [docname for docname in result.written if docname != "index"]


class Project:
    """A copy of a test root that can be edited and built repeatedly."""

    def __init__(self, root: str, directory: Path) -> None:
        self.srcdir = directory / "src"
        shutil.copytree(ROOTS / f"test-{root}", self.srcdir)

    def build(
        self,
        buildername: str = "html",
        outdir: str = "out",
        parallel: int = 0,
        fresh: bool = False,
        confoverrides: dict | None = None,
    ) -> BuildResult:
        builddir = self.srcdir.parent / outdir
        if fresh and builddir.exists():
            shutil.rmtree(builddir)
        warning = StringIO()
        app = SphinxTestApp(
            buildername,
            srcdir=self.srcdir,
            builddir=builddir,
            status=StringIO(),
            warning=warning,
            parallel=parallel,
            confoverrides=confoverrides,
        )
        written: list[str] = []
        app.connect("doctree-resolved", lambda _app, _tree, docname: written.append(docname))
        try:
            app.build()
        finally:
            app.cleanup()
        return BuildResult(Path(app.outdir), sorted(written), warning.getvalue())

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.srcdir / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.srcdir / name).write_text(text, encoding="utf-8")

    def remove(self, name: str) -> None:
        (self.srcdir / name).unlink()


class BuildResult:
    def __init__(self, outdir: Path, written: list[str], warnings: str) -> None:
        self.outdir = outdir
        self.written = written
        self.warnings = [line for line in strip_colors(warnings).splitlines() if line.strip()]

    def pages(self) -> dict[str, str]:
        """Every HTML page of the output, by relative path."""
        return {
            str(path.relative_to(self.outdir)): path.read_text(encoding="utf-8")
            for path in sorted(self.outdir.rglob("*.html"))
        }

    def texts(self) -> dict[str, str]:
        """Every page of a text build's output, by relative path."""
        return {
            str(path.relative_to(self.outdir)): path.read_text(encoding="utf-8")
            for path in sorted(self.outdir.rglob("*.txt"))
        }

    def search_index(self) -> tuple[int, list[tuple[str, str]]]:
        """What the Pagefind bundle holds: its page count, and the (URL, text)
        of every page and record, from its entry file and fragments."""
        bundle = self.outdir / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        count = sum(language["page_count"] for language in entry["languages"].values())
        fragments = []
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
            data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            fragments.append((data["url"], data["content"]))
        return count, sorted(fragments)
