"""The pre-commit configuration: local hooks only, and the page check really runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from contrib_project import PROJECT, environment, make_project

CONFIG = PROJECT / ".pre-commit-config.yaml"


def hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load(CONFIG.read_text("utf-8"))
    found = {}
    for repo in config["repos"]:
        # local hooks need no download: CI and contributors stay offline
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            found[hook["id"]] = hook
    return found


def test_the_hooks_the_project_expects() -> None:
    found = hooks()
    assert set(found) == {"ruff", "ruff-format", "mypy", "check-pages"}
    for hook in found.values():
        assert hook["language"] == "system"
        program = str(hook["entry"]).split()
        executable = next(p for p in program if p.startswith(".venv/bin/"))
        assert (PROJECT / executable).exists(), executable
    assert "--check" in str(found["ruff-format"]["entry"]).split()
    assert found["mypy"]["pass_filenames"] is False
    pages = re.compile(str(found["check-pages"]["files"]))
    assert pages.search("docs/statements/new.md")
    assert not pages.search("_ext/briefing/check.py")
    assert not pages.search("docs/conf.py")


def test_the_page_hook_stops_a_commit_with_a_broken_page(tmp_path: Path) -> None:
    assert shutil.which("git")
    root = make_project(tmp_path / "project", "# Home\n\n```{toctree}\npage\n```\n")
    shutil.copy(CONFIG, root / CONFIG.name)
    page = root / "docs" / "page.md"
    page.write_text("# Page\n\n:::{topic} transport\n:titel: Transport\n:::\n", "utf-8")
    env = {**environment(), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    command = [
        str(PROJECT / ".venv" / "bin" / "pre-commit"),
        "run",
        "check-pages",
        "--files",
        "docs/page.md",
    ]
    result = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/page.md:4: {topic}: unknown option ':titel:'." in result.stdout
    assert (
        "docs/page.md:3: {topic}: the option ':title:' is required." in result.stdout
    )
    page.write_text("# Page\n\n:::{topic} transport\n:title: Transport\n:::\n", "utf-8")
    fixed = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
