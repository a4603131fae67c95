"""``quote``: words someone said, with who said them, when and where.

Node tree::

    container.kb-entity.kb-quote#quote-<id> (kb_kind, kb_id)
        index
        block_quote.kb-quote-text (kb_language when given: lang in HTML)
            [body: the quoted text]
            entity_details -> attribution: speaker (linked), role, organization, date, source
        entity_backlinks

When no id is given, one is derived from the speaker and the quoted text, so
it stays the same across rebuilds while the text does not change.
"""

from __future__ import annotations

import hashlib

from docutils import nodes
from sphinx.application import Sphinx

from ..diagnostics import warn
from .base import EntityDirective, plain_text


class QuoteDirective(EntityDirective):
    kind = "quote"
    option_types = {
        "speaker": "id",
        "role": "text",
        "organization": "id",
        "date": "date",
        "topics": "ids",
        "about": "ids",
        "source": "url",
        "language": "language",
    }
    required = ("speaker",)
    id_required = False

    def run(self) -> list[nodes.Node]:
        fields, links = self.checked_options()
        body = self.body_nodes()
        text = plain_text(body)
        if not text:
            warn(
                "empty",
                f"{self.shown_name}: the quote has no text; write the quoted words "
                "below the options.",
                self.location,
            )
        given = self.arguments[0] if self.arguments else None
        entity_id = (
            self.checked_id(given) if given else derived_quote_id(self.env.docname, links, text)
        )
        assert entity_id is not None
        self.register(entity_id, "", fields, links, text=text)

        container = self.entity_container(entity_id)
        speaker = links.get("speaker", ("",))[0]
        container += self.index_entry(entity_id, f"quote by {speaker}" if speaker else "quote")
        quotation = nodes.block_quote(classes=["kb-quote-text"])
        if "language" in fields:
            # becomes a ``language-*`` class (a lang attribute) at write time:
            # docutils' smart quotes would warn about languages it lacks rules for
            quotation["kb_language"] = fields["language"]
        # the words as written: a translated site shows them beside the translation
        quotation["kb_original"] = text
        quotation += body
        quotation += self.details(entity_id)
        container += quotation
        container += self.backlinks(entity_id)
        return [container]


def derived_quote_id(docname: str, links: dict[str, tuple[str, ...]], text: str) -> str:
    """``<speaker>-<hash of page and text>``: stable while they are unchanged."""
    speaker = links.get("speaker", ("quote",))[0]
    key = docname + "\n" + " ".join(text.split())
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{speaker}-{digest}"


def setup_quote_directive(app: Sphinx) -> None:
    app.add_directive_to_domain("kb", "quote", QuoteDirective)
