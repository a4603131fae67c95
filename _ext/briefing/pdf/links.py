"""Links inside a briefing book: unique ids, in-book targets, the published site.

A book is one HTML document assembled from several pages, and page-local ids
(``summary``, ``background``) may repeat across chapters. Every id is
therefore prefixed with the document it came from, and every reference is
rewritten to match: a reference to a page in the book becomes ``#<page>--<id>``
(the print stylesheet then adds ", p. N" with ``target-counter()``), and a
reference to a page outside the book becomes an absolute link to that page on
the published site (``html_baseurl``). Without a site address such a link
would be dead on paper and on screen, so it is reduced to its text and
reported. Everything works on the doctree; no HTML is rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set

from docutils import nodes
from sphinx import addnodes

from ..diagnostics import warn
from ..i18n import N_, _

#: get_target_uri of a page in the book: "#document-<docname>" (as singlehtml)
IN_BOOK_PREFIX = "#document-"
#: get_target_uri of a page outside the book when there is no html_baseurl
OUTSIDE_PREFIX = "briefing-outside:"


def local_id(docname: str, node_id: str) -> str:
    """The book-wide id of ``node_id`` from page ``docname``."""
    return f"{docname.replace('/', '-')}--{node_id}"


def page_id(docname: str) -> str:
    """The id Sphinx's HTML translator gives the start of page ``docname``."""
    return f"document-{docname}"


def owned_nodes(tree: nodes.Node, docname: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element with the page it came from (the innermost ``start_of_file``)."""
    for child in tree.children:
        if isinstance(child, addnodes.start_of_file):
            yield from owned_nodes(child, child["docname"])
        elif isinstance(child, nodes.Element):
            yield child, docname
            yield from owned_nodes(child, docname)


def localize(
    tree: nodes.document,
    root: str,
    book_docs: Set[str],
    book_name: str,
    site_uri: Callable[[str], str | None] = lambda docname: None,
    entity_anchors: Set[str] = frozenset(),
) -> None:
    """Make ids unique in the book and point references at them.

    A reference to a page outside the book (``OUTSIDE_PREFIX``) whose anchor
    is an entity the book prints a copy of (``book-entries``) goes to that
    copy; any other goes to the page on the site (``site_uri``).
    """
    owned = list(owned_nodes(tree, root))
    starts: dict[str, str] = {}
    homes: dict[str, str] = {}
    for node, docname in owned:
        if node["ids"]:
            for node_id in node["ids"]:
                homes.setdefault(node_id, docname)
            node["ids"] = [local_id(docname, i) for i in node["ids"]]
            if isinstance(node, (nodes.section, nodes.container)):
                starts.setdefault(docname, node["ids"][0])
        for attribute in ("refid", "backrefs"):
            value = node.get(attribute)
            if isinstance(value, str) and value:
                node[attribute] = local_id(docname, value)
            elif isinstance(value, list) and value:
                node[attribute] = [local_id(docname, v) for v in value]
    for node, _docname in owned:
        if isinstance(node, nodes.reference) and "refuri" in node:
            _retarget(node, starts, homes, book_name, site_uri, entity_anchors)


def _retarget(
    node: nodes.reference,
    starts: dict[str, str],
    homes: dict[str, str],
    book_name: str,
    site_uri: Callable[[str], str | None],
    entity_anchors: Set[str],
) -> None:
    refuri: str = node["refuri"]
    if refuri.startswith(IN_BOOK_PREFIX):
        target_doc, _, anchor = refuri[len(IN_BOOK_PREFIX) :].partition("#")
        target = local_id(target_doc, anchor) if anchor else starts.get(target_doc)
        node["refuri"] = "#" + (target or page_id(target_doc))
        node["classes"].append("briefing-in-book")
    elif refuri.startswith("#") and refuri[1:] in homes:
        # an id unique in the whole base (an entity's), linked single-page style
        node["refuri"] = "#" + local_id(homes[refuri[1:]], refuri[1:])
        node["classes"].append("briefing-in-book")
    elif refuri.startswith(OUTSIDE_PREFIX):
        target_doc, _, anchor = refuri[len(OUTSIDE_PREFIX) :].partition("#")
        if anchor in entity_anchors and anchor in homes:
            # an entry the book prints in full (book-entries), away from its page
            node["refuri"] = "#" + local_id(homes[anchor], anchor)
            node["classes"].append("briefing-in-book")
            return
        page = site_uri(target_doc)
        if page is not None:
            node["refuri"] = page + ("#" + anchor if anchor else "")
            node["classes"].append("briefing-on-site")
            return
        warn(
            "pdf",
            f"book '{book_name}': the link '{node.astext()}' goes to the page "
            f"'{target_doc}', which is not in the book, and html_baseurl is not "
            "set; it is printed as plain text. Set html_baseurl to the published "
            "site's address to link it there.",
            node,
        )
        node.replace_self(nodes.inline(node.astext(), node.astext(), classes=["briefing-unlinked"]))
    elif refuri.startswith(("http://", "https://")) and node.get("internal"):
        node["classes"].append("briefing-on-site")


#: what the printed list of web addresses is called (one place, for translation)
ADDRESSES_TITLE = N_("Web addresses")


def number_site_links(tree: nodes.document) -> None:
    """Print where each link to the site goes, for readers on paper.

    Each chapter (a page of the root's toctree) gets a numbered list of the
    site addresses its links go to, at its end; each link is followed by the
    number of its address (one number per address and chapter), which links to
    the list.
    """
    for chapter in [c for c in tree.children if isinstance(c, nodes.Element)]:
        for page in _chapters(chapter):
            _number_in(page)


def _chapters(node: nodes.Element) -> Iterator[nodes.Element]:
    """The top-level pages of the book body (their sub-pages belong to them)."""
    if isinstance(node, addnodes.start_of_file):
        yield node
        return
    for child in node.children:
        if isinstance(child, nodes.Element):
            yield from _chapters(child)


def _number_in(page: nodes.Element) -> None:
    numbers: dict[str, int] = {}
    chapter_id = page.get("docname", "book").replace("/", "-")
    for link in list(page.findall(nodes.reference)):
        if "briefing-on-site" not in link["classes"]:
            continue
        address = link["refuri"]
        number = numbers.setdefault(address, len(numbers) + 1)
        marker = nodes.reference(
            "",
            f"\u2197{number}",
            refuri=f"#{chapter_id}--address-{number}",
            classes=["briefing-address-call"],
        )
        link.parent.insert(link.parent.index(link) + 1, marker)
    if not numbers:
        return
    box = nodes.container(classes=["briefing-addresses"])
    title = _(ADDRESSES_TITLE)
    box += nodes.rubric(title, title)
    items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for address, number in numbers.items():
        paragraph = nodes.paragraph()
        paragraph += nodes.reference(address, address, refuri=address)
        items += nodes.list_item("", paragraph, ids=[f"{chapter_id}--address-{number}"])
    box += items
    page += box


def float_footnotes(tree: nodes.document) -> None:
    """Footnotes at the foot of the page where they are first cited.

    A statement's or brief's footnotes are its sources, claim by claim; on
    paper they belong under the claim, as in any printed book. Each footnote
    moves, as an inline ``briefing-footnote`` that the print stylesheet floats
    to the page's foot (``float: footnote``), right after its first
    reference, keeping its label and ids (later references link to it). A
    section left with nothing but its title (a brief's "Sources") goes too.
    """
    notes = {i: note for note in tree.findall(nodes.footnote) for i in note["ids"]}
    placed: set[int] = set()
    for reference in list(tree.findall(nodes.footnote_reference)):
        note = notes.get(reference.get("refid", ""))
        if note is None or id(note) in placed or not isinstance(reference.parent, nodes.Element):
            continue
        placed.add(id(note))
        label = next((c.astext() for c in note.children if isinstance(c, nodes.label)), "")
        floated = nodes.inline(ids=list(note["ids"]), classes=["briefing-footnote"])
        floated += nodes.inline(f"[{label}] ", f"[{label}] ", classes=["briefing-footnote-label"])
        for position, paragraph in enumerate(
            c for c in note.children if not isinstance(c, nodes.label)
        ):
            if position:
                floated += nodes.Text(" ")
            floated += paragraph.children if isinstance(paragraph, nodes.paragraph) else [paragraph]
        reference.parent.insert(reference.parent.index(reference) + 1, floated)
    for note in list(tree.findall(nodes.footnote)):
        if id(note) in placed:
            section = note.parent
            note.parent.remove(note)
            while isinstance(section, nodes.section) and all(
                isinstance(c, nodes.title) for c in section.children
            ):
                parent = section.parent
                parent.remove(section)
                section = parent
    for rule in list(tree.findall(nodes.transition)):
        # the rule MyST puts above a page's footnotes, when none is left under it
        following = rule.next_node(descend=False, siblings=True)
        if "footnotes" in rule["classes"] and not isinstance(following, nodes.footnote):
            rule.parent.remove(rule)
