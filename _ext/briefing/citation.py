"""Cite this: a suggested citation for every statement, brief, agreement and quote.

Researchers cite entries of the knowledge base in papers, and a citation
needs more than a link: who said or wrote it, when, where it was published
(the knowledge base and its version), its permanent address and the date the
reader accessed it. :func:`citation_of` collects these once, from the
knowledge base, as a :class:`Citation`; the same record becomes

- a "Cite this" block on the site, after the page's text (statements and
  briefs) or the entity (agreements and quotes), built from standard
  docutils nodes when the HTML site builders resolve the page;
- a BibTeX file and a CSL-JSON file beside the page, which citation managers
  (Zotero, JabRef, Mendeley, pandoc) import; ``data/citations.bib`` and
  ``data/citations.json`` hold every entry at once;
- "How to cite this book" on the back of a PDF book's title page
  (:func:`book_citation`).

The date accessed is the reader's: the page fills it in with today's date
(``briefing-cite.js``); the files carry the day the release was built
(``SOURCE_DATE_EPOCH`` when set, so the files are reproducible), which a
citation manager lets its user change.

Node tree of the block::

    container.kb-citation
        rubric.kb-citation-heading ("Cite this")
        paragraph.kb-citation-text
            Text, inline.kb-cite-title, Text, reference (permanent address),
            Text, inline.kb-cite-accessed (filled in by the script), Text
        paragraph.kb-citation-downloads: references to the .bib and .csl.json files
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from .domain import get_domain
from .export.site import SiteUrls, build_time, publishes_site
from .generation import output_file, unchanged_since_written
from .knowledge import KnowledgeBase
from .model import PAGE_KINDS, Entity, KbDate
from .texts import text

#: the kinds that get a suggested citation
CITED_KINDS: tuple[str, ...] = ("statement", "brief", "agreement", "quote")

#: CSL item type of each cited kind
CSL_TYPES: dict[str, str] = {
    "statement": "document",
    "brief": "report",
    "agreement": "treaty",
    "quote": "document",
}

#: words of a quote's text that stand for it as a title
QUOTE_TITLE_WORDS = 16

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: where the files of all citations go, beside the data export
DATA_DIR = "data"


@dataclass(frozen=True)
class Citation:
    """What a citation of one entry says, independent of the format."""

    key: str
    kind: str
    title: str
    authors: tuple[str, ...]
    date: KbDate | None
    project: str
    publisher: str
    version: str
    url: str
    accessed: Date

    @property
    def file_stem(self) -> str:
        return self.key


# -- collecting ------------------------------------------------------------------------


def release_of(config: Any) -> str:
    """The project's release (``release``, else ``version``), or ``""``."""
    return str(config.release or config.version or "")


def _names(knowledge: KnowledgeBase, kind: str, ids: tuple[str, ...]) -> list[str]:
    names = []
    for entity_id in ids:
        entity = knowledge.get(kind, entity_id)
        names.append(entity.title if entity else entity_id)
    return names


def citation_authors(knowledge: KnowledgeBase, entity: Entity, editors: str) -> tuple[str, ...]:
    """Who a citation names: the speaker, the parties, the authors or organization."""
    if entity.kind == "quote":
        return tuple(_names(knowledge, "person", entity.link_ids("speaker")))
    if entity.kind == "agreement":
        return tuple(_names(knowledge, "organization", entity.link_ids("parties")))
    people = _names(knowledge, "person", entity.link_ids("authors"))
    organization = _names(knowledge, "organization", entity.link_ids("organization"))
    # a statement is its organization's; a brief is its authors'
    found = (organization or people) if entity.kind == "statement" else (people or organization)
    return tuple(found) if found else ((editors,) if editors else ())


def citation_title(knowledge: KnowledgeBase, entity: Entity) -> str:
    if entity.kind == "agreement":
        return entity.fields.get("title") or entity.title or entity.id
    if entity.kind == "quote":
        words = entity.text.split()
        excerpt = " ".join(words[:QUOTE_TITLE_WORDS])
        return excerpt + ("…" if len(words) > QUOTE_TITLE_WORDS else "") or entity.id
    return entity.title or entity.id


#: Sphinx's placeholder for an unset ``author``
_NO_AUTHOR = "Author name not set"


def author_of(config: Any) -> str:
    """``author`` of conf.py, or ``""`` where it is Sphinx's placeholder."""
    author = str(config.author or "")
    return "" if author == _NO_AUTHOR else author


def citation_of(
    knowledge: KnowledgeBase, entity: Entity, urls: SiteUrls, config: Any, accessed: Date
) -> Citation:
    return Citation(
        key=f"{entity.kind}-{entity.id}".replace("/", "-"),
        kind=entity.kind,
        title=citation_title(knowledge, entity),
        authors=citation_authors(knowledge, entity, author_of(config)),
        date=knowledge.date(entity),
        project=str(config.project or ""),
        publisher=author_of(config),
        version=release_of(config),
        url=urls.entity(entity),
        accessed=accessed,
    )


def cited_entities(knowledge: KnowledgeBase) -> list[Entity]:
    return [entity for kind in CITED_KINDS for entity in knowledge.entities(kind)]


def build_day() -> Date:
    return build_time().date()


# -- formats ----------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def bibtex_escape(value: str) -> str:
    return value.translate(_BIBTEX_TABLE)


def bibtex(citation: Citation) -> str:
    """One ``@misc`` entry, readable by BibTeX and biblatex (``date``, ``urldate``)."""
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(citation.title) + "}")]
    if citation.authors:
        # braced: a name is printed as written, never split into first and last names
        names = " and ".join("{" + bibtex_escape(name) + "}" for name in citation.authors)
        fields.append(("author", names))
    if citation.date is not None:
        fields.append(("date", citation.date.iso()))
        fields.append(("year", str(citation.date.year)))
        if citation.date.month is not None:
            fields.append(("month", BIBTEX_MONTHS[citation.date.month - 1]))
    published = citation.project + (
        ", " + text("cite-version", version=citation.version) if citation.version else ""
    )
    fields.append(("howpublished", bibtex_escape(published)))
    if citation.publisher:
        fields.append(("publisher", bibtex_escape(citation.publisher)))
    if citation.version:
        fields.append(("version", bibtex_escape(citation.version)))
    fields.append(("url", citation.url.replace("{", "%7B").replace("}", "%7D")))
    fields.append(("urldate", citation.accessed.isoformat()))
    lines = [f"@misc{{{citation.key},"]
    for name, value in fields:
        # month macros stay bare; everything else in braces
        braced = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {braced},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _date_parts(date: KbDate) -> dict[str, Any]:
    parts = [date.year]
    if date.month is not None:
        parts.append(date.month)
        if date.day is not None:
            parts.append(date.day)
    return {"date-parts": [parts]}


def csl_item(citation: Citation) -> dict[str, Any]:
    """One CSL-JSON item (https://citationstyles.org, schema ``csl-data.json``)."""
    item: dict[str, Any] = {
        "id": citation.key,
        "type": CSL_TYPES[citation.kind],
        "title": citation.title,
    }
    if citation.authors:
        item["author"] = [{"literal": name} for name in citation.authors]
    if citation.date is not None:
        item["issued"] = _date_parts(citation.date)
    if citation.project:
        item["container-title"] = citation.project
    if citation.publisher:
        item["publisher"] = citation.publisher
    if citation.version:
        item["version"] = citation.version
    item["URL"] = citation.url
    accessed = citation.accessed
    item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


def csl_json(items: list[dict[str, Any]]) -> str:
    """A CSL-JSON file: the list of items, one item a line (json's fast encoder)."""
    return _csl_file([json.dumps(item, ensure_ascii=False) for item in items])


def _csl_file(lines: list[str]) -> str:
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _write_if_changed(path: Path, content: str) -> None:
    """Write ``content`` unless the file holds it already: most rebuilds change
    few citations, and reading a small file is cheaper than writing it."""
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- files beside the pages -------------------------------------------------------------


def citation_files(entity: Entity) -> tuple[str, str]:
    """The BibTeX and CSL-JSON files of an entity, relative to the site's root.

    Beside the page: ``statements/x.bib`` for the statement ``statements/x``,
    ``knowledge-base/agreements.agreement-y.bib`` for an agreement on a page.
    """
    stem = entity.docname if entity.kind in PAGE_KINDS else f"{entity.docname}.{entity.anchor}"
    return f"{stem}.bib", f"{stem}.csl.json"


#: Beside the output's token: the citation files the last build wrote.
WRITTEN_SUFFIX = ".citation-files.json"


def write_citation_files(app: Sphinx, exception: Exception | None = None) -> None:
    """Every cited entry's files beside its page, and all of them in ``data/``.

    The files of an entry that is gone (removed, renamed, moved to another
    page) are deleted: the last build's list of files is kept with the
    output's token (:func:`briefing.generation.output_file`).
    """
    if exception is not None or not publishes_site(app.builder):
        return
    outdir = Path(app.outdir)
    if unchanged_since_written(app, outdir / DATA_DIR / "citations.json"):
        return
    knowledge = get_domain(app.env).knowledge
    urls = SiteUrls(app.builder, app.config)
    accessed = build_day()
    every_bib: list[str] = []
    every_item: list[str] = []
    written: list[str] = []
    for entity in cited_entities(knowledge):
        citation = citation_of(knowledge, entity, urls, app.config, accessed)
        bib_name, csl_name = citation_files(entity)
        entry, item = bibtex(citation), json.dumps(csl_item(citation), ensure_ascii=False)
        _write_if_changed(outdir / bib_name, entry)
        _write_if_changed(outdir / csl_name, _csl_file([item]))
        written += [bib_name, csl_name]
        every_bib.append(entry)
        every_item.append(item)
    _write_if_changed(outdir / DATA_DIR / "citations.bib", "\n".join(every_bib))
    _write_if_changed(outdir / DATA_DIR / "citations.json", _csl_file(every_item))
    record = output_file(app, WRITTEN_SUFFIX)
    try:
        before = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = []
    for name in set(before) - set(written) if isinstance(before, list) else ():
        if isinstance(name, str) and not Path(name).is_absolute() and ".." not in Path(name).parts:
            (outdir / name).unlink(missing_ok=True)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(written), encoding="utf-8")


# -- the block on the page --------------------------------------------------------------


def full_stop(sentence: str) -> str:
    """``sentence`` ended by one full stop (a Russian date ends with one already,
    after the abbreviation of "year")."""
    return sentence if sentence.endswith(".") else sentence + "."


def citation_block(citation: Citation, page_uri: str, files: tuple[str, str]) -> nodes.container:
    block = nodes.container(classes=["kb-citation"])
    heading = text("cite-heading")
    block += nodes.rubric(heading, heading, classes=["kb-citation-heading"])
    paragraph = nodes.paragraph(classes=["kb-citation-text"])
    intro = text("cite-intro") + " "
    paragraph += nodes.Text(intro)
    if citation.authors:
        paragraph += nodes.Text(", ".join(citation.authors) + ". ")
    title = citation.title.rstrip(".")
    closing = "" if title.endswith(("…", "!", "?")) else "."
    paragraph += nodes.inline("", f"“{title}{closing}”", classes=["kb-cite-title"])
    if citation.date is not None:
        paragraph += nodes.Text(" " + full_stop(citation.date.display()))
    where = f" {citation.project}"
    if citation.version:
        where += ", " + text("cite-version", version=citation.version)
    paragraph += nodes.Text(where + ". ")
    paragraph += nodes.reference(citation.url, citation.url, refuri=citation.url)
    accessed = text("cite-accessed", date="\x00").split("\x00")
    paragraph += nodes.Text(" (" + accessed[0])
    day = citation.accessed
    shown = KbDate(day.year, day.month, day.day).display()
    paragraph += nodes.inline("", shown, classes=["kb-cite-accessed"])
    paragraph += nodes.Text((accessed[1] if len(accessed) > 1 else "") + ").")
    block += paragraph
    bib, csl = (relative_uri(page_uri, name) for name in files)
    downloads = nodes.paragraph(classes=["kb-citation-downloads"])
    sentence = text("cite-downloads", bibtex="\x00", csl="\x01")
    before, _, rest = sentence.partition("\x00")
    middle, _, after = rest.partition("\x01")
    downloads += nodes.Text(before)
    downloads += nodes.reference("", "BibTeX", refuri=bib, classes=["kb-cite-bibtex"])
    downloads += nodes.Text(middle)
    downloads += nodes.reference("", "CSL-JSON", refuri=csl, classes=["kb-cite-csl"])
    downloads += nodes.Text(after)
    block += downloads
    return block


def add_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a "Cite this" block after each cited entry of the page (HTML site only).

    A ``doctree-resolved`` handler, as :mod:`briefing.downloads`: the block
    links files of the site, so it depends on the builder.
    """
    builder = app.builder
    if not publishes_site(builder):
        return
    knowledge = get_domain(app.env).knowledge
    urls = SiteUrls(builder, app.config)
    page_uri = builder.get_target_uri(docname)
    accessed = build_day()
    containers = {
        (node["kb_kind"], node["kb_id"]): node
        for node in doctree.findall(nodes.container)
        if node.get("kb_kind") in CITED_KINDS and node.get("kb_id")
    }
    for entity in knowledge.entities_on(docname):
        if entity.kind not in CITED_KINDS:
            continue
        citation = citation_of(knowledge, entity, urls, app.config, accessed)
        block = citation_block(citation, page_uri, citation_files(entity))
        if entity.kind in PAGE_KINDS:
            section = next(iter(doctree.findall(nodes.section)), None)
            (section if section is not None else doctree).append(block)
        elif entity.key in containers:
            containers[entity.key].append(block)


def add_citation_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and any(
        "kb-citation" in node["classes"] for node in doctree.findall(nodes.container)
    ):
        app.add_js_file("briefing-cite.js", loading_method="defer")


# -- books --------------------------------------------------------------------------------


def book_citation(book: Any, config: Any, pdf_url: str) -> str:
    """The "How to cite this book" line of a PDF book."""
    author = book.author or author_of(config)
    date = KbDate.parse(book.date) if book.date else None
    parts = []
    if author:
        parts.append(f"{author}.")
    title = book.title + (f": {book.subtitle}" if book.subtitle else "")
    parts.append(f"“{title}.”")
    where = str(config.project or "")
    version = release_of(config)
    if version:
        where += ", " + text("cite-version", version=version)
    if date is not None:
        where += f", {date.display()}"
    parts.append(full_stop(where))
    if pdf_url:
        parts.append(pdf_url)
    return " ".join(parts)


def book_release_context(book: Any, config: Any) -> dict[str, str]:
    """What a PDF book's cover and title verso say about its release and citation."""
    from .downloads import DOWNLOAD_DIR
    from .export.site import base_url

    base = base_url(config)
    pdf_url = f"{base}{DOWNLOAD_DIR}/{book.name}.pdf" if base else ""
    version = release_of(config)
    return {
        "release_label": text("release", version=version) if version else "",
        "citation_heading": text("cite-book-heading"),
        "citation": book_citation(book, config, ""),
        "citation_url": pdf_url,
    }


def setup_citation(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_citations)
    app.connect("briefing-write-cross-page", write_citation_files)
    app.connect("html-page-context", add_citation_script)
