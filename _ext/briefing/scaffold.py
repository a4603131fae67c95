"""``python -m briefing new KIND``: a new page from a template, in minutes.

Contributors are policy staff, not programmers, so the command does the
fiddly parts: it takes the directive's options as ``--option value`` (read
from the directive classes themselves, so the command and the authoring
contract cannot drift apart), checks each value the way the build will,
asks for missing required ones when run in a terminal (and fails with a
clear message when not), derives the id from the title, writes the page into
its kind's folder, puts it into the navigation, and never overwrites.

Where each kind goes (relative to the source directory, ``docs/``)::

    statement     statements/
    brief         briefs/
    agreement     briefs/agreements/
    person        briefs/people/
    organization  briefs/organizations/
    event         briefs/events/
    topic         briefs/topics/

A folder without an ``index.md`` gets one whose toctree globs the folder, and
that index is added to its parent's toctree in turn.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .book_scaffold import add_book_arguments, run_book
from .diagnostics import suggest
from .directives.agreements import AgreementDirective
from .directives.base import VOCABULARIES, EntityDirective
from .directives.entries import (
    EventDirective,
    OrganizationDirective,
    PersonDirective,
    TopicDirective,
)
from .directives.pages import BriefDirective, StatementDirective
from .model import RELATION_TARGETS, KbDate, is_valid_id, is_valid_provision_id, slugify
from .navigation import ensure_in_navigation

#: longest id derived from a title; longer titles are cut at a word
MAX_ID_LENGTH = 60


@dataclass(frozen=True)
class KindTemplate:
    """How to write a new page of one kind."""

    directive: type[EntityDirective]
    folder: str
    #: the option that holds the page title, or None when ``--title`` is only
    #: the page's heading (statements and briefs, whose page is the entity)
    title_option: str | None
    help: str
    body: str

    @property
    def kind(self) -> str:
        return self.directive.kind


TEMPLATES: dict[str, KindTemplate] = {
    "statement": KindTemplate(
        StatementDirective,
        "statements",
        None,
        "what an organization said publicly",
        "Paste the text of the statement here, paragraph by paragraph, as it "
        "was published.\n\n"
        "% Mark what someone said with the quote directive:\n"
        "% :::{quote}\n% :speaker: person-id\n%\n% The quoted words.\n% :::\n",
    ),
    "brief": KindTemplate(
        BriefDirective,
        "briefs",
        None,
        "background written by the knowledge base's editors",
        "Write the background here. Give a source for every factual claim.\n\n"
        "## Sources\n\n- Name the sources of this brief here.\n",
    ),
    "agreement": KindTemplate(
        AgreementDirective,
        "briefs/agreements",
        "title",
        "an agreement, with its provisions",
        "Summarize the agreement here, in the editors' words.\n\n"
        "% Add each provision inside the agreement, before its closing ::::\n"
        "% :::{provision} 1\n% The provision's text or summary.\n% :::\n",
    ),
    "person": KindTemplate(
        PersonDirective,
        "briefs/people",
        "name",
        "a person the knowledge base cites",
        "A short biography.\n",
    ),
    "organization": KindTemplate(
        OrganizationDirective,
        "briefs/organizations",
        "name",
        "a state, organization, NGO, company or media outlet",
        "A short description.\n",
    ),
    "event": KindTemplate(
        EventDirective,
        "briefs/events",
        "title",
        "a meeting, summit or other dated event",
        "What happened, with sources.\n",
    ),
    "topic": KindTemplate(
        TopicDirective,
        "briefs/topics",
        "title",
        "a subject that statements, quotes and agreements are about",
        "What the topic covers.\n",
    ),
}

#: titles of the folder indexes the command creates when they are missing
FOLDER_TITLES: dict[str, str] = {
    "statements": "Statements",
    "briefs": "Briefs",
    "briefs/agreements": "Agreements",
    "briefs/people": "People",
    "briefs/organizations": "Organizations",
    "briefs/events": "Events",
    "briefs/topics": "Topics",
}

#: value type -> how to write it, for help texts, prompts and messages
VALUE_HELP: dict[str, str] = {
    "date": "a date: YYYY-MM-DD, YYYY-MM or YYYY",
    "id": "one id, such as restart-initiative",
    "ids": "ids, separated by commas",
    "url": "an http:// or https:// address",
    "number": "a number",
    "language": "a language tag such as hy or az-Latn",
    "text": "text",
    "file": "the path of the archived copy, such as /_archive/my-statement.txt",
}
VALUE_HELP.update({name: "one of " + ", ".join(words) for name, words in VOCABULARIES.items()})

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_DIRECTIVE_LINE = re.compile(r"^\s*(?:`{3,}|:{3,})\{(?:kb:)?(?P<kind>[a-z]+)\}[ \t]*(?P<id>\S*)")


class ScaffoldError(Exception):
    """A problem the contributor must fix; its text says how."""


def derive_id(title: str) -> str:
    """The id a title gives (:func:`briefing.model.slugify`), cut at a word."""
    return slugify(title, MAX_ID_LENGTH)


def check_value(option: str, value_type: str, text: str) -> str:
    """``text`` as the option will hold it, or :class:`ScaffoldError`."""
    text = " ".join(text.split())
    if not text:
        raise ScaffoldError(f"--{option} is empty.")
    if value_type in ("id", "ids"):
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if value_type == "id" and len(parts) != 1:
            raise ScaffoldError(f"--{option} takes one id, not '{text}'.")
        takes_provisions = "provision" in RELATION_TARGETS.get(option, ())
        for part in parts:
            if not (is_valid_id(part) or (takes_provisions and is_valid_provision_id(part))):
                example = derive_id(part) or "my-id"
                raise ScaffoldError(
                    f"--{option}: '{part}' is not an id; use lowercase letters, "
                    f"digits and single hyphens, such as '{example}'."
                )
        return ", ".join(parts)
    if value_type == "date" and KbDate.parse(text) is None:
        raise ScaffoldError(f"--{option}: '{text}' is not {VALUE_HELP['date']}.")
    if value_type == "url" and _URL.fullmatch(text) is None:
        raise ScaffoldError(f"--{option}: '{text}' is not {VALUE_HELP['url']}.")
    if value_type == "number" and not text.isdigit():
        raise ScaffoldError(f"--{option}: '{text}' is not a number.")
    if value_type in VOCABULARIES and text not in VOCABULARIES[value_type]:
        raise ScaffoldError(
            f"--{option}: '{text}' is not {VALUE_HELP[value_type]}."
            + suggest(text.lower(), VOCABULARIES[value_type])
        )
    return text


def known_ids(srcdir: Path) -> dict[str, dict[str, str]]:
    """kind -> id -> ``file:line`` of every entity the pages define.

    A quick read of the directive lines, good enough to catch a mistyped id
    before the page is written; the build remains the authority.
    """
    found: dict[str, dict[str, str]] = {}
    for path in sorted(srcdir.rglob("*.md")):
        if "_build" in path.parts:
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = _DIRECTIVE_LINE.match(line)
            if match is None or match.group("kind") not in TEMPLATES:
                continue
            kind = match.group("kind")
            entity_id = match.group("id")
            if not entity_id and kind in ("statement", "brief"):
                entity_id = path.stem
            if entity_id:
                found.setdefault(kind, {}).setdefault(entity_id, f"{path}:{lineno}")
    return found


def check_references(option: str, value: str, known: dict[str, dict[str, str]]) -> None:
    """Refuse ids that no entity of the option's kinds has yet."""
    kinds = RELATION_TARGETS.get(option)
    if not kinds:
        return
    for part in (p.strip() for p in value.split(",")):
        head = part.split("/", 1)[0] if "/" in part else part
        kinds_here = ("agreement",) if "/" in part else kinds
        if any(head in known.get(kind, {}) for kind in kinds_here):
            continue
        candidates = [i for kind in kinds_here for i in known.get(kind, {})]
        raise ScaffoldError(
            f"--{option}: no {' or '.join(kinds_here)} has the id '{part}'."
            + suggest(head, candidates)
            + f" Correct it, or create the {kinds_here[0]} first with "
            f"`python -m briefing new {kinds_here[0]} ...`."
        )


def render_page(template: KindTemplate, title: str, entity_id: str, values: dict[str, str]) -> str:
    """The MyST text of the new page."""
    directive = template.directive
    page_kind = template.title_option is None
    argument = "" if page_kind else f" {entity_id}"
    fence = "::::" if template.kind == "agreement" else ":::"
    options = [f":{name}: {values[name]}" for name in directive.option_types if name in values]
    optional = [
        f"%   :{name}: {VALUE_HELP.get(value_type, value_type)}"
        for name, value_type in directive.option_types.items()
        if name not in values
    ]
    lines = [f"# {title}", "", f"{fence}{{{template.kind}}}{argument}", *options]
    if page_kind:
        lines += [fence, ""]
    else:
        lines += ["", template.body.rstrip("\n"), fence, ""]
    if optional:
        lines += [
            f"% Options you may add to the {template.kind} above, one per line:",
            *optional,
            "",
        ]
    if page_kind:
        lines += [template.body.rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- the command line -------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs",
        default="docs",
        type=Path,
        help="the source directory of the site (default: docs)",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, template in TEMPLATES.items():
        sub = kinds.add_parser(
            kind,
            help=template.help,
            description=f"Write a new {kind} page into DOCS/{template.folder}/ "
            "(DOCS is --docs, by default docs).",
        )
        if template.title_option is None:
            sub.add_argument("--title", help="the page's title (required)")
        sub.add_argument(
            "--id",
            help="the id (and file name); derived from the title when omitted",
        )
        for name, value_type in template.directive.option_types.items():
            required = name in template.directive.required
            sub.add_argument(
                f"--{name}",
                dest=f"option:{name}",
                metavar="VALUE",
                help=VALUE_HELP.get(value_type, value_type) + (" (required)" if required else ""),
            )
    add_book_arguments(kinds)


def _ask(label: str, check: Callable[[str], str], read: Callable[[str], str]) -> str:
    while True:
        try:
            answer = read(f"{label}: ")
        except EOFError:
            raise ScaffoldError(f"stopped: no value for {label}.") from None
        try:
            return check(answer)
        except ScaffoldError as error:
            print(error, file=sys.stderr)


def collect(args: argparse.Namespace, interactive: bool) -> tuple[str, str, dict[str, str]]:
    """The title, id and option values, asking for what is missing if we may."""
    template = TEMPLATES[args.kind]
    directive = template.directive
    srcdir: Path = args.docs
    known = known_ids(srcdir)
    values: dict[str, str] = {}
    missing: list[str] = []

    def needed(
        flag: str, description: str, check: Callable[[str], str], attribute: str = ""
    ) -> str | None:
        given = getattr(args, attribute or f"option:{flag}", None)
        if given is not None:
            return check(given)
        if interactive:
            return _ask(f"--{flag} ({description})", check, input)
        missing.append(f"--{flag} ({description})")
        return None

    def checker(name: str) -> Callable[[str], str]:
        value_type = directive.option_types[name]

        def check(text: str) -> str:
            value = check_value(name, value_type, text)
            check_references(name, value, known)
            return value

        return check

    title = None
    if template.title_option is None:
        title = needed(
            "title",
            "the page's title",
            lambda t: check_value("title", "text", t),
            attribute="title",
        )
    for name, value_type in directive.option_types.items():
        if name in directive.required:
            value = needed(name, VALUE_HELP.get(value_type, value_type), checker(name))
        elif getattr(args, f"option:{name}", None) is not None:
            value = checker(name)(getattr(args, f"option:{name}"))
        else:
            value = None
        if value is not None:
            values[name] = value
    if missing:
        raise ScaffoldError(
            f"a new {args.kind} needs "
            + ", ".join(missing)
            + ". Give "
            + ("it" if len(missing) == 1 else "them")
            + f" on the command line, e.g. `python -m briefing new {args.kind} "
            + " ".join(f"{m.split()[0]} ..." for m in missing)
            + "`."
        )
    if title is None:
        title = values.get(template.title_option or "", "")
        if template.kind == "agreement":
            title = values.get("short-title", title)
    entity_id = args.id if args.id is not None else derive_id(title)
    if not is_valid_id(entity_id):
        raise ScaffoldError(
            f"'{entity_id}' is not an id: give one with --id, in lowercase letters, "
            "digits and single hyphens."
            if entity_id
            else "the title gives no id (it has no Latin letters or digits): give one with --id."
        )
    return title, entity_id, values


def run(args: argparse.Namespace) -> int:
    if args.kind == "book":
        return run_book(args)
    template = TEMPLATES[args.kind]
    srcdir: Path = args.docs
    prog = f"python -m briefing new {args.kind}"
    if not (srcdir / "index.md").is_file():
        print(
            f"{prog}: {srcdir}/index.md not found; run this in the project's "
            "folder, or give the source directory with --docs.",
            file=sys.stderr,
        )
        return 2
    try:
        title, entity_id, values = collect(args, interactive=sys.stdin.isatty())
    except ScaffoldError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    docname = f"{template.folder}/{entity_id}"
    path = srcdir / f"{docname}.md"
    if path.exists():
        print(
            f"{prog}: {path} exists already; it is left as it is. Edit it, or "
            "choose another id with --id.",
            file=sys.stderr,
        )
        return 1
    where = known_ids(srcdir).get(args.kind, {}).get(entity_id)
    if where:
        print(
            f"{prog}: a {args.kind} with the id '{entity_id}' exists already "
            f"({where}). Edit that one, or choose another id with --id.",
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(template, title, entity_id, values), encoding="utf-8")
    print(f"wrote {path}")
    for change in ensure_in_navigation(srcdir, docname, FOLDER_TITLES):
        print(change)
    print("Preview it with `make serve`; check it with `make check`.")
    return 0
