"""Releases: the version on every output, and ``make dist``'s one archive.

Analysts pin a version of the data, and a citation names one, so a release
must be one thing that can be named, kept and checked. The version lives in
one place, ``briefing.__version__``: ``pyproject.toml`` reads it, conf.py's
``release`` is it, and from there the site's footer (``briefing_release_line``
in the page context, shown by the project's ``_templates/page.html``), the PDF
covers (:func:`briefing.citation.book_release_context`), the data export
(``version`` in ``data/knowledge-base.json``) and the citations take it.

``python -m briefing dist`` (``make dist``) packs what ``make book`` built
into ``<name>-<version>.tar.gz``::

    <name>-<version>/
        site/        the HTML site (_build/html), every language subfolder included
        pdf/         every PDF under _build/pdf, languages' subfolders included
        data/        the data export (a copy of site/data, for those who want only it)
        CITATION.cff how to cite the release (Citation File Format 1.2.0)
        SHA256SUMS   a checksum of every other file (``sha256sum -c SHA256SUMS``)

The archive is reproducible: entries sorted, every timestamp
``SOURCE_DATE_EPOCH``, owner 0:0 without names, modes 644 and 755, and a gzip
header without name or time; with the same sources and the same
``SOURCE_DATE_EPOCH``, two runs give the same bytes. Build outputs that
differ from build to build by nature are left out: Sphinx's pickled
doctrees and its ``.buildinfo``, and the PDF builder's intermediate HTML and
images.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import runpy
import sys
import tarfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .texts import text

#: the archive's name before the version, unless ``--name`` says otherwise
DEFAULT_NAME = "briefing-book"

#: what is never packed: build caches, not publications
EXCLUDED_PARTS = (".doctrees", ".buildinfo", "__pycache__")


def add_release_line(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``briefing_release_line`` ("Release 0.1.0") for the footer of every page."""
    version = str(app.config.release or app.config.version or "")
    context["briefing_release_line"] = text("release", version=version) if version else ""


def setup_release(app: Sphinx) -> None:
    app.connect("html-page-context", add_release_line)


# -- the archive ---------------------------------------------------------------------------


def source_date_epoch(environ: dict[str, str] | None = None) -> int | None:
    value = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.strip().isdigit() else None


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not any(part in EXCLUDED_PARTS for part in path.parts)
    )


def release_files(build: Path) -> dict[str, bytes]:
    """Archive path (under the release folder) -> content, without the generated files."""
    site = build / "html"
    files: dict[str, bytes] = {}
    for path in _files(site):
        files["site/" + path.relative_to(site).as_posix()] = path.read_bytes()
    pdf = build / "pdf"
    for path in _files(pdf):
        if path.suffix == ".pdf":
            files["pdf/" + path.relative_to(pdf).as_posix()] = path.read_bytes()
    data = site / "data"
    for path in _files(data):
        files["data/" + path.relative_to(data).as_posix()] = path.read_bytes()
    return files


# -- Pagefind's index, made reproducible ---------------------------------------------------

#: Pagefind's prefix of its binary files, before the CBOR payload
_PAGEFIND_MAGIC = b"pagefind_dcd"


def _pagefind_load(content: bytes) -> Any:
    import cbor2

    data = gzip.decompress(content)
    if not data.startswith(_PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind file")
    return cbor2.loads(data[len(_PAGEFIND_MAGIC) :])


def _pagefind_dump(value: Any) -> bytes:
    import cbor2

    return gzip.compress(_PAGEFIND_MAGIC + cbor2.dumps(value), mtime=0)


def _renamed(old_hash: str, content: bytes, length: int) -> str:
    language = old_hash.rsplit("_", 1)[0]
    return f"{language}_{hashlib.sha256(content).hexdigest()[:length]}"


def normalize_pagefind(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's index with its filters in a fixed order, under names that follow.

    Pagefind (1.5) writes each filter's values in the order of a Rust
    ``HashMap``, which changes from run to run, and names each file by a hash
    of its content; so two indexings of the same site differ in the filter
    files, the metadata file that names them and ``pagefind-entry.json``.
    This sorts the values (as Pagefind's interface shows them anyway),
    re-encodes the files (decoding and encoding again gives Pagefind's own
    bytes; only the order changes), and renames them by their new content.
    The words index and the page fragments are deterministic already.
    """
    result = dict(files)
    for entry_name in [n for n in files if n.endswith("pagefind/pagefind-entry.json")]:
        bundle = entry_name.removesuffix("pagefind-entry.json")
        entry = json.loads(files[entry_name])
        for language, info in entry.get("languages", {}).items():
            meta_name = f"{bundle}pagefind.{info['hash']}.pf_meta"
            if meta_name not in files:
                continue
            meta = _pagefind_load(files[meta_name])
            filters = []
            for filter_name, filter_hash in meta[3]:
                old = f"{bundle}filter/{filter_hash}.pf_filter"
                if old not in files:
                    filters.append([filter_name, filter_hash])
                    continue
                name, values = _pagefind_load(files[old])
                content = _pagefind_dump([name, sorted(values, key=lambda v: v[0])])
                new_hash = _renamed(filter_hash, content, len(filter_hash.split("_")[-1]))
                del result[old]
                result[f"{bundle}filter/{new_hash}.pf_filter"] = content
                filters.append([filter_name, new_hash])
            meta[3] = sorted(filters)
            meta_content = _pagefind_dump(meta)
            new_meta_hash = _renamed(info["hash"], meta_content, len(info["hash"].split("_")[-1]))
            del result[meta_name]
            result[f"{bundle}pagefind.{new_meta_hash}.pf_meta"] = meta_content
            entry["languages"][language]["hash"] = new_meta_hash
        result[entry_name] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )
    return result


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(config: dict[str, Any], version: str, released: datetime | None) -> str:
    """``CITATION.cff`` (https://citation-file-format.github.io, version 1.2.0)."""
    title = str(config.get("project") or DEFAULT_NAME)
    author = str(config.get("author") or title)
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this knowledge base, please cite it as below."',
        "type: dataset",
        f"title: {_yaml_string(title)}",
        f"version: {_yaml_string(version)}",
    ]
    if released is not None:
        lines.append(f"date-released: {_yaml_string(released.strftime('%Y-%m-%d'))}")
    lines += ["authors:", f"  - name: {_yaml_string(author)}"]
    url = str(config.get("html_baseurl") or "")
    if url:
        lines.append(f"url: {_yaml_string(url)}")
    return "\n".join(lines) + "\n"


def checksums(files: dict[str, bytes]) -> str:
    """``sha256sum``'s format: one ``<hex>  <path>`` line per file, sorted by path."""
    return "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n"
        for name, content in sorted(files.items())
    )


def write_archive(path: Path, folder: str, files: dict[str, bytes], mtime: int) -> None:
    """A gzipped tar of ``files`` under ``folder/``, the same bytes for the same input."""
    directories: set[str] = {folder}
    for name in files:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directories.add(f"{folder}/{'/'.join(parts[:depth])}")
    members: list[tuple[str, bytes | None]] = [(d, None) for d in directories]
    members += [(f"{folder}/{name}", content) for name, content in files.items()]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in sorted(members):
            info = tarfile.TarInfo(name)
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if content is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    path.parent.mkdir(parents=True, exist_ok=True)
    # no file name and a fixed time in the gzip header
    with (
        path.open("wb") as stream,
        gzip.GzipFile(filename="", mode="wb", fileobj=stream, mtime=mtime) as packed,
    ):
        packed.write(raw.getvalue())


def make_dist(build: Path, out: Path, conf_dir: Path, name: str | None = None) -> Path:
    """Pack the release from ``build`` (``_build``) into ``out``; returns the archive."""
    files = normalize_pagefind(release_files(build))
    if not any(n.startswith("site/") for n in files):
        raise FileNotFoundError(f"{build / 'html'} holds no site: run make book first")
    config = runpy.run_path(str(conf_dir / "conf.py"))
    # what the site was built with wins over what conf.py says now
    built = json.loads(files.get("data/knowledge-base.json", b"{}"))
    for key, setting in (
        ("version", "release"),
        ("project", "project"),
        ("base_url", "html_baseurl"),
    ):
        if built.get(key):
            config[setting] = built[key]
    version = str(config.get("release") or config.get("version") or "")
    if not version:
        from . import __version__

        version = __version__
    epoch = source_date_epoch()
    released = datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else None
    files["CITATION.cff"] = citation_cff(config, version, released).encode("utf-8")
    files["SHA256SUMS"] = checksums(files).encode("utf-8")
    folder = f"{name or DEFAULT_NAME}-{version}"
    archive = out / f"{folder}.tar.gz"
    mtime = epoch if epoch is not None else int(datetime.now(tz=UTC).timestamp())
    write_archive(archive, folder, files, mtime)
    return archive


# -- the command line ------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--build", default="_build", help="what make book built (default _build)")
    parser.add_argument("--out", default="_build/dist", help="where to write the archive")
    parser.add_argument("--conf", default=".", help="the folder of conf.py (default .)")
    parser.add_argument("--name", default=None, help=f"archive name (default {DEFAULT_NAME})")


def run(args: argparse.Namespace) -> int:
    try:
        archive = make_dist(Path(args.build), Path(args.out), Path(args.conf), args.name)
    except (FileNotFoundError, OSError) as error:
        print(f"briefing dist: {error}", file=sys.stderr)
        return 1
    if source_date_epoch() is None:
        print(
            "briefing dist: SOURCE_DATE_EPOCH is not set, so the archive's times are now "
            "and it is not reproducible (make dist sets it to the last commit's time).",
            file=sys.stderr,
        )
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    print(f"{archive}\nsha256 {digest}")
    return 0


def listing(archive: Path) -> Iterable[str]:
    """The member names of an archive (for tests and for editors checking a release)."""
    with tarfile.open(archive) as tar:
        return tar.getnames()
