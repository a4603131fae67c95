"""``python -m briefing``: the command line for contributors and editors.

Each subcommand lives in its own module, which provides ``add_arguments(parser)``
and ``run(args) -> int``; this file only dispatches, importing a subcommand's
module when it is used.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: subcommand -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "new": (
        "briefing.scaffold",
        "Write a new page (statement, brief, agreement, ...).",
    ),
    "check": (
        "briefing.check",
        "Report every problem of the site as file:line: message.",
    ),
    "dist": (
        "briefing.release",
        "Pack the built site, PDF books and data into one reproducible archive.",
    ),
    "import-pax": (
        "briefing.pax_import",
        "Write MyST pages for the agreements of a PA-X CSV export.",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m briefing",
        description="Tools for the briefing book knowledge base.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        subparser = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(subparser)
        subparser.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
