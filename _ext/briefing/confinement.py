"""Files a page may put into the site: only those of the source folder.

``include``, ``literalinclude``, ``csv-table :file:`` and ``raw :file:``
copy a file's text into the page, and images and ``{download}`` links copy
the file itself into the site. Contributors are not all programmers, and not
all trusted: ``{literalinclude} ../../secret.txt`` or an image of
``/proc/self/environ`` would publish whatever the build can read, in CI
too. So a page may only insert files inside the source folder, and the
folders ``briefing_include_paths`` names besides it (each resolved, links
followed, so a symbolic link cannot lead out either). Anything else is a
located ``briefing.outside-source`` warning, and nothing is inserted: the
directive gives no node, the image goes, a download keeps its text but no
link. ``:url:`` options that are not http(s) (``file:///etc/passwd``) are
refused alike.

The directives are Sphinx's and docutils' own, subclassed only to check the
path before they read. MyST runs any subclass of docutils' ``Include``
through its own reader (with no hook), so ``include`` is a wrapper that
checks and then hands over to MyST's or Sphinx's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Raw
from myst_parser.mocking import MockIncludeDirective, MockState
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn

CONFIG_VALUE = "briefing_include_paths"


def allowed_folders(env: BuildEnvironment) -> list[Path]:
    """The source folder and the folders ``briefing_include_paths`` adds, resolved."""
    srcdir = Path(env.srcdir).resolve()
    extra = getattr(env.config, CONFIG_VALUE, None)
    extra = extra if isinstance(extra, list) else []
    return [srcdir, *((srcdir / f).resolve() for f in extra if isinstance(f, str) and f)]


def is_allowed(env: BuildEnvironment, path: Path) -> bool:
    """Whether ``path`` (links followed) lies in a folder pages may insert from."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in allowed_folders(env))


def refuse(what: str, given: str, path: Path | None, location: Any) -> None:
    """Warn that ``given`` is not inserted, and why (``path`` None: a URL)."""
    why = (
        f"({path.resolve()}) is outside the source folder"
        if path is not None
        else "is not an http(s) address"
    )
    warn(
        "outside-source",
        f"{what} '{given}' {why}, so it is not inserted: a page may only insert "
        "files of the source folder. Move the file into it, or add its folder to "
        f"{CONFIG_VALUE} in conf.py.",
        location,
    )


class _Confined(SphinxDirective):
    """Checks for directives that read a file named by an argument or option."""

    def file_refused(self, what: str, given: str, path: Path | None = None) -> bool:
        """Refuse (and warn) when ``given`` names a file outside the allowed folders."""
        if path is None:
            path = Path(self.env.relfn2path(given)[1])
        if is_allowed(self.env, path):
            return False
        refuse(what, given, path, (self.env.docname, self.lineno))
        return True

    def url_refused(self, what: str) -> bool:
        """Refuse a ``:url:`` that is not http(s): ``file:`` URLs read local files."""
        url = self.options.get("url")
        if url is None or urlsplit(url).scheme.lower() in ("http", "https"):
            return False
        refuse(what, url, None, (self.env.docname, self.lineno))
        return True


class ConfinedLiteralInclude(LiteralInclude, _Confined):
    def run(self) -> list[nodes.Node]:
        if self.file_refused("the file of literalinclude", self.arguments[0]):
            return []
        if "diff" in self.options and self.file_refused(
            "the :diff: file of literalinclude", self.options["diff"]
        ):
            return []
        return super().run()


class ConfinedCSVTable(CSVTable, _Confined):
    def run(self) -> list[nodes.Node]:
        given = self.options.get("file")
        if given is not None:
            path = None
            if given.startswith("/") and Path(given).exists():
                path = Path(given)  # Sphinx reads an existing absolute path as it is
            elif not given.startswith("/"):
                path = Path(self.env.doc2path(self.env.docname)).parent / given
            if self.file_refused("the :file: of csv-table", given, path):
                return []
        if self.url_refused("the :url: of csv-table"):
            return []
        return super().run()


class ConfinedRaw(Raw, _Confined):
    def run(self) -> list[nodes.Node]:
        given = self.options.get("file")
        if given is not None:
            path = Path(self.env.doc2path(self.env.docname)).parent / given
            if self.file_refused("the :file: of raw", given, path):
                return []
        if self.url_refused("the :url: of raw"):
            return []
        return super().run()


#: Options MyST gives its include (it adds them to any ``Include`` subclass).
_MYST_INCLUDE_OPTIONS = {
    "relative-images": directives.flag,
    "relative-docs": directives.path,
    "heading-offset": directives.nonnegative_int,
}


class ConfinedInclude(_Confined):
    """``include``: checked, then run by MyST (in Markdown) or Sphinx (in rST)."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {**Include.option_spec, **_MYST_INCLUDE_OPTIONS}

    def run(self) -> list[nodes.Node]:
        given = "".join(line.strip() for line in self.arguments[0].splitlines())
        standard = given.startswith("<") and given.endswith(">")  # docutils' own files
        if not standard and self.file_refused("the file of include", given):
            return []
        if isinstance(self.state, MockState):
            return MockIncludeDirective(
                self.state._renderer,
                name=self.name,
                klass=Include,
                arguments=self.arguments,
                options=self.options,
                body=list(self.content),
                lineno=self.lineno,
            ).run()
        return list(
            Include(
                self.name,
                self.arguments,
                self.options,
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            ).run()
        )


def confine_images_and_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """Drop images, and unlink downloads, of files outside the allowed folders.

    Runs before Sphinx's collectors (which copy the files into the site).
    """
    env = app.env
    docname = env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image["uri"]
        if "://" in uri or uri.startswith("data:"):
            continue
        path = Path(env.relfn2path(uri, docname)[1])
        if not is_allowed(env, path):
            refuse("the image", uri, path, image)
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download["reftarget"]
        if "://" in target:
            continue
        path = Path(env.relfn2path(target, docname)[1])
        if not is_allowed(env, path):
            refuse("the download", target, path, download)
            download.replace_self(nodes.inline("", "", *download.children))


def setup_confinement(app: Sphinx) -> None:
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
    # before Sphinx's image and download collectors (priority 500)
    app.connect("doctree-read", confine_images_and_downloads, priority=400)
