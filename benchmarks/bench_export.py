"""Cost of the exports on a synthetic knowledge base (not a test: a measurement).

Generates PAGES statement pages with QUOTES quotes each, a page of people
and organizations and a page of agreements, builds the site once, then times
each export on the built environment: the JSON and CSVs, the feed, the
sitemap, and the JSON-LD of every page. Run with::

    PYTHONPATH=_ext .venv/bin/python benchmarks/bench_export.py [PAGES] [QUOTES]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from sphinx.application import Sphinx


def write_corpus(src: Path, pages: int, quotes: int) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["briefing"]\nhtml_theme = "basic"\n'
        'html_baseurl = "https://kb.example.org/"\n',
        encoding="utf-8",
    )
    people = [f"person-{i}" for i in range(50)]
    actors = ["# Actors\n"]
    for i, person in enumerate(people):
        actors.append(
            f":::{{person}} {person}\n:name: Person {i}\n:role: Role {i}\n"
            f":organization: org-{i % 10}\n:::\n"
        )
    for i in range(10):
        actors.append(f":::{{organization}} org-{i}\n:name: Organization {i}\n:kind: ngo\n:::\n")
    actors.append(":::{topic} topic-a\n:title: Topic A\n:::\n")
    (src / "actors.md").write_text("\n".join(actors), encoding="utf-8")
    agreements = ["# Agreements\n"]
    for i in range(20):
        agreements.append(
            f"::::{{agreement}} agreement-{i}\n:title: Agreement {i}\n:date: 2020-01-{i + 1:02d}\n"
            f":parties: org-0, org-1\n:signatories: person-0, person-1\n\n"
            f":::{{provision}} 1\nText {i}.\n:::\n::::\n"
        )
    (src / "agreements.md").write_text("\n".join(agreements), encoding="utf-8")
    names = []
    for p in range(pages):
        name = f"statement-{p:04d}"
        names.append(name)
        body = [
            f"# Statement {p}\n",
            f":::{{statement}}\n:date: 2021-{p % 12 + 1:02d}-01\n:organization: org-{p % 10}\n"
            f":topics: topic-a\n:::\n",
            f"After {{agreement}}`agreement-{p % 20}`.\n",
        ]
        for q in range(quotes):
            body.append(
                f":::{{quote}} q-{p}-{q}\n:speaker: {people[(p + q) % 50]}\n"
                f':about: agreement-{q % 20}\n\nWords {p} {q} with "</script>".\n:::\n'
            )
        (src / f"{name}.md").write_text("\n".join(body), encoding="utf-8")
    toctree = "\n".join(["actors", "agreements", *names])
    (src / "index.md").write_text(f"# Index\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")


def timed(label: str, action, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<34} {best * 1000:8.1f} ms (best of {repeat})")


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    quotes = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    from briefing.domain import get_domain
    from briefing.export.data import write_data
    from briefing.export.feed import write_feed
    from briefing.export.jsonld import page_graph, script_json
    from briefing.export.site import SiteUrls
    from briefing.export.sitemap import write_sitemap

    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        write_corpus(work / "src", pages, quotes)
        start = time.perf_counter()
        app = Sphinx(
            work / "src",
            work / "src",
            work / "out",
            work / "doctrees",
            "html",
            status=None,
            warning=sys.stderr,
            freshenv=True,
        )
        app.build()
        print(
            f"corpus: {pages} statements, {pages * quotes} quotes; "
            f"full html build {time.perf_counter() - start:.1f} s"
        )
        timed("data/ (JSON + schema + 9 CSV)", lambda: write_data(app, None))
        timed("feed.xml", lambda: write_feed(app, None))
        timed("sitemap.xml", lambda: write_sitemap(app, None))
        knowledge = get_domain(app.env).knowledge
        urls = SiteUrls(app.builder, app.config)
        site = {"name": "x", "url": urls.base, "language": "", "publisher": ""}

        def all_jsonld() -> None:
            for docname in app.env.found_docs:
                script_json(
                    page_graph(knowledge, docname, docname, urls.page(docname), site, urls.entity)
                )

        timed("JSON-LD of every page", all_jsonld)
        size = (work / "out" / "data" / "knowledge-base.json").stat().st_size
        print(f"knowledge-base.json: {size / 1024:.0f} KiB")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
