"""A Pagefind service that fails loudly and answers fast.

Pagefind's Python API talks to the ``pagefind --service`` binary over pipes.
Its reader has two flaws we cannot live with in a build:

* when the binary panics (an unwritable output directory, say), its message
  is not a protocol message; the reader dies on it and the pending request
  waits forever, so the build hangs instead of failing;
* it sleeps 0.1 s before reading each response, so indexing 10,000 quotes as
  custom records would take over 15 minutes.

:class:`CheckedService` replaces only the reader: responses are read as they
come, and anything that is not a protocol message (a panic, an early exit)
fails every pending request with the binary's own words. It also reads
responses of any size, so the bundle can be fetched with ``get_files`` and
written by Python (:func:`write_bundle`): the binary's own ``write_files``
answers before its files are all on disk, and stopping it then left an
empty file in about one bundle of twenty.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import os
import re
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService

#: seconds the binary gets to finish after its input is closed
EXIT_TIMEOUT = 30.0


class PagefindFailure(Exception):
    """Pagefind reported an error or stopped; the message is Pagefind's."""


#: The largest response read (the whole bundle, base64-encoded, for ``get_files``).
RESPONSE_LIMIT = 2**31


class CheckedService(PagefindService):
    _failure: str | None = None

    async def launch(self) -> CheckedService:
        """Start the binary as Pagefind does, reading responses of any size."""
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            cwd=os.getcwd(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            limit=RESPONSE_LIMIT,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def send(self, payload: Any) -> Any:
        """Pagefind's ``send`` without its debug lines, which format every
        request and response (a record's whole text) even when nothing logs
        them: a second of 12,000 records."""
        # a request sent after the binary failed would wait for ever
        if self._failure is not None:
            raise PagefindFailure(self._failure)
        self._message_id += 1
        message_id = self._message_id
        future: asyncio.Future[Any] = self._loop.create_future()
        self._responses[message_id] = future
        stdin = self._backend.stdin
        assert stdin is not None
        request = {"message_id": message_id, "payload": payload}
        stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        await stdin.drain()  # the binary answers once it reads the comma
        return await future

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            try:
                chunk = await stdout.readuntil(b",")
            except asyncio.IncompleteReadError as error:
                text = error.partial.decode("utf-8", "replace").strip()
                self._fail(text or "Pagefind exited unexpectedly.")
                return
            try:
                response = json.loads(base64.b64decode(chunk[:-1], validate=True))
            except (binascii.Error, ValueError):
                rest = await stdout.read()
                self._fail((chunk + rest).decode("utf-8", "replace").strip())
                return
            if response is not None:
                self._resolve(response)

    def _resolve(self, response: dict[str, Any]) -> None:
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        if message_id is None and payload.get("original_message"):
            try:
                message_id = json.loads(payload["original_message"]).get("message_id")
            except ValueError:
                message_id = None
        future = self._responses.get(message_id) if message_id is not None else None
        if future is None:
            if payload.get("type") == "Error":
                self._fail(str(payload.get("message", "")))
            return
        if future.done():
            return
        if payload.get("type") == "Error":
            future.set_exception(PagefindFailure(str(payload.get("message", ""))))
        else:
            future.set_result(payload)  # type: ignore[arg-type]

    def _fail(self, message: str) -> None:
        self._failure = message
        for future in self._responses.values():
            if not future.done():
                future.set_exception(PagefindFailure(message))

    async def shut_down(self) -> None:
        """Stop the reader and the binary, whatever state they are in.

        The binary is first asked to finish (its input closed: it exits once
        it has done its work, files written), and only terminated when it
        does not within :data:`EXIT_TIMEOUT` seconds: terminated at once, a
        busy machine could leave the bundle's last files half written.
        """
        self._poll_task.cancel()
        if self._backend.returncode is None:
            stdin = self._backend.stdin
            if stdin is not None and not stdin.is_closing():
                stdin.close()
            try:
                await asyncio.wait_for(self._backend.wait(), timeout=EXIT_TIMEOUT)
            except TimeoutError:
                self._backend.terminate()
        await self._backend.wait()


#: Pagefind's names for files named by a hash of their content
#: (``en_0178583.pf_fragment``, ``pagefind.en_5162543611.pf_meta``).
CONTENT_NAMED = re.compile(r"_[0-9a-f]{7,}\.pf_[a-z]+$")


def _is_there(path: Path, content: bytes, named_by_content: bool) -> bool:
    """Whether ``path`` already holds ``content``."""
    try:
        if path.stat().st_size != len(content):
            return False
    except OSError:
        return False
    return named_by_content or path.read_bytes() == content


def write_bundle(files: list[Any], directory: Path) -> None:
    """Make ``directory`` hold exactly the files of ``get_files``, each written whole.

    Pagefind names its fragments and index chunks by their content, so after a
    one-page edit nearly every file is already there, byte for byte: those are
    left alone (creating ~14,000 small files was most of re-indexing an archive),
    and files the new index no longer names are deleted. A file named by its
    content's hash is taken as there when a file of that name and size is
    (reading 14,000 files back to compare them cost a second); the others
    (``pagefind.js``, the entry file) are compared byte for byte.
    """
    wanted: set[Path] = set()
    for file in files:
        path = directory / file["path"]
        wanted.add(path)
        content = file["content"]
        if _is_there(path, content, named_by_content=bool(CONTENT_NAMED.search(path.name))):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    if not directory.is_dir():
        return
    for path in sorted(directory.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
