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
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService


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
        # a request sent after the binary failed would wait for ever
        if self._failure is not None:
            raise PagefindFailure(self._failure)
        return await super().send(payload)

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
        """Stop the reader and the binary, whatever state they are in."""
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.terminate()
        await self._backend.wait()


def write_bundle(files: list[Any], directory: Path) -> None:
    """Write the files of ``get_files`` into ``directory``, each whole."""
    for file in files:
        path = directory / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file["content"])
