"""``python -m briefing new``: every kind into a temporary project, then built."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from contrib_project import briefing, environment, make_project

from briefing.scaffold import TEMPLATES, derive_id

#: every kind, in an order where each names only entities made before it
NEW_PAGES = [
    (
        "organization",
        [
            "--name",
            "Restart Initiative",
            "--kind",
            "ngo",
            "--url",
            "https://www.restartinitiative.org/",
        ],
        "briefs/organizations/restart-initiative",
    ),
    (
        "organization",
        ["--name", "Republic of Armenia", "--id", "armenia", "--kind", "state"],
        "briefs/organizations/armenia",
    ),
    (
        "organization",
        ["--name", "Republic of Azerbaijan", "--id", "azerbaijan", "--kind", "state"],
        "briefs/organizations/azerbaijan",
    ),
    ("topic", ["--title", "Transport links"], "briefs/topics/transport-links"),
    (
        "person",
        [
            "--name",
            "Emin Milli",
            "--role",
            "Chairman, Restart Initiative",
            "--organization",
            "restart-initiative",
            "--country",
            "azerbaijan",
        ],
        "briefs/people/emin-milli",
    ),
    (
        "agreement",
        [
            "--title",
            "Statement of 11 January 2021",
            "--short-title",
            "Trilateral statement of 11 January 2021",
            "--date",
            "2021-01-11",
            "--parties",
            "armenia,azerbaijan",
            "--stage",
            "implementation",
            "--topics",
            "transport-links",
        ],
        "briefs/agreements/trilateral-statement-of-11-january-2021",
    ),
    (
        "event",
        [
            "--title",
            "Brussels meeting",
            "--date",
            "2021-12-14",
            "--participants",
            "armenia, azerbaijan",
            "--outcomes",
            "trilateral-statement-of-11-january-2021",
        ],
        "briefs/events/brussels-meeting",
    ),
    (
        "brief",
        [
            "--title",
            "Transport links in the region",
            "--date",
            "2026-11",
            "--topics",
            "transport-links",
        ],
        "briefs/transport-links-in-the-region",
    ),
    (
        "statement",
        [
            "--title",
            "Statement on the Brussels meeting",
            "--date",
            "2026-11-28",
            "--organization",
            "restart-initiative",
            "--authors",
            "emin-milli",
            "--source",
            "https://example.org/statement",
        ],
        "statements/statement-on-the-brussels-meeting",
    ),
]


def test_every_kind_is_scaffolded() -> None:
    assert {kind for kind, _, _ in NEW_PAGES} == set(TEMPLATES)


def test_new_pages_of_every_kind_build_without_warnings(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    for kind, options, docname in NEW_PAGES:
        result = briefing(root, "new", kind, *options)
        assert result.returncode == 0, result.stderr
        assert f"wrote docs/{docname}.md" in result.stdout.splitlines()
        assert (root / "docs" / f"{docname}.md").is_file()
    check = briefing(root, "check")
    assert (check.returncode, check.stdout) == (0, ""), check.stdout
    html = root / "_build" / "check" / "html"
    for kind, _, docname in NEW_PAGES:
        soup = BeautifulSoup((html / f"{docname}.html").read_text("utf-8"), "html.parser")
        entity = soup.select_one(f"div.kb-entity.kb-{kind}")
        assert entity is not None, docname
    # the navigation reaches every new page from the home page
    home = BeautifulSoup((html / "index.html").read_text("utf-8"), "html.parser")
    statements = home.select_one("a[href='statements/index.html']")
    assert statements is not None


def test_the_page_text_follows_the_contract(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    briefing(root, "new", "organization", "--name", "Restart Initiative")
    result = briefing(
        root,
        "new",
        "statement",
        "--title",
        "On the meeting",
        "--date",
        "2021-12-15",
        "--organization",
        "restart-initiative",
    )
    assert result.returncode == 0, result.stderr
    text = (root / "docs/statements/on-the-meeting.md").read_text("utf-8")
    assert text.splitlines()[:6] == [
        "# On the meeting",
        "",
        ":::{statement}",
        ":date: 2021-12-15",
        ":organization: restart-initiative",
        ":::",
    ]
    index = (root / "docs/statements/index.md").read_text("utf-8")
    assert ":glob:" in index
    assert "statements/index" in (root / "docs/index.md").read_text("utf-8")


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    args = ("new", "topic", "--title", "Transport links")
    assert briefing(root, *args).returncode == 0
    page = root / "docs/briefs/topics/transport-links.md"
    page.write_text("# Edited by hand\n", encoding="utf-8")
    again = briefing(root, *args)
    assert again.returncode == 1
    assert again.stderr == (
        "python -m briefing new topic: docs/briefs/topics/transport-links.md exists "
        "already; it is left as it is. Edit it, or choose another id with --id.\n"
    )
    assert page.read_text("utf-8") == "# Edited by hand\n"


def test_refuses_an_id_defined_on_another_page(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "docs/people.md").write_text(
        "# People\n\n:::{person} emin-milli\n:name: Emin Milli\n:::\n", encoding="utf-8"
    )
    result = briefing(root, "new", "person", "--name", "Emin Milli")
    assert result.returncode == 1
    assert "a person with the id 'emin-milli' exists already (docs/people.md:3)" in (result.stderr)
    assert not (root / "docs/briefs/people/emin-milli.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["statement", "--title", "A statement"],
            "a new statement needs --date (a date: YYYY-MM-DD, YYYY-MM or YYYY). "
            "Give it on the command line, e.g. `python -m briefing new statement "
            "--date ...`.",
        ),
        (
            ["statement", "--title", "A statement", "--date", "2021-13-01"],
            "--date: '2021-13-01' is not a date: YYYY-MM-DD, YYYY-MM or YYYY.",
        ),
        (
            [
                "statement",
                "--title",
                "A",
                "--date",
                "2021",
                "--organization",
                "restart-initiatve",
            ],
            "--organization: no organization has the id 'restart-initiatve'. "
            "Did you mean 'restart-initiative'? Correct it, or create the "
            "organization first with `python -m briefing new organization ...`.",
        ),
        (
            ["organization", "--name", "Restart", "--kind", "NGO"],
            "--kind: 'NGO' is not one of state, international-organization, ngo, "
            "media, company, other. Did you mean 'ngo'?",
        ),
        (
            ["person", "--name", "Նիկոլ Փաշինյան"],
            "the title gives no id (it has no Latin letters or digits): give one with --id.",
        ),
        (
            [
                "statement",
                "--title",
                "Հայտարարություն",
                "--date",
                "2021",
                "--organization",
                "restart-initiative",
            ],
            "the title gives no id (it has no Latin letters or digits): give one with --id.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    root = make_project(tmp_path)
    (root / "docs/org.md").write_text(
        "# Org\n\n:::{organization} restart-initiative\n:name: Restart\n:::\n",
        encoding="utf-8",
    )
    before = sorted(p for p in (root / "docs").rglob("*"))
    result = briefing(root, "new", *args)
    assert result.returncode == 2
    assert result.stderr == f"python -m briefing new {args[0]}: {message}\n"
    assert sorted(p for p in (root / "docs").rglob("*")) == before


def test_asks_for_missing_options_in_a_terminal(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "new", "event", "--place", "Brussels"],
        cwd=root,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environment(),
        close_fds=True,
    )
    os.close(terminal)
    seen = ""

    def wait_for(text: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while text not in seen:
            assert time.monotonic() < deadline, seen
            ready, _, _ = select.select([controller], [], [], 1)
            if ready:
                seen += os.read(controller, 1024).decode()

    try:
        wait_for("--title (text): ")
        os.write(controller, b"Eastern Partnership Summit\n")
        wait_for("--date (a date: YYYY-MM-DD, YYYY-MM or YYYY): ")
        os.write(controller, b"15 December 2021\n")
        wait_for("is not a date")
        os.write(controller, b"2021-12-15\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    page = root / "docs/briefs/events/eastern-partnership-summit.md"
    assert page.read_text("utf-8").splitlines()[:6] == [
        "# Eastern Partnership Summit",
        "",
        ":::{event} eastern-partnership-summit",
        ":title: Eastern Partnership Summit",
        ":date: 2021-12-15",
        ":place: Brussels",
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Emin Milli", "emin-milli"),
        ("İlham Əliyev", "ilham-eliyev"),  # as search spells it: "Azerbaycan"
        ("Statement of 9 November 2020!", "statement-of-9-november-2020"),
        ("A " + "word " * 30, "a" + "-word" * 11),
        ("Նիկոլ", ""),
    ],
)
def test_ids_are_derived_from_titles(title: str, expected: str) -> None:
    assert derive_id(title) == expected
