"""Reading sources that are not valid UTF-8 without crashing the build.

Sphinx 9 reads each page with strict decoding, so one stray byte (a file
saved as Windows-1252, a paste from a PDF) ends the whole build with a
traceback. Before reading, this module reports each such page with the line
and column of the first bad byte, and lets the page be read with the bad
bytes shown as U+FFFD, so the rest of the page and of the site still build.
"""

from __future__ import annotations

import codecs
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


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", report_undecodable_sources)
