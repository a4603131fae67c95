"""A synthetic PA-X export, imported: the benchmark of a real archive.

The project ships no PA-X data, so this writes a seeded CSV in the columns
``python -m briefing import-pax`` reads (those of a PA-X export: ``AgtId``,
``Agt``, ``Dat``, ``Con``, ``PPName``, ``Stage``, ``Part``, ``ThrdPart``,
``OthAgr``, ``description``, ``PAX_Hyperlink``, ``PDF_Hyperlink``), with the
shape of the real database (about 12 agreements per peace process, as its
2,257 agreements in 184 processes) and its awkward values: titles that start
with a quotation mark, hold ``#`` or colons, or are in other scripts; entities
in parentheses in the country column; numbered party lists over several lines;
descriptions with lines that MyST would read as markup; references to earlier
agreements of the same process.

:func:`write_archive` imports it into a site whose root toctree holds the
import's index, as the importing guide says (``nav="toctree"``), or the same
pages as orphans, reached by no toctree (``nav="orphans"``), the baseline the
issue compares against.

``python -m benchmarks.pax_corpus OUTDIR --agreements 2000 [--orphans]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from briefing.pax_import import import_pax

COLUMNS = (
    "AgtId",
    "Agt",
    "Dat",
    "Con",
    "PPName",
    "Stage",
    "Part",
    "ThrdPart",
    "OthAgr",
    "description",
    "PAX_Hyperlink",
    "PDF_Hyperlink",
)

_STATES = [
    "Armenia",
    "Azerbaijan",
    "Georgia",
    "Russia",
    "Sudan",
    "South Sudan",
    "Colombia",
    "Philippines",
    "Papua New Guinea",
    "Bosnia and Herzegovina",
    "Yugoslavia (former)",
    "Moldova",
    "Syria",
    "Yemen",
    "Nepal",
    "Indonesia",
    "Mali",
    "Burundi",
    "Sri Lanka",
    "Lebanon",
]
_ENTITIES = [
    "Bougainville",
    "South Ossetia",
    "Abkhazia",
    "Transdniestria",
    "Mindanao",
    "Aceh",
    "Darfur",
    "Nagorno-Karabakh",
]
_KINDS = [
    "Agreement on",
    "Protocol on",
    "Joint Communique",
    "Memorandum of Understanding on",
    "Declaration on",
    "Joint Statement on",
    "Ceasefire Agreement",
    "Statement by the Parties on",
]
_SUBJECTS = [
    "the cessation of hostilities",
    "the exchange of prisoners",
    "humanitarian access",
    "the return of displaced persons",
    "the demarcation of the border",
    "transport links",
    "the monitoring mission",
    "security arrangements",
    "power sharing",
    "the implementation mechanism",
]
_AWKWARD = [
    "'Hudna’ (truce) of {place}",  # noqa: RUF001
    '"Road map" for {place}',
    "Joint Communique #{number}",
    "Agreement: {subject}",
    "- Minutes of the meeting on {subject}",
    "% of revenues: {subject}",
    "(Annex)= to the protocol on {subject}",
    "Соглашение о прекращении огня, {number}",  # noqa: RUF001
    "Հայտարարություն {number}",
    "Azərbaycan: birgə bəyanat {number}",
    "اتفاق وقف إطلاق النار {number}",
]
_STAGES = ["Pre", "Cea", "SubPar", "SubComp", "Imp", "Ren", "Oth"]
_NAMES = ["A. Author", "B. Bauer", "C. Costa", "D. Duarte", "E. Eriksen", "F. Farah"]
_TEXT_LINES = [
    "The parties agree to the following measures.",
    "% of the budget shall be shared by the regions.",
    "(annex)= lists the crossing points.",
    "# of observers: to be agreed.",
    "1. The ceasefire enters into force at midnight.",
    "- The commission meets monthly; *urgent* matters at any time.",
    ": the text of article 3 is annexed.",
    "Contacts {via} the mediator <office> & the [joint] commission | $ costs.",
]


def generate_rows(agreements: int, seed: int = 17) -> list[dict[str, str]]:
    """``agreements`` rows of a PA-X export, deterministic for a seed."""
    rng = random.Random(seed)
    processes = max(1, round(agreements / 12.25))
    names = []
    for number in range(processes):
        states = rng.sample(_STATES, 2)
        entity = f"/({rng.choice(_ENTITIES)})" if rng.random() < 0.3 else ""
        names.append(
            (f"{states[0]}/{states[1]}{entity}", f"{states[0]}–{states[1]} process {number + 1}")
        )
    by_process: dict[int, list[dict[str, str]]] = {}
    rows = []
    start = date(1990, 1, 1)
    for index in range(agreements):
        pax_id = str(1000 + index)
        process = rng.randrange(processes)
        country, process_name = names[process]
        signed = start + timedelta(days=rng.randrange(0, 33 * 365))
        subject = rng.choice(_SUBJECTS)
        if rng.random() < 0.12:
            title = rng.choice(_AWKWARD).format(place=process_name, number=index, subject=subject)
        else:
            title = f"{rng.choice(_KINDS)} {subject} ({process_name}, {signed.year})"
        earlier = [r for r in by_process.get(process, []) if r["_date"] <= signed]
        references = []
        if earlier and rng.random() < 0.6:
            for other in rng.sample(earlier, min(len(earlier), rng.randint(1, 2))):
                if rng.random() < 0.5:
                    references.append(f"Refers to PA-X {other['AgtId']}.")
                else:
                    references.append(f"Implements the {other['Agt']}, {other['_date']:%d/%m/%Y}.")
        parties = "\n".join(
            f"{n}. {rng.choice(_NAMES)}, on behalf of party {n}"
            for n in range(1, rng.randint(2, 4))
        )
        description = "\n".join(rng.sample(_TEXT_LINES, rng.randint(2, 5)))
        row = {
            "AgtId": pax_id,
            "Agt": title,
            "Dat": f"{signed:%d/%m/%Y}",
            "Con": country,
            "PPName": process_name,
            "Stage": rng.choice(_STAGES),
            "Part": parties,
            "ThrdPart": rng.choice(["", "United Nations", "OSCE Minsk Group; European Union"]),
            "OthAgr": " ".join(references),
            "description": description,
            "PAX_Hyperlink": f"https://pax.peaceagreements.org/agreements/wview/{pax_id}/",
            "PDF_Hyperlink": f"https://pax.peaceagreements.org/agreements/{pax_id}.pdf",
            "_date": signed,  # type: ignore[dict-item]
        }
        by_process.setdefault(process, []).append(row)
        rows.append(row)
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


CONF = '''"""Generated real-archive benchmark: a synthetic PA-X export, imported."""
import sys
sys.path.insert(0, {ext!r})
project = "PA-X archive benchmark"
extensions = ["briefing"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["manifest.json", "pax-export.csv"]
html_baseurl = "https://benchmark.example.org/"
'''

_TOCTREE = re.compile(r"```\{toctree\}\n.*?```\n", re.DOTALL)


def write_archive(outdir: Path, agreements: int, *, nav: str = "toctree", seed: int = 17) -> dict:
    """A site with the import of ``agreements`` synthetic PA-X rows; its manifest.

    ``nav="toctree"``: the import's index is in the root toctree (the pages
    are in the process pages' toctrees, as the importer writes them);
    ``nav="orphans"``: the same pages, every one ``orphan`` and no toctree
    reaching them.
    """
    if nav not in ("toctree", "orphans"):
        raise ValueError(f"nav must be 'toctree' or 'orphans', not {nav!r}")
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    csv_path = write_csv(outdir / "pax-export.csv", generate_rows(agreements, seed))
    report = import_pax(csv_path, outdir / "pax", outdir)
    if report.errors:
        raise RuntimeError("\n".join(report.errors))
    pages = sorted((outdir / "pax").glob("*.md"))
    if nav == "orphans":
        for page in pages:
            text = _TOCTREE.sub("", page.read_text(encoding="utf-8"))
            page.write_text("---\norphan: true\n---\n" + text, encoding="utf-8")
        root = "# PA-X archive\n\nThe import's pages are orphans: [the import](pax/index.md).\n"
    else:
        root = "# PA-X archive\n\n```{toctree}\n:maxdepth: 1\n\npax/index\n```\n"
    (outdir / "index.md").write_text(root, encoding="utf-8")
    ext_dir = str(Path(__file__).resolve().parent.parent / "_ext")
    (outdir / "conf.py").write_text(CONF.format(ext=ext_dir), encoding="utf-8")
    builds_on = sum(1 for page in pages if ":builds-on:" in page.read_text(encoding="utf-8"))
    manifest = {
        "agreements": agreements,
        "nav": nav,
        "seed": seed,
        "pages": len(pages) + 1,
        "written": len(report.written),
        "organizations_created": len(report.created_organizations),
        "with_builds_on": builds_on,
        "warnings": len(report.warnings),
    }
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--agreements", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--orphans", action="store_true", help="the same pages as orphans")
    args = parser.parse_args(argv)
    manifest = write_archive(
        args.outdir,
        args.agreements,
        nav="orphans" if args.orphans else "toctree",
        seed=args.seed,
    )
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
