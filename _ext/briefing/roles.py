"""The roles: ``{person}`emin-milli```, ``{agreement}`the ceasefire <id>```, ...

Each role makes a ``pending_xref`` in the ``kb`` domain; the domain resolves
it with the entity's display text unless the author gave one. A target that
no entity has is reported here, once, with the closest known ids, after
intersphinx has had its chance to resolve it in another project.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from .diagnostics import suggest, warn, with_article
from .domain import ROLE_KINDS, get_domain


class EntityRole(XRefRole):
    """A reference to an entity by id; the link text is its display text."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=False)


def report_unknown_target(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Warn about a role whose id is unknown; keep its text in the output."""
    if node.get("refdomain") != "kb" or node.get("reftype") not in ROLE_KINDS:
        return None
    kind = ROLE_KINDS[node["reftype"]]
    target = node["reftarget"]
    knowledge = get_domain(env).knowledge
    known = [e.id for e in knowledge.entities(kind)]
    other_kinds = [k for k in ROLE_KINDS.values() if k != kind and knowledge.get(k, target)]
    if other_kinds:
        hint = (
            f" There is {with_article(other_kinds[0])} with that id: "
            f"use {{{_role_for(other_kinds[0])}}}."
        )
        subtype = "wrong-kind"
    else:
        hint = suggest(target, known)
        subtype = "unknown-id"
    warn(subtype, f"{{{node['reftype']}}}: no {kind} has the id '{target}'.{hint}", node)
    return contnode


def _role_for(kind: str) -> str:
    return next(role for role, k in ROLE_KINDS.items() if k == kind)


def setup_roles(app: Sphinx) -> None:
    for role in ROLE_KINDS:
        app.add_role_to_domain("kb", role, EntityRole())
    # after intersphinx (priority 500), which may resolve it in another project
    app.connect("missing-reference", report_unknown_target, priority=900)
