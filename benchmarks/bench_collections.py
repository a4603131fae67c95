"""Benchmark of collections: query answering and incremental rebuilds.

Two measurements, printed as a small report:

1. *Queries* on a synthetic knowledge base held in memory: the time to build
   the indices once, and the time per query answered from them, against a
   plain scan of every entity (what a collection would cost without indices).
2. *Builds* of a generated MyST project with many quotes and a page of
   collections: a full build, a no-change rebuild and a one-quote edit, with
   the number of pages each one rewrites.

Run: ``PYTHONPATH=_ext .venv/bin/python benchmarks/bench_collections.py [--quick]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefing.collections.queries import CollectionIndex, CollectionQuery, run_query
from briefing.knowledge import KnowledgeBase
from briefing.model import Entity, KbDate


def synthetic_entities(quotes: int, agreements: int, seed: int = 7) -> dict[str, list[Entity]]:
    rng = random.Random(seed)
    people = [f"person-{i}" for i in range(200)]
    orgs = [f"org-{i}" for i in range(50)]
    topics = [f"topic-{i}" for i in range(40)]
    docs: dict[str, list[Entity]] = {"actors": []}
    for person in people:
        docs["actors"].append(
            Entity(
                "person",
                person,
                "actors",
                1,
                f"person-{person}",
                person,
                links={"organization": (rng.choice(orgs),)},
            )
        )
    for org in orgs:
        docs["actors"].append(Entity("organization", org, "actors", 1, f"organization-{org}", org))
    for position, topic in enumerate(topics):
        links = {"broader": (topics[position // 4],)} if position >= 4 else {}
        docs["actors"].append(
            Entity("topic", topic, "actors", 1, f"topic-{topic}", topic, links=links)
        )

    def date() -> str:
        year, month, day = (
            rng.randint(1994, 2024),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        return f"{year}-{month:02d}-{day:02d}"

    docs["agreements"] = [
        Entity(
            "agreement",
            f"agreement-{i}",
            "agreements",
            i,
            f"agreement-agreement-{i}",
            f"A {i}",
            fields={
                "date": date(),
                "stage": rng.choice(["ceasefire", "implementation", "other"]),
            },
            links={
                "parties": tuple(rng.sample(orgs, 3)),
                "signatories": tuple(rng.sample(people, 2)),
                "topics": tuple(rng.sample(topics, 2)),
            },
        )
        for i in range(agreements)
    ]
    for i in range(quotes):
        docname = f"statement-{i // 10}"
        docs.setdefault(docname, []).append(
            Entity(
                "quote",
                f"quote-{i}",
                docname,
                i,
                f"quote-quote-{i}",
                "",
                fields={"date": date()},
                links={
                    "speaker": (rng.choice(people),),
                    "topics": tuple(rng.sample(topics, 2)),
                    "about": (f"agreement-{rng.randrange(agreements)}",),
                },
                text=f"Quoted words number {i}.",
            )
        )
    return docs


def naive(knowledge: KnowledgeBase, query: CollectionQuery) -> list[Entity]:
    """The same answer without indices: test every entity against every filter."""
    option_of = {"speaker": "speaker", "topic": "topics", "about": "about"}
    since = KbDate.parse(query.since) if query.since else None
    result = []
    for entity in knowledge.entities("quote"):
        if any(
            not set(entity.link_ids(option_of[name])) & set(values)
            for name, values in query.filters
        ):
            continue
        date = knowledge.date(entity)
        if since and (date is None or date.last_day_key < since.sort_key):
            continue
        result.append(entity)
    result.sort(key=lambda e: (knowledge.date(e).sort_key, e.id))  # type: ignore[union-attr]
    return result


def bench_queries(quotes: int, agreements: int, repeat: int) -> None:
    knowledge = KnowledgeBase(synthetic_entities(quotes, agreements), {})
    started = time.perf_counter()
    index = CollectionIndex(knowledge)
    built = time.perf_counter() - started
    rng = random.Random(1)
    queries = [
        CollectionQuery(
            "quote-list",
            "page",
            1,
            filters=(
                ("speaker", (f"person-{rng.randrange(200)}",)),
                ("topic", (f"topic-{rng.randrange(40, 44) % 40}",)),
            ),
            since="2005",
        )
        for _ in range(repeat)
    ]
    timings_index, timings_naive = [], []
    for query in queries:
        started = time.perf_counter()
        indexed = [e.id for e in run_query(index, query)]
        timings_index.append(time.perf_counter() - started)
        started = time.perf_counter()
        scanned = [e.id for e in naive(knowledge, query)]
        timings_naive.append(time.perf_counter() - started)
        # the narrower topics make the indexed answer a superset of the scan
        assert set(scanned) <= set(indexed)
    print(f"queries: {quotes} quotes, {agreements} agreements")
    print(f"  indices built once:      {built * 1000:8.1f} ms")
    print(
        f"  per query, indexed:      {statistics.median(timings_index) * 1000:8.3f} ms"
        f" (median of {repeat})"
    )
    print(
        f"  per query, full scan:    {statistics.median(timings_naive) * 1000:8.3f} ms"
        f" (median of {repeat})"
    )


def write_project(root: Path, pages: int, quotes_per_page: int) -> None:
    (root / "conf.py").write_text('extensions = ["briefing"]\nhtml_theme = "basic"\n')
    people = "\n".join(f":::{{person}} person-{i}\n:name: Person {i}\n:::\n" for i in range(20))
    topics = "\n".join(f":::{{topic}} topic-{i}\n:title: Topic {i}\n:::\n" for i in range(5))
    (root / "actors.md").write_text(f"# Actors\n\n{people}\n{topics}")
    for page in range(pages):
        quotes = "\n".join(
            f":::{{quote}} q-{page}-{n}\n:speaker: person-{(page + n) % 20}\n"
            f":topics: topic-{(page * n) % 5}\n\nWords {page} {n}.\n:::\n"
            for n in range(quotes_per_page)
        )
        (root / f"s{page}.md").write_text(
            f"# Statement {page}\n\n:::{{statement}}\n"
            f":date: 2021-{page % 12 + 1:02d}-01\n:::\n\n{quotes}"
        )
    lists = "\n".join(
        f"## Person {i}\n\n:::{{quote-list}}\n:speaker: person-{i}\n:::\n" for i in range(20)
    )
    (root / "lists.md").write_text(
        f"# Lists\n\n{lists}\n## Timeline\n\n:::{{timeline}}\n:kinds: statement\n:::\n"
    )
    toc = "\n".join(["actors", "lists", *(f"s{p}" for p in range(pages))])
    (root / "index.md").write_text(f"# Bench\n\n```{{toctree}}\n{toc}\n```\n")


def bench_builds(pages: int, quotes_per_page: int) -> None:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    def build(src: Path) -> tuple[float, list[str]]:
        written: list[str] = []
        with docutils_namespace():
            app = Sphinx(
                src,
                src,
                src / "_build/html",
                src / "_build/doctrees",
                "html",
                status=None,
                warning=sys.stderr,
                freshenv=False,
            )
            app.connect("html-page-context", lambda _a, name, *rest: written.append(name))
            started = time.perf_counter()
            app.build()
            elapsed = time.perf_counter() - started
        return elapsed, sorted(set(written) & set(app.env.found_docs))

    tmp = Path(tempfile.mkdtemp(prefix="bench-collections-"))
    try:
        write_project(tmp, pages, quotes_per_page)
        full = build(tmp)
        unchanged = build(tmp)
        page = tmp / "s3.md"
        page.write_text(page.read_text().replace("Words 3 0.", "Other words 3 0."))
        edited = build(tmp)
        print(f"builds: {pages + 3} pages, {pages * quotes_per_page} quotes, 21 collections")
        for label, (elapsed, written) in (
            ("full build", full),
            ("no-change rebuild", unchanged),
            ("one-quote edit", edited),
        ):
            names = ", ".join(written) if len(written) <= 5 else f"{len(written)} pages"
            print(f"  {label:18s} {elapsed:7.2f} s, {len(written):4d} written ({names})")
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    if args.quick:
        bench_queries(quotes=2000, agreements=200, repeat=50)
        bench_builds(pages=20, quotes_per_page=3)
    else:
        bench_queries(quotes=20000, agreements=1000, repeat=200)
        bench_builds(pages=150, quotes_per_page=5)


if __name__ == "__main__":
    main()
