"""The collection directives: one per registered collection kind
(:mod:`~briefing.collections.registry`).

While reading, a collection knows only its own page, so it records its options
as a :class:`~briefing.collections.queries.CollectionQuery` in the ``kb``
domain (the incremental fingerprint needs it) and leaves a :class:`collection`
placeholder that :mod:`briefing.collections.rendering` expands at write time.
Node tree::

    collection (query=CollectionQuery)  -> expanded into standard nodes

Every option is checked here with the helpers of
:class:`~briefing.directives.base.EntityDirective`: an unknown option, a
malformed id or date, a word outside a vocabulary, a bad ``sort``, ``limit``
or column is a located ``briefing.*`` warning, and the rest of the collection
still renders. Ids that name no entity are reported after reading
(:func:`check_collection_ids`), with the closest known ids.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..diagnostics import suggest, warn
from ..directives.base import EntityDirective
from ..domain import get_domain
from ..model import KINDS, KbDate
from .queries import AGREEMENT_COLUMNS, CollectionQuery
from .registry import CollectionKind, collection_kind, collection_kinds


class collection(nodes.General, nodes.Element):
    """Placeholder of a collection; ``query`` holds its :class:`CollectionQuery`."""


def _option_types(spec: CollectionKind) -> dict[str, str]:
    types = {name: "ids" for name in spec.id_filters}
    types.update({name: "text" for name in spec.word_filters})
    types.update({"since": "date", "until": "date", "limit": "text"})
    if spec.sorts:
        types["sort"] = "text"
    if spec.has_columns:
        types["columns"] = "text"
    types.update({name: "text" for name in spec.settings})
    return types


class CollectionDirective(EntityDirective):
    """Base of the collections; :func:`directive_for` makes one per kind.

    It reuses the option checking of :class:`EntityDirective`, not its
    recording: a collection defines no entity.
    """

    collection_name: ClassVar[str] = ""
    id_required = False
    optional_arguments = 1
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # ``kind`` stays empty: a collection records no entity of its own
        spec = collection_kind(cls.collection_name)
        cls.option_types = _option_types(spec)
        cls.required = spec.required
        super().__init_subclass__(**kwargs)

    @property
    def spec(self) -> CollectionKind:
        return collection_kind(self.collection_name)

    def run(self) -> list[nodes.Node]:
        if self.arguments or self.content:
            what = "an argument" if self.arguments else "a body"
            warn(
                "collection",
                f"{self.shown_name}: a collection takes options only, not {what}, which "
                "is ignored. Put any text before or after the directive.",
                self.location,
            )
        fields, links = self.checked_options()
        filters: list[tuple[str, tuple[str, ...]]] = []
        for name in self.spec.id_filters:
            if name in links:
                filters.append((name, links[name]))
        for name, vocabulary in self.spec.word_filters.items():
            if name in fields:
                filters.append((name, self._checked_words(name, fields[name], vocabulary)))
        query = CollectionQuery(
            collection=self.collection_name,
            docname=self.env.docname,
            lineno=self.source_line,
            filters=tuple(filters),
            since=fields.get("since", ""),
            until=fields.get("until", ""),
            sort=self._checked_sort(fields.get("sort", "")),
            limit=self._checked_limit(fields.get("limit", "")),
            columns=self._checked_columns(fields.get("columns", "")),
            settings=self._checked_settings(fields),
            option_lines=tuple((name, self.option_location(name)[1]) for name, _ in filters),
        )
        self._check_combination(query)
        get_domain(self.env).add_collection(query)
        node = collection(query=query)
        self.set_source_info(node)
        return [node]

    # -- checks ------------------------------------------------------------------------

    def _checked_words(self, name: str, text: str, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
        """Words of a vocabulary option; unknown words are reported and kept
        (they match nothing, so the collection never shows more than asked)."""
        words = tuple(dict.fromkeys(w.strip() for w in text.split(",") if w.strip()))
        if name in self.spec.single and len(words) > 1:
            warn(
                "invalid-value",
                f"{self.shown_name}: ':{name}:' takes one value, not a list; '{words[0]}' is used.",
                self.option_location(name),
            )
            words = words[:1]
        for word in words:
            if word not in vocabulary:
                warn(
                    "invalid-value",
                    f"{self.shown_name}: ':{name}:' has '{word}', which is not one of "
                    f"{', '.join(vocabulary)}." + suggest(word, vocabulary),
                    self.option_location(name),
                )
        return words

    def _checked_sort(self, text: str) -> str:
        if not text or text in self.spec.sorts:
            return text
        warn(
            "invalid-value",
            f"{self.shown_name}: ':sort:' must be one of {', '.join(self.spec.sorts)}, "
            f"not '{text}'; the default '{self.spec.default_sort}' is used."
            + suggest(text, self.spec.sorts),
            self.option_location("sort"),
        )
        return ""

    def _checked_limit(self, text: str) -> int | None:
        if not text:
            return None
        if text.isdigit() and int(text) > 0:
            return int(text)
        warn(
            "invalid-value",
            f"{self.shown_name}: ':limit:' must be a whole number above 0, not '{text}'; "
            "every match is shown.",
            self.option_location("limit"),
        )
        return None

    def _checked_columns(self, text: str) -> tuple[str, ...]:
        columns = []
        for column in (c.strip() for c in text.split(",")):
            if not column:
                continue
            if column not in AGREEMENT_COLUMNS:
                warn(
                    "invalid-value",
                    f"{self.shown_name}: ':columns:' has '{column}', which is not one of "
                    f"{', '.join(AGREEMENT_COLUMNS)}; it is left out."
                    + suggest(column, AGREEMENT_COLUMNS),
                    self.option_location("columns"),
                )
                continue
            if column not in columns:
                columns.append(column)
        return tuple(columns)

    def _checked_settings(self, fields: dict[str, str]) -> tuple[tuple[str, str], ...]:
        """One word of its vocabulary for each setting given; others are reported
        and the default is used."""
        settings: list[tuple[str, str]] = []
        for name, (words, default) in self.spec.settings.items():
            word = fields.get(name, "").strip()
            if not word:
                continue
            if word in words:
                settings.append((name, word))
                continue
            warn(
                "invalid-value",
                f"{self.shown_name}: ':{name}:' must be one of {', '.join(words)}, "
                f"not '{word}'; the default '{default}' is used." + suggest(word, words),
                self.option_location(name),
            )
        return tuple(settings)

    def _check_combination(self, query: CollectionQuery) -> None:
        since = KbDate.parse(query.since) if query.since else None
        until = KbDate.parse(query.until) if query.until else None
        if since and until and since.sort_key > until.last_day_key:
            warn(
                "collection",
                f"{self.shown_name}: ':since: {query.since}' is after ':until: "
                f"{query.until}', so nothing can match. Swap the two dates.",
                self.option_location("since"),
            )
        for option, message in self.spec.check(query):
            warn("collection", f"{self.shown_name}: {message}", self.option_location(option))


def directive_for(spec: CollectionKind) -> type[CollectionDirective]:
    """The directive class of a collection kind."""
    class_name = "".join(part.title() for part in spec.name.split("-")) + "Directive"
    doc = f"The ``{spec.name}`` collection: " + (spec.describe.__doc__ or "")
    return type(class_name, (CollectionDirective,), {"collection_name": spec.name, "__doc__": doc})


def check_collection_ids(app: Sphinx, env: BuildEnvironment) -> None:
    """Report filter ids that name no entity (or one of another kind)."""
    domain = get_domain(env)
    knowledge = domain.knowledge
    for docname in sorted(domain.collections):
        for query in domain.collections[docname]:
            lines = dict(query.option_lines)
            for option, ids in query.filters:
                kinds = query.spec.id_filters.get(option)
                if kinds is None:
                    continue
                where = (docname, lines.get(option, query.lineno))
                for entity_id in ids:
                    if knowledge.lookup(kinds, entity_id) is not None:
                        continue
                    wanted = " or ".join(_with_article(k) for k in kinds)
                    elsewhere = [k for k in KINDS if knowledge.get(k, entity_id)]
                    if elsewhere:
                        warn(
                            "wrong-kind",
                            f"{{{query.collection}}}: ':{option}:' has '{entity_id}', a "
                            f"{elsewhere[0]}, but this filter takes {wanted}.",
                            where,
                        )
                        continue
                    known = [e.id for kind in kinds for e in knowledge.entities(kind)]
                    warn(
                        "unknown-id",
                        f"{{{query.collection}}}: ':{option}:' has '{entity_id}', but no "
                        f"{' or '.join(kinds)} has that id." + suggest(entity_id, known),
                        where,
                    )


def _with_article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _skip(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_collection_directives(app: Sphinx) -> None:
    for name, spec in collection_kinds().items():
        app.add_directive_to_domain("kb", name, directive_for(spec))
    handlers = (_skip, None)
    app.add_node(
        collection,
        html=handlers,
        latex=handlers,
        text=handlers,
        man=handlers,
        texinfo=handlers,
    )
    app.connect("env-check-consistency", check_collection_ids)
