"""The live preview: the edited page first, the site's cross-page files after it.

``make serve`` rebuilds on every save and reloads the browser when the build
ends. After an edit that changes the knowledge base, a build also remakes
what is made from all of it (data exports, citation files, feed, sitemap,
map of anchors: :mod:`briefing.generation`) and indexes the whole site
with Pagefind: seconds at archive scale that the reader of the edited page
would wait for. With ``briefing_search_background`` (which ``make serve``
sets), a build over an earlier complete output writes only the pages it
re-read, and a process of its own, forked at the end of the build with the
finished environment, does the rest: the pages that show the edit
(collections, backlinks: :func:`briefing.incremental.write_pages_showing_edits`),
then the files and the search index. The page shows at once, and the rest
catches up a few seconds later (the previous ones answer meanwhile). A first build, and every build
without the option (``make html``, CI, the benchmarks), does it inside the
build.

One job at a time: a build stops the previous build's job (its own session,
by the id it recorded) before it writes anything of the output. A job that is
stopped or fails records no token, so the next build does its work again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

#: Beside the environment: the job's process id and log.
PID_FILE = "briefing-preview-job.pid"
LOG_FILE = "briefing-preview-job.log"


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


def can_detach() -> bool:
    """Whether this system can fork the build's process (not Windows)."""
    return hasattr(os, "fork")


def run_detached(doctreedir: Path, work: Callable[[], str]) -> int:
    """Run ``work`` in a forked process of its own session; its process id.

    The job's output goes to :data:`LOG_FILE`, ending with what ``work``
    returns (or the error). It starts once its id is recorded, and removes
    the record when it ends.
    """
    stop_previous(doctreedir)
    pid_file = doctreedir / PID_FILE
    log_path = doctreedir / LOG_FILE
    sys.stdout.flush()
    sys.stderr.flush()
    ready, go = os.pipe()
    pid = os.fork()
    if pid:
        os.close(ready)
        pid_file.write_text(str(pid), encoding="ascii")
        os.close(go)
        return pid
    code = 1
    try:
        os.close(go)
        os.setsid()
        with log_path.open("w", encoding="utf-8") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            os.read(ready, 1)  # the parent closed its end: the id is recorded
            started = time.perf_counter()
            try:
                done = work()
                code = 0
            except BaseException:
                traceback.print_exc(file=log)
                done = "failed"
            log.write(f"{done} ({time.perf_counter() - started:.1f} s, in the background)\n")
    finally:
        with contextlib.suppress(OSError):
            if pid_file.read_text(encoding="ascii").strip() == str(os.getpid()):
                pid_file.unlink()
        os._exit(code)
