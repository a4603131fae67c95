"""The knowledge base as data: one JSON document and a CSV table per kind.

:func:`knowledge_base_data` turns the build's
:class:`~briefing.knowledge.KnowledgeBase` into one plain, JSON-able
structure: every entity once, with its kind, id, fields, dates with their
precision, document, source line and URL, and every relation (the options
that name other entities, the roles in its text, and what refers to it).
The CSV tables are flattened from the same records, so the two never
disagree. Both are written into ``data/`` of the HTML output when the build
finishes; ``knowledge-base.schema.json`` beside this module documents every
field and is published with them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..addresses import address_changes
from ..directives.base import EntityDirective
from ..domain import get_domain
from ..generation import unchanged_since_written
from ..knowledge import KnowledgeBase
from ..model import KIND_PLURALS, KINDS, RELATION_TARGETS, Entity, KbDate
from .site import SiteUrls, build_time, iso_timestamp, publishes_site

#: Shape of the records; bump when a field changes meaning or is removed.
FORMAT_VERSION = 1

SCHEMA_FILE = Path(__file__).with_name("knowledge-base.schema.json")
DATA_DIR = "data"
JSON_NAME = "knowledge-base.json"

#: Fields an entity takes from another when it does not state them.
INHERITED_FIELDS: dict[str, tuple[str, ...]] = {
    "quote": ("role", "date"),
    "provision": ("date",),
}
INHERITED_LINKS: dict[str, tuple[str, ...]] = {"quote": ("organization",)}

#: Options whose values are dates, in any kind.
DATE_OPTIONS = ("date", "end-date", "updated")

#: Separator of several values in one CSV cell.
CSV_LIST_SEPARATOR = "; "


def option_types() -> dict[str, dict[str, str]]:
    """kind -> option -> value type, from the directives (the authoring contract)."""
    table: dict[str, dict[str, str]] = {}
    pending = list(EntityDirective.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.kind:
            table[cls.kind] = dict(cls.option_types)
    return table


def csv_name(kind: str) -> str:
    """``quotes.csv``, ``people.csv``...: the file of one kind's table."""
    return f"{KIND_PLURALS[kind].lower()}.csv"


def _date_record(value: str) -> dict[str, str] | None:
    date = KbDate.parse(value)
    if date is None:
        return None
    first = KbDate(*date.sort_key)
    last = KbDate(*date.last_day_key)
    return {
        "iso": date.iso(),
        "precision": date.precision,
        "first_day": first.iso(),
        "last_day": last.iso(),
    }


def _ref(knowledge: KnowledgeBase, kinds: Iterable[str], target_id: str) -> dict[str, Any]:
    target = knowledge.lookup(kinds, target_id)
    return {"kind": target.kind if target else None, "id": target_id}


def entity_record(
    knowledge: KnowledgeBase,
    files: dict[str, str],
    urls: SiteUrls,
    entity: Entity,
    types: dict[str, str],
) -> dict[str, Any]:
    """One entity as plain data (see ``knowledge-base.schema.json``)."""
    fields: dict[str, str] = {}
    dates: dict[str, dict[str, str]] = {}
    inherited: list[str] = []
    own_inherited = INHERITED_FIELDS.get(entity.kind, ())
    names = list(dict.fromkeys([*types, *entity.fields, *own_inherited]))
    for name in names:
        if types.get(name) in ("id", "ids", "aliases"):
            continue
        value = entity.fields.get(name, "")
        if not value and name in INHERITED_FIELDS.get(entity.kind, ()):
            value = knowledge.effective(entity, name)
            if value:
                inherited.append(name)
        if not value:
            continue
        date = _date_record(value) if name in DATE_OPTIONS else None
        if date is not None:
            dates[name] = date
        else:
            fields[name] = value

    relations: dict[str, list[dict[str, Any]]] = {}
    options = list(dict.fromkeys([*types, *entity.links]))
    for option in options:
        ids = entity.link_ids(option)
        if not ids and option in INHERITED_LINKS.get(entity.kind, ()):
            ids = knowledge.effective_links(entity, option)
            if ids:
                inherited.append(option)
        if ids:
            kinds = RELATION_TARGETS.get(option, KINDS)
            relations[option] = [_ref(knowledge, kinds, i) for i in ids]

    mentions: list[dict[str, Any]] = []
    for ref in knowledge.references_from(entity.docname):
        if ref.via == "text" and ref.source == entity.key:
            record = _ref(knowledge, ref.target_kinds, ref.target_id)
            if record not in mentions:
                mentions.append(record)

    referenced_by = []
    for link in knowledge.backlinks.get(entity.key, []):
        kind, source_id = link.source if link.source else (None, None)
        referenced_by.append(
            {"kind": kind, "id": source_id, "document": link.docname, "via": link.via}
        )

    return {
        "kind": entity.kind,
        "id": entity.id,
        "title": knowledge.display(entity),
        "document": entity.docname,
        "file": files[entity.docname],
        "line": entity.lineno,
        "url": urls.entity(entity),
        "parent": entity.parent or None,
        "aliases": list(entity.aliases),
        "fields": fields,
        "dates": dates,
        "inherited": inherited,
        "relations": relations,
        "mentions": mentions,
        "referenced_by": referenced_by,
        "text": entity.text,
    }


def _relative_source(env: BuildEnvironment, docname: str) -> str:
    try:
        path = Path(env.doc2path(docname))
        return path.relative_to(env.srcdir).as_posix()
    except ValueError:
        return docname


def knowledge_base_data(
    env: BuildEnvironment, urls: SiteUrls, timestamp: str | None
) -> dict[str, Any]:
    """The whole knowledge base as one JSON-able document."""
    from .. import __version__  # the package imports this module while loading

    knowledge = get_domain(env).knowledge
    types = option_types()
    files = {docname: _relative_source(env, docname) for docname in env.found_docs}
    entities = [
        entity_record(knowledge, files, urls, entity, types.get(kind, {}))
        for kind in KINDS
        for entity in knowledge.entities(kind)
    ]
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "project": env.config.project,
        "version": env.config.release or env.config.version or None,
        "generator": f"briefing {__version__}",
    }
    if timestamp is not None:
        data["built"] = timestamp
    data["base_url"] = urls.base or None
    data["counts"] = {kind: len(knowledge.entities(kind)) for kind in KINDS}
    data["entities"] = entities
    data["redirects"] = address_changes(env, urls)
    return data


def csv_columns(kind: str, types: dict[str, str]) -> list[str]:
    """The header of one kind's table: id, title, its options, then where it is."""
    columns = ["id", "title"]
    for name, value_type in types.items():
        if name == "title":
            name = "full-title"
        columns.append(name)
        if value_type == "date":
            columns.append(f"{name}-precision")
    if kind == "provision":
        columns.append("agreement")
    columns += ["document", "file", "line", "url", "text"]
    return columns


def csv_row(record: dict[str, Any], types: dict[str, str]) -> dict[str, str]:
    """A record flattened into one row: lists joined by ``"; "``."""
    row = {"id": record["id"], "title": record["title"]}
    for name, value_type in types.items():
        column = "full-title" if name == "title" else name
        if value_type == "aliases":
            row[column] = CSV_LIST_SEPARATOR.join(record["aliases"])
        elif value_type in ("id", "ids"):
            row[column] = CSV_LIST_SEPARATOR.join(
                r["id"] for r in record["relations"].get(name, [])
            )
        elif value_type == "date":
            date = record["dates"].get(name)
            row[column] = date["iso"] if date else ""
            row[f"{column}-precision"] = date["precision"] if date else ""
        else:
            row[column] = record["fields"].get(name, "")
    if record["kind"] == "provision":
        row["agreement"] = record["parent"] or ""
    row.update(
        document=record["document"],
        file=record["file"],
        line=str(record["line"]),
        url=record["url"],
        text=record["text"],
    )
    return row


#: a cell starting with one of these is a formula to a spreadsheet program
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The value, with a leading apostrophe where a spreadsheet would run it.

    A quote that begins ``=HYPERLINK(...)`` would otherwise be a live formula
    in Excel or Calc (CSV injection); the apostrophe makes it text there. The
    JSON keeps every value exactly.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_tables(data: dict[str, Any]) -> dict[str, str]:
    """File name -> CSV text (with a header row) for every kind, even empty ones."""
    types = option_types()
    tables = {}
    for kind in KINDS:
        kind_types = dict(types.get(kind, {}))
        for name in INHERITED_FIELDS.get(kind, ()):
            kind_types.setdefault(name, "date" if name in DATE_OPTIONS else "text")
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=csv_columns(kind, kind_types))
        writer.writeheader()
        for record in data["entities"]:
            if record["kind"] == kind:
                row = csv_row(record, kind_types)
                writer.writerow({column: spreadsheet_safe(v) for column, v in row.items()})
        tables[csv_name(kind)] = out.getvalue()
    return tables


def json_text(data: dict[str, Any]) -> str:
    """The document indented, with each entity on one line.

    Readable and diff-friendly (one changed entity, one changed line), and
    several times faster than indenting everything: ``json`` only uses its
    C encoder without ``indent``.
    """
    head = {key: value for key, value in data.items() if key != "entities"}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    assert text.endswith("\n}")
    entities = [json.dumps(e, ensure_ascii=False) for e in data["entities"]]
    listing = "[\n    " + ",\n    ".join(entities) + "\n  ]" if entities else "[]"
    return f'{text[:-2]},\n  "entities": {listing}\n}}\n'


def write_data(app: Sphinx, exception: Exception | None = None) -> None:
    """Write ``data/`` into the HTML output: the JSON, its schema and the CSVs."""
    if exception is not None or not publishes_site(app.builder):
        return
    folder = Path(app.outdir) / DATA_DIR
    if unchanged_since_written(app, folder / JSON_NAME):
        return
    timestamp = iso_timestamp(build_time()) if app.config.briefing_export_timestamp else None
    data = knowledge_base_data(app.env, SiteUrls(app.builder, app.config), timestamp)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_NAME).write_text(json_text(data), encoding="utf-8")
    (folder / SCHEMA_FILE.name).write_bytes(SCHEMA_FILE.read_bytes())
    for name, text in csv_tables(data).items():
        # utf-8-sig: the byte-order mark makes spreadsheet programs read UTF-8
        (folder / name).write_text(text, encoding="utf-8-sig", newline="")


def setup_data(app: Sphinx) -> None:
    app.connect("briefing-write-cross-page", write_data)
