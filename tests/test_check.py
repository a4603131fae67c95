"""``make check``: the nitpicky build and the navigation check, one line a problem."""

from __future__ import annotations

import subprocess
from pathlib import Path

from contrib_project import MAKE, briefing, environment, make_project

INDEX = """# Test site

```{toctree}
statements/index
people
```
"""

PAGES = {
    "statements/index.md": "# Statements\n\n```{toctree}\n:glob:\n\n*\n```\n",
    "statements/good.md": (
        "# A good statement\n\n:::{statement}\n:date: 2021-12-15\n"
        ":organization: restart-initiative\n:::\n\nText.\n"
    ),
    "statements/bad.md": (
        "# A bad statement\n\n"
        ":::{statement}\n"
        ":date: 2021-13-01\n"
        ":organisation: restart-initiative\n"
        ":topics: economic-cooperatoin\n"
        ":::\n\n"
        "What {person}`emin-mili` said.\n"
    ),
    "people.md": (
        "# People\n\n:::{person} emin-milli\n:name: Emin Milli\n"
        ":organization: restart-initiative\n:::\n\n"
        ":::{organization} restart-initiative\n:name: Restart Initiative\n:::\n\n"
        ":::{topic} economic-cooperation\n:title: Economic cooperation\n:::\n"
    ),
    "lost.md": "# Not in any toctree\n",
    "drafts/index.md": "# Drafts\n\n```{toctree}\ndraft\n```\n",
    "drafts/draft.md": "# Only listed by an unlisted page\n",
}

EXPECTED = [
    "docs/drafts/draft.md:1: this page is only in the toctree of drafts/index.md, "
    "which the navigation does not reach from index: add that page to a toctree, "
    "or this one to a reachable page's toctree. [briefing.unreachable]",
    "docs/drafts/index.md:1: this page is in no toctree, so the navigation does not "
    "reach it: add it to the toctree of its folder's index.md. [toc.not_included]",
    "docs/lost.md:1: this page is in no toctree, so the navigation does not reach "
    "it: add it to the toctree of its folder's index.md. [toc.not_included]",
    "docs/statements/bad.md:4: {statement}: ':date:' is '2021-13-01', not a date; "
    "write YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-12-14). "
    "[briefing.invalid-date]",
    "docs/statements/bad.md:5: {statement}: unknown option ':organisation:'. Did "
    "you mean 'organization'? Known options: aliases, archive, authors, date, "
    "organization, "
    "place, source, topics, updated. [briefing.unknown-option]",
    "docs/statements/bad.md:6: :topics: no topic has the id 'economic-cooperatoin'. "
    "Did you mean 'economic-cooperation'? Define it with the topic directive, or "
    "correct the id. [briefing.unknown-id]",
    "docs/statements/bad.md:9: {person}: no person has the id 'emin-mili'. Did you "
    "mean 'emin-milli'? [briefing.unknown-id]",
]


def known_problems(root: Path) -> Path:
    make_project(root, INDEX)
    for name, text in PAGES.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_make_check_prints_each_problem_as_file_line_message(tmp_path: Path) -> None:
    root = known_problems(tmp_path)
    result = subprocess.run(
        [*MAKE, "check"],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=300,
    )
    assert result.returncode != 0
    assert result.stdout.splitlines() == EXPECTED
    assert "7 problems in the whole site." in result.stderr


def test_check_passes_once_the_problems_are_fixed(tmp_path: Path) -> None:
    root = known_problems(tmp_path)
    (root / "docs/statements/bad.md").unlink()
    (root / "docs/lost.md").write_text("---\norphan: true\n---\n\n# Lost\n", "utf-8")
    index = root / "docs/index.md"
    index.write_text(INDEX.replace("people\n", "people\ndrafts/index\n"), "utf-8")
    result = briefing(root, "check")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "0 problems in the whole site.\n"


def test_check_of_changed_pages_reports_only_theirs(tmp_path: Path) -> None:
    root = known_problems(tmp_path)
    assert briefing(root, "check").returncode == 1
    # unchanged since the last check, yet read again and reported again
    result = briefing(root, "check", "docs/statements/bad.md", "docs/lost.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        line for line in EXPECTED if line.startswith(("docs/statements/bad", "docs/lost"))
    ]
    assert result.stderr == "5 problems in 2 changed page(s).\n"
    good = briefing(root, "check", "docs/statements/good.md")
    assert (good.returncode, good.stdout) == (0, "")


def test_a_broken_configuration_is_one_located_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "conf.py").write_text("extensions = [\n", encoding="utf-8")
    result = briefing(root, "check")
    assert result.returncode == 2
    assert result.stdout.startswith("conf.py:1: the build stopped: ")
    assert "Traceback" not in result.stdout + result.stderr
