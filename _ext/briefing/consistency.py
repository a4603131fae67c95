"""Checks that need the whole knowledge base: run once after reading.

Ids named in options must exist, with the right kind; an id may be defined
once per kind; agreements may not build on each other in a circle. Each
problem is a located ``briefing.*`` warning at the text that causes it.
Unknown ids in roles are reported when the role is resolved
(:mod:`briefing.roles`), so intersphinx can resolve them first.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .diagnostics import suggest, warn, with_article
from .domain import get_domain
from .knowledge import KnowledgeBase
from .model import KINDS


def check_duplicates(knowledge: KnowledgeBase, env: BuildEnvironment) -> None:
    for (kind, entity_id), definitions in sorted(knowledge.definitions.items()):
        first = definitions[0]
        for other in definitions[1:]:
            warn(
                "duplicate-id",
                f"{kind} '{entity_id}' is defined twice: here and at "
                f"{env.doc2path(first.docname, base=False)}:{first.lineno}. "
                "Give one of them another id.",
                (other.docname, other.lineno),
            )


def check_option_references(knowledge: KnowledgeBase) -> None:
    for ref in knowledge.references:
        if ref.via == "text":
            continue
        if knowledge.lookup(ref.target_kinds, ref.target_id) is not None:
            continue
        wanted = " or ".join(ref.target_kinds)
        elsewhere = [k for k in KINDS if knowledge.get(k, ref.target_id)]
        if elsewhere:
            warn(
                "wrong-kind",
                f":{ref.via}: '{ref.target_id}' is {with_article(elsewhere[0])}, but "
                f"this option takes {with_article(wanted)}.",
                (ref.docname, ref.lineno),
            )
            continue
        known = [e.id for kind in ref.target_kinds for e in knowledge.entities(kind)]
        warn(
            "unknown-id",
            f":{ref.via}: no {wanted} has the id '{ref.target_id}'."
            + suggest(ref.target_id, known)
            + f" Define it with the {ref.target_kinds[0]} directive, or correct the id.",
            (ref.docname, ref.lineno),
        )


def check_builds_on_cycles(knowledge: KnowledgeBase) -> None:
    """Report each circle of ``builds-on`` once, at its first agreement by id."""
    graph = {
        e.id: [t for t in e.link_ids("builds-on") if knowledge.get("agreement", t)]
        for e in knowledge.entities("agreement")
    }
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        path = _cycle_from(graph, start)
        if path is None or frozenset(path) in reported:
            continue
        reported.add(frozenset(path))
        entity = knowledge.get("agreement", start)
        assert entity is not None
        warn(
            "cycle",
            "agreements build on each other in a circle: "
            + " -> ".join([*path, path[0]])
            + ". An agreement can only build on earlier ones; remove one link.",
            (entity.docname, entity.lineno),
        )


def _cycle_from(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """The shortest path start -> ... -> start, found breadth-first, or None."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in graph.get(node, ()):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return list(reversed(path))
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return None


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    knowledge = get_domain(env).knowledge
    check_duplicates(knowledge, env)
    check_option_references(knowledge)
    check_builds_on_cycles(knowledge)


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_consistency)
