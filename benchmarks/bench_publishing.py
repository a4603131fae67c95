"""Cost of the publishing features on a synthetic knowledge base (a measurement).

Builds the corpus of :mod:`benchmarks.bench_export` (PAGES statements with
QUOTES quotes each) once, then times what the publishing features add to
every build: the citation files of every statement, agreement and quote with
``data/citations.*``, the citation blocks of every page, the redirect pages
with the map of anchors, the ``redirects`` of the data export, and ``make
dist``'s packing of the built site. Run with::

    PYTHONPATH=_ext .venv/bin/python benchmarks/bench_publishing.py [PAGES] [QUOTES]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from sphinx.application import Sphinx

from benchmarks.bench_export import timed, write_corpus


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    quotes = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    from briefing.addresses import address_changes, write_redirects
    from briefing.citation import (
        build_day,
        citation_block,
        citation_files,
        citation_of,
        cited_entities,
        write_citation_files,
    )
    from briefing.domain import get_domain
    from briefing.export.site import SiteUrls
    from briefing.release import make_dist

    work = Path(tempfile.mkdtemp(prefix="bench-publishing-"))
    try:
        write_corpus(work / "src", pages, quotes)
        (work / "src" / "conf.py").write_text(
            (work / "src" / "conf.py").read_text() + "briefing_search = False\n"
        )
        start = time.perf_counter()
        app = Sphinx(
            work / "src",
            work / "src",
            work / "_build" / "html",
            work / "doctrees",
            "html",
            status=None,
            warning=sys.stderr,
            freshenv=True,
        )
        app.build()
        build = time.perf_counter() - start
        knowledge = get_domain(app.env).knowledge
        cited = cited_entities(knowledge)
        print(
            f"corpus: {pages} statements, {pages * quotes} quotes, {len(cited)} cited entries; "
            f"full html build {build:.1f} s"
        )
        urls = SiteUrls(app.builder, app.config)

        def blocks() -> None:
            for entity in cited:
                citation = citation_of(knowledge, entity, urls, app.config, build_day())
                citation_block(citation, "x.html", citation_files(entity))

        timed("citation files (+ data/citations.*)", lambda: write_citation_files(app, None))
        timed("citation blocks of every page", blocks)
        timed("redirect pages + map of anchors", lambda: write_redirects(app, None))
        timed("redirects of the data export", lambda: address_changes(app.env, urls))
        timed(
            "make dist's packing",
            lambda: make_dist(work / "_build", work / "dist", work / "src"),
            repeat=1,
        )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
