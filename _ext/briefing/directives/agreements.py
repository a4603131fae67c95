"""``agreement`` and ``provision``: agreements with their numbered provisions.

Node tree of an agreement::

    container.kb-entity.kb-agreement#agreement-<id> (kb_kind, kb_id)
        index
        rubric.kb-entity-title (the short title; heading level set at write time)
        container.kb-fact-box
            entity_details -> the fact box: title, date, parties, signatories, ...
        [body: the summary, then the provisions]
        entity_backlinks

and of a provision, which only stands inside an agreement::

    container.kb-entity.kb-provision#provision-<agreement-id>--<label>
        paragraph.kb-provision-label ("Provision 9")
        [body: the provision's text]
        entity_details -> its topics
        entity_backlinks
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..diagnostics import warn
from ..i18n import _
from ..model import PROVISION_LABEL_PATTERN
from .base import EntityDirective, plain_text

_AGREEMENT_KEY = "briefing:agreement"


class AgreementDirective(EntityDirective):
    kind = "agreement"
    option_types = {
        "title": "text",
        "short-title": "text",
        "date": "date",
        "place": "text",
        "parties": "ids",
        "signatories": "ids",
        "third-parties": "ids",
        "stage": "stage",
        "status": "text",
        "topics": "ids",
        "builds-on": "ids",
        "pax-id": "number",
        "source": "url",
    }
    required = ("title", "date", "parties")

    def run(self) -> list[nodes.Node]:
        entity_id = self.checked_id(self.arguments[0] if self.arguments else None)
        fields, links = self.checked_options()
        title = fields.get("short-title") or fields.get("title") or entity_id or "Agreement"
        container = self.entity_container(entity_id or "", with_anchor=entity_id is not None)
        heading = nodes.rubric(title, title, classes=["kb-entity-title"])
        container += heading

        previous = self.env.current_document.get(_AGREEMENT_KEY)
        self.env.current_document[_AGREEMENT_KEY] = entity_id or ""
        try:
            body = self.body_nodes()
        finally:
            self.env.current_document[_AGREEMENT_KEY] = previous
        if entity_id is None:
            container += body
            return [container]

        summary = [n for n in body if not _is_provision(n)]
        self.register(entity_id, title, fields, links, text=plain_text(summary))
        container.insert(0, self.index_entry(entity_id, title))
        fact_box = nodes.container(classes=["kb-fact-box"])
        fact_box += self.details(entity_id)
        container += fact_box
        container += body
        container += self.backlinks(entity_id)
        return [container]


def _is_provision(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and node.get("kb_kind") == "provision"


class ProvisionDirective(EntityDirective):
    kind = "provision"
    option_types = {"topics": "ids"}
    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        label = (self.arguments[0] if self.arguments else "").strip().lower()
        agreement_id = self.env.current_document.get(_AGREEMENT_KEY)
        fields, links = self.checked_options()
        body = self.body_nodes()
        container = nodes.container(classes=["kb-entity", "kb-provision"])
        self.set_source_info(container)
        heading = nodes.paragraph(classes=["kb-provision-label"])
        heading += nodes.strong(
            text=_("Provision {label}").format(label=label) if label else _("Provision")
        )
        container += heading
        container += body
        if agreement_id is None:
            warn(
                "misplaced",
                f"{self.shown_name}: a provision only stands inside an agreement; put it "
                "between the agreement's opening and closing fences (the "
                "agreement's fence needs more colons than the provision's).",
                self.location,
            )
            return [container]
        if not label:
            warn(
                "missing-option",
                f"{self.shown_name}: the provision's number or label is required, as its "
                "argument (for example `{provision} 9`).",
                self.location,
            )
            return [container]
        if PROVISION_LABEL_PATTERN.fullmatch(label) is None:
            warn(
                "invalid-id",
                f"{self.shown_name}: '{label}' is not a valid provision label; use the "
                "number or label of the text, such as '9' or '3a'.",
                self.location,
            )
            return [container]
        if not agreement_id:
            return [container]  # the agreement's own id was invalid: reported there
        text = plain_text(body)
        if not text:
            warn("empty", f"{self.shown_name}: provision {label} has no text.", self.location)
        entity_id = f"{agreement_id}/{label}"
        self.register(
            entity_id,
            _("Provision {label}").format(label=label),
            fields,
            links,
            text=text,
            parent=agreement_id,
        )
        container["kb_kind"] = self.kind
        container["kb_id"] = entity_id
        container["ids"].append(self.anchor(entity_id))
        container.insert(0, self.index_entry(entity_id, f"{agreement_id}, provision {label}"))
        container += self.details(entity_id)
        container += self.backlinks(entity_id)
        return [container]


def setup_agreement_directives(app: Sphinx) -> None:
    app.add_directive_to_domain("kb", "agreement", AgreementDirective)
    app.add_directive_to_domain("kb", "provision", ProvisionDirective)
