"""The search index refreshed after the build, for the live preview.

``make serve`` rebuilds on every save and reloads the browser when the build
ends; with the index written inside the build, the reader waits for Pagefind
(3–8 s on the benchmark's archive) before seeing the edited page. With
``briefing_search_background`` (which ``make serve`` sets), a build that
writes over an existing bundle hands the indexing to a process of its own and
ends: the page shows at once, and the search catches up a few seconds later,
answering from the previous bundle meanwhile. A build that needs a fresh
bundle, and every build without the option (``make html``, CI, the
benchmarks), indexes inside the build as before.

One job at a time: a new build stops the job of the previous one (its own
process group, by the id it recorded) before it starts the next.
``python -m briefing.search.background SITE RECORDS LANGUAGE PIDFILE DIGEST`` is
the job.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

#: Beside the environment: the job's process id and log.
PID_FILE = "briefing-pagefind.pid"
LOG_FILE = "briefing-pagefind.log"


def _alive(pid: int) -> bool:
    try:
        # a job this process started and that ended is reaped here (no zombie)
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # started by an earlier build's process
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def stop_previous(doctreedir: Path, timeout: float = 5.0) -> None:
    """Stop the job a previous build started, if it still runs."""
    pid_file = doctreedir / PID_FILE
    try:
        pid = int(pid_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)  # the job and its Pagefind
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    pid_file.unlink(missing_ok=True)


def start(doctreedir: Path, site: Path, records_file: Path, language: str, digest: str) -> int:
    """Start indexing ``site`` and the records of ``records_file``
    (:func:`~briefing.search.indexer.current_records`) in a process of its own;
    its process id."""
    stop_previous(doctreedir)
    package_parent = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [package_parent, *filter(None, [env.get("PYTHONPATH", "")])]
    )
    with (doctreedir / LOG_FILE).open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "briefing.search.background",
                str(site),
                str(records_file),
                language,
                str(doctreedir / PID_FILE),
                digest,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    (doctreedir / PID_FILE).write_text(str(process.pid), encoding="ascii")
    return process.pid


def main(argv: list[str]) -> int:
    from .freshness import stamp_bundle
    from .indexer import BUNDLE_DIR, read_records, run_coroutine, write_index

    site, records_file, language, pid_file = Path(argv[0]), Path(argv[1]), argv[2], Path(argv[3])
    digest = argv[4]
    records = read_records(records_file)
    started = time.perf_counter()
    try:
        pages = run_coroutine(write_index(site, records, language))
        stamp_bundle(site / BUNDLE_DIR, digest)
    finally:
        if pid_file.is_file() and pid_file.read_text(encoding="ascii").strip() == str(os.getpid()):
            pid_file.unlink(missing_ok=True)
    print(
        f"search index: {pages} pages and {len(records)} entity records "
        f"({time.perf_counter() - started:.1f} s, in the background)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
