"""The index at the back of a briefing book: who and what, on which pages.

Every reference to a person, organization, agreement (with its provisions),
event or topic in the book (a role in the text, an id in an option shown in a
fact box, attribution or collection, and the entry itself where the book
prints it) is a *mention*. :func:`mark_mentions` gives each mention an
anchor (``ix-N``) in the doctree; after WeasyPrint has laid out the body, the
page of every anchor is known (``Page.anchors``), and :func:`index_html`
writes the index with those page numbers: alphabetical, one line per entity
with every page that mentions it once, and its provisions as sub-entries.
Each page number links to the first mention on that page.

Why two layouts and not ``target-counter()``: a name mentioned three times on
page 7 must read "7", not "7, 7, 7", and CSS cannot remove duplicates. The
index comes after the body, so laying it out separately changes no page
number of the body; :mod:`.render` joins the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from docutils import nodes
from markupsafe import Markup

from ..i18n import N_, _
from ..knowledge import KnowledgeBase
from ..model import Entity, KbDate

Key = tuple[str, str]

#: kinds the index lists (provisions appear under their agreement)
INDEX_KINDS: tuple[str, ...] = ("person", "organization", "agreement", "event", "topic")
#: what readers see (one place, for translation)
TEXT = {
    "title": N_("Index"),
    "person": N_("person"),
    "organization": N_("organization"),
    "agreement": N_("agreement"),
    "event": N_("event"),
    "topic": N_("topic"),
    "provision": N_("provision {label}"),
}
#: the id of the index (the contents links it)
INDEX_ID = "book-index"


@dataclass
class Mentions:
    """The anchors of every mention of each entity, in book order."""

    anchors: dict[Key, list[str]]

    def __len__(self) -> int:
        return sum(len(a) for a in self.anchors.values())


def mark_mentions(tree: nodes.document, knowledge: KnowledgeBase) -> Mentions:
    """Tag every mention of an indexed entity with an ``ix-N`` id.

    Run after references are resolved and before :func:`..links.localize`
    renames ids (references still say which entity they name). The id is
    given to the reference itself, so it lands where the name stands.
    """
    by_anchor = _anchors(knowledge)
    anchors: dict[Key, list[str]] = defaultdict(list)
    counter = 0
    for node in tree.findall(nodes.Element):
        key = None
        if isinstance(node, nodes.reference):
            target = node.get("refid") or node.get("refuri", "").rpartition("#")[2]
            key = by_anchor.get(target)
        elif isinstance(node, nodes.container) and node.get("kb_kind") and node["ids"]:
            key = by_anchor.get(node["ids"][0])
            # the entry's title, not its box: an empty marker before the title
            # could stay on the page before it
            node = next((c for c in node.children if isinstance(c, nodes.rubric)), node)
        if key is None:
            continue
        counter += 1
        node["kb_mention"] = f"ix-{counter}"
        anchors[key].append(f"ix-{counter}")
    return Mentions(dict(anchors))


def name_mentions(tree: nodes.document) -> None:
    """Give the mentions their ``ix-N`` ids (after ids were made book-unique)."""
    for node in tree.findall(nodes.Element):
        mention = node.get("kb_mention")
        if mention:
            node["ids"].append(mention)


def _anchors(knowledge: KnowledgeBase) -> dict[str, Key]:
    def compute(kb: KnowledgeBase) -> dict[str, Key]:
        result = {}
        for kind in (*INDEX_KINDS, "provision"):
            for entity in kb.entities(kind):
                if entity.anchor:
                    result[entity.anchor] = entity.key
        return result

    return knowledge.derived("pdf-index-anchors", compute)


def index_entries(
    knowledge: KnowledgeBase, mentions: Mentions, pages: Mapping[str, int]
) -> list[tuple[Entity, list[tuple[int, str]], list[tuple[str, list[tuple[int, str]]]]]]:
    """(entity, [(page, anchor)], [(provision label, [(page, anchor)])]), alphabetical."""

    def located(key: Key) -> list[tuple[int, str]]:
        first: dict[int, str] = {}
        for anchor in mentions.anchors.get(key, ()):
            if anchor in pages:
                first.setdefault(pages[anchor], anchor)
        return sorted(first.items())

    provisions: dict[str, list[Entity]] = defaultdict(list)
    for key in mentions.anchors:
        if key[0] == "provision":
            entity = knowledge.by_key.get(key)
            if entity is not None:
                provisions[entity.parent].append(entity)
    result = []
    keys = {k for k in mentions.anchors if k[0] in INDEX_KINDS}
    keys |= {("agreement", a) for a in provisions if knowledge.get("agreement", a)}
    for key in keys:
        entity = knowledge.by_key[key]
        subs = []
        for provision in sorted(provisions.get(entity.id, ()), key=_label_key):
            found = located(provision.key)
            if found:
                subs.append((provision.id.rsplit("/", 1)[-1], found))
        own = located(key)
        if own or subs:
            result.append((entity, own, subs))
    result.sort(key=lambda item: (_sort_name(knowledge, item[0]), item[0].kind))
    return result


def _label_key(provision: Entity) -> tuple[int, str]:
    label = provision.id.rsplit("/", 1)[-1]
    digits = "".join(c for c in label if c.isdigit())
    return (int(digits) if digits else 10**6, label)


def _sort_name(knowledge: KnowledgeBase, entity: Entity) -> str:
    return knowledge.display(entity).casefold()


def index_html(knowledge: KnowledgeBase, mentions: Mentions, pages: Mapping[str, int]) -> Markup:
    """The index's HTML: letter groups, entries with linked page numbers."""

    def numbers(found: list[tuple[int, str]]) -> Markup:
        return Markup(", ").join(
            Markup('<a class="index-page" href="#{}">{}</a>').format(anchor, page)
            for page, anchor in found
        )

    parts = [Markup('<h1 id="{}" class="index-title">{}</h1>').format(INDEX_ID, _(TEXT["title"]))]
    letter = ""
    for entity, own, subs in index_entries(knowledge, mentions, pages):
        name = knowledge.display(entity)
        initial = name[:1].upper()
        if initial != letter:
            if letter:
                parts.append(Markup("</ul></section>"))
            letter = initial
            parts.append(Markup('<section class="index-letter"><h2>{}</h2><ul>').format(letter))
        date = _date_text(knowledge, entity)
        entry = Markup('<li class="index-entry"><span class="index-name">{}</span>').format(name)
        entry += Markup(' <span class="index-kind">({}{})</span>').format(
            _(TEXT[entity.kind]), date
        )
        if own:
            entry += Markup(" ") + numbers(own)
        if subs:
            entry += Markup('<ul class="index-subentries">')
            for label, found in subs:
                entry += Markup('<li><span class="index-name">{}</span> {}</li>').format(
                    _(TEXT["provision"]).format(label=label), numbers(found)
                )
            entry += Markup("</ul>")
        parts.append(entry + Markup("</li>"))
    if letter:
        parts.append(Markup("</ul></section>"))
    return Markup("\n").join(parts)


def _date_text(knowledge: KnowledgeBase, entity: Entity) -> str:
    if entity.kind not in ("agreement", "event"):
        return ""
    date: KbDate | None = knowledge.date(entity)
    return f", {date.display()}" if date else ""
