"""A briefing book's scope: which entities of the knowledge base it is about.

A ``book`` directive (:mod:`briefing.books`) names topics, entities and a
date window; this module turns them into the set of entity keys "in scope",
which the book's collections start from and the PDF's actors chapter, annex
and index draw on. The rules are the authoring contract's:

- ``topics``: an entity with one of these topics (or a narrower one, through
  ``broader``) is in scope, and so is each of those topics; a quote *about* a
  topic counts as having it.
- ``about``: the named entities are in scope, and whatever names them (a
  quote about them, a statement citing them in its text, an agreement that
  builds on them: every backlink). Naming a provision's agreement counts.
- ``since``, ``until``: a dated entity whose dates lie wholly outside the
  inclusive window is out of scope (as a collection's ``since``/``until``).
- With neither ``topics`` nor ``about``, everything in the window is in scope.

Two completions keep a printed book whole: an agreement in scope brings its
provisions and a provision its agreement; and the people, organizations and
topics that the entities in scope name (speakers, parties, signatories,
participants, topics...) are in scope, so the book's actors chapter lists
who takes part in what it covers. They are undated, so the window leaves
them alone.

Everything here is pure (no Sphinx) and cached per knowledge base.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .collections.queries import collection_index
from .knowledge import KnowledgeBase
from .model import KINDS, Entity, KbDate

Key = tuple[str, str]

#: kinds that are "entries": in scope when something in scope names them
ENTRY_KINDS: tuple[str, ...] = ("person", "organization", "topic")
#: options whose ids bring entries into scope
_NAMING_OPTIONS: tuple[str, ...] = (
    "speaker",
    "organization",
    "authors",
    "parties",
    "signatories",
    "third-parties",
    "participants",
    "topics",
    "about",
)


@dataclass(frozen=True)
class Scope:
    """What a book covers, as its ``book`` directive says."""

    topics: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    since: str = ""
    until: str = ""

    @property
    def limits(self) -> bool:
        """False when the scope is the whole base (no option at all)."""
        return bool(self.topics or self.about or self.since or self.until)


def scope_keys(knowledge: KnowledgeBase, scope: Scope) -> frozenset[Key]:
    """The keys of every entity in ``scope`` (computed once per base and scope)."""
    return knowledge.derived(f"scope:{scope!r}", lambda kb: _compute(kb, scope))


def holds_content(keys: frozenset[Key]) -> bool:
    """Whether a scope holds more than people, organizations and topics (which
    are in every window, being undated): what "a scope that matches nothing" means."""
    return any(kind not in ENTRY_KINDS for kind, _ in keys)


def _compute(knowledge: KnowledgeBase, scope: Scope) -> frozenset[Key]:
    index = collection_index(knowledge)
    since = KbDate.parse(scope.since) if scope.since else None
    until = KbDate.parse(scope.until) if scope.until else None

    def in_window(key: Key) -> bool:
        span = index.spans.get(key)
        if span is None:
            return True
        if since is not None and span[1] < since.sort_key:
            return False
        return not (until is not None and span[0] > until.last_day_key)

    everything = [e.key for kind in KINDS for e in knowledge.entities(kind)]
    if not scope.topics and not scope.about:
        return frozenset(key for key in everything if in_window(key))

    found: set[Key] = set()
    if scope.topics:
        wanted = {n for t in scope.topics for n in index.narrower.get(t, {t})}
        for kind, entity_id in everything:
            entity = knowledge.by_key[(kind, entity_id)]
            named = set(entity.link_ids("topics")) | set(entity.link_ids("about"))
            if (kind == "topic" and entity_id in wanted) or named & wanted:
                found.add((kind, entity_id))
    for entity_id in scope.about:
        for target in _targets(knowledge, entity_id):
            found.add(target.key)
            namers = [target.key]
            if target.kind == "agreement":
                namers += [p.key for p in knowledge.entities("provision") if p.parent == target.id]
            for key in namers:
                found.update(_named_by(knowledge, key))
    found = {key for key in found if in_window(key)}
    _complete_agreements(knowledge, found)
    found |= _entries_named(knowledge, found)
    return frozenset(found)


def _targets(knowledge: KnowledgeBase, entity_id: str) -> Iterable[Entity]:
    """Every entity with the id, of any kind (an id is unique within a kind)."""
    for kind in KINDS:
        entity = knowledge.get(kind, entity_id)
        if entity is not None:
            yield entity


def _named_by(knowledge: KnowledgeBase, key: Key) -> set[Key]:
    """Whatever refers to ``key``: the referring entities, or the page's own entity."""
    result: set[Key] = set()
    for link in knowledge.backlinks.get(key, ()):
        if link.source is not None:
            result.add(link.source)
        else:
            page = knowledge.page_entity.get(link.docname)
            if page is not None:
                result.add(page.key)
    return result


def _complete_agreements(knowledge: KnowledgeBase, found: set[Key]) -> None:
    """An agreement brings its provisions, a provision its agreement."""
    provisions = knowledge.entities("provision")
    for provision in provisions:
        if provision.key in found and knowledge.get("agreement", provision.parent) is not None:
            found.add(("agreement", provision.parent))
    for provision in provisions:
        if ("agreement", provision.parent) in found:
            found.add(provision.key)


def _entries_named(knowledge: KnowledgeBase, found: set[Key]) -> set[Key]:
    """The people, organizations and topics that the entities in scope name."""
    result: set[Key] = set()
    for key in found:
        entity = knowledge.by_key.get(key)
        if entity is None:
            continue
        for option in _NAMING_OPTIONS:
            for entity_id in knowledge.effective_links(entity, option):
                for kind in ENTRY_KINDS:
                    if knowledge.get(kind, entity_id) is not None:
                        result.add((kind, entity_id))
    return result
