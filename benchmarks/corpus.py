"""A seeded, deterministic MyST corpus of a given size, to measure the extension.

The benchmarks need archives far larger than the real one, with the shape of
a real organization's: many statements full of quotes, fewer briefs and
agreements, people and organizations cited with a skewed (Zipf-like) fan-out
(a few leaders are quoted everywhere), topics, events, and pages with
collections. One content model is generated from the seed and written in one
of two forms, so the extension's own cost can be measured on identical text:

- ``extension``: the authoring contract's markup (directives, roles,
  collections);
- ``vanilla``: plain MyST for Sphinx + MyST + Furo without the extension:
  block quotes with a dash attribution, the display text of references as
  plain text, option values as bullet lists, and no collections.

``python -m benchmarks.corpus OUTDIR --statements 350 [--vanilla]`` writes
``OUTDIR/conf.py``, the pages, and ``OUTDIR/manifest.json`` (counts, and the
quote the incremental benchmark edits).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from briefing.model import KINDS, STAGES

_COMMON_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "was",
    "at",
    "from",
    "this",
    "be",
    "are",
    "it",
    "an",
    "which",
    "have",
    "has",
    "were",
    "not",
    "will",
    "their",
    "its",
    "they",
    "been",
    "more",
    "also",
    "but",
    "or",
    "had",
    "would",
    "other",
    "agreement",
    "border",
    "peace",
    "economic",
    "cooperation",
    "transport",
    "links",
    "railway",
    "road",
    "delimitation",
    "demarcation",
    "ceasefire",
    "humanitarian",
    "detainees",
    "prisoners",
    "mines",
    "maps",
    "region",
    "regional",
    "leaders",
    "meeting",
    "talks",
    "negotiations",
    "statement",
    "summit",
    "ministers",
    "trade",
    "energy",
    "corridor",
    "security",
    "stability",
    "trust",
    "dialogue",
    "civil",
    "society",
    "dialogue",
    "reconstruction",
    "demining",
    "refugees",
    "displaced",
    "persons",
    "return",
    "investment",
    "platform",
    "infrastructure",
    "customs",
    "control",
    "reciprocity",
    "technical",
    "assistance",
    "financial",
    "support",
    "commission",
    "working",
    "group",
    "process",
    "implementation",
    "commitments",
    "relations",
    "neighbours",
    "communities",
    "recovery",
    "development",
    "future",
    "lasting",
    "cooperation",
    "joint",
    "declaration",
    "people",
    "both",
    "sides",
    "president",
    "prime",
    "minister",
    "council",
    "union",
    "european",
    "international",
    "organization",
    "mediation",
    "confidence",
    "building",
    "measures",
    "initiative",
]

_SYLLABLES = [
    "ar",
    "ba",
    "ka",
    "li",
    "mo",
    "ne",
    "ru",
    "sa",
    "ta",
    "vi",
    "zan",
    "gor",
    "mer",
    "dal",
    "tek",
    "hov",
    "nav",
    "sev",
    "lor",
    "pan",
    "kur",
    "bek",
    "shir",
    "yer",
    "gan",
    "zor",
    "vel",
    "min",
    "dar",
    "tol",
    "kas",
    "nur",
    "pol",
    "ven",
]

_FIRST = [
    "Anna",
    "Aram",
    "Leyla",
    "Rashad",
    "Gohar",
    "Samir",
    "Narine",
    "Elchin",
    "Ani",
    "Farid",
    "Lilit",
    "Tural",
    "Mariam",
    "Kamran",
    "Arev",
    "Nigar",
    "Hayk",
    "Sevinj",
    "Tigran",
    "Aysel",
    "Davit",
    "Orkhan",
    "Sona",
    "Javid",
    "Karen",
    "Gunel",
    "Armen",
    "Lala",
    "Vahe",
    "Zaur",
]
_LAST = [
    "Petrosyan",
    "Aliyeva",
    "Hakobyan",
    "Mammadov",
    "Sargsyan",
    "Huseynova",
    "Grigoryan",
    "Ismayilov",
    "Harutyunyan",
    "Guliyeva",
    "Avetisyan",
    "Hasanov",
    "Karapetyan",
    "Rzayeva",
    "Vardanyan",
    "Jafarov",
    "Khachatryan",
    "Abbasova",
    "Melkonyan",
    "Babayev",
]
_STATES = (
    ("armenia", "Republic of Armenia", "Armenia"),
    ("azerbaijan", "Republic of Azerbaijan", "Azerbaijan"),
    ("russia", "Russian Federation", "Russia"),
    ("georgia", "Georgia", "Georgia"),
    ("turkey", "Republic of Türkiye", "Türkiye"),
    ("iran", "Islamic Republic of Iran", "Iran"),
    ("france", "French Republic", "France"),
    ("united-states", "United States of America", "United States"),
)
_TOPICS = (
    "Economic cooperation",
    "Transport links",
    "Border delimitation",
    "Humanitarian issues",
    "Detainees",
    "Demining",
    "Energy",
    "Trade",
    "Civil society",
    "Refugees and displaced persons",
    "Peacekeeping",
    "Confidence building",
)
_ORG_KINDS = ("ngo", "media", "international-organization", "company", "other")
_ORG_SUFFIXES = ("Institute", "Foundation", "Network", "Agency", "Forum", "Centre")
_ROLES = ("Director", "Minister", "Spokesperson", "Chair", "Analyst")


@dataclass(frozen=True)
class Ref:
    """A reference in running text: a role, or in vanilla form its display text."""

    role: str
    target: str
    display: str
    explicit: bool = False


#: Running text: plain strings and references.
Inline = list[str | Ref]


@dataclass
class Block:
    """An entity directive (or, in vanilla form, its plain rendering)."""

    directive: str
    argument: str
    title: str
    options: list[tuple[str, str]]
    display_options: list[tuple[str, str]]
    body: list[Inline]
    children: list[Block] = field(default_factory=list)
    attribution: str = ""


@dataclass
class Page:
    path: str
    title: str
    header: Block | None = None
    content: list[Block | list[Inline] | str] = field(default_factory=list)


@dataclass
class Model:
    pages: list[Page]
    counts: dict[str, int]
    edit_target: dict[str, str]


class _Zipf:
    """Weighted choice where the i-th item is about 1/(i+1) as likely as the first."""

    def __init__(self, items: list, rng: random.Random, exponent: float = 1.0) -> None:
        self.items = items
        self.rng = rng
        weights = [1.0 / (rank + 1) ** exponent for rank in range(len(items))]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self):
        point = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, point)]

    def sample(self, count: int) -> list:
        chosen: list = []
        for _ in range(count * 4):
            item = self.pick()
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == count:
                break
        return chosen


class _Generator:
    def __init__(self, statements: int, seed: int, quotes_per_statement: tuple[int, int]):
        self.rng = random.Random(seed)
        self.size = statements
        self.quote_range = quotes_per_statement
        rare = sorted(
            {
                "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4)))
                for _ in range(6000)
            }
        )
        self.rng.shuffle(rare)
        self.words = _Zipf(_COMMON_WORDS + rare, self.rng, exponent=0.9)
        self.counts: dict[str, int] = {}

    # -- text ------------------------------------------------------------------------

    def sentence(self, low: int = 8, high: int = 22) -> str:
        words = [self.words.pick() for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def paragraph(self, refs: list[Ref], sentences: tuple[int, int] = (2, 5)) -> Inline:
        parts: Inline = []
        count = self.rng.randint(*sentences)
        slots = sorted(self.rng.sample(range(count), min(len(refs), count)))
        pending = list(refs)
        for position in range(count):
            text = self.sentence()
            if position in slots and pending:
                ref = pending.pop(0)
                head, _, tail = text.rpartition(" ")
                parts += [head + " ", ref, " " + tail]
            else:
                parts.append(text)
            parts.append(" ")
        for ref in pending:
            parts += ["See also ", ref, ". "]
        return parts

    # -- the model ---------------------------------------------------------------------

    def build(self) -> Model:
        rng = self.rng
        size = self.size
        start = date(2015, 1, 1)

        topics = []
        for index in range(max(8, size // 40)):
            base = _TOPICS[index % len(_TOPICS)]
            title = base if index < len(_TOPICS) else f"{base} ({index // len(_TOPICS) + 1})"
            topics.append((_slug(title), title))
        organizations = [(i, n, s, "state") for i, n, s in _STATES]
        for index in range(max(10, size // 10) - len(_STATES)):
            name = f"{self.sentence(1, 2)[:-1].title()} {rng.choice(_ORG_SUFFIXES)}"
            organizations.append((f"org-{index:04d}", name, "", rng.choice(_ORG_KINDS)))
        people = []
        for index in range(max(20, size // 5)):
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            people.append((f"{_slug(name)}-{index:04d}", name))
        zipf_people = _Zipf(people, rng)
        zipf_orgs = _Zipf(organizations, rng)
        zipf_topics = _Zipf(topics, rng, exponent=0.7)
        person_org = {pid: zipf_orgs.pick() for pid, _ in people}
        person_role = {
            pid: f"{rng.choice(_ROLES)}, {org[2] or org[1]}" for pid, org in person_org.items()
        }
        agreements = []
        for index in range(max(5, size // 20)):
            day = start + timedelta(days=index * 3650 // max(5, size // 20))
            agreements.append(
                (
                    f"agreement-{index:04d}",
                    f"Joint statement {index + 1} on {rng.choice(topics)[1].lower()}",
                    day.isoformat(),
                    rng.randint(3, 8),
                )
            )
        zipf_agreements = _Zipf(agreements, rng, exponent=0.6)
        events = []
        for index in range(max(5, size // 10)):
            day = start + timedelta(days=rng.randrange(3650))
            events.append(
                (
                    f"event-{index:04d}",
                    f"Meeting {index + 1} in {rng.choice(_STATES)[2]}",
                    day.isoformat(),
                )
            )
        zipf_events = _Zipf(events, rng, exponent=0.6)

        def ref_person() -> Ref:
            pid, name = zipf_people.pick()
            return Ref("person", pid, name)

        def ref_any() -> Ref:
            roll = rng.random()
            if roll < 0.35:
                return ref_person()
            if roll < 0.55:
                aid, title, _, provisions = zipf_agreements.pick()
                if rng.random() < 0.4:
                    label = str(rng.randint(1, provisions))
                    return Ref("provision", f"{aid}/{label}", f"{title}, provision {label}")
                return Ref("agreement", aid, title)
            if roll < 0.7:
                eid, title, _ = zipf_events.pick()
                return Ref("event", eid, title)
            if roll < 0.85:
                tid, title = zipf_topics.pick()
                return Ref("topic", tid, title)
            oid, name, _, _ = zipf_orgs.pick()
            return Ref("org", oid, name)

        pages: list[Page] = []
        counts = dict.fromkeys((*KINDS, "collection"), 0)

        for tid, title in topics:
            index = topics.index((tid, title))
            options = [("title", title)]
            if index >= 4 and rng.random() < 0.5:
                options.append(("broader", topics[rng.randrange(4)][0]))
            block = Block(
                "topic",
                tid,
                title,
                options,
                _display(options, topics=topics),
                [self.paragraph([])],
            )
            pages.append(Page(f"topics/{tid}.md", title, content=[block]))
            counts["topic"] += 1
        for oid, name, short, kind in organizations:
            options = [("name", name), ("kind", kind)]
            if short:
                options.append(("short-name", short))
            block = Block(
                "organization",
                oid,
                name,
                options,
                _display(options),
                [self.paragraph([])],
            )
            pages.append(Page(f"organizations/{oid}.md", name, content=[block]))
            counts["organization"] += 1
        for pid, name in people:
            org = person_org[pid]
            options = [
                ("name", name),
                ("role", person_role[pid]),
                ("organization", org[0]),
            ]
            display = [
                ("Name", name),
                ("Role", person_role[pid]),
                ("Organization", org[1]),
            ]
            block = Block("person", pid, name, options, display, [self.paragraph([ref_any()])])
            pages.append(Page(f"people/{pid}.md", name, content=[block]))
            counts["person"] += 1
        for eid, title, day in events:
            participants = [p[0] for p in zipf_people.sample(rng.randint(2, 4))]
            options = [
                ("title", title),
                ("date", day),
                ("participants", ", ".join(participants)),
            ]
            outcome = [a for a in agreements if a[2] >= day][:1]
            if outcome and rng.random() < 0.4:
                options.append(("outcomes", outcome[0][0]))
            options.append(("topics", ", ".join(t[0] for t in zipf_topics.sample(2))))
            block = Block(
                "event",
                eid,
                title,
                options,
                _display(options),
                [self.paragraph([ref_any()])],
            )
            pages.append(Page(f"events/{eid}.md", title, content=[block]))
            counts["event"] += 1
        for index, (aid, title, day, provision_count) in enumerate(agreements):
            parties = [s[0] for s in rng.sample(_STATES[:4], rng.randint(2, 3))]
            signatories = [p[0] for p in zipf_people.sample(rng.randint(2, 3))]
            options = [
                ("title", title),
                ("date", day),
                ("parties", ", ".join(parties)),
                ("signatories", ", ".join(signatories)),
                ("stage", rng.choice(STAGES)),
                (
                    "topics",
                    ", ".join(t[0] for t in zipf_topics.sample(rng.randint(1, 3))),
                ),
                ("pax-id", str(2000 + index)),
            ]
            if index and rng.random() < 0.5:
                options.append(("builds-on", agreements[rng.randrange(index)][0]))
            provisions = [
                Block("provision", str(n), "", [], [], [self.paragraph([], (1, 3))])
                for n in range(1, provision_count + 1)
            ]
            block = Block(
                "agreement",
                aid,
                title,
                options,
                _display(options),
                [self.paragraph([ref_any()])],
                provisions,
            )
            pages.append(Page(f"agreements/{aid}.md", title, content=[block]))
            counts["agreement"] += 1
            counts["provision"] += provision_count

        edit_target: dict[str, str] = {}
        for index in range(size):
            sid = f"statement-{index:05d}"
            org = zipf_orgs.pick()
            day = (start + timedelta(days=index * 3650 // size)).isoformat()
            title = f"Statement {index + 1}: {self.sentence(3, 7)[:-1]}"
            topic_ids = [t[0] for t in zipf_topics.sample(rng.randint(1, 3))]
            options = [
                ("date", day),
                ("organization", org[0]),
                ("topics", ", ".join(topic_ids)),
            ]
            header = Block("statement", sid, title, options, _display(options), [])
            content: list[Block | list[Inline] | str] = []
            for number in range(rng.randint(*self.quote_range)):
                content.append(self.paragraph([ref_any() for _ in range(rng.randint(0, 2))]))
                quote = self.quote(
                    f"q-{index:05d}-{number}",
                    zipf_people,
                    person_role,
                    ref_any,
                    zipf_topics,
                    day,
                )
                content.append(quote)
                counts["quote"] += 1
                if index == size - 1 and number == 0:
                    # the newest quote on the first collection page's topic: the
                    # incremental benchmark edits it, and that page shows it
                    options = dict(quote.options)
                    options["topics"] = topics[0][0]
                    quote.options = list(options.items())
                    edit_target = {
                        "path": f"statements/{sid}.md",
                        "quote": quote.argument,
                        "text": _plain(quote.body[0]).strip(),
                    }
            pages.append(Page(f"statements/{sid}.md", title, header, content))
            counts["statement"] += 1

        for index in range(max(2, size // 10)):
            bid = f"brief-{index:04d}"
            day = (start + timedelta(days=rng.randrange(3650))).isoformat()
            title = f"Background: {self.sentence(3, 6)[:-1]}"
            options = [
                ("date", day),
                ("topics", ", ".join(t[0] for t in zipf_topics.sample(2))),
            ]
            header = Block("brief", bid, title, options, _display(options), [])
            content = [
                self.paragraph([ref_any() for _ in range(rng.randint(2, 5))])
                for _ in range(rng.randint(3, 6))
            ]
            content.append(
                self.quote(
                    f"qb-{index:04d}",
                    zipf_people,
                    person_role,
                    ref_any,
                    zipf_topics,
                    day,
                )
            )
            counts["quote"] += 1
            pages.append(Page(f"briefs/{bid}.md", title, header, content))
            counts["brief"] += 1

        for index in range(max(2, size // 50)):
            tid, topic_title = topics[index % len(topics)]
            pid = people[index % len(people)][0]
            content = [
                f"```{{quote-list}}\n:topic: {tid}\n:sort: -date\n:limit: 20\n```",
                f"```{{agreement-table}}\n:topic: {tid}\n"
                ":columns: date, title, parties, stage\n```",
                f"```{{timeline}}\n:participant: {pid}\n:limit: 30\n```",
                f"```{{entity-list}}\n:kind: event\n:topic: {tid}\n```",
            ]
            pages.append(
                Page(
                    f"collections/overview-{index:03d}.md",
                    f"Overview: {topic_title} ({index + 1})",
                    content=content,
                )
            )
            counts["collection"] += 1

        counts["pages"] = len(pages) + 1 + len({p.path.split("/")[0] for p in pages})
        return Model(pages, counts, edit_target)

    def quote(self, qid, zipf_people, person_role, ref_any, zipf_topics, day) -> Block:
        pid, name = zipf_people.pick()
        options = [("speaker", pid)]
        about = [ref_any() for _ in range(self.rng.randint(0, 2))]
        about_ids = [
            r.target for r in about if r.role in ("agreement", "provision", "event", "topic")
        ]
        if about_ids:
            options.append(("about", ", ".join(dict.fromkeys(about_ids))))
        if self.rng.random() < 0.3:
            options.append(("topics", zipf_topics.pick()[0]))
        text = self.paragraph([], (1, 3))
        return Block(
            "quote",
            qid,
            "",
            options,
            [],
            [text],
            attribution=f"{name}, {person_role[pid]}, {day}",
        )


def _slug(text: str) -> str:
    import re

    return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace("ü", "u")))


def _display(options: list[tuple[str, str]], topics: list | None = None) -> list[tuple[str, str]]:
    return [(name.replace("-", " ").capitalize(), value) for name, value in options]


def _link_text(title: str) -> str:
    return title.replace("[", "(").replace("]", ")")


def _plain(inline: Inline) -> str:
    return "".join(part if isinstance(part, str) else part.display for part in inline)


# -- writing -------------------------------------------------------------------


def _inline(inline: Inline, vanilla: bool) -> str:
    out = []
    for part in inline:
        if isinstance(part, str):
            out.append(part)
        elif vanilla:
            out.append(part.display)
        elif part.explicit:
            out.append(f"{{{part.role}}}`{part.display} <{part.target}>`")
        else:
            out.append(f"{{{part.role}}}`{part.target}`")
    return "".join(out).strip()


def _block(block: Block, vanilla: bool, depth: int = 3) -> str:
    body = "\n\n".join(_inline(p, vanilla) for p in block.body)
    if vanilla:
        if block.directive == "quote":
            quoted = "\n".join("> " + line for line in body.splitlines())
            return f"{quoted}\n>\n> — {block.attribution}\n"
        if block.directive == "provision":
            return f"**{block.argument}.** {body}\n"
        lines = [f"**{block.title}**", ""] if block.title else []
        lines += [f"- {label}: {value}" for label, value in block.display_options]
        lines += ["", body] if body else []
        lines += [_block(child, vanilla) for child in block.children]
        return "\n".join(lines) + "\n"
    fence = ":" * depth
    head = f"{fence}{{{block.directive}}}" + (f" {block.argument}" if block.argument else "")
    options = [f":{name}: {value}" for name, value in block.options]
    if block.children:
        fence = ":" * (depth + 1)
        head = f"{fence}{{{block.directive}}}" + (f" {block.argument}" if block.argument else "")
        children = [_block(child, vanilla, depth) for child in block.children]
        return "\n".join([head, *options, "", body, "", *children, fence]) + "\n"
    parts = [head, *options]
    if body:
        parts += ["", body]
    return "\n".join([*parts, fence]) + "\n"


def render_page(page: Page, vanilla: bool) -> str:
    parts = [f"# {page.title}\n"]
    if page.header is not None:
        header = page.header
        if vanilla:
            parts.append(
                "\n".join(f"- {label}: {value}" for label, value in header.display_options) + "\n"
            )
        else:
            parts.append(_block(Block(header.directive, "", "", header.options, [], []), vanilla))
    for item in page.content:
        if isinstance(item, Block):
            parts.append(_block(item, vanilla))
        elif isinstance(item, str):
            if not vanilla:
                parts.append(item + "\n")
        else:
            parts.append(_inline(item, vanilla) + "\n")
    return "\n".join(parts)


CONF = '''"""Generated benchmark corpus ({mode})."""
import sys
sys.path.insert(0, {ext!r})
project = "Benchmark corpus"
extensions = {extensions!r}
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["manifest.json"]
suppress_warnings = ["myst.header"]
html_baseurl = "https://benchmark.example.org/"
'''


def write(
    outdir: Path,
    statements: int,
    *,
    vanilla: bool = False,
    seed: int = 8,
    quotes: tuple[int, int] = (5, 10),
    collections: bool = True,
    nav: str = "indices",
    book: int = 0,
) -> dict:
    """Write the corpus to ``outdir`` (emptied first); return its manifest.

    ``nav`` is how pages are reached. ``"indices"`` (the default): every
    section has an index page linking its pages, which are orphans, so the
    theme's sidebar holds the sections only; this is how an archive of
    thousands of pages is navigated. ``"toctree"``: every page in a globbed
    toctree, so Furo renders all of them in the sidebar of every page, which
    costs time quadratic in the number of pages, with or without the
    extension (see ``docs/performance.md``).
    """
    if nav not in ("indices", "toctree"):
        raise ValueError(f"nav must be 'indices' or 'toctree', not {nav!r}")
    model = _Generator(statements, seed, quotes).build()
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    sections: dict[str, list[str]] = {}
    for page in model.pages:
        if page.path.startswith("collections/") and (vanilla or not collections):
            continue
        target = outdir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = "---\norphan: true\n---\n\n" if nav == "indices" else ""
        target.write_text(front + render_page(page, vanilla), encoding="utf-8")
        sections.setdefault(page.path.split("/")[0], []).append(page.path[:-3])
    titles = {page.path[:-3]: page.title for page in model.pages}
    for section, docnames in sections.items():
        if nav == "toctree":
            listing = "```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n"
        else:
            listing = "".join(f"- [{_link_text(titles[d])}](/{d}.md)\n" for d in sorted(docnames))
        (outdir / section / "index.md").write_text(
            f"# {section.capitalize()}\n\n{listing}", encoding="utf-8"
        )
    toc = "\n".join(f"{s}/index" for s in sections)
    (outdir / "index.md").write_text(
        f"# Benchmark corpus\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n",
        encoding="utf-8",
    )
    extensions = ["myst_parser", "sphinx_design"] if vanilla else ["briefing"]
    ext_dir = str(Path(__file__).resolve().parent.parent / "_ext")
    conf = CONF.format(
        mode="vanilla" if vanilla else "extension", ext=ext_dir, extensions=extensions
    )
    if book and not vanilla:
        # a book as staff make them: declared with the book directive, its
        # statements as chapters, its actors and annex printed in full
        # (book-entries), its scope what those statements are about
        chosen = sorted(sections["statements"])[:book]
        chapters = "\n".join(f"/{d}" for d in chosen)
        about = ", ".join(d.rsplit("/", 1)[-1] for d in chosen)
        (outdir / "book").mkdir(exist_ok=True)
        (outdir / "book" / "actors.md").write_text(
            "---\norphan: true\n---\n\n# Key actors\n\n"
            ":::{book-entries}\n:kind: person, organization, topic\n:::\n",
            encoding="utf-8",
        )
        (outdir / "book" / "annex.md").write_text(
            "---\norphan: true\n---\n\n# Annex\n\n"
            ":::{book-entries}\n:kind: agreement, event\n:::\n",
            encoding="utf-8",
        )
        (outdir / "book.md").write_text(
            "---\norphan: true\n---\n\n# Benchmark book\n\n"
            f":::{{book}} benchmark\n:pdf-variant: none\n:about: {about}\n:::\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n\n{chapters}\nbook/actors\nbook/annex\n```\n",
            encoding="utf-8",
        )
    (outdir / "conf.py").write_text(conf, encoding="utf-8")
    counts = dict(model.counts)
    counts["collection"] = 0 if vanilla or not collections else counts["collection"]
    counts["pages"] = 1 + len(sections) + sum(len(v) for v in sections.values())
    manifest = {
        "statements": statements,
        "seed": seed,
        "mode": "vanilla" if vanilla else "extension",
        "nav": nav,
        "counts": counts,
        "edit_target": model.edit_target,
    }
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def write_process(outdir: Path, agreements: int = 40, seed: int = 16) -> dict:
    """A peace process of ``agreements`` agreements on one page, for the graph.

    Like a PA-X process: dates over two decades with one dense year (a tenth
    of the agreements within weeks), every agreement after the first building
    on one to three earlier ones (chains, and jumps back to older texts), one
    event per fourth agreement with it as an outcome, and a page with an
    ``agreement-graph`` (events drawn) that is also a PDF book. Returns the
    manifest: counts and the expected arrows.
    """
    rng = random.Random(seed)
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    start = date(1994, 5, 5)
    days = sorted(start + timedelta(days=rng.randint(0, 365 * 22)) for _ in range(agreements))
    dense = start + timedelta(days=365 * 11)
    for n in rng.sample(range(agreements), agreements // 10):
        days[n] = dense + timedelta(days=rng.randint(0, 40))
    days.sort()
    kinds = ["Protocol", "Joint statement", "Agreement", "Declaration", "Memorandum"]
    places = ["Bishkek", "Moscow", "Geneva", "Key West", "Madrid", "Sochi", "Brussels", "Prague"]
    blocks = []
    arrows = 0
    #: (kind, id, label, iso date, stage, ids it points to), for the drawing alone
    nodes: list[tuple[str, str, str, str, str, list[str]]] = []
    for n, day in enumerate(days):
        parties = [s[0] for s in _STATES[:2]] + ([_STATES[2][0]] if rng.random() < 0.6 else [])
        kind, place = rng.choice(kinds), rng.choice(places)
        options = [
            ("title", f"{kind} of {place}, {day:%d %B %Y}"),
            ("short-title", f"{kind} of {place} {day:%Y}"),
            ("date", day.isoformat()),
            ("parties", ", ".join(parties)),
            ("stage", rng.choice(STAGES[:6])),
        ]
        if n:
            earlier = sorted({n - 1, *rng.sample(range(n), min(n, rng.randint(0, 2)))})
            options.append(("builds-on", ", ".join(f"process-{e:02d}" for e in earlier)))
            arrows += len(earlier)
        blocks.append(_directive("agreement", f"process-{n:02d}", options))
        values = dict(options)
        targets = values.get("builds-on", "").split(", ") if n else []
        nodes.append(
            (
                "agreement",
                f"process-{n:02d}",
                values["short-title"],
                day.isoformat(),
                values["stage"],
                targets,
            )
        )
    events = []
    for n in range(0, agreements, 4):
        options = [
            ("title", f"Talks before agreement {n + 1}"),
            ("date", days[n].isoformat()),
            ("outcomes", f"process-{n:02d}"),
        ]
        events.append(_directive("event", f"process-talks-{n:02d}", options))
        nodes.append(
            (
                "event",
                f"process-talks-{n:02d}",
                options[0][1],
                options[1][1],
                "events",
                [f"process-{n:02d}"],
            )
        )
        arrows += 1
    actors = "".join(
        _directive("organization", sid, [("name", name), ("kind", "state")])
        for sid, name, _ in _STATES[:3]
    )
    (outdir / "agreements.md").write_text(
        "# The agreements of the process\n\n" + "".join(blocks), encoding="utf-8"
    )
    (outdir / "actors.md").write_text(
        "# Parties and talks\n\n" + actors + "".join(events), encoding="utf-8"
    )
    (outdir / "graph.md").write_text(
        "# The process as a graph\n\n:::{agreement-graph}\n:events: yes\n:::\n",
        encoding="utf-8",
    )
    (outdir / "index.md").write_text(
        "# Process\n\n```{toctree}\ngraph\nagreements\nactors\n```\n", encoding="utf-8"
    )
    ext_dir = str(Path(__file__).resolve().parent.parent / "_ext")
    conf = CONF.format(mode="extension", ext=ext_dir, extensions=["briefing"])
    conf += (
        'briefing_books = [{"name": "process", "root": "index", '
        '"title": "The process as a graph", "pdf_variant": "none"}]\n'
    )
    (outdir / "conf.py").write_text(conf, encoding="utf-8")
    return {"agreements": agreements, "events": len(events), "arrows": arrows, "nodes": nodes}


def _directive(name: str, entity_id: str, options: list[tuple[str, str]]) -> str:
    lines = "".join(f":{key}: {value}\n" for key, value in options)
    return f":::{{{name}}} {entity_id}\n{lines}:::\n\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--statements", type=int, default=100, help="corpus size (statements)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--vanilla", action="store_true", help="plain MyST, no extension")
    parser.add_argument("--no-collections", action="store_true", help="omit collection pages")
    parser.add_argument(
        "--nav",
        choices=("indices", "toctree"),
        default="indices",
        help="reach pages from index pages (default) or put them all in toctrees",
    )
    args = parser.parse_args(argv)
    manifest = write(
        args.outdir,
        args.statements,
        vanilla=args.vanilla,
        seed=args.seed,
        collections=not args.no_collections,
        nav=args.nav,
    )
    print(json.dumps(manifest["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
