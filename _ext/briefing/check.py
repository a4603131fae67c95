"""``python -m briefing check``: every problem of the site, one line each.

``make check`` runs this: the nitpicky build (``-n``, all warnings collected as
with ``-W --keep-going``) with the navigation check of
:mod:`briefing.navigation`, printed as ``file:line: message`` so editors and
terminals can jump to the line, and a non-zero exit when there is any.

A full check starts from a fresh environment, since an incremental build only
repeats the warnings of pages it reads again. Given files (the pre-commit hook
passes the changed pages), it reuses the last check's environment, reads those
files again whatever their modification time, and reports only their problems:
fast, and still complete for the pages that changed.

A warning without a line is reported at line 1 of its file, one without a
file (a configuration problem) at ``conf.py``.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util.console import strip_colors

#: Sphinx's own "in no toctree" warning, worded for contributors here
_NOT_INCLUDED = (
    "this page is in no toctree, so the navigation does not reach it: add it "
    "to the toctree of its folder's index.md."
)
_WARNING = re.compile(
    r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
    r"(?P<message>.*)$"
)
_LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?(?::<[^>]*>)?$")
_TYPE = re.compile(r" \[(?P<type>[\w.-]+)\]$")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="check only these pages, reusing the last check's environment "
        "(the pre-commit hook's fast check)",
    )
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="source directory"
    )
    parser.add_argument(
        "--confdir",
        type=Path,
        default=Path("."),
        help="directory of conf.py (default: .)",
    )
    parser.add_argument(
        "--builddir",
        type=Path,
        default=Path("_build/check"),
        help="where the check's build goes (default: _build/check)",
    )


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working directory when it is inside it."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def parse_warnings(text: str, conf_py: str) -> list[Problem]:
    """The problems in Sphinx's warning output (continuation lines joined)."""
    problems: list[Problem] = []
    pending: list[str] = []

    def flush() -> None:
        if not pending:
            return
        match = _WARNING.match(pending[0])
        assert match is not None
        message = " ".join([match.group("message"), *(p.strip() for p in pending[1:])])
        kind = _TYPE.search(message)
        if kind and kind.group("type") == "toc.not_included":
            message = _NOT_INCLUDED + " [toc.not_included]"
        path, line = conf_py, 1
        location = match.group("location")
        if location:
            where = _LOCATION.match(location)
            assert where is not None
            path = shown_path(where.group("path"))
            line = int(where.group("line") or 1)
        problems.append(Problem(path, line, message))
        pending.clear()

    for line in strip_colors(text).splitlines():
        if _WARNING.match(line):
            flush()
            pending.append(line)
        elif pending and line.strip():
            pending.append(line)
    flush()
    return problems


def build(args: argparse.Namespace) -> tuple[list[Problem], list[str]]:
    """Run the nitpicky build; the problems, and the docnames checked."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    srcdir = args.docs.resolve()
    builddir = args.builddir.resolve()
    wanted: list[str] = []
    for file in args.files:
        absolute = file.resolve()
        if absolute.suffix == ".md" and absolute.is_relative_to(srcdir):
            wanted.append(absolute.relative_to(srcdir).with_suffix("").as_posix())
    warnings = io.StringIO()
    # as sphinx-build does: docutils' global registries are restored afterwards,
    # so a check run inside another program leaves it as it was
    with patch_docutils(args.confdir.resolve()), docutils_namespace():
        app = Sphinx(
            srcdir,
            args.confdir.resolve(),
            builddir / "html",
            builddir / "doctrees",
            "html",
            confoverrides={"nitpicky": True},
            status=None,
            warning=warnings,
            freshenv=not args.files,
        )
        if wanted:

            def reread(*_: Any) -> list[str]:
                return [d for d in wanted if d in app.env.found_docs]

            app.connect("env-get-outdated", reread)
        app.build()
    conf_py = shown_path(args.confdir / "conf.py")
    return parse_warnings(warnings.getvalue(), conf_py), wanted


def run(args: argparse.Namespace) -> int:
    from sphinx.errors import SphinxError

    if args.files and not any(f.suffix == ".md" for f in args.files):
        return 0
    try:
        problems, wanted = build(args)
    except (SphinxError, OSError) as error:
        print(f"{shown_path(args.confdir / 'conf.py')}:1: the build stopped: {error}")
        return 2
    if args.files:
        shown = {shown_path(f) for f in args.files}
        conf_py = shown_path(args.confdir / "conf.py")
        problems = [p for p in problems if p.path in shown or p.path == conf_py]
    problems = sorted(set(problems))
    for problem in problems:
        print(problem)
    count = len(problems)
    checked = f"{len(wanted)} changed page(s)" if args.files else "the whole site"
    print(f"{count} problem{'s' if count != 1 else ''} in {checked}.", file=sys.stderr)
    return 1 if problems else 0
