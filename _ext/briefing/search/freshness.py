"""Whether the Pagefind bundle still holds what the site would give it now.

Pagefind cannot update an index, only write it anew, which is most of a
no-change rebuild's time on a large site; so an unchanged site keeps its
bundle. "Unchanged" is judged by what Pagefind indexes, never by file
times: the set of HTML files of the site (a removed or renamed page
changes it, though no page is written), the bytes of each, the entity
records, the index language and the indexer's settings. Their digest is
stored in the bundle (:data:`STAMP`) once Pagefind has written it; a bundle
without a matching stamp, or a failed indexing that left none, is indexed
again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The digest of what the bundle indexed, inside the bundle folder.
STAMP = "briefing-indexed.txt"


def indexed_digest(
    site: Path,
    bundle: str,
    records_digest: str,
    settings: object,
    skip: tuple[str, ...] = (),
) -> str:
    """A digest of every input of the index: pages, records, language and settings.

    ``records_digest`` is the entity records' own digest; ``settings`` must
    have a stable ``repr`` (tuples and strings do). ``skip`` names folders of
    ``site`` that are not indexed with it (other languages' sites).
    """
    digest = hashlib.sha256(repr(settings).encode("utf-8"))
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] == bundle or relative.parts[0] in skip:
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    digest.update(records_digest.encode("ascii"))
    return digest.hexdigest()


def bundle_is_current(bundle_dir: Path, digest: str) -> bool:
    """Whether the bundle in ``bundle_dir`` was written from inputs with ``digest``."""
    try:
        return (bundle_dir / STAMP).read_text(encoding="utf-8") == digest
    except OSError:
        return False


def stamp_bundle(bundle_dir: Path, digest: str) -> None:
    """Record that the bundle just written holds the inputs with ``digest``."""
    (bundle_dir / STAMP).write_text(digest, encoding="utf-8")
