"""``person``, ``organization``, ``topic``, ``event``: entries of the knowledge base.

Node tree of each::

    container.kb-entity.kb-<kind>#<kind>-<id> (kb_kind, kb_id)
        index
        rubric.kb-entity-title (name or title; heading level set at write time)
        entity_details -> its fields (role, organization, country, dates, ...)
        [body: a biography or description]
        entity_backlinks
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx

from .base import EntityDirective, plain_text


class EntryDirective(EntityDirective):
    #: the option that holds the display text
    title_option: ClassVar[str] = "name"

    def run(self) -> list[nodes.Node]:
        entity_id = self.checked_id(self.arguments[0] if self.arguments else None)
        fields, links = self.checked_options()
        title = fields.get(self.title_option) or entity_id or self.kind.title()
        body = self.body_nodes()
        container = self.entity_container(entity_id or "", with_anchor=entity_id is not None)
        heading = nodes.rubric(title, title, classes=["kb-entity-title"])
        native = fields.get("native-name")
        if native:
            heading += nodes.Text(" ")
            heading += nodes.inline(native, f"({native})", classes=["kb-native-name"])
        container += heading
        if entity_id is None:
            container += body
            return [container]
        self.register(entity_id, title, fields, links, text=plain_text(body))
        container.insert(0, self.index_entry(entity_id, title))
        container += self.details(entity_id)
        container += body
        container += self.backlinks(entity_id)
        return [container]


class PersonDirective(EntryDirective):
    kind = "person"
    option_types = {
        "name": "text",
        "native-name": "text",
        "role": "text",
        "organization": "id",
        "country": "id",
    }
    required = ("name",)


class OrganizationDirective(EntryDirective):
    kind = "organization"
    option_types = {
        "name": "text",
        "short-name": "text",
        "kind": "organization-kind",
        "country": "id",
        "url": "url",
    }
    required = ("name",)


class TopicDirective(EntryDirective):
    kind = "topic"
    title_option = "title"
    option_types = {"title": "text", "broader": "id"}
    required = ("title",)


class EventDirective(EntryDirective):
    kind = "event"
    title_option = "title"
    option_types = {
        "title": "text",
        "date": "date",
        "end-date": "date",
        "place": "text",
        "participants": "ids",
        "outcomes": "ids",
        "topics": "ids",
    }
    required = ("title", "date")


def setup_entry_directives(app: Sphinx) -> None:
    for name, directive in (
        ("person", PersonDirective),
        ("organization", OrganizationDirective),
        ("topic", TopicDirective),
        ("event", EventDirective),
    ):
        app.add_directive_to_domain("kb", name, directive)
