"""What the build accepts from a source file, and what it refuses.

Sphinx 9 reads each page with strict decoding, so one stray byte (a file
saved as Windows-1252, a paste from a PDF) ends the whole build with a
traceback. Before reading, this module reports each such page with the line
and column of the first bad byte, and lets the page be read with the bad
bytes shown as U+FFFD, so the rest of the page and of the site still build.

Control characters (a bell, an escape, a NUL pasted from a terminal) are
invalid in HTML and XML: they are replaced by U+FFFD, with a warning at
their line. The ``raw`` directive is switched off unless
``briefing_raw_html`` allows it, so nothing a contributor types reaches the
reader's browser as markup.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .diagnostics import warn

LENIENT_CODEC = "briefing_utf_8_replace"
_STRICT_UTF8 = {"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig", LENIENT_CODEC}


def _lenient_decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    text, consumed = codecs.utf_8_decode(bytes(data), "replace", True)
    return text.removeprefix("\ufeff"), consumed


def _find_lenient_codec(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT_CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=LENIENT_CODEC,
        encode=utf8.encode,
        decode=_lenient_decode,
        incrementaldecoder=_ReplacingDecoder,
        incrementalencoder=utf8.incrementalencoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


class _ReplacingDecoder(codecs.BufferedIncrementalDecoder):
    """utf-8-sig decoding with every undecodable byte replaced."""

    def __init__(self, errors: str = "replace") -> None:
        super().__init__("replace")
        self._first = True

    def _buffer_decode(self, data: Buffer, errors: str, final: bool) -> tuple[str, int]:
        text, consumed = codecs.utf_8_decode(data, "replace", final)
        if self._first and text:
            text = text.removeprefix("\ufeff")
            self._first = False
        return text, consumed


codecs.register(_find_lenient_codec)


def first_bad_byte(data: bytes) -> tuple[int, int, int] | None:
    """(line, column, byte) of the first byte that is not valid UTF-8, or None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return line, column, data[error.start]
    return None


def report_undecodable_sources(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Warn about each page that is not UTF-8, and read it leniently."""
    if str(env.settings.get("input_encoding", "")).lower() not in _STRICT_UTF8:
        return  # the project chose another encoding: leave it to Sphinx
    env.settings["input_encoding"] = LENIENT_CODEC
    for docname in docnames:
        found = first_bad_byte(env.doc2path(docname).read_bytes())
        if found is not None:
            line, column, byte = found
            warn(
                "encoding",
                f"the page is not valid UTF-8: byte 0x{byte:02x} at column {column} "
                "cannot be read and is shown as \ufffd. Save the file as UTF-8 "
                "(most editors: File, Save with encoding).",
                (docname, line),
            )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def replace_control_characters(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if _CONTROL.search(text) is None:
        return
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in _CONTROL.finditer(line):
            warn(
                "encoding",
                f"control character U+{ord(match.group()):04X} at column {match.start() + 1} "
                "is not allowed in a page and is shown as \ufffd; delete it.",
                (docname, line_number),
            )
    source[0] = _CONTROL.sub("\ufffd", text)


def disable_raw_directive(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not app.config.briefing_raw_html:
        env.settings["raw_enabled"] = False


def setup_sources(app: Sphinx) -> None:
    app.connect("source-read", replace_control_characters)
    app.connect("env-before-read-docs", disable_raw_directive)
    app.connect("env-before-read-docs", report_undecodable_sources)
