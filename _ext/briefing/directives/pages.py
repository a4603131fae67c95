"""``statement`` and ``brief``: directives that make the page itself an entity.

Node tree, right where the directive stands (under the page title)::

    container.kb-entity.kb-statement (kb_kind, kb_id; no anchor: the page is the target)
        index
        entity_details   -> the metadata box: date, organization, authors, ...
            [download_reference to the archived copy, when ``archive`` is given:
             Sphinx copies the file into the site and gives it its address]
        [body]
        entity_backlinks -> what cites the page
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..archive import checked_archive
from ..diagnostics import warn
from .base import EntityDirective, plain_text

_PAGE_ENTITY_KEY = "briefing:page-entity"


class PageEntityDirective(EntityDirective):
    option_types = {
        "date": "date",
        "organization": "id",
        "authors": "ids",
        "place": "text",
        "topics": "ids",
        "source": "url",
        "updated": "date",
        "archive": "file",
    }
    required = ("date",)
    id_required = False

    def run(self) -> list[nodes.Node]:
        given = self.arguments[0] if self.arguments else None
        entity_id = self.checked_id(given) if given else self.id_from_docname()
        fields, links = self.checked_options()
        archive = self.archive(fields)
        body = self.body_nodes()
        container = self.entity_container(entity_id or "", with_anchor=False)
        if archive:
            container["kb_archive"] = archive
        earlier = self.env.current_document.get(_PAGE_ENTITY_KEY)
        if earlier:
            warn(
                "misplaced",
                f"{self.shown_name}: a page holds one statement or brief, and this page "
                f"already has one (line {earlier[1]}); this one is shown but not "
                "recorded. Move it to a page of its own.",
                self.location,
            )
            container += body
            return [container]
        if entity_id is None:
            container += body
            return [container]
        self.env.current_document[_PAGE_ENTITY_KEY] = (entity_id, self.source_line)
        self.register(entity_id, "", fields, links, text=plain_text(body))
        details = self.details(entity_id)
        if archive:
            details += addnodes.download_reference(
                "", "", reftarget="/" + archive, refdoc=self.env.docname, refexplicit=True
            )
        container += details
        container += body
        container += self.backlinks(entity_id)
        return [container]

    def anchor(self, entity_id: str) -> str:
        return ""

    def archive(self, fields: dict[str, str]) -> str | None:
        """The archived copy's path from the source folder (``fields["archive"]``)."""
        given = fields.pop("archive", None)
        if given is None:
            return None
        path = checked_archive(
            self.env,
            given,
            fields.get("source"),
            self.option_location("archive"),
            self.shown_name,
        )
        if path:
            fields["archive"] = path
        return path

    def id_from_docname(self) -> str | None:
        """The page's file name as an id, e.g. ``statements/brussels-2021`` -> ``brussels-2021``."""
        return self.checked_id(self.env.docname.rsplit("/", 1)[-1], what="file name")


class StatementDirective(PageEntityDirective):
    """What an organization said publicly; the page is the statement."""

    kind = "statement"


class BriefDirective(PageEntityDirective):
    """Background written by the knowledge base's editors; the page is the brief."""

    kind = "brief"


def setup_page_directives(app: Sphinx) -> None:
    app.add_directive_to_domain("kb", "statement", StatementDirective)
    app.add_directive_to_domain("kb", "brief", BriefDirective)
