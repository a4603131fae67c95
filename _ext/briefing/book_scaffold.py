"""``python -m briefing new book``: a whole briefing book, ready to print.

Policy staff make books; they should not have to write ``conf.py`` or a
page of collections per chapter. The command writes, under
``docs/books/NAME/``, the book's root page (title, ``book`` directive with
the scope given on the command line, toctree) and its chapters:

- an executive summary for the editors to write (with what to put there);
- the statements and briefs in the scope, and those that hold the scope's
  agreements, events and quotes (existing pages, listed in the toctree);
- a chronology (``timeline``), key actors (``entity-list`` and the actors'
  full entries, ``book-entries``), key quotes (``quote-list``), the
  agreements (``agreement-table`` and ``agreement-graph``);
- an annex with the full entries of the scope's agreements (with their
  provisions), events and topics (``book-entries``);
- the sources of the statements, briefs and agreements in scope.

The collections need no filter: on a page of a book they start from the
book's scope. The book is added to the toctree of the home page that lists
the books, and ``make book`` renders it.

What is in scope depends on the whole knowledge base, so the command first
runs a quick read-only build of the site (Sphinx's ``dummy`` builder, in a
temporary folder, in a separate process) and reads the knowledge base from
the environment that build pickles. It refuses a scope that matches nothing,
ids that name nothing, and a book folder or name that exists: it never
overwrites.
"""

from __future__ import annotations

import argparse
import datetime
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import suggest
from .knowledge import KnowledgeBase
from .model import KINDS, PAGE_KINDS, Entity, KbDate
from .scope import Scope, holds_content, scope_keys

#: where books go, relative to the source directory
BOOKS_FOLDER = "books"
#: the caption of the home page's toctree of books, when there is none yet
BOOKS_CAPTION = "Briefing books"

#: user-visible text (one place, for translation)
TEXT = {
    "intro": (
        "A briefing book of the knowledge base{scope}. Its chapters list what is "
        "in its scope; the statements and briefs are kept once in the knowledge "
        "base and are chapters here."
    ),
    "intro-topics": " on {titles}",
    "intro-about": " about {titles}",
    "intro-window": ", from {since} to {until}",
    "intro-start": "the beginning",
    "intro-end": "today",
    "summary-title": "Executive summary",
    "summary-guidance": (
        "Replace this box with the executive summary, in five to "
        "eight bullet points a decision maker reads in two minutes: what happened, "
        "what was agreed (name the agreement and its provision), what the "
        "statements in this book say (quote them), where the sources differ, and "
        "what to watch next. Give a source for every claim in a footnote, from "
        "the briefs and statements of this book only: invent nothing."
    ),
    "summary-examples": (
        "% How to link what the summary names (each link gives its page in the PDF):\n"
        "%   an agreement: {agreement}`trilateral-statement-2020-11-09`\n"
        "%   a provision:  {provision}`trilateral-statement-2020-11-09/9`\n"
        "%   a quote:      {quote}`milli-2021-12-15`\n"
        "%   an event:     {event}`brussels-meeting-2021-12-14`\n"
        "% A footnote: write [^source] after the claim and, below,\n"
        "% [^source]: The source, with its date and address."
    ),
    "chronology-title": "Chronology",
    "chronology-intro": "The agreements, events and statements of this book, in date order.",
    "actors-title": "Key actors",
    "actors-intro": "The people, organizations and states that take part in what this book covers.",
    "people": "People",
    "organizations": "Organizations and states",
    "who": "Who they are",
    "quotes-title": "Key quotes",
    "quotes-intro": "What was said on the subject of this book, in date order.",
    "agreements-title": "The agreements",
    "agreements-intro": (
        "The agreements of this book as the PA-X Peace Agreements Database codes "
        "them; their full entries, with their provisions, are in the annex or in "
        "the chapters that define them."
    ),
    "graph-intro": (
        "How they build on each other, on a time axis by stage, with the events that led to them."
    ),
    "annex-title": "Annex: agreements, events and topics",
    "annex-intro": (
        "The full entries of the agreements of this book, with their provisions, "
        "of its events and of its topics, as the knowledge base records them."
    ),
    "annex-agreements": "Agreements and their provisions",
    "annex-events": "Events",
    "annex-topics": "Topics",
    "sources-title": "Sources",
    "sources-intro": (
        "The sources of the statements, briefs and agreements of this book. The "
        "briefs cite theirs claim by claim, in their footnotes."
    ),
    "sources-none": "The pages of this book cite their sources in their footnotes.",
    "pax": "PA-X agreement {id}",
    "original": "original publication",
}


class BookError(Exception):
    """A problem the contributor must fix; its text says how."""


@dataclass(frozen=True)
class Base:
    """What the command needs of a read-only build."""

    knowledge: KnowledgeBase
    book_names: frozenset[str]
    pax_url: str


def add_book_arguments(kinds: Any) -> None:
    """The ``book`` subcommand of ``new``."""
    sub = kinds.add_parser(
        "book",
        help="a briefing book: root page, chapters and PDF",
        description=(
            "Write a briefing book into DOCS/books/NAME/ (DOCS is --docs, by default "
            "docs): its root page with the book directive and its chapters, and add "
            "it to the home page. The scope (--topic, --about, --since, --until) "
            "decides what the chapters list; without --topic and --about, "
            "everything in the date window."
        ),
    )
    sub.add_argument("--title", help="the book's title (required)")
    sub.add_argument("--name", help="the book's name: its folder and PDF (from the title)")
    sub.add_argument("--subtitle", help="the subtitle on the cover")
    sub.add_argument("--topic", help="topic ids, separated by commas")
    sub.add_argument("--about", help="ids of agreements, events, people... the book is about")
    sub.add_argument("--since", help="first date of the window: YYYY-MM-DD, YYYY-MM or YYYY")
    sub.add_argument("--until", help="last date of the window: YYYY-MM-DD, YYYY-MM or YYYY")


def read_base(srcdir: Path) -> Base:
    """Build the site read-only (``dummy`` builder) and read its knowledge base."""
    confdir = srcdir if (srcdir / "conf.py").is_file() else srcdir.parent
    if not (confdir / "conf.py").is_file():
        raise BookError(f"no conf.py in {srcdir} or {srcdir.parent}.")
    extension_dir = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extension_dir, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryDirectory(prefix="briefing-new-book-") as tmp:
        doctrees = Path(tmp) / "doctrees"
        command = [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-c", str(confdir)]
        command += ["-d", str(doctrees), str(srcdir), str(Path(tmp) / "out")]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        pickled = doctrees / "environment.pickle"
        if done.returncode != 0 or not pickled.is_file():
            raise BookError(
                "the site does not build, so what is in scope cannot be known. Run "
                "`make check` and fix what it reports first.\n" + done.stderr[-2000:]
            )
        with pickled.open("rb") as stream:
            environment = pickle.load(stream)
    data = environment.domaindata["kb"]
    knowledge = KnowledgeBase(data["entities"], data["references"])
    names = {b.name for declared in data.get("books", {}).values() for b in declared}
    names |= {b.get("name") for b in environment.config.briefing_books if isinstance(b, dict)}
    return Base(knowledge, frozenset(n for n in names if n), environment.config.briefing_pax_url)


def _ids(
    option: str, text: str | None, knowledge: KnowledgeBase, kinds: tuple[str, ...]
) -> tuple[str, ...]:
    if not text:
        return ()
    result = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not any(knowledge.get(kind, part) for kind in kinds):
            known = [e.id for kind in kinds for e in knowledge.entities(kind)]
            what = "topic" if kinds == ("topic",) else "entity"
            raise BookError(f"--{option}: no {what} has the id '{part}'." + suggest(part, known))
        result.append(part)
    return tuple(dict.fromkeys(result))


def _date(option: str, text: str | None) -> str:
    if not text:
        return ""
    date = KbDate.parse(text)
    if date is None:
        raise BookError(f"--{option}: '{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.")
    return date.iso()


def plan(
    args: argparse.Namespace, base: Base
) -> tuple[str, str, Scope, frozenset[tuple[str, str]]]:
    """The title, name and scope from the command line, and the keys in scope."""
    from .scaffold import check_value, derive_id  # the one slug function of `new`

    if not args.title:
        raise BookError("a new book needs --title, e.g. `python -m briefing new book --title ...`.")
    title = check_value("title", "text", args.title)
    name = args.name or derive_id(title)
    check_value("name", "id", name)
    if name in base.book_names:
        raise BookError(f"a book named '{name}' exists already; choose another with --name.")
    knowledge = base.knowledge
    scope = Scope(
        topics=_ids("topic", args.topic, knowledge, ("topic",)),
        about=_ids("about", args.about, knowledge, KINDS),
        since=_date("since", args.since),
        until=_date("until", args.until),
    )
    since, until = KbDate.parse(scope.since or "1"), KbDate.parse(scope.until or "9999")
    if since and until and scope.since and scope.until and since.sort_key > until.last_day_key:
        raise BookError(f"--since {scope.since} is after --until {scope.until}; swap them.")
    keys = scope_keys(knowledge, scope)
    if not holds_content(keys):
        raise BookError(
            "the scope matches nothing in the knowledge base: no agreement, event, "
            "statement, brief or quote has "
            + _describe(scope)
            + ". Widen it (another topic, a longer window), or check the ids."
        )
    return title, name, scope, keys


def _describe(scope: Scope) -> str:
    parts = []
    if scope.topics:
        parts.append("the topics " + ", ".join(scope.topics))
    if scope.about:
        parts.append("anything to do with " + ", ".join(scope.about))
    if scope.since or scope.until:
        parts.append(f"a date from {scope.since or 'the start'} to {scope.until or 'today'}")
    return " and ".join(parts) or "anything"


# -- the pages --------------------------------------------------------------------------


def chapter_pages(knowledge: KnowledgeBase, keys: frozenset[tuple[str, str]]) -> list[str]:
    """The statements and briefs in scope, and those that hold the scope's
    agreements, events and quotes, by date."""
    pages: dict[str, Entity] = {}
    for key in keys:
        entity = knowledge.by_key.get(key)
        if entity is None:
            continue
        if entity.kind in PAGE_KINDS:
            pages[entity.docname] = entity
        elif entity.kind in ("agreement", "event", "quote"):
            page = knowledge.page_entity.get(entity.docname)
            if page is not None:
                pages.setdefault(entity.docname, page)
    ordered = sorted(
        pages.items(),
        key=lambda item: ((knowledge.date(item[1]) or KbDate(9999)).sort_key, item[0]),
    )
    return [docname for docname, _ in ordered]


def _scope_options(scope: Scope) -> list[str]:
    options = []
    if scope.topics:
        options.append(f":topics: {', '.join(scope.topics)}")
    if scope.about:
        options.append(f":about: {', '.join(scope.about)}")
    if scope.since:
        options.append(f":since: {scope.since}")
    if scope.until:
        options.append(f":until: {scope.until}")
    return options


def scope_words(knowledge: KnowledgeBase, scope: Scope) -> str:
    """The scope for readers: " on Transport and rail links, from 2020 to 2021"."""
    text = ""
    if scope.topics:
        titles = [knowledge.display(knowledge.by_key[("topic", t)]) for t in scope.topics]
        text += TEXT["intro-topics"].format(titles=", ".join(titles))
    if scope.about:
        entities = [next(iter(_found(knowledge, i))) for i in scope.about]
        titles = [knowledge.display(e) for e in entities]
        text += TEXT["intro-about"].format(titles=", ".join(titles))
    if scope.since or scope.until:
        since, until = KbDate.parse(scope.since or ""), KbDate.parse(scope.until or "")
        text += TEXT["intro-window"].format(
            since=since.display() if since else TEXT["intro-start"],
            until=until.display() if until else TEXT["intro-end"],
        )
    return text


def _found(knowledge: KnowledgeBase, entity_id: str) -> list[Entity]:
    return [e for kind in KINDS if (e := knowledge.get(kind, entity_id)) is not None]


def book_pages(
    title: str,
    name: str,
    subtitle: str,
    scope: Scope,
    described: str,
    chapters: list[str],
    sources: list[str],
    today: datetime.date,
) -> dict[str, str]:
    """file name -> MyST text of every page of the book."""
    t = TEXT
    directive = [f":::{{book}} {name}"]
    if subtitle:
        directive.append(f":subtitle: {subtitle}")
    directive.append(f":date: {today:%Y-%m}")
    directive += [*_scope_options(scope), ":::"]
    toctree = ["summary", *(f"/{d}" for d in chapters)]
    toctree += ["chronology", "actors", "quotes", "agreements", "annex", "sources"]
    index = "\n".join(
        [
            f"# {title}",
            "",
            *directive,
            "",
            t["intro"].format(scope=described),
            "",
            "```{toctree}",
            ":maxdepth: 1",
            ":caption: Chapters",
            "",
            *toctree,
            "```",
        ]
    )
    pages = {
        "index.md": index,
        "summary.md": f"# {t['summary-title']}\n\n:::{{admonition}} For the editors\n"
        f"{t['summary-guidance']}\n:::\n\n{t['summary-examples']}",
        "chronology.md": f"# {t['chronology-title']}\n\n{t['chronology-intro']}\n\n"
        ":::{timeline}\n:kinds: agreement, event, statement\n:::",
        "actors.md": f"# {t['actors-title']}\n\n{t['actors-intro']}\n\n"
        f"## {t['people']}\n\n:::{{entity-list}}\n:kind: person\n:sort: name\n:::\n\n"
        f"## {t['organizations']}\n\n:::{{entity-list}}\n:kind: organization\n:sort: name\n:::\n\n"
        f"## {t['who']}\n\n:::{{book-entries}}\n:kind: person, organization\n:::",
        "quotes.md": f"# {t['quotes-title']}\n\n{t['quotes-intro']}\n\n"
        ":::{quote-list}\n:sort: date\n:::",
        "agreements.md": f"# {t['agreements-title']}\n\n{t['agreements-intro']}\n\n"
        ":::{agreement-table}\n:columns: date, title, parties, signatories, stage\n:::\n\n"
        f"{t['graph-intro']}\n\n:::{{agreement-graph}}\n:events: yes\n:::",
        "annex.md": f"# {t['annex-title']}\n\n{t['annex-intro']}\n\n"
        f"## {t['annex-agreements']}\n\n:::{{book-entries}}\n:kind: agreement\n:::\n\n"
        f"## {t['annex-events']}\n\n:::{{book-entries}}\n:kind: event\n:::\n\n"
        f"## {t['annex-topics']}\n\n:::{{book-entries}}\n:kind: topic\n:::",
        "sources.md": f"# {t['sources-title']}\n\n"
        + (f"{t['sources-intro']}\n\n" + "\n\n".join(sources) if sources else t["sources-none"]),
    }
    return {file: text.rstrip("\n") + "\n" for file, text in pages.items()}


def source_entries(
    knowledge: KnowledgeBase, keys: frozenset[tuple[str, str]], pax_url: str
) -> list[str]:
    """A definition-list entry per statement, brief and agreement in scope with a source."""
    entries = []
    chosen = [
        knowledge.by_key[k]
        for k in keys
        if k[0] in ("statement", "brief", "agreement") and k in knowledge.by_key
    ]
    chosen.sort(key=lambda e: ((knowledge.date(e) or KbDate(9999)).sort_key, e.id))
    for entity in chosen:
        links = []
        if entity.fields.get("source"):
            links.append(f"[{TEXT['original']}]({entity.fields['source']})")
        if entity.fields.get("pax-id"):
            pax = entity.fields["pax-id"]
            label = TEXT["pax"].format(id=pax)
            links.append(f"[{label}]({pax_url.replace('{id}', pax)})")
        if links:
            date = knowledge.date(entity)
            when = f", {date.display()}" if date else ""
            entries.append(f"{knowledge.display(entity)}{when}\n: " + "; ".join(links) + ".")
    return entries


def add_to_home(srcdir: Path, docname: str) -> str:
    """List the book in the home page's toctree of books (or a new one)."""
    from .navigation import parse_toctrees, toctree_lists

    home = srcdir / "index.md"
    text = home.read_text(encoding="utf-8")
    toctrees = parse_toctrees(text)
    if any(toctree_lists(t, "index", docname) for t in toctrees):
        return f"{home} lists it already"
    lines = text.splitlines()
    of_books = [t for t in toctrees if any(e.startswith(f"{BOOKS_FOLDER}/") for e in t.entries)]
    if of_books:
        lines.insert(of_books[0].closing_line, f"{of_books[0].indent}{docname}")
    else:
        lines += ["", "```{toctree}", ":maxdepth: 2", f":caption: {BOOKS_CAPTION}", ":hidden:"]
        lines += ["", docname, "```"]
    home.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"added {docname} to the toctree of {home}"


def run_book(args: argparse.Namespace) -> int:
    prog = "python -m briefing new book"
    srcdir: Path = args.docs
    if not (srcdir / "index.md").is_file():
        print(
            f"{prog}: {srcdir}/index.md not found; run this in the project's folder, "
            "or give the source directory with --docs.",
            file=sys.stderr,
        )
        return 2
    try:
        if args.name is not None and (srcdir / BOOKS_FOLDER / args.name).exists():
            raise BookError(f"{srcdir / BOOKS_FOLDER / args.name} exists already")
        print("Reading the knowledge base (a quick build of the site)...", file=sys.stderr)
        base = read_base(srcdir)
        title, name, scope, keys = plan(args, base)
        folder = srcdir / BOOKS_FOLDER / name
        if folder.exists():
            raise BookError(
                f"{folder} exists already; it is left as it is. Edit that book, or "
                "choose another name with --name."
            )
        chapters = chapter_pages(base.knowledge, keys)
        sources = source_entries(base.knowledge, keys, base.pax_url)
        subtitle = " ".join((args.subtitle or "").split())
        described = scope_words(base.knowledge, scope)
        pages = book_pages(
            title, name, subtitle, scope, described, chapters, sources, datetime.date.today()
        )
    except BookError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    folder.mkdir(parents=True)
    for file, text in pages.items():
        (folder / file).write_text(text, encoding="utf-8")
        print(f"wrote {folder / file}")
    print(add_to_home(srcdir, f"{BOOKS_FOLDER}/{name}/index"))
    print(
        f"The book holds {len(chapters)} statements and briefs and lists "
        f"{len(keys)} entries of the knowledge base. Write its executive summary "
        f"in {folder / 'summary.md'}, then render it with `make book` "
        f"(_build/pdf/{name}.pdf)."
    )
    return 0
