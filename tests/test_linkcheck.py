"""``make linkcheck``: every outside link of the knowledge base, checked.

A copy of the project whose sources point at a server on 127.0.0.1 (never
the internet): one statement's source exists, one agreement's does not. The
check must name the broken one, with its page and line, pass the good one,
and end with a non-zero status so editors (and CI) notice.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from contrib_project import MAKE, environment, make_project

from conftest import serve

INDEX = """# Test site

:::{statement}
:date: 2021-12-15
:organization: restart-initiative
:source: {good}
:::

:::{organization} restart-initiative
:name: Restart Initiative
:::

::::{agreement} the-agreement
:title: The agreement
:date: 2020-11-09
:parties: restart-initiative
:source: {broken}
::::
"""


def test_make_linkcheck_finds_the_broken_source_and_passes_the_good_one(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / "statement.html").write_text("<!DOCTYPE html><title>The statement</title>")
    with serve(served) as base:
        good, broken = f"{base}/statement.html", f"{base}/gone.html"
        root = make_project(
            tmp_path / "project", INDEX.replace("{good}", good).replace("{broken}", broken)
        )
        result = subprocess.run(
            [*MAKE, "linkcheck"],
            cwd=root,
            capture_output=True,
            text=True,
            env=environment(),
            timeout=300,
        )
    assert result.returncode != 0, result.stdout + result.stderr
    report = [
        json.loads(line)
        for line in (root / "_build/linkcheck/output.json").read_text().splitlines()
    ]
    status = {
        entry["uri"]: (entry["status"], entry["filename"], entry["lineno"]) for entry in report
    }
    # located at the directive that holds the source
    assert status[good] == ("working", "index.md", 3)
    assert status[broken] == ("broken", "index.md", 13)
    assert f"{broken}: 404 Client Error" in (root / "_build/linkcheck/output.txt").read_text()
    # nothing else was checked: no address outside 127.0.0.1
    assert set(status) == {good, broken}
