"""``make serve``: the live preview starts, serves, shows warnings, rebuilds on save."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from contrib_project import MAKE, environment, make_project

INDEX = "# Preview test\n\n{person}`nobody`\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def title_of(html: str | None) -> str:
    if html is None:
        return ""
    heading = BeautifulSoup(html, "html.parser").find("h1")
    return heading.get_text(strip=True).rstrip("¶#") if heading else ""


def wait_for_title(url: str, title: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = fetch(url)
        if title_of(html) == title:
            return html
        time.sleep(0.5)
    return None


def test_make_serve_previews_and_rebuilds_on_save(tmp_path: Path) -> None:
    root = make_project(tmp_path, INDEX)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*MAKE, "serve", f"PORT={port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=environment(),
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        html = wait_for_title(url, "Preview test", 120)
        assert html is not None, (tmp_path / "serve.log").read_text()
        # the page reloads itself when a rebuild finishes
        assert "/websocket-reload" in html
        index = root / "docs" / "index.md"
        index.write_text(INDEX.replace("Preview test", "Saved again"), "utf-8")
        assert wait_for_title(url, "Saved again", 120) is not None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    # the extension's warnings are in the terminal, located
    assert (
        "docs/index.md:3: WARNING: {person}: no person has the id 'nobody'." in output
    )
