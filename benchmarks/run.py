"""The benchmarks of ``make bench``: the extension's cost at the size of an archive.

Every build runs in a fresh subprocess (through :func:`measure`, which reports
its wall time and the peak resident memory of the largest process of the
build), on corpora from :mod:`benchmarks.corpus`. The machine is shared, so
absolute times are noisy: what is compared is always measured side by side in
one run, interleaved (vanilla, extension, vanilla, extension...) and reduced
to medians, and the page records the machine and its load.

What is measured (the issue's list): the extension against vanilla Sphinx +
MyST + Furo on the same text; the cost at N and 4N; an incremental rebuild
after editing one quote (time and pages rewritten); ``-j 2`` against ``-j 1``;
peak memory of every build; the bytes one search query downloads (when the
site has a Pagefind index) against ``searchindex.js``; and a PDF book (when
the ``pdf`` builder exists); and a real archive: a synthetic PA-X export
(:mod:`benchmarks.pax_corpus`) imported with ``import-pax``, its pages in the
toctrees the importer writes, against the same pages as orphans, at two sizes.
A measurement whose feature is missing says
"not measured" and why; nothing is invented.

``python -m benchmarks.run [--quick]`` prints the tables; the full run also
writes ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import corpus, pax_corpus

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "corpus"
OUT = ROOT / "benchmarks" / "out"
DOC = ROOT / "docs" / "performance.md"
#: Hand-written profiles and fixes, appended to the generated results page
FINDINGS = ROOT / "benchmarks" / "findings.md"

#: (statements at N, runs at N, runs at 4N, statements in the PDF book)
PLANS = {"full": (360, 2, 2, 64), "quick": (16, 1, 1, 8)}

#: agreements of the synthetic PA-X archive: (small, large)
PAX_PLANS = {"full": (500, 2000), "quick": (40, 160)}

TARGETS = {
    "overhead": 1.3,
    "pax_orphans": 1.2,
    "growth": 4.4,
    "incremental": 0.10,
    "parallel": 0.10,
    "query_kb": 300,
    "pdf_seconds": 30,
    "pdf_gb": 1.0,
    "languages": 4.5,
    "preview_seconds": 3.0,
}

#: the languages of the multilingual case: the project's briefing_languages
LANGUAGES = ("en", "hy", "az", "ru")


@dataclass
class Run:
    """One build: what was built, how long it took, its peak memory."""

    label: str
    seconds: float
    peak_mb: float
    cpu: float = 0.0
    warnings: int = 0
    extra: dict = field(default_factory=dict)


# -- measuring one process -----------------------------------------------------


def measure(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Run ``command`` in a fresh child of a fresh process.

    Returns (wall seconds, CPU seconds, peak MB, stderr). The wrapper process
    has only that one child, so its ``RUSAGE_CHILDREN`` figures are the
    build's own: the CPU time of all its processes and the peak resident set
    of the largest (parallel workers included), unaffected by earlier builds.
    CPU time barely moves when other work competes for the processors, which
    wall time does a lot; so work ratios compare CPU time.
    """
    wrapper = [sys.executable, "-m", "benchmarks.run", "--child", "--", *command]
    result = subprocess.run(wrapper, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"build failed ({' '.join(command)}):\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["seconds"], report["cpu"], report["peak_kb"] / 1024, result.stderr


def _child(command: list[str]) -> int:
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kb": usage.ru_maxrss}))
    return result.returncode


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "_ext"), str(ROOT)])
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    return env


def sphinx_build(
    src: Path,
    out: Path,
    jobs: int = 1,
    builder: str = "html",
    fresh: bool = True,
    label: str = "",
    options: tuple[str, ...] = (),
) -> Run:
    if fresh and out.exists():
        shutil.rmtree(out)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-q",
        "-j",
        str(jobs),
        *options,
        "-d",
        str(out / ".doctrees"),
        str(src),
        str(out / builder),
    ]
    seconds, cpu, peak, stderr = measure(command, _env())
    warnings = sum(1 for line in stderr.splitlines() if "WARNING" in line)
    return Run(label or f"{src.name} -j {jobs}", seconds, peak, cpu, warnings)


# -- what the extension offers -------------------------------------------------


def features(src: Path) -> dict[str, bool]:
    """Which optional parts exist on this branch: collections, a pdf builder."""
    code = (
        "import json, sys, tempfile\n"
        "from sphinx.application import Sphinx\n"
        "d = tempfile.mkdtemp()\n"
        "src = sys.argv[1]\n"
        "app = Sphinx(src, src, d, d, 'html', status=None, warning=None)\n"
        "kb = app.registry.domain_directives.get('kb', {})\n"
        "print(json.dumps({'collections': 'agreement-table' in kb,\n"
        "                  'pdf': 'pdf' in app.registry.builders}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(src)],
        capture_output=True,
        text=True,
        env=_env(),
    )
    if result.returncode != 0:
        return {"collections": False, "pdf": False}
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- incremental ---------------------------------------------------------------


def html_mtimes(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def incremental(src: Path, out: Path, manifest: dict) -> dict:
    """Rebuild with no change, then after editing one quote; count pages written."""
    html = out / "html"
    target = src / manifest["edit_target"]["path"]
    original = target.read_text(encoding="utf-8")
    old = manifest["edit_target"]["text"].split(" ")[0]
    snippet = " ".join(manifest["edit_target"]["text"].split()[:8])
    shown = pages_showing(html, snippet)
    before = html_mtimes(html)
    idle = sphinx_build(src, out, fresh=False, label="no change")
    idle_written = _changed(before, html_mtimes(html))
    before = html_mtimes(html)
    try:
        target.write_text(original.replace(old, old + " (edited)", 1), encoding="utf-8")
        run = sphinx_build(src, out, fresh=False, label="one quote edited")
    finally:
        target.write_text(original, encoding="utf-8")
    written = _changed(before, html_mtimes(html))
    return {
        "run": run,
        "idle": idle,
        "idle_pages": [p for p in idle_written if not _generated(p)],
        "pages": [p for p in written if not _generated(p)],
        "edited_page": manifest["edit_target"]["path"][:-3] + ".html",
        "shown_on": shown,
    }


def preview_edit(src: Path, out: Path, manifest: dict) -> Run:
    """The one-quote edit as ``make serve`` builds it: the time until the page
    is written, then wait for the job that writes the search and the data after
    it (:mod:`briefing.preview`) so that it does not slow the next measurement."""
    from briefing.preview import PID_FILE

    target = src / manifest["edit_target"]["path"]
    original = target.read_text(encoding="utf-8")
    old = manifest["edit_target"]["text"].split(" ")[0]
    try:
        target.write_text(original.replace(old, old + " (previewed)", 1), encoding="utf-8")
        run = sphinx_build(
            src,
            out,
            fresh=False,
            label="one quote edited, live preview",
            options=("-D", "briefing_search_background=1"),
        )
    finally:
        target.write_text(original, encoding="utf-8")
    deadline = time.monotonic() + 600
    while (out / ".doctrees" / PID_FILE).is_file() and time.monotonic() < deadline:
        time.sleep(0.5)
    return run


def pages_showing(html: Path, snippet: str) -> list[str]:
    """The built pages whose text contains ``snippet`` (the edited quote's words)."""
    return sorted(
        str(page.relative_to(html))
        for page in html.rglob("*.html")
        if not _generated(str(page.relative_to(html)))
        and snippet in page.read_text(encoding="utf-8")
    )


def _generated(page: str) -> bool:
    """Index pages Sphinx writes on every build (general and domain indices, search)."""
    return page in ("genindex.html", "search.html", "py-modindex.html") or (
        page.startswith("kb-") and "/" not in page
    )


def _changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(p for p, t in after.items() if before.get(p) != t)


# -- search --------------------------------------------------------------------


def search_bytes(html: Path, vanilla_html: Path, query: str) -> dict:
    """Bytes one Pagefind query downloads in Chromium; Sphinx's ``searchindex.js``.

    The extension's site replaces Sphinx's search, so the ``searchindex.js``
    compared is the vanilla build's of the same corpus: what a reader's
    browser downloads before Sphinx's search can answer anything.
    """
    result: dict = {"searchindex_kb": _kb(vanilla_html / "searchindex.js")}
    if not (html / "pagefind" / "pagefind.js").exists():
        result["missing"] = "the site has no Pagefind index (search is not on this branch)"
        return result
    try:
        result.update(_pagefind_query(html, query))
    except Exception as error:  # a benchmark reports, it does not crash the run
        result["missing"] = f"the query could not be run: {error}"
    return result


def _pagefind_query(html: Path, query: str) -> dict:
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            base = f"http://127.0.0.1:{server.server_port}"
            page.goto(f"{base}/index.html")

            def record(response) -> None:
                if "/pagefind/" in response.url:
                    try:
                        sizes[response.url] = len(response.body())
                    except Exception:
                        sizes[response.url] = 0

            page.on("response", record)
            count = page.evaluate(
                """async (q) => {
                    const pf = await import('/pagefind/pagefind.js');
                    const search = await pf.search(q);
                    await Promise.all(search.results.slice(0, 5).map(r => r.data()));
                    return search.results.length;
                }""",
                query,
            )
            page.wait_for_timeout(300)
            browser.close()
    finally:
        server.shutdown()
    return {
        "query": query,
        "results": count,
        "files": len(sizes),
        "query_kb": sum(sizes.values()) / 1024,
    }


def _kb(path: Path) -> float:
    return path.stat().st_size / 1024 if path.exists() else 0.0


# -- PDF ------------------------------------------------------------------------


def pdf_book(chapters: int, found: dict[str, bool]) -> dict:
    """Build the largest book: ``chapters`` statements declared with the ``book``
    directive, their actors and annex printed in full, and its index, with the
    ``pdf`` builder; its time, peak memory and pages."""
    from pypdf import PdfReader

    src = WORK / "ext-book"
    corpus.write(src, chapters, collections=found["collections"], book=chapters)
    run = sphinx_build(src, OUT / "ext-book", builder="pdf", label="PDF book")
    pages = len(PdfReader(OUT / "ext-book" / "pdf" / "benchmark.pdf").pages)
    return {"run": run, "pages": pages}


# -- languages ------------------------------------------------------------------


def book_in_languages(statements: int, chapters: int, languages: tuple[str, ...]) -> dict:
    """``make book`` for ``languages``: each language's PDF books, then its site.

    Run as the Makefile runs it: one ``pdf`` and one ``html`` build per
    language with ``-D language=<lang>``, the source language at the root,
    the others in ``<lang>/``. Returns the summed wall and CPU seconds, the
    largest peak memory, and the warnings.
    """
    src = WORK / "ext-languages"
    if not src.exists():
        corpus.write(src, statements, collections=True, book=chapters)
    out = OUT / f"languages-{len(languages)}"
    if out.exists():
        shutil.rmtree(out)
    total = Run(f"make book, {len(languages)} language(s)", 0.0, 0.0)
    for language in languages:
        below = "" if language == languages[0] else f"/{language}"
        for builder, target in (("pdf", f"pdf{below}"), ("html", f"html{below}")):
            command = [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                builder,
                "-q",
                "-D",
                f"language={language}",
                "-D",
                f"briefing_languages={','.join(LANGUAGES)}",
                "-D",
                f"briefing_pdf_dir={out}/pdf{below}",
                "-d",
                str(out / ".doctrees" / f"{builder}-{language}"),
                str(src),
                str(out / target),
            ]
            seconds, cpu, peak, stderr = measure(command, _env())
            total.seconds += seconds
            total.cpu += cpu
            total.peak_mb = max(total.peak_mb, peak)
            total.warnings += sum(1 for line in stderr.splitlines() if "WARNING" in line)
    return {"run": total, "out": out}


def languages_case(statements: int, chapters: int, repeat: int, say) -> dict:
    """Four languages against one, side by side, interleaved; medians of CPU time."""
    one: list[Run] = []
    four: list[Run] = []
    for _ in range(repeat):
        for runs, languages in ((one, LANGUAGES[:1]), (four, LANGUAGES)):
            run = book_in_languages(statements, chapters, languages)["run"]
            runs.append(run)
            say(
                f"{run.label}: {run.seconds:.1f} s, {run.cpu:.1f} s CPU, "
                f"{run.peak_mb:.0f} MB, {run.warnings} warnings"
            )
    one_cpu = statistics.median(r.cpu for r in one)
    four_cpu = statistics.median(r.cpu for r in four)
    one_wall = statistics.median(r.seconds for r in one)
    four_wall = statistics.median(r.seconds for r in four)
    return {
        "one": one,
        "four": four,
        "ratio": _ratio(four_cpu, one_cpu),
        "ratio_wall": _ratio(four_wall, one_wall),
        "statements": statements,
        "chapters": chapters,
    }


def languages_row(case: dict) -> list[str]:
    ratio = case["ratio"]
    return [
        f"`make book` in {len(LANGUAGES)} languages ÷ in one ({case['statements']} "
        f"statements, a book of {case['chapters']}; CPU time)",
        f"≤ {TARGETS['languages']}",
        f"{ratio:.2f} (wall: {case['ratio_wall']:.2f})",
        _verdict(ratio <= TARGETS["languages"]),
    ]


# -- agreement graph -----------------------------------------------------------


def graph_case(found: dict[str, bool], repeat: int = 20) -> dict:
    """A process of 40 agreements with builds-on chains drawn as a graph: the
    drawing alone (layout and SVG, in this process, median of ``repeat``), and
    the HTML and PDF builds of the page that shows it."""
    from pypdf import PdfReader

    from briefing.collections.graph import graph_figure, graph_svg
    from briefing.collections.layout import day_number
    from briefing.model import KbDate

    src = WORK / "graph"
    manifest = corpus.write_process(src, agreements=40)
    items = []
    for kind, entity_id, label, iso, lane, targets in manifest["nodes"]:
        date = KbDate.parse(iso)
        assert date is not None
        items.append(
            (
                kind,
                entity_id,
                label,
                (iso, date.display()),
                day_number(date.sort_key),
                ((lane, lane),),
                ("text", label),
                tuple(("agreement", t) for t in targets),
            )
        )
    items.sort(key=lambda i: (i[4], i[0] != "event", i[1]))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        figure = graph_figure(items, "bench", "Benchmark graph", "stage", "graph")
        svg = graph_svg(figure, ["#"] * len(items))
        times.append(time.perf_counter() - start)
    placed = figure["layout"]
    boxes = [n.label for n in placed.nodes]
    overlaps = sum(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    html = sphinx_build(src, OUT / "graph", label="graph HTML")
    result = {
        "agreements": manifest["agreements"],
        "events": manifest["events"],
        "arrows": svg.count('class="kb-graph-arrow kb-graph-'),
        "expected_arrows": manifest["arrows"],
        "draw_ms": statistics.median(times) * 1000,
        "overlaps": overlaps,
        "height_mm": placed.height / placed.width * 168,
        "html": html,
    }
    if found["pdf"]:
        pdf = sphinx_build(src, OUT / "graph-pdf", builder="pdf", label="graph PDF")
        result["pdf"] = pdf
        result["pdf_pages"] = len(PdfReader(OUT / "graph-pdf" / "pdf" / "process.pdf").pages)
    return result


# -- machine and report --------------------------------------------------------


def machine() -> dict[str, str]:
    import furo
    import myst_parser
    import sphinx

    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kb = int(handle.readline().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "memory": memory,
        "processor": platform.processor() or platform.machine(),
        "system": platform.platform(),
        "Python": platform.python_version(),
        "Sphinx": sphinx.__version__,
        "MyST-Parser": myst_parser.__version__,
        "Furo": getattr(furo, "__version__", "?"),
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--child", "--"]:
        return _child(argv[2:])
    parser = argparse.ArgumentParser(description="Run the briefing benchmarks.")
    parser.add_argument("--quick", action="store_true", help="small corpora, under 2 minutes")
    parser.add_argument("--statements", type=int, help="override N (statements)")
    parser.add_argument("--output", type=Path, help="where to write the results page")
    parser.add_argument(
        "--languages-only",
        action="store_true",
        help="only the multilingual case: make book in four languages against one",
    )
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    size, repeat_small, repeat_large, chapters = PLANS[mode]
    size = args.statements or size
    output = args.output or (DOC if mode == "full" else OUT / "performance-quick.md")
    started = time.perf_counter()
    info = machine()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {text}", flush=True)

    if args.languages_only:
        WORK.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(WORK / "ext-languages", ignore_errors=True)
        case = languages_case(size, chapters, repeat_small, say)
        print(table([languages_row(case)], ["measure", "target", "measured", "verdict"]))
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    probe = WORK / "probe"
    corpus.write(probe, 2, collections=False)
    found = features(probe)
    say(f"features on this branch: {found}")
    corpora = {}
    for name, statements, vanilla in (
        ("ext-N", size, False),
        ("vanilla-N", size, True),
        ("ext-4N", 4 * size, False),
        ("vanilla-4N", 4 * size, True),
    ):
        corpora[name] = corpus.write(
            WORK / name, statements, vanilla=vanilla, collections=found["collections"]
        )
        say(f"wrote {name}: {corpora[name]['counts']}")

    runs: dict[str, list[Run]] = {}

    def build(name: str, jobs: int = 1, key: str = "") -> Run:
        run = sphinx_build(
            WORK / name,
            OUT / (key or f"{name}-j{jobs}"),
            jobs,
            label=f"{name} -j {jobs}",
        )
        runs.setdefault(key or f"{name}-j{jobs}", []).append(run)
        say(
            f"{run.label}: {run.seconds:.1f} s, {run.cpu:.1f} s CPU, "
            f"{run.peak_mb:.0f} MB, {run.warnings} warnings"
        )
        return run

    for _ in range(repeat_small):
        build("vanilla-N")
        build("ext-N")
    for _ in range(repeat_large):
        build("vanilla-4N")
        build("ext-4N")
    for _ in range(repeat_large):
        build("vanilla-4N", jobs=2)
        build("ext-4N", jobs=2)

    def med(key: str, what: str = "cpu") -> float:
        return statistics.median(getattr(r, what) for r in runs[key])

    def peak(key: str) -> float:
        return max(r.peak_mb for r in runs[key])

    say("incremental: one quote edited (extension, then vanilla)")
    inc = incremental(WORK / "ext-4N", OUT / "ext-4N-j1", corpora["ext-4N"])
    inc_vanilla = incremental(WORK / "vanilla-4N", OUT / "vanilla-4N-j1", corpora["vanilla-4N"])
    preview = preview_edit(WORK / "ext-4N", OUT / "ext-4N-j1", corpora["ext-4N"])
    say(f"live preview: {preview.seconds:.1f} s, {preview.cpu:.1f} s CPU")
    say(f"incremental: {inc['run'].seconds:.1f} s, pages written {inc['pages']}")

    search = search_bytes(OUT / "ext-4N-j1" / "html", OUT / "vanilla-4N-j1" / "html", "railway")
    say(f"search: {search}")

    pdf = pdf_book(chapters, found) if found["pdf"] else None
    say(f"pdf: {pdf}")

    small_pax, large_pax = PAX_PLANS[mode]
    pax_sites = {
        "pax-small": pax_corpus.write_archive(WORK / "pax-small", small_pax),
        "pax-large": pax_corpus.write_archive(WORK / "pax-large", large_pax),
        "pax-large-orphans": pax_corpus.write_archive(
            WORK / "pax-large-orphans", large_pax, nav="orphans"
        ),
    }
    say(f"wrote the PA-X archives: {pax_sites}")
    # side by side: orphans, toctree, then the small archive
    for _ in range(repeat_large):
        for name in ("pax-large-orphans", "pax-large", "pax-small"):
            build(name)

    pax_orphans = _ratio(med("pax-large-j1"), med("pax-large-orphans-j1"))
    pax_orphans_wall = _ratio(
        med("pax-large-j1", "seconds"), med("pax-large-orphans-j1", "seconds")
    )
    pax_growth = _ratio(med("pax-large-j1"), med("pax-small-j1"))

    say("languages: make book in four languages against one")
    shutil.rmtree(WORK / "ext-languages", ignore_errors=True)
    languages = languages_case(size, chapters, repeat_small, say)
    graph = graph_case(found) if found["collections"] else None
    say(f"graph: {graph}")

    overhead = _ratio(med("ext-4N-j1"), med("vanilla-4N-j1"))
    overhead_wall = _ratio(med("ext-4N-j1", "seconds"), med("vanilla-4N-j1", "seconds"))
    overhead_small = _ratio(med("ext-N-j1"), med("vanilla-N-j1"))
    growth = _ratio(med("ext-4N-j1"), med("ext-N-j1"))
    growth_vanilla = _ratio(med("vanilla-4N-j1"), med("vanilla-N-j1"))
    speedup_ext = _ratio(med("ext-4N-j1", "seconds"), med("ext-4N-j2", "seconds"))
    speedup_vanilla = _ratio(med("vanilla-4N-j1", "seconds"), med("vanilla-4N-j2", "seconds"))
    parallel_gap = abs(speedup_ext - speedup_vanilla) / speedup_vanilla
    fraction = _ratio(inc["run"].cpu, med("ext-4N-j1"))
    fraction_wall = _ratio(inc["run"].seconds, med("ext-4N-j1", "seconds"))

    timing_rows = []
    for name, key in (
        ("vanilla-N -j 1", "vanilla-N-j1"),
        ("ext-N -j 1", "ext-N-j1"),
        ("vanilla-4N -j 1", "vanilla-4N-j1"),
        ("ext-4N -j 1", "ext-4N-j1"),
        ("vanilla-4N -j 2", "vanilla-4N-j2"),
        ("ext-4N -j 2", "ext-4N-j2"),
    ):
        counts = corpora[name.split(" ")[0]]["counts"]
        timing_rows.append(
            [
                name,
                str(counts["pages"]),
                str(counts["quote"]),
                f"{med(key, 'seconds'):.1f}",
                f"{med(key):.1f}",
                f"{peak(key):.0f}",
                str(len(runs[key])),
            ]
        )
    for name, key in (
        (f"PA-X archive, {small_pax} agreements", "pax-small-j1"),
        (f"PA-X archive, {large_pax} agreements", "pax-large-j1"),
        (f"PA-X archive, {large_pax} agreements as orphans", "pax-large-orphans-j1"),
    ):
        site = pax_sites[key.removesuffix("-j1")]
        timing_rows.append(
            [
                name,
                str(site["pages"]),
                "",
                f"{med(key, 'seconds'):.1f}",
                f"{med(key):.1f}",
                f"{peak(key):.0f}",
                str(len(runs[key])),
            ]
        )
    for name, result in (("ext-4N", inc), ("vanilla-4N", inc_vanilla)):
        for label, run in (
            ("no change", result["idle"]),
            ("one quote edited", result["run"]),
            *((("one quote edited, live preview", preview),) if name == "ext-4N" else ()),
        ):
            timing_rows.append(
                [
                    f"{name}, {label}",
                    "",
                    "",
                    f"{run.seconds:.1f}",
                    f"{run.cpu:.1f}",
                    f"{run.peak_mb:.0f}",
                    "1",
                ]
            )

    extra = sorted(set(inc["pages"]) - set(inc_vanilla["pages"]) - set(inc["shown_on"]))
    missing = sorted(set(inc["shown_on"]) - set(inc["pages"]))
    shown = ", ".join(inc["pages"])
    target_rows = [
        [
            "extension ÷ vanilla, full HTML build at 4N (CPU time)",
            f"≤ {TARGETS['overhead']}",
            f"{overhead:.2f} (wall: {overhead_wall:.2f}; at N: {overhead_small:.2f})",
            _verdict(overhead <= TARGETS["overhead"]),
        ],
        [
            "time at 4N ÷ time at N, extension (CPU time)",
            f"≤ {TARGETS['growth']}",
            f"{growth:.2f} (vanilla: {growth_vanilla:.2f})",
            _verdict(growth <= TARGETS["growth"]),
        ],
        [
            f"PA-X archive of {large_pax} agreements in toctrees ÷ the same pages "
            "as orphans (CPU time)",
            f"≤ {TARGETS['pax_orphans']}",
            f"{pax_orphans:.2f} (wall: {pax_orphans_wall:.2f})",
            _verdict(pax_orphans <= TARGETS["pax_orphans"]),
        ],
        [
            f"PA-X archive: {large_pax} ÷ {small_pax} agreements (CPU time)",
            f"≤ {TARGETS['growth']}",
            f"{pax_growth:.2f}",
            _verdict(pax_growth <= TARGETS["growth"]),
        ],
        [
            "one-quote edit ÷ full build (CPU time)",
            f"≤ {TARGETS['incremental']:.0%}",
            f"{fraction:.1%} (wall: {fraction_wall:.1%}, {inc['run'].seconds:.1f} s)",
            _verdict(fraction <= TARGETS["incremental"]),
        ],
        [
            "one-quote edit shown by the live preview (`make serve`) at 4N; "
            "search and data follow (wall time)",
            f"< {TARGETS['preview_seconds']:.0f} s",
            f"{preview.seconds:.1f} s ({preview.cpu:.1f} s CPU)",
            _verdict(preview.seconds < TARGETS["preview_seconds"]),
        ],
        [
            "pages rewritten by the edit",
            "only pages showing the quote",
            f"{len(inc['pages'])}: {shown}; the quote's words are on "
            f"{', '.join(inc['shown_on']) or 'no page'}; vanilla Sphinx rewrites "
            f"{', '.join(inc_vanilla['pages']) or 'nothing'}"
            + (f"; extra: {', '.join(extra)}" if extra else "; nothing extra")
            + (f"; NOT rewritten: {', '.join(missing)}" if missing else ""),
            _verdict(inc["edited_page"] in inc["pages"] and not extra and not missing),
        ],
        [
            "pages rewritten with no change (besides indices)",
            "0",
            str(len(inc["idle_pages"])),
            _verdict(not inc["idle_pages"]),
        ],
        [
            "-j 2 ÷ -j 1 speed-up, extension vs vanilla (wall time)",
            f"within {TARGETS['parallel']:.0%}",
            f"{speedup_ext:.2f} vs {speedup_vanilla:.2f} (gap {parallel_gap:.0%})",
            _verdict(parallel_gap <= TARGETS["parallel"]),
        ],
    ]
    if "query_kb" in search:
        target_rows.append(
            [
                f"bytes downloaded by the query '{search['query']}'",
                f"≤ {TARGETS['query_kb']} kB",
                f"{search['query_kb']:.0f} kB in {search['files']} files "
                f"(searchindex.js: {search['searchindex_kb']:.0f} kB)",
                _verdict(search["query_kb"] <= TARGETS["query_kb"]),
            ]
        )
    else:
        target_rows.append(
            [
                "bytes downloaded by one query",
                f"≤ {TARGETS['query_kb']} kB",
                f"not measured: {search['missing']} (searchindex.js: "
                f"{search['searchindex_kb']:.0f} kB)",
                _verdict(None),
            ]
        )
    if pdf is not None:
        run = pdf["run"]
        target_rows.append(
            [
                f"PDF book of {pdf['pages']} pages ({chapters} statements)",
                f"≤ {TARGETS['pdf_seconds']} s, ≤ {TARGETS['pdf_gb']} GB",
                f"{run.seconds:.1f} s ({run.cpu:.1f} s CPU), {run.peak_mb:.0f} MB",
                _verdict(
                    run.seconds <= TARGETS["pdf_seconds"]
                    and run.peak_mb <= TARGETS["pdf_gb"] * 1024
                ),
            ]
        )
    else:
        target_rows.append(
            [
                "PDF book of about 200 pages",
                f"≤ {TARGETS['pdf_seconds']} s, ≤ {TARGETS['pdf_gb']} GB",
                "not measured: no `pdf` builder on this branch",
                _verdict(None),
            ]
        )

    target_rows.append(languages_row(languages))
    if graph is not None:
        builds = f"HTML build {graph['html'].seconds:.1f} s"
        if "pdf" in graph:
            builds += f", PDF build {graph['pdf'].seconds:.1f} s ({graph['pdf_pages']} pages)"
        target_rows.append(
            [
                f"agreement graph: {graph['agreements']} agreements, {graph['events']} "
                f"events, {graph['arrows']} arrows (one process)",
                "no label overlaps; fits an A4 page (height < 251 mm at 168 mm wide)",
                f"drawn in {graph['draw_ms']:.0f} ms (layout and SVG); {builds}; "
                f"{graph['overlaps']} overlaps; {graph['height_mm']:.0f} mm tall",
                _verdict(
                    graph["overlaps"] == 0
                    and graph["height_mm"] < 251
                    and graph["arrows"] == graph["expected_arrows"]
                ),
            ]
        )

    info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    info["benchmark wall time"] = f"{time.perf_counter() - started:.0f} s"
    report = render(mode, info, corpora, timing_rows, target_rows, found, pax_sites)
    print(report)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    say(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


def render(
    mode: str,
    info: dict[str, str],
    corpora: dict,
    timing_rows: list,
    target_rows: list,
    found: dict,
    pax_sites: dict | None = None,
) -> str:
    counts = corpora["ext-4N"]["counts"]
    small = corpora["ext-N"]["counts"]
    parts = [
        "# Performance",
        "",
        f"The last results of `make {'bench' if mode == 'full' else 'bench-quick'}` "
        "(`python -m benchmarks.run`), written by the benchmark itself. The machine "
        "is shared with other work, so absolute times are noisy; the ratios compare "
        "builds run side by side in one session, interleaved, as medians.",
        "",
        "## Targets",
        "",
        table(target_rows, ["measure", "target", "measured", "verdict"]),
        "",
        "## Builds",
        "",
        f"N = {small['statement']} statements ({small['pages']} pages, "
        f"{small['quote']} quotes); 4N = {counts['statement']} statements "
        f"({counts['pages']} pages, {counts['quote']} quotes, "
        f"{counts['agreement']} agreements with {counts['provision']} provisions, "
        f"{counts['person']} people, {counts['organization']} organizations, "
        f"{counts['topic']} topics, {counts['event']} events, "
        f"{counts['collection']} pages of collections"
        + ("" if found["collections"] else " — collections are not on this branch yet")
        + ").",
        "The vanilla corpora hold the same text as plain MyST (block quotes with a "
        "dash attribution, references as plain text, no collections) for Sphinx + "
        "MyST-Parser + sphinx-design + Furo. Times are medians of the runs: "
        "wall-clock seconds, and CPU seconds of all the build's processes (what the "
        "work ratios compare, since other work on the machine inflates wall time but "
        "hardly CPU time); memory is the peak "
        "resident set of the largest process of the build.",
        *(_pax_description(pax_sites) if pax_sites else []),
        "",
        table(
            timing_rows,
            ["build", "pages", "quotes", "wall s", "CPU s", "peak MB", "runs"],
        ),
        "",
        "## Machine",
        "",
        table([[k, v] for k, v in info.items()], ["", ""]),
        "",
    ]
    if FINDINGS.exists():
        parts += [FINDINGS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(parts)


def _pax_description(sites: dict) -> list[str]:
    large = sites["pax-large"]
    return [
        "",
        f"The PA-X archives are a synthetic PA-X export (`benchmarks/pax_corpus.py`: "
        f"{sites['pax-small']['agreements']} and {large['agreements']} agreements in "
        "about 12 per peace process, awkward titles, references between agreements) "
        f"imported by `import-pax`: {large['pages']} pages, "
        f"{large['with_builds_on']} agreements whose references became `builds-on`, "
        f"{large['organizations_created']} organizations created. In toctrees: the "
        "root's toctree holds the import's index, which holds the process pages, "
        "which hold their agreements, as the importer writes them; as orphans: the "
        "same pages, each `orphan`, in no toctree. Built side by side in this run.",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
