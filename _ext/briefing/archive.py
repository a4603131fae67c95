"""Primary sources kept in the project: the ``archive`` option of ``statement`` and ``brief``.

Web pages move and vanish. A knowledge base that reproduces statements word
for word keeps what it reproduced, so a reader (and the build) can still
compare the page with the original when the original is gone. The
``archive`` option names the project's own copy of the original publication:
a plain-text capture in the repository (by convention ``docs/_archive/``),
headed by where it came from::

    Address: https://example.org/original-publication
    Retrieved: 2021-12-16

    ...the page's text as captured, unchanged...

Header lines (``Name: value``) run to the first blank line; ``Address`` and
``Retrieved`` are required (``Retrieved`` is a date, or a sentence saying why
there is none: nothing is invented). ``Text: FIRST-LAST`` (lines of the file)
says where in the capture the text that the page reproduces stands; the rest
is the original site's furniture. Everything after the blank line is the
capture.

Three things happen with it:

* **Shipped and linked.** The directive leaves a ``download_reference`` to the
  capture in its fact-box placeholder, so Sphinx's download collector copies
  the file into the site (``_downloads/``) and notes it as a dependency of the
  page; :mod:`briefing.rendering` shows the link next to the source link.
* **Checked on reading** (:func:`check_statement_text`, on ``doctree-read``,
  statements only: a brief is the editors' text, not a reproduction). The
  statement's text, its title and the paragraphs right under it, is aligned
  with the capture's paragraphs (blank-line separated, whitespace folded).
  The page reproduces the capture's ``Text`` lines (without that header: the
  run of capture paragraphs from the first to the last the page has; what
  comes before and after, "top of page" or the social links, is furniture).
  A page paragraph that differs from the capture, or is not in it, and a
  capture paragraph of that text that the page leaves out, are located
  ``briefing.archive-mismatch`` warnings naming the paragraph and the words
  where the two part. ``make check`` lists them like every other problem.
* **Exported**: the capture's path is the entity's ``archive`` field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .diagnostics import warn

#: header fields a capture must have (compared case-insensitively)
REQUIRED_HEADERS = ("Address", "Retrieved")
_HEADER = re.compile(r"(?P<name>[A-Za-z][A-Za-z-]*):[ \t]*(?P<value>.*)")
_TEXT_LINES = re.compile(r"(\d+)\s*-\s*(\d+)")
#: below this share of common words, a page paragraph is not a version of a
#: capture paragraph but another text
_SIMILAR = 0.5
#: words of context shown on each side of a difference
_CONTEXT = 4


@dataclass(frozen=True)
class Capture:
    """An archived copy: its header fields (lowercase names) and its paragraphs."""

    headers: dict[str, str]
    #: (line in the file, text with whitespace folded), in order
    paragraphs: tuple[tuple[int, str], ...]

    @property
    def text_lines(self) -> tuple[int, int] | None:
        """The ``Text: FIRST-LAST`` header, when given and well-formed."""
        match = _TEXT_LINES.fullmatch(self.headers.get("text", ""))
        if match is None:
            return None
        first, last = int(match.group(1)), int(match.group(2))
        return (first, last) if first <= last else None


@dataclass(frozen=True)
class Part:
    """A piece of a statement's text on its page: ``label`` says which, for messages."""

    label: str
    text: str
    line: int


@dataclass(frozen=True)
class Difference:
    line: int
    message: str


def folded(text: str) -> str:
    return " ".join(text.split())


def read_capture(text: str) -> Capture | None:
    """The capture in ``text``, or None when it does not start with a header."""
    lines = text.splitlines()
    headers: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if not headers:
                return None
            return Capture(headers, _paragraphs(lines[number + 1 :], first_line=number + 2))
        match = _HEADER.fullmatch(line)
        if match is None:
            return None
        headers[match.group("name").lower()] = match.group("value").strip()
    return None


def _paragraphs(lines: list[str], first_line: int) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    start: int | None = None
    block: list[str] = []
    for offset, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = first_line + offset
            block.append(line)
        elif block:
            assert start is not None
            found.append((start, folded(" ".join(block))))
            start, block = None, []
    return tuple(found)


def missing_headers(capture: Capture) -> list[str]:
    return [name for name in REQUIRED_HEADERS if not capture.headers.get(name.lower())]


# -- comparing --------------------------------------------------------------------


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def where_they_part(page: str, archived: str) -> tuple[str, str]:
    """The words around the first difference: (the page's, the capture's)."""
    ours, theirs = page.split(), archived.split()
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return _excerpt(ours, i1, i2), _excerpt(theirs, j1, j2)
    return "", ""


def _excerpt(words: list[str], start: int, end: int) -> str:
    low, high = max(0, start - _CONTEXT), min(len(words), end + _CONTEXT)
    text = " ".join(words[low:high])
    return ("…" if low else "") + text + ("…" if high < len(words) else "")


def _opening(text: str, words: int = 8) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def differences(parts: Sequence[Part], capture: Capture, shown: str) -> list[Difference]:
    """Where the statement's ``parts`` and the capture's paragraphs disagree."""
    text_lines = capture.text_lines
    paragraphs = capture.paragraphs
    if text_lines is not None:
        paragraphs = tuple(p for p in paragraphs if text_lines[0] <= p[0] <= text_lines[1])
    archived = [text for _, text in paragraphs]
    matcher = difflib.SequenceMatcher(None, [p.text for p in parts], archived, autojunk=False)
    paired: dict[int, int] = {}
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paired.update({i1 + k: j1 + k for k in range(i2 - i1)})
            continue
        cursor = j1
        for i in range(i1, i2):
            part = parts[i]
            scores = [(_similarity(part.text, archived[j]), j) for j in range(cursor, j2)]
            score, best = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
            if score >= _SIMILAR:
                paired[i] = best
                cursor = best + 1
                ours, theirs = where_they_part(part.text, archived[best])
                found.append(
                    Difference(
                        part.line,
                        f"{part.label} of the statement differs from its archived copy "
                        f"({shown}, line {paragraphs[best][0]}): the page has "
                        f"'{ours}' where the archived copy has '{theirs}'. A statement is "
                        "reproduced word for word: restore the archived wording, or, if "
                        "the original publication changed, archive it again.",
                    )
                )
            else:
                found.append(
                    Difference(
                        part.line,
                        f"{part.label} of the statement is not in its archived copy "
                        f"({shown}): '{_opening(part.text)}'. Reproduce only the "
                        "statement's own words under it; put the editors' words in an "
                        "admonition or a section of their own.",
                    )
                )
    if text_lines is not None:
        first, last = 0, len(paragraphs) - 1
    elif paired:
        first, last = min(paired.values()), max(paired.values())
    else:
        return found
    reproduced = set(paired.values())
    for j in range(first, last + 1):
        if j in reproduced:
            continue
        following = [i for i, k in paired.items() if k > j]
        line = parts[min(following)].line if following else parts[-1].line
        found.append(
            Difference(
                line,
                f"the statement leaves out a paragraph of its archived copy "
                f"({shown}, line {paragraphs[j][0]}): "
                f"'{_opening(archived[j])}'. Reproduce it here, word for word.",
            )
        )
    return sorted(found, key=lambda d: d.line)


def statement_parts(container: nodes.Element) -> list[Part]:
    """The page title and the paragraphs right under it (or in the directive's body).

    Sub-sections, admonitions and other blocks (the editors' notes, quotes,
    credits) are not the statement's text.
    """
    section = container.parent
    fallback = container.line or 1
    parts: list[Part] = []
    if not isinstance(section, nodes.section):
        return parts
    title = section.next_node(nodes.title)
    if title is not None and title.parent is section:
        parts.append(Part("the title", folded(title.astext()), title.line or 1))
    paragraphs: list[nodes.paragraph] = []
    for child in section.children:
        if child is container:
            paragraphs += [c for c in container.children if isinstance(c, nodes.paragraph)]
        elif isinstance(child, nodes.paragraph):
            paragraphs.append(child)
    for number, paragraph in enumerate(paragraphs, start=1):
        line = paragraph.line or fallback
        parts.append(Part(f"paragraph {number}", folded(paragraph.astext()), line))
    return parts


def checked_archive(
    env: BuildEnvironment, given: str, source: str | None, where: tuple[str, int], shown_name: str
) -> str | None:
    """The capture's path from the source folder, every problem reported at ``where``.

    ``given`` is relative to the page's folder, or to the source folder with
    a leading ``/`` (as Sphinx's ``download`` role takes it). A capture
    without its header, or whose address is not the page's ``source``, is
    still linked: it is the project's copy all the same.
    """
    path, absolute = env.relfn2path(given, env.docname)
    try:
        text = Path(absolute).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = (
            "there is no such file"
            if isinstance(error, FileNotFoundError | IsADirectoryError)
            else f"it cannot be read as UTF-8 text ({error.__class__.__name__})"
        )
        warn(
            "archive",
            f"{shown_name}: ':archive:' is '{given}', but {problem} (looked for {path} "
            "in the source folder). Give the archived copy's path from this page's "
            "folder, or from the source folder with a leading '/', for example "
            "'/_archive/my-statement.txt'; see the contributor guide on archiving.",
            where,
        )
        return None if isinstance(error, FileNotFoundError | IsADirectoryError) else path
    capture = read_capture(text)
    if capture is None:
        warn(
            "archive",
            f"{shown_name}: the archived copy {path} does not start with its header: "
            "'Address: <the original address>' and 'Retrieved: <date>' lines, then a "
            "blank line, then the capture.",
            where,
        )
        return path
    if capture.headers.get("text") and capture.text_lines is None:
        warn(
            "archive",
            f"{shown_name}: the archived copy {path} has 'Text: "
            f"{capture.headers['text']}', which is not a range of its lines such as "
            "'Text: 12-30'; the whole capture is compared instead.",
            where,
        )
    missing = missing_headers(capture)
    if missing:
        warn(
            "archive",
            f"{shown_name}: the archived copy {path} does not say "
            + " or ".join(f"'{name}:'" for name in missing)
            + " in its header: add the original address and the date it was retrieved "
            "(or, if that is unknown, say so).",
            where,
        )
    address = capture.headers.get("address")
    if address and source and address != source:
        warn(
            "archive",
            f"{shown_name}: the archived copy {path} was taken from '{address}', not "
            f"from the page's ':source:' '{source}'. Archive the source, or correct "
            "one of the two addresses.",
            where,
        )
    return path


def check_statement_text(app: Sphinx, doctree: nodes.document) -> None:
    """Compare each archived statement on the page with its capture."""
    env = app.env
    for container in doctree.findall(nodes.container):
        path = container.get("kb_archive")
        if not path or container.get("kb_kind") != "statement":
            continue
        file = Path(env.srcdir) / path
        try:
            capture = read_capture(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # reported by the directive
        if capture is None:
            continue  # reported by the directive
        parts = statement_parts(container)
        shown = path
        if not parts:
            warn(
                "archive-mismatch",
                f"the statement has an archived copy ({shown}) but no text of its own "
                "to compare with it: reproduce its paragraphs under the directive.",
                container,
            )
            continue
        for difference in differences(parts, capture, shown):
            warn("archive-mismatch", difference.message, (env.docname, difference.line))


def setup_archive(app: Sphinx) -> None:
    app.connect("doctree-read", check_statement_text)
