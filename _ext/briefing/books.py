"""Briefing books declared in MyST: the ``book`` directive, the one list of
books, the scope a page's collections start from, and the ``book-entries``
that print a scope's entries in full.

A book is declared on its root page, right under the title, by the ``book``
directive (its argument is the book's name; the title is the page's title;
the toctree of the page holds the chapters). Books of ``briefing_books`` in
``conf.py`` still work: :func:`all_books` is the one list both form, and two
books may not share a name. The PDF builder, the downloads and the
collections all ask :func:`all_books`.

A page belongs to a book when the book's root toctree reaches it
(:func:`book_docnames`). Its collections then start from the book's scope
(:mod:`briefing.scope`) instead of the whole base: :func:`page_scope` says
which scope, and is part of what the page shows, so a change of scope
rewrites the page in an incremental build (the collections' views change).

``book-entries`` prints the full entries (fact box, description, an
agreement's provisions) of the scope's people, organizations, topics,
events or agreements, copied from the pages that define them. A printed book
needs them: a reference to someone it prints stays inside the PDF and gives
a page number, where a link to the site helps no one reading on paper.

Node tree::

    book (nothing: a declaration; removed)
    book_entries (kinds) -> container.kb-book-entries > copies of the entity containers
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from .config import PAPER_SIZES, PDF_VARIANTS, Book, books
from .diagnostics import suggest, warn
from .directives.base import EntityDirective
from .domain import current_builder, get_domain
from .i18n import N_, _
from .knowledge import KnowledgeBase
from .model import KINDS, KbDate
from .nodes import entity_backlinks
from .scope import Scope, holds_content, scope_keys

Key = tuple[str, str]

#: the kinds ``book-entries`` prints, in the order of the contract's list
ENTRY_KINDS: tuple[str, ...] = ("agreement", "event", "person", "organization", "topic")
#: env.metadata key of the pages that print entries
ENTRIES_KEY = "briefing-book-entries"

#: what readers see (one place, for translation)
TEXT = {
    "no-entries": N_("No entries in this book's scope."),
}


def book_docnames(env: Any, root: str) -> list[str]:
    """The root and every page its toctrees include (hidden ones too), breadth first."""
    order = [root]
    pending = [root]
    while pending:
        docname = pending.pop(0)
        for child in env.toctree_includes.get(docname, ()):
            if child not in order and child in env.all_docs:
                order.append(child)
                pending.append(child)
    return order


def all_books(env: BuildEnvironment) -> list[Book]:
    """Every book: those of ``briefing_books``, then those of ``book`` directives
    (by root page). A book whose name is taken already is left out (and reported
    by :func:`check_books`)."""
    result = list(books(env.config))
    names = {book.name for book in result}
    declared = get_domain(env).books
    for root in sorted(declared):
        for book in declared[root][:1]:
            if book.name in names:
                continue
            names.add(book.name)
            title = env.titles[root].astext() if root in env.titles else book.name
            result.append(_with_title(book, title))
    return result


def _with_title(book: Book, title: str) -> Book:
    from dataclasses import replace

    return replace(book, title=title)


def book_scope(book: Book) -> Scope:
    return Scope(book.topics, book.about, book.since, book.until)


def _book_pages(env: BuildEnvironment) -> dict[str, Book]:
    """docname -> the (first) book whose toctree reaches it."""
    pages: dict[str, Book] = {}
    for book in all_books(env):
        if book.root not in env.all_docs:
            continue
        for docname in book_docnames(env, book.root):
            pages.setdefault(docname, book)
    return pages


def book_of(env: BuildEnvironment, docname: str, builder: Any = None) -> Book | None:
    """The book a page is read in: the one the PDF builder is writing, if the
    page is in it, else the first book whose toctree reaches the page."""
    builder = builder if builder is not None else current_builder(env)
    current = getattr(builder, "current_book", None)
    if current is not None and docname in getattr(builder, "book_docs", ()):
        return current
    knowledge = get_domain(env).knowledge
    pages = knowledge.derived("book-pages", lambda _kb: _book_pages(env))
    return pages.get(docname)


def page_scope(env: BuildEnvironment, docname: str, builder: Any = None) -> frozenset[Key] | None:
    """The keys a collection on ``docname`` starts from; None for the whole base."""
    book = book_of(env, docname, builder)
    if book is None or not book.has_scope:
        return None
    return scope_keys(get_domain(env).knowledge, book_scope(book))


# -- the directive ---------------------------------------------------------------------


class BookDirective(EntityDirective):
    """``book``: this page is the root of a briefing book (see the module docstring)."""

    # ``kind`` stays empty: a book is not an entity of the knowledge base

    option_types: ClassVar[dict[str, str]] = {
        "subtitle": "text",
        "author": "text",
        "date": "date",
        "paper": "text",
        "pdf-variant": "text",
        "topics": "ids",
        "about": "ids",
        "since": "date",
        "until": "date",
    }
    has_content = False

    def one_of(
        self, fields: dict[str, str], option: str, allowed: Collection[str], default: str
    ) -> str:
        """The option's value if it is one of ``allowed``, else ``default`` with a warning."""
        value = fields.get(option, default)
        if value in allowed:
            return value
        warn(
            "invalid-value",
            f"{{book}}: ':{option}:' must be one of {', '.join(allowed)}, not "
            f"'{value}'; {default} is used." + suggest(value, allowed),
            self.option_location(option),
        )
        return default

    def run(self) -> list[nodes.Node]:
        if not self.arguments:
            warn(
                "missing-option",
                "{book}: the book's name is required, as the directive's argument "
                "(for example `{book} brussels-2021`); it is the PDF's file name.",
                self.location,
            )
        name = self.checked_id(self.arguments[0], what="book's name") if self.arguments else None
        fields, links = self.checked_options()
        paper = self.one_of(fields, "paper", PAPER_SIZES, "A4")
        variant = self.one_of(fields, "pdf-variant", PDF_VARIANTS, "pdf/ua-1")
        since, until = fields.get("since", ""), fields.get("until", "")
        since_date, until_date = KbDate.parse(since), KbDate.parse(until)
        if since_date and until_date and since_date.sort_key > until_date.last_day_key:
            warn(
                "book",
                f"{{book}}: ':since: {since}' is after ':until: {until}', so nothing is in "
                "the book's scope. Swap the two dates.",
                self.option_location("since"),
            )
        domain = get_domain(self.env)
        earlier = domain.books.get(self.env.docname)
        if earlier:
            warn(
                "book",
                f"{{book}}: this page declares the book '{earlier[0].name}' already "
                f"(line {earlier[0].lineno}); a page is the root of one book. Move this "
                "one to a page of its own.",
                self.location,
            )
            return []
        if name is None:
            return []
        domain.add_book(
            Book(
                name=name,
                root=self.env.docname,
                title="",
                subtitle=fields.get("subtitle", ""),
                author=fields.get("author", ""),
                date=fields.get("date", ""),
                paper=paper,
                pdf_variant=variant,
                topics=links.get("topics", ()),
                about=links.get("about", ()),
                since=since,
                until=until,
                lineno=self.source_line,
            )
        )
        return []


def check_books(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: duplicate names, scope ids that name nothing, empty scopes."""
    domain = get_domain(env)
    knowledge = domain.knowledge
    taken = {book.name: "conf.py (briefing_books)" for book in books(env.config)}
    for root in sorted(domain.books):
        for book in domain.books[root][:1]:
            where = (root, book.lineno)
            if book.name in taken:
                warn(
                    "book",
                    f"{{book}}: the name '{book.name}' is taken by the book of "
                    f"{taken[book.name]}; two books may not share a name (each is "
                    f"<name>.pdf). Rename one.",
                    where,
                )
                continue
            taken[book.name] = f"{root} (line {book.lineno})"
            _check_scope_ids(knowledge, book, where)
            if book.has_scope and not holds_content(scope_keys(knowledge, book_scope(book))):
                warn(
                    "book",
                    f"{{book}}: nothing in the knowledge base is in the scope of the book "
                    f"'{book.name}' (its topics, about, since and until); widen it.",
                    where,
                )


def _check_scope_ids(knowledge: KnowledgeBase, book: Book, where: tuple[str, int]) -> None:
    for option, ids, kinds in (
        ("topics", book.topics, ("topic",)),
        ("about", book.about, KINDS),
    ):
        for entity_id in ids:
            if any(knowledge.get(kind, entity_id) for kind in kinds):
                continue
            known = [e.id for kind in kinds for e in knowledge.entities(kind)]
            what = "topic" if kinds == ("topic",) else "entity"
            warn(
                "unknown-id",
                f"{{book}}: ':{option}:' has '{entity_id}', but no {what} has that id."
                + suggest(entity_id, known),
                where,
            )


# -- book-entries --------------------------------------------------------------------


class book_entries(nodes.General, nodes.Element):
    """Placeholder of ``book-entries``; ``kinds`` is the tuple of kinds to print."""


class BookEntriesDirective(SphinxDirective):
    """``book-entries``: the full entries of the book's scope, of the kinds given."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"kind": lambda text: text or ""}

    def run(self) -> list[nodes.Node]:
        text = self.options.get("kind", "")
        kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
        if not kinds:
            warn(
                "missing-option",
                "{book-entries}: the option ':kind:' is required (one or more of "
                f"{', '.join(ENTRY_KINDS)}).",
                self.get_location(),
            )
        for kind in kinds:
            if kind not in ENTRY_KINDS:
                warn(
                    "invalid-value",
                    f"{{book-entries}}: ':kind:' has '{kind}', which is not one of "
                    f"{', '.join(ENTRY_KINDS)}." + suggest(kind, ENTRY_KINDS),
                    (self.env.docname, self.lineno + 1),
                )
        kinds = tuple(k for k in kinds if k in ENTRY_KINDS)
        self.env.metadata[self.env.docname][ENTRIES_KEY] = True
        node = book_entries(kinds=kinds)
        self.set_source_info(node)
        return [node]


def scoped_entries(
    knowledge: KnowledgeBase, kinds: Iterable[str], scope: frozenset[Key] | None
) -> list[Any]:
    """The entities of ``kinds`` in ``scope`` (all when None), kind by kind, by name."""
    result = []
    for kind in kinds:
        found = [e for e in knowledge.entities(kind) if scope is None or e.key in scope]
        found.sort(key=lambda e: (knowledge.date(e) or KbDate(9999), knowledge.display(e)))
        if kind in ("person", "organization", "topic"):
            found.sort(key=lambda e: knowledge.display(e).casefold())
        result.extend(found)
    return result


class ExpandBookEntries(SphinxPostTransform):
    """Replace ``book_entries`` with copies of the entries, before their fact
    boxes and references are expanded and resolved (priority 4)."""

    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(book_entries))
        if not placeholders:
            return
        docname = self.env.docname
        knowledge = get_domain(self.env).knowledge
        scope = page_scope(self.env, docname)
        book = book_of(self.env, docname)
        in_book = set(book_docnames(self.env, book.root)) if book else {docname}
        trees: dict[str, nodes.document] = {}
        for node in placeholders:
            box = nodes.container(classes=["kb-book-entries"])
            for entity in scoped_entries(knowledge, node["kinds"], scope):
                if entity.docname in in_book:
                    continue  # the book prints its own page already
                if entity.docname not in trees:
                    trees[entity.docname] = self.env.get_doctree(entity.docname)
                box += entry_copy(trees[entity.docname], entity, docname)
            if not box.children:
                text = _(TEXT["no-entries"])
                box += nodes.paragraph(text, text, classes=["kb-collection-empty"])
            box.source, box.line = node.source, node.line
            node.replace_self(box)


def entry_copy(tree: nodes.document, entity: Any, docname: str) -> list[nodes.Node]:
    """A copy of the entity's container from its page, and the footnotes it cites."""
    original = _container_of(tree, entity)
    if original is None:
        return []
    entry = original.deepcopy()
    prefix = f"copy-{entity.anchor or entity.id}-"
    for node in list(entry.findall(entity_backlinks)) + list(entry.findall(addnodes.index)):
        node.parent.remove(node)
    entry["classes"].append("kb-entry-copy")
    for xref in entry.findall(addnodes.pending_xref):
        refdoc = xref.get("refdoc", entity.docname)
        if xref.get("refdomain") == "std" and xref.get("reftype") == "doc":
            target = xref["reftarget"]
            if not target.startswith("/"):
                xref["reftarget"] = "/" + docname_join(refdoc, target)
        xref["refdoc"] = docname
    anchors = {i for c in entry.findall(nodes.container) if c.get("kb_kind") for i in c["ids"]}
    cited = []
    for reference in entry.findall(nodes.footnote_reference):
        refid = reference.get("refid", "")
        footnote = next(
            (f for f in tree.findall(nodes.footnote) if refid in f["ids"]),
            None,
        )
        if footnote is not None and footnote not in cited:
            cited.append(footnote)
    notes = [f.deepcopy() for f in cited]
    for node in [entry, *notes]:
        for element in node.findall(nodes.Element):
            element["ids"] = [i if i in anchors else prefix + i for i in element["ids"]]
            for attribute in ("refid",):
                if element.get(attribute):
                    element[attribute] = prefix + element[attribute]
    present = {i for node in [entry, *notes] for e in node.findall(nodes.Element) for i in e["ids"]}
    for note in notes:
        # back to the references this copy holds (not those left on the page)
        note["backrefs"] = [prefix + b for b in note["backrefs"] if prefix + b in present]
    return [entry, *notes]


def _container_of(tree: nodes.document, entity: Any) -> nodes.container | None:
    found = None
    for container in tree.findall(nodes.container):
        if container.get("kb_kind") == entity.kind and container.get("kb_id") == entity.id:
            if container.line == entity.lineno:
                return container
            found = found or container
    return found


def pages_printing_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages of ``book-entries``, which print other pages' entities whole."""
    return [docname for docname, meta in env.metadata.items() if meta.get(ENTRIES_KEY)]


def reread_entries_pages(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """The ``book-entries`` pages that print an entry of a changed page.

    They copy the entry's part of that page's doctree (its provisions,
    paragraphs and footnotes), more than the records hold: they are read again
    whenever that page is, like a page that includes another.
    """
    printing = [d for d in pages_printing_entries(app, env) if d in env.found_docs]
    if not changed or not printing:
        return []
    knowledge = get_domain(env).knowledge
    pages = []
    for docname in printing:
        scope = page_scope(env, docname)
        printed = {e.docname for e in scoped_entries(knowledge, ENTRY_KINDS, scope)}
        if printed & changed:
            pages.append(docname)
    return pages


def entries_view(
    app: Sphinx, env: BuildEnvironment, knowledge: KnowledgeBase, docname: str, titles: Any
) -> Any:
    """What a page's ``book-entries`` and collections start from: for its fingerprint."""
    book = book_of(env, docname)
    prints = env.metadata.get(docname, {}).get(ENTRIES_KEY)
    if book is None and not prints:
        return None
    view: list[Any] = [(book.name, book_scope(book)) if book else None]
    if prints:
        scope = page_scope(env, docname)
        view.append(
            [
                (e.key, e.docname, e.fields, e.links, e.text)
                for e in scoped_entries(knowledge, ENTRY_KINDS, scope)
            ]
        )
    return view


def _skip(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_books(app: Sphinx) -> None:
    app.add_directive_to_domain("kb", "book", BookDirective)
    app.add_directive_to_domain("kb", "book-entries", BookEntriesDirective)
    handlers = (_skip, None)
    app.add_node(
        book_entries, html=handlers, latex=handlers, text=handlers, man=handlers, texinfo=handlers
    )
    app.add_post_transform(ExpandBookEntries)
    app.connect("env-check-consistency", check_books)
    app.connect("briefing-page-views", entries_view)
    app.connect("briefing-pages-showing-texts", pages_printing_entries)
    app.connect("env-get-outdated", reread_entries_pages)
