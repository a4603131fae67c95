"""What every entity directive shares: checking options, recording the entity.

A directive declares its options as a table of value types (``id``, ``ids``,
``date``, ``url``, ``text``, a vocabulary...). Checking never raises: every
bad value becomes a located ``briefing.*`` warning saying what to do, the
value is left out (or, for a malformed id, replaced by its slug), and the
rest of the entity still renders. Unknown options are accepted by the option
table and reported here, with the closest known option as a suggestion, so a
typo loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import suggest, warn
from ..domain import get_domain
from ..model import (
    ORGANIZATION_KINDS,
    PROVISION_LABEL_PATTERN,
    RELATION_TARGETS,
    STAGES,
    Entity,
    KbDate,
    Reference,
    anchor_for,
    is_valid_id,
    is_valid_provision_id,
    slugify,
)
from ..nodes import entity_backlinks, entity_details

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)

#: value type -> vocabulary, for options that take one word of a list
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "organization-kind": ORGANIZATION_KINDS,
}


class AnyOptions(dict[str, Callable[[str | None], Any]]):
    """An option table that accepts every name, so the directive can report
    unknown options itself (with a suggestion) instead of failing whole."""

    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        return directives.unchanged


def option_table(names: Any) -> AnyOptions:
    return AnyOptions({name: directives.unchanged for name in names})


class EntityDirective(SphinxDirective):
    """Base of the entity directives.

    Subclasses set :attr:`kind`, :attr:`option_types` (option -> value type)
    and :attr:`required`, and implement :meth:`render`.
    """

    kind: ClassVar[str] = ""
    option_types: ClassVar[dict[str, str]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    #: whether the argument (the id) must be given
    id_required: ClassVar[bool] = True
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    # a multi-word argument is taken whole, then reported as a malformed id
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind and cls.option_types and "aliases" not in cls.option_types:
            # every entity keeps its former ids (briefing.addresses)
            cls.option_types = {**cls.option_types, "aliases": "aliases"}
        cls.option_spec = option_table(cls.option_types)

    # -- locations ------------------------------------------------------------

    @property
    def shown_name(self) -> str:
        """The directive as a MyST page writes it, for messages: ``{quote}``."""
        return "{" + self.name.removeprefix("kb:") + "}"

    @property
    def source_line(self) -> int:
        """The directive's line in its source file (also when nested)."""
        return self.get_source_info()[1] or self.lineno

    @property
    def location(self) -> tuple[str, int]:
        return (self.env.docname, self.source_line)

    def option_location(self, name: str) -> tuple[str, int]:
        """The line of option ``name``: options follow the directive line in order."""
        names = list(self.options)
        offset = names.index(name) + 1 if name in names else 0
        return (self.env.docname, self.source_line + offset)

    # -- checking ----------------------------------------------------------------

    def checked_id(self, given: str | None, what: str = "id") -> str | None:
        """The entity id from the argument: validated, slugified when malformed."""
        if not given:
            if self.id_required:
                warn(
                    "missing-option",
                    f"{self.shown_name}: the {what} is required, as the directive's "
                    f"argument (for example `{self.shown_name} my-{self.kind}-id`).",
                    self.location,
                )
            return None
        if is_valid_id(given):
            return given
        fixed = slugify(given)
        warn(
            "invalid-id",
            f"{self.shown_name}: '{given}' is not a valid {what}: use lowercase letters, "
            f"digits and single hyphens"
            + (f", such as '{fixed}' (used for now)." if fixed else "."),
            self.location,
        )
        return fixed or None

    def checked_options(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """Scalar fields and id lists from the options, every problem reported."""
        fields: dict[str, str] = {}
        links: dict[str, tuple[str, ...]] = {}
        for name in self.options:
            if name not in self.option_types:
                warn(
                    "unknown-option",
                    f"{self.shown_name}: unknown option ':{name}:'."
                    + suggest(name, self.option_types)
                    + f" Known options: {', '.join(sorted(self.option_types))}.",
                    self.option_location(name),
                )
        for name, value_type in self.option_types.items():
            raw = self.options.get(name)
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if not text:
                if name in self.required:
                    warn(
                        "missing-option",
                        f"{self.shown_name}: the option ':{name}:' is required.",
                        self.location if raw is None else self.option_location(name),
                    )
                continue
            if value_type in ("id", "ids", "aliases"):
                ids = self._checked_ids(name, text, single=value_type == "id")
                if ids:
                    links[name] = ids
                continue
            value = self._checked_scalar(name, value_type, text)
            if value is not None:
                fields[name] = value
        return fields, links

    def _checked_ids(self, name: str, text: str, single: bool) -> tuple[str, ...]:
        parts = [p.strip() for p in text.split(",")]
        ids: list[str] = []
        if single and len([p for p in parts if p]) > 1:
            warn(
                "invalid-value",
                f"{self.shown_name}: ':{name}:' takes one id, not a list; '{parts[0]}' is used.",
                self.option_location(name),
            )
            parts = parts[:1]
        takes_provisions = "provision" in RELATION_TARGETS.get(name, ())
        # a provision's former ids: labels ("9") or whole ids ("old-agreement/9")
        former_labels = name == "aliases" and self.kind == "provision"
        for part in parts:
            if not part:
                continue
            if (
                is_valid_id(part)
                or (takes_provisions and is_valid_provision_id(part))
                or (former_labels and former_provision_label(part))
            ):
                ids.append(part)
                continue
            fixed = slugify(part)
            warn(
                "invalid-id",
                f"{self.shown_name}: ':{name}:' has '{part}', which is not a valid id"
                + (f"; '{fixed}' is used for now." if fixed else "."),
                self.option_location(name),
            )
            if fixed:
                ids.append(fixed)
        return tuple(dict.fromkeys(ids))

    def _checked_scalar(self, name: str, value_type: str, text: str) -> str | None:
        where = self.option_location(name)
        if value_type == "date":
            date = KbDate.parse(text)
            if date is None:
                warn(
                    "invalid-date",
                    f"{self.shown_name}: ':{name}:' is '{text}', not a date; write "
                    "YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-12-14).",
                    where,
                )
                return None
            return date.iso()
        if value_type == "url":
            if _URL.fullmatch(text) is None:
                warn(
                    "invalid-url",
                    f"{self.shown_name}: ':{name}:' must be an http:// or https:// "
                    f"address, not '{text}'.",
                    where,
                )
                return None
            return text
        if value_type == "language":
            if _LANGUAGE_TAG.fullmatch(text) is None:
                warn(
                    "invalid-value",
                    f"{self.shown_name}: ':{name}:' must be a BCP 47 language tag such "
                    f"as 'hy' or 'az-Latn', not '{text}'.",
                    where,
                )
                return None
            return text
        if value_type == "number":
            if not text.isdigit():
                warn(
                    "invalid-value",
                    f"{self.shown_name}: ':{name}:' must be a number, not '{text}'.",
                    where,
                )
                return None
            return text
        if value_type in VOCABULARIES:
            vocabulary = VOCABULARIES[value_type]
            if text not in vocabulary:
                warn(
                    "invalid-value",
                    f"{self.shown_name}: ':{name}:' must be one of "
                    f"{', '.join(vocabulary)}, not '{text}'." + suggest(text, vocabulary),
                    where,
                )
                return None
            return text
        return " ".join(text.split())

    # -- recording ------------------------------------------------------------------

    def register(
        self,
        entity_id: str,
        title: str,
        fields: dict[str, str],
        links: dict[str, tuple[str, ...]],
        text: str = "",
        parent: str = "",
    ) -> Entity:
        """Store the entity and the references its options make.

        ``links["aliases"]`` holds the former ids, not references: they go to
        :attr:`Entity.aliases` (a provision's labels become whole ids).
        """
        links = dict(links)
        aliases = tuple(
            alias if "/" in alias or not parent else f"{parent}/{alias}"
            for alias in links.pop("aliases", ())
        )
        entity = Entity(
            kind=self.kind,
            id=entity_id,
            docname=self.env.docname,
            lineno=self.source_line,
            anchor=self.anchor(entity_id),
            title=title,
            fields=fields,
            links=links,
            text=text,
            parent=parent,
            aliases=aliases,
        )
        domain = get_domain(self.env)
        domain.add_entity(entity)
        for option, ids in links.items():
            for target_id in ids:
                domain.add_reference(
                    Reference(
                        docname=self.env.docname,
                        lineno=self.option_location(option)[1],
                        source=entity.key,
                        via=option,
                        target_kinds=RELATION_TARGETS[option],
                        target_id=target_id,
                    )
                )
        return entity

    def anchor(self, entity_id: str) -> str:
        return anchor_for(self.kind, entity_id)

    # -- nodes --------------------------------------------------------------------

    def entity_container(self, entity_id: str, with_anchor: bool = True) -> nodes.container:
        container = nodes.container(classes=["kb-entity", f"kb-{self.kind}"])
        container["kb_kind"] = self.kind
        container["kb_id"] = entity_id
        if with_anchor:
            container["ids"].append(self.anchor(entity_id))
        self.set_source_info(container)
        return container

    def details(self, entity_id: str) -> entity_details:
        node = entity_details(kind=self.kind, id=entity_id, docname=self.env.docname)
        self.set_source_info(node)
        return node

    def backlinks(self, entity_id: str) -> entity_backlinks:
        node = entity_backlinks(kind=self.kind, id=entity_id, docname=self.env.docname)
        self.set_source_info(node)
        return node

    def index_entry(self, entity_id: str, label: str) -> addnodes.index:
        kind_label = self.kind if self.kind != "organization" else "organization"
        return addnodes.index(
            entries=[("single", f"{label} ({kind_label})", self.anchor(entity_id), "", None)]
        )

    def body_nodes(self) -> list[nodes.Node]:
        return self.parse_content_to_nodes() if self.content else []


def former_provision_label(text: str) -> bool:
    """A provision's former label (``9``, ``3.1``) or former id (``old/9``)."""
    return PROVISION_LABEL_PATTERN.fullmatch(text) is not None or is_valid_provision_id(text)


def plain_text(body: list[nodes.Node]) -> str:
    """The text of parsed body nodes, whitespace folded (for exports and search)."""
    return " ".join(" ".join(node.astext() for node in body).split())
