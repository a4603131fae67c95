"""Cost of search on a synthetic knowledge base (not a test: a measurement).

Generates PAGES statement pages with QUOTES quotes each (plus people,
organizations and agreements with provisions), then measures:

1. the HTML build with search, and the indexing step itself (its own log
   line); with ``--compare`` also the build without search;
2. the size of the Pagefind bundle;
3. what a reader's browser downloads for a first search and a filtered one
   (headless Chromium against the site on localhost);
4. adding custom records through Pagefind's own service class against
   ours (:mod:`briefing.search.service`), which reads without a delay.

Run with::

    PYTHONPATH=_ext .venv/bin/python benchmarks/bench_search.py [PAGES] [QUOTES] [--compare]
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

_TEXT = (
    "border delimitation transport links railway trade merchants peace talks "
    "ceasefire humanitarian communications customs energy water mines "
    "reconstruction refugees dialogue Azərbaycan Հայաստան Baki Yerevan Gəncə "
    "Gyumri Meghri Zangezur Nakhchivan corridor investment cooperation"
)
WORDS = tuple(_TEXT.split())


def prose(seed: int, length: int = 40) -> str:
    """Text with a realistic spread: mostly words of a large vocabulary, one in
    ten from the common words above."""
    words = [
        WORDS[(seed + i) % len(WORDS)]
        if (seed + i) % 10 == 0
        else f"w{(seed * 31 + i * 17) % 5000}"
        for i in range(length)
    ]
    return " ".join(words) + "."


def sentence(seed: int, length: int = 24) -> str:
    return " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(length)) + "."


def write_corpus(src: Path, pages: int, quotes: int) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["briefing"]\nhtml_theme = "furo"\nlanguage = "en"\n',
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
    for i in range(5):
        actors.append(f":::{{topic}} topic-{i}\n:title: Topic {i}\n:::\n")
    (src / "actors.md").write_text("\n".join(actors), encoding="utf-8")
    agreements = ["# Agreements\n"]
    for i in range(20):
        provisions = "".join(
            f":::{{provision}} {n}\n{sentence(i * 100 + n)}\n:::\n\n" for n in range(1, 11)
        )
        agreements.append(
            f"::::{{agreement}} agreement-{i}\n:title: Agreement {i}\n"
            f":date: 2020-01-{i + 1:02d}\n:parties: org-0, org-1\n"
            f":topics: topic-{i % 5}\n\n{sentence(i)}\n\n{provisions}::::\n"
        )
    (src / "agreements.md").write_text("\n".join(agreements), encoding="utf-8")
    for p in range(pages):
        body = [
            f"# Statement {p}\n",
            f":::{{statement}}\n:date: 2021-{p % 12 + 1:02d}-01\n"
            f":organization: org-{p % 10}\n:topics: topic-{p % 5}\n:::\n",
            f"After {{agreement}}`agreement-{p % 20}`. {sentence(p, 80)}\n",
        ]
        for q in range(quotes):
            body.append(
                f":::{{quote}} q-{p}-{q}\n:speaker: {people[(p + q) % 50]}\n"
                f":about: agreement-{(p + q) % 20}\n\n{sentence(p * 10 + q, 40)}\n:::\n"
            )
        (src / f"statement-{p:04d}.md").write_text("\n".join(body), encoding="utf-8")
    (src / "index.md").write_text(
        "# Benchmark\n\n```{toctree}\n:glob:\n\nactors\nagreements\nstatement-*\n```\n",
        encoding="utf-8",
    )


def build(src: Path, out: Path, search: bool) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable, "-m", "sphinx", "-b", "html", "-E",
            "-D", f"briefing_search={int(search)}", str(src), str(out),
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - started, result.stdout


def bundle_size(out: Path) -> tuple[int, int]:
    files = [f for f in (out / "pagefind").rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def browser_downloads(out: Path) -> dict[str, tuple[int, int, float]]:
    """Per scenario: (requests to the bundle, bytes, seconds until results)."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    scenarios = {
        "first search 'railway corridor'": "?q=railway+corridor",
        "rare word 'w1234'": "?q=w1234",
        "common word 'peace'": "?q=peace",
        "quotes by Person 3, newest first": "?kind=quote&speaker=Person+3&sort=date:desc",
    }
    measured = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            for label, query in scenarios.items():
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []

                def record(response, sizes=sizes) -> None:
                    if "/pagefind/" in response.url:
                        sizes.append(int(response.headers.get("content-length", 0)))

                page.on("response", record)
                started = time.perf_counter()
                page.goto(f"{base}/search.html{query}")
                page.wait_for_function(
                    "() => document.querySelector('#kb-search-status').textContent"
                    ".includes('result')",
                    timeout=60_000,
                )
                measured[label] = (
                    len(sizes),
                    sum(sizes),
                    time.perf_counter() - started,
                )
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return measured


async def add_records(service_class: type, count: int) -> float:
    from pagefind.service import PagefindService

    service: PagefindService = service_class()
    await service.launch()
    index = await service.create_index({"force_language": "en"})
    started = time.perf_counter()
    for n in range(count):
        await index.add_custom_record(
            url=f"/r{n}.html",
            content=sentence(n),
            language="en",
            meta={"title": str(n)},
        )
    elapsed = time.perf_counter() - started
    await index.delete_index()
    service._poll_task.cancel()
    service._backend.terminate()
    await service._backend.wait()
    return elapsed


def scale_site(built: Path, site: Path, count: int) -> tuple[float, int, int]:
    """The built site's search page over ``count`` synthetic quote records:
    (seconds to index, bundle files, bundle bytes)."""
    from briefing.search.indexer import Record, write_index

    site.mkdir()
    shutil.copytree(built / "_static", site / "_static")
    shutil.copy(built / "search.html", site / "search.html")
    records = [
        Record(
            url=f"/statement-{n // 5:05d}.html#quote-q-{n}",
            content=prose(n),
            meta={"title": f"Person {n % 500}, 1 March 2022", "kind": "quote"},
            filters={
                "kind": ["quote"],
                "speaker": [f"Person {n % 500}"],
                "year": [str(2000 + n % 25)],
            },
            sort={"date": f"{2000 + n % 25}-03-01"},
        )
        for n in range(count)
    ]
    started = time.perf_counter()
    asyncio.run(write_index(site, records, "en"))
    elapsed = time.perf_counter() - started
    files, size = bundle_size(site)
    return elapsed, files, size


def main() -> None:
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    pages = numbers[0] if numbers else 300
    quotes = numbers[1] if len(numbers) > 1 else 5
    compare = "--compare" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        src = work / "src"
        write_corpus(src, pages, quotes)
        without = build(src, work / "plain", search=False)[0] if compare else None
        with_search, log = build(src, work / "html", search=True)
        line = re.search(r"search index: .*", log)
        files, size = bundle_size(work / "html")
        print(f"corpus: {pages} statement pages, {pages * quotes} quotes, 200 provisions")
        if without is not None:
            print(f"html build without search: {without:6.1f} s")
        print(f"html build with search:    {with_search:6.1f} s")
        print(f"  {line.group(0) if line else 'no search index line in the log'}")
        print(f"pagefind bundle: {files} files, {size / 1024:.0f} KiB")
        for label, (requests, size, seconds) in browser_downloads(work / "html").items():
            print(
                f"browser, {label}: {requests} bundle requests, "
                f"{size / 1024:.0f} KiB, results after {seconds:.2f} s"
            )
        scale = 20_000
        seconds, files, size = scale_site(work / "html", work / "scale", scale)
        print(
            f"{scale} synthetic quote records alone: indexed in {seconds:.1f} s, "
            f"{files} files, {size / 1024:.0f} KiB"
        )
        for label, (requests, size, seconds) in browser_downloads(work / "scale").items():
            print(
                f"browser on {scale} records, {label}: {requests} bundle requests, "
                f"{size / 1024:.0f} KiB, results after {seconds:.2f} s"
            )

        from pagefind.service import PagefindService

        from briefing.search.service import CheckedService

        count = 50
        upstream = asyncio.run(add_records(PagefindService, count))
        ours = asyncio.run(add_records(CheckedService, count))
        print(
            f"{count} custom records, one at a time: Pagefind's service "
            f"{upstream:.2f} s, CheckedService {ours:.2f} s"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
