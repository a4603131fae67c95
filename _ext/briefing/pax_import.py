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
from dataclasses import dataclass, field, replace
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
_PARTY_SEPARATORS = re.compile(r"\s*[/;]\s*")
#: Characters with a meaning anywhere in a MyST line (emphasis, links, roles,
#: substitutions, HTML and entities, math, tables, footnotes, comments)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|~$&#%^!])")
#: ... and at the start of a line (lists, quotes, headings, fences, targets)
_LINE_START_SPECIAL = re.compile(r"^([-+=:>(])")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")
#: An option value MyST reads back as written without quotes
_PLAIN_OPTION = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.()/:?=&%~+_-]*")
#: PA-X ids named in a reference ("PA-X 2324", ".../agreements/view/2324/")
_PAX_ID_REFERENCE = re.compile(r"(?:PA-?X\s*(?:id\s*)?#?|AgtId\s*|/view/)(\d+)", re.IGNORECASE)
#: A title shorter than this is only matched in a reference next to its date
_DISTINCT_TITLE = 25


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
    #: ids of the agreements of the same import its PA-X references name
    builds_on: tuple[str, ...] = ()

    @property
    def process(self) -> str:
        return self.row.get("PPName", "")


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
        options[match.group(1)] = read_option_value(match.group(2))
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
    """The names in PA-X's country/entity column ("Armenia/Azerbaijan/Russia").

    PA-X separates the names with "/" (a ";" is read the same way) and writes
    an entity inside a state in parentheses ("Papua New Guinea/(Bougainville)",
    "Georgia/(South Ossetia)"): such an entity is a party of its own, named
    without its parentheses. A name that merely ends in one ("Yugoslavia
    (former)") is kept whole, and a comma never splits a name.
    """
    names: list[str] = []
    for part in _PARTY_SEPARATORS.split(text):
        name = " ".join(part.split())
        while name.startswith("(") and name.endswith(")") and _balanced(name[1:-1]):
            name = name[1:-1].strip()
        if name and name not in names:
            names.append(name)
    return names


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


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


def markdown_text(text: str, keep_lines: bool = True) -> str:
    """Free text from the CSV, escaped so MyST shows it exactly as written.

    Every character with a meaning in MyST, anywhere in a line or at its start,
    is escaped with a backslash (CommonMark reads any escaped punctuation as
    itself), so a line starting with ``%`` is not a comment and ``(annex)=`` is
    not a target. Lines keep their breaks (``keep_lines``: a hard line break,
    as PA-X's numbered party lists need) and blank lines separate paragraphs;
    spaces at the ends of lines and runs of spaces are layout, not text.
    """
    paragraphs: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        line = _MARKDOWN_SPECIAL.sub(r"\\\1", line)
        line = _LINE_START_SPECIAL.sub(r"\\\1", line)
        line = _ORDERED_ITEM.sub(r"\1\\\2", line)
        paragraphs[-1].append(line)
    joint = "\\\n" if keep_lines else "\n"
    return "\n\n".join(joint.join(lines) for lines in paragraphs if lines)


def option_value(text: str) -> str:
    """A directive option's value as MyST reads it back exactly.

    MyST parses directive options as (restricted) YAML: a value starting with
    a quote, or holding ``#`` or ``: ``, would lose its text. Anything but
    plain words is written as a YAML double-quoted string.
    """
    if (
        _PLAIN_OPTION.fullmatch(text)
        and text == text.strip()
        and ": " not in text
        and not text.endswith(":")
    ):
        return text
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif ord(char) < 0x20 or char in "\x7f\x85\u2028\u2029":
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def read_option_value(raw: str) -> str:
    """An option's value as MyST reads it (quoted or plain)."""
    raw = raw.strip()
    if raw[:1] not in ("'", '"'):
        return raw
    from myst_parser.parsers.options import TokenizeError, options_to_items

    try:
        items, _ = options_to_items(f"value: {raw}")
    except TokenizeError:
        return raw
    return str(items[0][1]) if items else raw


def _url(text: str) -> str:
    match = _URL.fullmatch(text.strip())
    return match.group(0) if match else ""


def _date_spellings(iso: str) -> tuple[str, ...]:
    """How a reference may write an agreement's date: PA-X's, ISO, in words."""
    parsed = KbDate.parse(iso)
    if parsed is None or parsed.day is None or parsed.month is None:
        return (iso,)
    day, month, year = parsed.day, parsed.month, parsed.year
    words = f"{day} {_MONTHS[month - 1]} {year}"
    return (
        f"{day:02d}/{month:02d}/{year}",
        f"{day}/{month}/{year}",
        iso,
        words,
        f"{_MONTHS[month - 1]} {day}, {year}",
    )


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def link_references(agreements: list[Agreement]) -> list[Agreement]:
    """Each agreement with ``builds_on``: the agreements of this import that its
    PA-X references (``OthAgr``) name.

    A reference names an agreement by its PA-X id ("PA-X 2324", a PA-X link)
    or by its title: a title of at least 25 characters anywhere in the text,
    a shorter one ("Joint Communique") only with its date next to it (PA-X's
    DD/MM/YYYY, ISO, or in words). Only earlier (or same-day) agreements
    count, never the agreement itself, so the links cannot form a circle.
    Candidates are looked up by the words of their titles, so the work grows
    with the references, not with the square of the archive.
    """
    by_pax = {a.pax_id: a for a in agreements}
    by_word: dict[str, list[Agreement]] = {}
    for agreement in agreements:
        words = _folded(agreement.title).split()
        if words:
            # the title's rarest-looking word: its longest
            by_word.setdefault(max(words, key=len), []).append(agreement)
    result = []
    for agreement in agreements:
        text = agreement.row.get("OthAgr", "")
        if not text:
            result.append(agreement)
            continue
        folded = _folded(text)
        found: list[str] = []
        candidates = [by_pax[m] for m in _PAX_ID_REFERENCE.findall(text) if m in by_pax]
        for word in set(folded.replace(",", " ").replace(";", " ").split()):
            for other in by_word.get(word, ()):
                title = _folded(other.title)
                if title not in folded:
                    continue
                if len(title) >= _DISTINCT_TITLE or any(
                    _folded(spelling) in folded for spelling in _date_spellings(other.date)
                ):
                    candidates.append(other)
        for other in candidates:
            if other.pax_id == agreement.pax_id or other.date > agreement.date:
                continue
            if other.id not in found:
                found.append(other.id)
        result.append(replace(agreement, builds_on=tuple(sorted(found))))
    return result


def agreement_page(agreement: Agreement) -> str:
    row = agreement.row
    options = [
        ("title", agreement.title),
        ("date", agreement.date),
        ("parties", ", ".join(agreement.parties)),
    ]
    if agreement.stage:
        options.append(("stage", agreement.stage))
    if agreement.builds_on:
        options.append(("builds-on", ", ".join(agreement.builds_on)))
    options.append(("pax-id", agreement.pax_id))
    if _url(row.get("PDF_Hyperlink", "")):
        options.append(("source", _url(row["PDF_Hyperlink"])))
    # the page's heading is the title; the agreement's own heading, the same
    # words, is left out when the page is rendered (one heading per page)
    lines = [MARKER, "", f"# {markdown_text(agreement.title, keep_lines=False)}", ""]
    lines.append(f"::::{{agreement}} {agreement.id}")
    lines += [f":{name}: {option_value(value)}" for name, value in options if value]
    lines.append("")
    sections = [
        ("", row.get("description", "")),
        ("Parties as recorded in PA-X", row.get("Part", "")),
        ("Third parties as recorded in PA-X", row.get("ThrdPart", "")),
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
    if row.get("OthAgr"):
        # kept as PA-X wrote it; the agreements it names are in :builds-on:
        lines += [
            ":::{note}",
            "**References to other agreements (PA-X):**",
            "",
            markdown_text(row["OthAgr"]),
            ":::",
            "",
        ]
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
            f":name: {option_value(created[org_id])}",
            ":::",
            "",
        ]
    return "\n".join(lines)


def _stage_label(agreement: Agreement) -> str:
    if agreement.stage:
        return agreement.stage.replace("-", " ").capitalize()
    return markdown_text(agreement.stage_code, keep_lines=False)


def process_page(title: str, agreements: list[Agreement], extra: tuple[str, ...] = ()) -> str:
    """A process's page: its agreements as a table, by date, and in its toctree.

    The table is written out (a collection cannot select a PA-X process): one
    row per agreement, linked to its entry.
    """
    ordered = sorted(agreements, key=lambda a: (a.date, a.id))
    lines = [MARKER, "", f"# {markdown_text(title, keep_lines=False)}", ""]
    lines.append(
        f"{len(agreements)} agreement(s) of this process, imported from the "
        "PA-X Peace Agreements Database."
    )
    lines.append("")
    lines += ["| Date | Agreement | Parties (PA-X) | Stage |", "| --- | --- | --- | --- |"]
    for agreement in ordered:
        parties = markdown_text(
            "; ".join(split_parties(agreement.row.get("Con", ""))), keep_lines=False
        )
        lines.append(
            f"| {agreement.date} | {{agreement}}`{agreement.id}` | {parties} "
            f"| {_stage_label(agreement)} |"
        )
    lines.append("")
    lines += ["```{toctree}", ":hidden:", "", *(a.id for a in ordered), *extra, "```", ""]
    return "\n".join(lines)


def process_slug(name: str) -> str:
    return f"process-{slugify(name) or 'unnamed'}"


def processes_page(
    title: str, processes: dict[str, list[Agreement]], extra: tuple[str, ...]
) -> str:
    """The page of an import of several processes: the processes, not their agreements."""
    lines = [MARKER, "", f"# {markdown_text(title, keep_lines=False)}", ""]
    total = sum(len(a) for a in processes.values())
    lines.append(
        f"{total} agreement(s) of {len(processes)} peace processes, imported from the "
        "PA-X Peace Agreements Database. Each process's page lists its agreements."
    )
    lines.append("")
    lines += ["| Peace process | Agreements | From | To |", "| --- | --- | --- | --- |"]
    for name, members in processes.items():
        dates = sorted(a.date for a in members)
        label = markdown_text(name or "Other", keep_lines=False)
        lines.append(
            f"| [{label}]({process_slug(name)}.md) | {len(members)} | {dates[0]} | {dates[-1]} |"
        )
    lines.append("")
    lines += ["```{toctree}", ":hidden:", "", *(process_slug(n) for n in processes), *extra]
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
    agreements = link_references(agreements)
    for agreement in agreements:
        _write(out / f"{agreement.id}.md", agreement_page(agreement), report)
    extra: tuple[str, ...] = ()
    if created:
        _write(out / "organizations.md", organizations_page(created), report)
        extra = ("organizations",)
    processes: dict[str, list[Agreement]] = {}
    for agreement in sorted(agreements, key=lambda a: a.process.casefold()):
        processes.setdefault(agreement.process, []).append(agreement)
    if len(processes) == 1:
        name = next(iter(processes)) or process or "Agreements imported from PA-X"
        _write(out / "index.md", process_page(name, agreements, extra), report)
        return report
    slugs: dict[str, str] = {}
    for name in processes:
        slug = process_slug(name)
        if slug in slugs:
            report.warnings.append(
                f"peace processes {slugs[slug]!r} and {name!r} share the page {slug}.md; "
                "their agreements are listed together."
            )
        slugs[slug] = name
    merged: dict[str, list[Agreement]] = {}
    for name, members in processes.items():
        merged.setdefault(slugs[process_slug(name)], []).extend(members)
    for name, members in merged.items():
        _write(out / f"{process_slug(name)}.md", process_page(name or "Other", members), report)
    title = process or "Agreements imported from PA-X"
    _write(out / "index.md", processes_page(title, merged, extra), report)
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
