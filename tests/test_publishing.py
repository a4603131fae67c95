"""The ways to the web in the repository: Read the Docs and GitHub Pages.

Neither can run here (no internet), so the tests check what can be checked:
the files parse, they run ``make`` targets that the Makefile has and that
the README tells people to use, and they publish the folder those targets
write.
"""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import PROJECT


def makefile_targets() -> set[str]:
    text = (PROJECT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*):(?!=)", text, flags=re.MULTILINE))


def readme_targets() -> set[str]:
    return set(re.findall(r"^make ([a-z-]+)", (PROJECT / "README.md").read_text(), re.MULTILINE))


def make_targets(commands: list[str]) -> list[str]:
    targets = []
    for command in commands:
        for line in command.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words[:1] == ["make"]:
                targets += [w for w in words[1:] if not w.startswith("-") and "=" not in w]
    return targets


def test_the_makefile_has_the_targets_people_are_told_about():
    targets = makefile_targets()
    assert {"book", "html", "pdf", "test", "dist", "linkcheck"} <= targets
    assert readme_targets() <= targets
    assert {"book", "dist", "linkcheck"} <= readme_targets()


def test_read_the_docs_builds_with_the_readmes_make_book():
    config = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    commands = config["build"]["commands"]
    targets = make_targets(commands)
    assert targets == ["book"]
    assert set(targets) <= makefile_targets() & readme_targets()
    assert any("_build/html" in c and "$READTHEDOCS_OUTPUT/html" in c for c in commands)
    assert config["build"]["tools"]["python"]


def test_the_pages_workflow_builds_with_make_book_and_publishes_its_output():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pages.yml").read_text())
    # YAML 1.1 reads the key `on` as True
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    targets = make_targets(runs)
    assert targets == ["book"]
    assert set(targets) <= makefile_targets() & readme_targets()
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    make_step = next(s for s in build["steps"] if s.get("run") == "make book")
    assert make_step["env"]["BRIEFING_BASEURL"].startswith("${{ steps.pages.outputs.base_url")


def test_make_book_writes_the_folder_both_publish():
    text = (PROJECT / "Makefile").read_text()
    assert re.search(r"^book: pdf html$", text, re.MULTILINE)
    assert "-b html $(SPHINXOPTS) $(SOURCE) $(BUILD)/html" in text
    assert re.search(r"^BUILD := _build$", text, re.MULTILINE)


def test_the_published_address_comes_from_the_host(monkeypatch):
    import runpy

    monkeypatch.setenv("BRIEFING_BASEURL", "https://example.github.io/briefing/")
    assert runpy.run_path(str(PROJECT / "conf.py"))["html_baseurl"] == (
        "https://example.github.io/briefing/"
    )
    monkeypatch.delenv("BRIEFING_BASEURL")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://briefing.readthedocs.io/en/latest/")
    assert runpy.run_path(str(PROJECT / "conf.py"))["html_baseurl"] == (
        "https://briefing.readthedocs.io/en/latest/"
    )
