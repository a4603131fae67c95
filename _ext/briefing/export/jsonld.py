"""schema.org JSON-LD in the head of every page, for search engines and archives.

Each page gets one ``<script type="application/ld+json">`` with a graph: the
``WebPage`` itself and every entity defined on it, as the schema.org type a
reader of that vocabulary expects (a statement or brief is an ``Article``
with its publisher and date, a quote a ``Quotation`` with its speaker, an
agreement ``Legislation`` with its date and parties, people, organizations
and events their own types). :func:`page_graph` builds it as plain data from
the knowledge base; :func:`script_json` escapes ``<``, ``>`` and ``&`` so no
value (a quote containing ``</script>``) can end the script element. The
graph shows names from other pages, so it feeds the incremental-build
fingerprint too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..domain import get_domain
from ..knowledge import KnowledgeBase
from ..model import RELATION_TARGETS, Entity
from .site import SiteUrls, base_url, publishes_site

CONTEXT = "https://schema.org"

ORGANIZATION_TYPES: dict[str, str] = {
    "state": "GovernmentOrganization",
    "ngo": "NGO",
    "media": "NewsMediaOrganization",
    "company": "Corporation",
}

#: kind -> schema.org type (organizations refine theirs by their ``kind``)
TYPES: dict[str, str] = {
    "statement": "Article",
    "brief": "Article",
    "quote": "Quotation",
    "agreement": "Legislation",
    "provision": "Legislation",
    "person": "Person",
    "organization": "Organization",
    "topic": "DefinedTerm",
    "event": "Event",
}

UrlOf = Callable[[Entity], str]


def schema_type(entity: Entity) -> str:
    if entity.kind == "organization":
        return ORGANIZATION_TYPES.get(entity.fields.get("kind", ""), "Organization")
    return TYPES[entity.kind]


class _GraphBuilder:
    def __init__(self, knowledge: KnowledgeBase, url_of: UrlOf) -> None:
        self.knowledge = knowledge
        self.url_of = url_of

    def ref(self, entity: Entity) -> dict[str, Any]:
        """A short node naming another entity, linked by its ``@id``."""
        return {
            "@type": schema_type(entity),
            "@id": self.url_of(entity),
            "name": self.knowledge.display(entity),
        }

    def refs(self, entity: Entity, option: str) -> list[dict[str, Any]]:
        kinds = RELATION_TARGETS.get(option, ())
        found = []
        for target_id in self.knowledge.effective_links(entity, option):
            target = self.knowledge.lookup(kinds, target_id)
            if target is not None:
                found.append(self.ref(target))
        return found

    def node(self, entity: Entity) -> dict[str, Any]:
        k = self.knowledge
        node: dict[str, Any] = {
            "@type": schema_type(entity),
            "@id": self.url_of(entity),
            "url": self.url_of(entity),
            "identifier": entity.id,
        }
        date = k.date(entity)
        fields = entity.fields
        topics = [t["name"] for t in self.refs(entity, "topics")]
        if topics:
            node["keywords"] = topics
        if entity.kind in ("statement", "brief"):
            node["headline"] = entity.title or entity.id
            node["name"] = entity.title or entity.id
            if date:
                node["datePublished"] = date.iso()
            if fields.get("updated"):
                node["dateModified"] = fields["updated"]
            publisher = self.refs(entity, "organization")
            if publisher:
                node["publisher"] = publisher[0]
            authors = self.refs(entity, "authors")
            if authors:
                node["author"] = authors
            if fields.get("place"):
                node["locationCreated"] = {"@type": "Place", "name": fields["place"]}
            if fields.get("source"):
                node["isBasedOn"] = fields["source"]
        elif entity.kind == "quote":
            node["text"] = entity.text
            speaker = self.refs(entity, "speaker")
            if speaker:
                node["spokenByCharacter"] = speaker[0]
                node["creator"] = speaker[0]
            organization = self.refs(entity, "organization")
            if organization:
                node["sourceOrganization"] = organization[0]
            if date:
                node["dateCreated"] = date.iso()
            about = self.refs(entity, "about")
            if about:
                node["about"] = about
            if fields.get("language"):
                node["inLanguage"] = fields["language"]
            if fields.get("source"):
                node["isBasedOn"] = fields["source"]
            page = k.page_entity.get(entity.docname)
            if page is not None:
                node["isPartOf"] = {"@id": self.url_of(page)}
        elif entity.kind == "agreement":
            node["name"] = fields.get("title", entity.title)
            if fields.get("short-title"):
                node["alternateName"] = fields["short-title"]
            if date:
                node["legislationDate"] = date.iso()
            parties = self.refs(entity, "parties")
            if parties:
                node["legislationPassedBy"] = parties
            signatories = self.refs(entity, "signatories")
            if signatories:
                node["legislationResponsible"] = signatories
            third = self.refs(entity, "third-parties")
            if third:
                node["contributor"] = third
            builds_on = self.refs(entity, "builds-on")
            if builds_on:
                node["isBasedOn"] = builds_on
            if fields.get("status"):
                node["legislationLegalForce"] = fields["status"]
            if fields.get("pax-id"):
                node["legislationIdentifier"] = f"PA-X {fields['pax-id']}"
            if fields.get("place"):
                node["spatialCoverage"] = {"@type": "Place", "name": fields["place"]}
            if entity.text:
                node["abstract"] = entity.text
        elif entity.kind == "provision":
            node["name"] = k.display(entity)
            node["text"] = entity.text
            agreement = k.get("agreement", entity.parent)
            if agreement is not None:
                node["isPartOf"] = self.ref(agreement)
        elif entity.kind == "person":
            node["name"] = entity.title
            if fields.get("native-name"):
                node["alternateName"] = fields["native-name"]
            if fields.get("role"):
                node["jobTitle"] = fields["role"]
            affiliation = self.refs(entity, "organization")
            if affiliation:
                node["affiliation"] = affiliation[0]
            country = self.refs(entity, "country")
            if country:
                node["nationality"] = {"@type": "Country", "name": country[0]["name"]}
        elif entity.kind == "organization":
            node["name"] = fields.get("name", entity.title)
            if fields.get("short-name"):
                node["alternateName"] = fields["short-name"]
            if fields.get("url"):
                node["sameAs"] = fields["url"]
            country = self.refs(entity, "country")
            if country:
                node["location"] = {"@type": "Country", "name": country[0]["name"]}
        elif entity.kind == "topic":
            node["name"] = entity.title
        elif entity.kind == "event":
            node["name"] = entity.title
            if date:
                node["startDate"] = date.iso()
            if fields.get("end-date"):
                node["endDate"] = fields["end-date"]
            if fields.get("place"):
                node["location"] = {"@type": "Place", "name": fields["place"]}
            participants = self.refs(entity, "participants")
            if participants:
                node["attendee"] = participants
        if entity.text and "text" not in node and "abstract" not in node:
            node["description"] = entity.text
        return node


def page_graph(
    knowledge: KnowledgeBase,
    docname: str,
    title: str,
    page_url: str,
    site: Mapping[str, str],
    url_of: UrlOf,
) -> dict[str, Any]:
    """The JSON-LD document of one page: the page and the entities defined on it."""
    builder = _GraphBuilder(knowledge, url_of)
    page: dict[str, Any] = {
        "@type": "WebPage",
        # not the page's own address: that is the statement's or brief's @id
        "@id": f"{page_url}#webpage",
        "url": page_url,
        "name": title,
        "isPartOf": {"@type": "WebSite", "name": site["name"], "url": site["url"]},
    }
    if site.get("language"):
        page["inLanguage"] = site["language"]
    graph = [page]
    page_entity = knowledge.page_entity.get(docname)
    if page_entity is not None:
        page["mainEntity"] = {"@id": url_of(page_entity)}
    for entity in knowledge.entities_on(docname):
        node = builder.node(entity)
        if entity.kind in ("statement", "brief") and site.get("publisher"):
            node.setdefault("publisher", {"@type": "Organization", "name": site["publisher"]})
        graph.append(node)
    return {"@context": CONTEXT, "@graph": graph}


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as \\u escapes.

    They can only occur inside JSON strings, where the escapes mean the same
    characters, so the data parses back unchanged but no ``</script>`` or
    ``<!--`` can appear in the element's text.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _site(env: BuildEnvironment) -> dict[str, str]:
    config = env.config
    return {
        "name": config.html_title or config.project,
        "url": base_url(config) or "/",
        "language": config.language or "",
        "publisher": config.author or "",
    }


def add_jsonld(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if doctree is None or not publishes_site(app.builder):
        return
    env = app.env
    urls = SiteUrls(app.builder, app.config)
    title = env.titles[pagename].astext() if pagename in env.titles else pagename
    graph = page_graph(
        get_domain(env).knowledge,
        pagename,
        title,
        urls.page(pagename),
        _site(env),
        urls.entity,
    )
    script = f'<script type="application/ld+json">{script_json(graph)}</script>\n'
    context["metatags"] = context.get("metatags", "") + script


def jsonld_view(
    app: Sphinx,
    env: BuildEnvironment,
    knowledge: KnowledgeBase,
    docname: str,
    titles: Mapping[str, str],
) -> Any:
    """What the page's JSON-LD shows, with addresses as document and anchor."""
    return (
        "jsonld",
        page_graph(
            knowledge,
            docname,
            titles.get(docname, docname),
            docname,
            _site(env),
            lambda entity: f"{entity.docname}#{entity.anchor}",
        ),
    )


def setup_jsonld(app: Sphinx) -> None:
    app.connect("html-page-context", add_jsonld)
    app.connect("briefing-page-views", jsonld_view)
