"""Domain indices: alphabetical lists of agreements, people, organizations, ...

Each becomes a page of the HTML site (``kb-agreements.html``, ...) linked
from the general index, and an index section in LaTeX, like Python's module
index. The entries come from the knowledge base, so they name each entity by
its display text and link to its anchor.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from sphinx.application import Sphinx
from sphinx.domains import Index, IndexEntry

from .domain import get_domain
from .i18n import N_, _
from .knowledge import KnowledgeBase
from .model import KIND_PLURALS


class EntityIndex(Index):
    """An alphabetical index of one kind of entity."""

    kind: ClassVar[str] = ""

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        from .domain import KnowledgeBaseDomain

        assert isinstance(self.domain, KnowledgeBaseDomain)
        knowledge = self.domain.knowledge
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[IndexEntry]] = {}
        for entity in knowledge.entities(self.kind):
            if wanted is not None and entity.docname not in wanted:
                continue
            display = knowledge.display(entity)
            date = knowledge.date(entity)
            groups.setdefault(_letter(display), []).append(
                IndexEntry(
                    display,
                    0,
                    entity.docname,
                    entity.anchor,
                    date.display() if date else "",
                    "",
                    entity.fields.get("role", "") or entity.fields.get("title", ""),
                )
            )
        content = [
            (letter, sorted(entries, key=lambda e: e.name.lower()))
            for letter, entries in sorted(groups.items())
        ]
        return content, False


def _letter(display: str) -> str:
    """The index letter: the first letter or digit (themes put it in an anchor)."""
    return next((c.upper() for c in display if c.isalnum()), "_")


#: per kind: the index page's title and its short name (message ids)
INDEX_NAMES: dict[str, tuple[str, str]] = {
    "agreement": (N_("Index of agreements"), N_("agreements")),
    "person": (N_("Index of people"), N_("people")),
    "organization": (N_("Index of organizations"), N_("organizations")),
    "event": (N_("Index of events"), N_("events")),
    "topic": (N_("Index of topics"), N_("topics")),
}


def _index_class(kind: str, name: str) -> type[EntityIndex]:
    localname, shortname = INDEX_NAMES[kind]
    return type(
        f"{KIND_PLURALS[kind]}Index",
        (EntityIndex,),
        {
            "kind": kind,
            "name": name,
            # lazy: translated when the index page is written, in the build's language
            "localname": _(localname),
            "shortname": _(shortname),
        },
    )


INDICES = [
    _index_class("agreement", "agreements"),
    _index_class("person", "people"),
    _index_class("organization", "organizations"),
    _index_class("event", "events"),
    _index_class("topic", "topics"),
]


def indices_shown(knowledge: KnowledgeBase) -> tuple[str, ...]:
    """The indices that have entries: themes link them from every page."""
    return tuple(index.name for index in INDICES if knowledge.entities(index.kind))


def remove_empty_index_pages(app: Sphinx, exception: Exception | None) -> None:
    """Delete the page of an index that has become empty (Sphinx leaves it)."""
    builder = app.builder
    if exception is not None or builder.format != "html":
        return
    shown = indices_shown(get_domain(app.env).knowledge)
    suffix = getattr(builder, "out_suffix", ".html")
    for index in INDICES:
        if index.name not in shown:
            (Path(builder.outdir) / f"kb-{index.name}{suffix}").unlink(missing_ok=True)


def setup_indices(app: Sphinx) -> None:
    for index in INDICES:
        app.add_index_to_domain("kb", index)
    app.connect("build-finished", remove_empty_index_pages)
