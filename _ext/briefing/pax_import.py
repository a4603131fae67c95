"""``python -m briefing import-pax``: agreements from a PA-X CSV export as MyST pages.

The PA-X Peace Agreements Database (University of Edinburgh, PeaceRep) codes
every agreement of a peace process; editors should not retype them. This
command reads a PA-X CSV export and writes, into one folder of the source
tree, one page per agreement (an ``agreement`` directive with title, date,
stage in the contract's vocabulary, parties, PA-X id and links), a page of
the organizations it had to create, and a process page with an
``agreement-table``.

Three promises shape it:

- **Nothing is dropped silently.** A party named in PA-X's country/entity
  column is matched against the organizations the source tree already has
  (by id, name or short name); an unmatched one becomes an organization on
  the importer's page and is listed in the report. An unknown stage code is
  left out of ``:stage:`` but kept in the page's text and reported. A row
  that cannot become an agreement (no id, no readable date) is reported and
  makes the command exit with status 1. Free-text columns (parties, third
  parties, references to other agreements) are kept in the page's text.
- **Idempotent.** The output depends only on the CSV and the source tree,
  files are only written when their text changes, and a second run changes
  nothing.
- **Editors' work wins.** A page the importer did not write (it carries no
  marker comment) is never overwritten, and an agreement already in the
  knowledge base with the same ``:pax-id:`` is not imported again.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import KbDate, is_valid_id, slugify

#: First line of every page the importer writes; it may overwrite only these.
MARKER = "% Written by `python -m briefing import-pax`; re-running the import overwrites this page."

#: PA-X stage code -> the contract's stage vocabulary
STAGE_CODES: dict[str, str] = {
    "Pre": "pre-negotiation",
    "Cea": "ceasefire",
    "SubPar": "framework-partial",
    "SubComp": "framework-comprehensive",
    "Imp": "implementation",
    "Ren": "renewal",
    "Oth": "other",
}
_STAGE_BY_CODE = {code.lower(): stage for code, stage in STAGE_CODES.items()}

#: Words left out of an agreement's id
_STOP_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"]
)

REQUIRED_COLUMNS = ("AgtId", "Agt", "Dat")

#: Key under which a row records the CSV line it starts on
LINE = "\0line"

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{(?:kb:)?(organization|agreement)\}\s*(\S*)")
_OPTION = re.compile(r"^:([a-z-]+):\s*(.*)$")
_PARTY_SEPARATORS = re.compile(r"\s*[/;,]\s*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|~$])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>:+=-]|\d+[.)])", re.MULTILINE)


@dataclass
class Report:
    """What the import did, and everything it could not do as asked."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    created_organizations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        result = [
            f"import-pax: {len(self.written)} page(s) written, {len(self.unchanged)} unchanged."
        ]
        if self.created_organizations:
            result.append(
                "created organizations (no match in the source tree): "
                + ", ".join(self.created_organizations)
            )
        result += [f"warning: {w}" for w in self.warnings]
        result += [f"error: {e}" for e in self.errors]
        return result


@dataclass(frozen=True)
class Agreement:
    pax_id: str
    id: str
    title: str
    date: str
    stage: str
    stage_code: str
    parties: tuple[str, ...]
    row: dict[str, str]


@dataclass
class SourceTree:
    """What the existing pages define that an import must respect."""

    #: lowercase name, short name or id -> organization id
    organizations: dict[str, str] = field(default_factory=dict)
    #: PA-X id -> (agreement id, file) of agreements editors wrote
    pax_ids: dict[str, tuple[str, Path]] = field(default_factory=dict)


def scan_source(source: Path, skip: Path) -> SourceTree:
    """Organizations and PA-X ids defined in the MyST pages under ``source``.

    Pages the importer itself wrote into ``skip`` are ignored, so that a second
    run sees the same tree as the first.
    """
    tree = SourceTree()
    if not source.is_dir():
        return tree
    for path in sorted(source.rglob("*.md")):
        if _is_inside(path, skip) and _importer_owned(path):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = _DIRECTIVE.match(line.strip())
            if not match:
                continue
            kind, entity_id = match.group(2), match.group(3)
            options = _options_after(lines, index + 1)
            if kind == "organization" and entity_id:
                for key in (
                    entity_id,
                    options.get("name", ""),
                    options.get("short-name", ""),
                ):
                    if key:
                        tree.organizations.setdefault(_name_key(key), entity_id)
            elif kind == "agreement" and options.get("pax-id"):
                tree.pax_ids.setdefault(options["pax-id"], (entity_id, path))
    return tree


def _options_after(lines: list[str], start: int) -> dict[str, str]:
    options: dict[str, str] = {}
    for line in lines[start:]:
        match = _OPTION.match(line.strip())
        if not match:
            break
        options[match.group(1)] = match.group(2).strip()
    return options


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _importer_owned(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        return handle.readline().rstrip("\n") == MARKER


# -- reading the CSV -----------------------------------------------------------


def read_rows(csv_path: Path, report: Report) -> list[dict[str, str]]:
    """The CSV's rows as dicts (quoted commas and multi-line fields included)."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            report.errors.append(
                f"{csv_path}: missing column(s) {', '.join(missing)}; "
                "a PA-X export has "
                f"{', '.join(REQUIRED_COLUMNS)} among its columns."
            )
            return []
        rows = []
        first_line = 2
        for row in reader:
            record = {k: (v or "").strip() for k, v in row.items() if k}
            record[LINE] = str(first_line)
            rows.append(record)
            first_line = reader.line_num + 1
        return rows


def parse_date(text: str) -> str | None:
    """PA-X's DD/MM/YYYY (or an ISO date) as an ISO date, or None."""
    text = text.strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        candidate = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        candidate = text
    parsed = KbDate.parse(candidate)
    return parsed.iso() if parsed else None


def split_parties(text: str) -> list[str]:
    """The names in PA-X's country/entity column ("Armenia/Azerbaijan/Russia")."""
    return [name for name in _PARTY_SEPARATORS.split(text) if name.strip()]


def agreement_id(title: str, date: str, pax_id: str) -> str:
    """A readable, stable id: the title's first words and the date."""
    words = [w for w in slugify(title).split("-") if w and w not in _STOP_WORDS]
    slug = "-".join(words[:5])
    candidate = f"{slug}-{date}" if slug else f"pax-{pax_id}"
    return candidate if is_valid_id(candidate) else f"pax-{slugify(pax_id) or 'agreement'}"


def to_agreements(
    rows: Iterable[dict[str, str]],
    process: str | None,
    tree: SourceTree,
    report: Report,
    csv_name: str = "",
) -> tuple[list[Agreement], dict[str, str]]:
    """The agreements to write, and the organizations to create (id -> name)."""
    agreements: list[Agreement] = []
    created: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for row in rows:
        where = f"{csv_name}:{row.get(LINE, '?')}"
        if process and process.lower() not in row.get("PPName", "").lower():
            continue
        pax_id = row.get("AgtId", "")
        if not pax_id.isdigit():
            report.errors.append(
                f"{where}: AgtId {pax_id!r} is not a PA-X number; row not imported."
            )
            continue
        where = f"{where} (PA-X {pax_id})"
        if pax_id in tree.pax_ids:
            existing, path = tree.pax_ids[pax_id]
            report.warnings.append(
                f"{where}: already in the knowledge base as agreement '{existing}' "
                f"({path}); not imported again."
            )
            continue
        title = " ".join(row.get("Agt", "").split())
        if not title:
            report.errors.append(f"{where}: no agreement name (Agt); row not imported.")
            continue
        date = parse_date(row.get("Dat", ""))
        if date is None:
            report.errors.append(
                f"{where}: date {row.get('Dat', '')!r} is not DD/MM/YYYY; row not imported."
            )
            continue
        code = row.get("Stage", "")
        stage = _STAGE_BY_CODE.get(code.strip().lower(), "")
        if code and not stage:
            report.warnings.append(
                f"{where}: unknown stage code {code!r} (known: "
                f"{', '.join(STAGE_CODES)}); "
                "left out of :stage: and kept in the page's text."
            )
        parties = []
        for name in split_parties(row.get("Con", "")):
            org_id = tree.organizations.get(_name_key(name)) or tree.organizations.get(
                slugify(name)
            )
            if org_id is None:
                org_id = slugify(name) or f"pax-party-{len(created) + 1}"
                if org_id not in created:
                    created[org_id] = name
                    tree.organizations[_name_key(name)] = org_id
            if org_id not in parties:
                parties.append(org_id)
        entity_id = agreement_id(title, date, pax_id)
        if entity_id in seen_ids and seen_ids[entity_id] != pax_id:
            entity_id = f"{entity_id}-pax-{pax_id}"
        if entity_id in seen_ids:
            report.warnings.append(f"{where}: PA-X {pax_id} appears twice; the first row is kept.")
            continue
        seen_ids[entity_id] = pax_id
        agreements.append(
            Agreement(pax_id, entity_id, title, date, stage, code, tuple(parties), row)
        )
    if not agreements and not report.errors:
        report.warnings.append(
            "no agreements to import" + (f" for process {process!r}" if process else "") + "."
        )
    report.created_organizations = sorted(created)
    return agreements, created


# -- writing pages -------------------------------------------------------------


def markdown_text(text: str) -> str:
    """Free text from the CSV, escaped so Markdown shows it as it is."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), text).strip()


def _url(text: str) -> str:
    match = _URL.fullmatch(text.strip())
    return match.group(0) if match else ""


def agreement_page(agreement: Agreement) -> str:
    row = agreement.row
    options = [
        ("title", agreement.title),
        ("date", agreement.date),
        ("parties", ", ".join(agreement.parties)),
    ]
    if agreement.stage:
        options.append(("stage", agreement.stage))
    options.append(("pax-id", agreement.pax_id))
    if _url(row.get("PDF_Hyperlink", "")):
        options.append(("source", _url(row["PDF_Hyperlink"])))
    lines = [MARKER, "", f"# {markdown_text(agreement.title)}", ""]
    lines.append(f"::::{{agreement}} {agreement.id}")
    lines += [f":{name}: {value}" for name, value in options if value]
    lines.append("")
    sections = [
        ("", row.get("description", "")),
        ("Parties as recorded in PA-X", row.get("Part", "")),
        ("Third parties as recorded in PA-X", row.get("ThrdPart", "")),
        ("References to other agreements (PA-X)", row.get("OthAgr", "")),
    ]
    if agreement.stage_code and not agreement.stage:
        sections.append(("PA-X stage code (not in the stage vocabulary)", agreement.stage_code))
    if row.get("PPName"):
        sections.append(("Peace process (PA-X)", row["PPName"]))
    for heading, text in sections:
        if not text:
            continue
        if heading:
            lines.append(f"**{heading}:**")
            lines.append("")
        lines.append(markdown_text(text))
        lines.append("")
    pax_link = _url(row.get("PAX_Hyperlink", ""))
    if pax_link:
        lines += [f"PA-X record: <{pax_link}>", ""]
    lines.append("::::")
    return "\n".join(lines) + "\n"


def organizations_page(created: dict[str, str]) -> str:
    lines = [MARKER, "", "# Parties imported from PA-X", ""]
    lines.append(
        "Parties named in PA-X that matched no organization of the knowledge base. "
        "Complete or merge these entries."
    )
    lines.append("")
    for org_id in sorted(created):
        lines += [
            f":::{{organization}} {org_id}",
            f":name: {created[org_id]}",
            ":::",
            "",
        ]
    return "\n".join(lines)


def process_page(title: str, agreements: list[Agreement], has_organizations: bool) -> str:
    parties = sorted({p for a in agreements for p in a.parties})
    entries = sorted(a.id for a in agreements)
    lines = [MARKER, "", f"# {markdown_text(title)}", ""]
    lines.append(
        f"{len(agreements)} agreement(s) of this process, imported from the "
        "PA-X Peace Agreements Database."
    )
    lines.append("")
    lines.append("```{agreement-table}")
    if parties:
        lines.append(f":party: {', '.join(parties)}")
    lines += [":columns: date, title, parties, stage", ":sort: date", "```", ""]
    lines += ["```{toctree}", ":hidden:", "", *entries]
    if has_organizations:
        lines.append("organizations")
    lines += ["```", ""]
    return "\n".join(lines)


def _write(path: Path, text: str, report: Report) -> None:
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            report.unchanged.append(path)
            return
        if not _importer_owned(path):
            report.errors.append(
                f"{path}: exists and was not written by the importer; left as it is."
            )
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report.written.append(path)


def import_pax(csv_path: Path, out: Path, source: Path, process: str | None = None) -> Report:
    """Import the agreements of ``csv_path`` into ``out``; see the module docstring."""
    report = Report()
    rows = read_rows(csv_path, report)
    tree = scan_source(source, skip=out)
    agreements, created = to_agreements(rows, process, tree, report, str(csv_path))
    if not agreements:
        return report
    for agreement in agreements:
        _write(out / f"{agreement.id}.md", agreement_page(agreement), report)
    if created:
        _write(out / "organizations.md", organizations_page(created), report)
    processes = sorted({a.row.get("PPName", "") for a in agreements} - {""})
    title = processes[0] if len(processes) == 1 else process or "Agreements imported from PA-X"
    _write(out / "index.md", process_page(title, agreements, bool(created)), report)
    return report


# -- command line --------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, metavar="FILE.csv", help="a PA-X CSV export")
    parser.add_argument(
        "--process",
        metavar="NAME",
        help="import only rows whose peace process (PPName) contains NAME "
        "(case-insensitive); also the process page's title",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("docs/pax"),
        help="folder for the imported pages (default: docs/pax)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=Path("docs"),
        help="source tree whose organizations and PA-X ids are matched (default: docs)",
    )


def run(args: argparse.Namespace) -> int:
    if not args.csv.is_file():
        print(f"error: {args.csv}: no such file", file=sys.stderr)
        return 2
    report = import_pax(args.csv, args.out, args.source, args.process)
    for line in report.lines():
        stream = (
            sys.stdout
            if line.startswith("import-pax") or line.startswith("created")
            else sys.stderr
        )
        print(line, file=stream)
    return 1 if report.errors else 0
