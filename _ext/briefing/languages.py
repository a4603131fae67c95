"""One site per language: which languages, where each lives, and what a page says about it.

``briefing_languages`` (conf.py) lists the published languages; the first is
the language the sources are written in. Every language is a build of the
same sources with ``-D language=<lang>`` (the Makefile runs them): the source
language's site at the output's root, every other one in ``<lang>/`` beside
it. Pages are translated with Sphinx's gettext catalogs (``locale_dirs``).

What this module adds to each build:

* after Sphinx has applied a page's translations (its ``Locale`` transform),
  :class:`MarkTranslation` looks at what got translated. A page of a
  translated site with nothing translated gets a notice, in the reader's
  language, that it is shown in the source language (and ``lang`` set on the
  source text); one partly translated says so. A quote whose words were
  translated is labelled as a translation and keeps its original one click
  away (``<details>`` with ``lang``), since a reproduced statement is never
  silently replaced. Titles and bodies of other entities are recorded in the
  domain as translated, so lists, exports and search follow the language;
  a quote's recorded text stays its original words.
* on every HTML page, a language switcher to the same page in the other
  languages, and ``<link rel="alternate" hreflang>`` for each (``<html
  lang>`` is Sphinx's, from ``language``).
"""

from __future__ import annotations

import dataclasses
import re
from html import escape
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .diagnostics import warn
from .domain import get_domain
from .i18n import _, language_name, normalize
from .nodes import entity_details

#: A BCP 47 tag as conf.py may write it: ``hy``, ``az-Latn``, ``ru-RU``, ``en_GB``
TAG_PATTERN = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def site_languages(config: Config) -> list[str]:
    """The published languages, source first (``[language]`` when not configured)."""
    configured = config.briefing_languages
    if isinstance(configured, (list, tuple)):
        valid = [normalize(tag) for tag in configured if _is_tag(tag)]
        if valid:
            return list(dict.fromkeys(valid))
    return [normalize(config.language or "en")]


def source_language(config: Config) -> str:
    return site_languages(config)[0]


def build_language(config: Config) -> str:
    return normalize(config.language or "en")


def _is_tag(value: object) -> bool:
    return isinstance(value, str) and TAG_PATTERN.fullmatch(value) is not None


def site_prefix(language: str, config: Config) -> str:
    """Where a language's site lives below the output's root: ``""`` or ``"ru/"``."""
    return "" if language == source_language(config) else f"{language}/"


def validate_languages(app: Sphinx, config: Config) -> None:
    configured = config.briefing_languages
    if not isinstance(configured, (list, tuple)):
        warn("config", "briefing_languages must be a list of language tags.", None)
        return
    for position, tag in enumerate(configured, start=1):
        if not _is_tag(tag):
            warn(
                "config",
                f"briefing_languages entry {position}: {tag!r} is not a language tag; "
                "write a BCP 47 tag such as 'hy', 'az' or 'ru'.",
                None,
            )
    languages = site_languages(config)
    if configured and build_language(config) not in languages:
        warn(
            "config",
            f"the build's language '{build_language(config)}' is not in briefing_languages "
            f"({', '.join(languages)}); add it there or build one of those.",
            None,
        )


# -- reading: after Sphinx applied the translations ----------------------------------


def kept_as_written(env: Any, language: str) -> set[str]:
    """The messages of the page's catalog translated as the very same words.

    A name can read the same in both languages ("Restart Initiative" in
    Russian); Sphinx flags such a message as not translated, as it does an
    empty one, so the page would claim to be partly translated.
    """
    domain = docname_to_domain(env.docname, env.config.gettext_compact)
    same: set[str] = set()
    for directory in env.config.locale_dirs:
        po_path = Path(env.srcdir, directory, language, "LC_MESSAGES", f"{domain}.po")
        if not po_path.is_file():
            continue
        with po_path.open("rb") as stream:
            catalog = read_po(stream, locale=None)
        same.update(
            message.id
            for message in catalog
            if message.id and isinstance(message.id, str) and message.string == message.id
        )
    return same


class MarkTranslation(SphinxTransform):
    """Notice for untranslated pages, labels for translated quotes, translated records."""

    # Sphinx's Locale transform is 20; this reads what it did
    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        source = source_language(self.config)
        language = build_language(self.config)
        if language == source:
            return
        self.label_translated_quotes(source, language)
        self.label_translated_statement(source, language)
        self.record_translated_entities()
        self.add_notice(source, language)

    def label_translated_statement(self, source: str, language: str) -> None:
        """A statement is reproduced word for word: shown translated, it says so."""
        entities = get_domain(self.env).entities.get(self.env.docname, [])
        if not any(e.kind == "statement" for e in entities):
            return
        translated = any(
            n.get("translated")
            for n in self.document.findall(nodes.paragraph)
            if not _inside(n, entity_details) and not _inside(n, nodes.block_quote)
        )
        if not translated:
            return
        text = _(
            "This statement is shown in a translation, not in the words its organization "
            "published; the original, in {language}, is this page's {language} version."
        ).format(language=language_name(source, language, capitalize=False))
        self._insert_notice(text, ["kb-translation-notice", "kb-statement-translated"], language)

    def add_notice(self, source: str, language: str) -> None:
        # a toctree's flag says whether its caption was, and an uncaptioned one has none
        marked = [
            n
            for n in self.document.findall(nodes.Element)
            if "translated" in n and not isinstance(n, addnodes.toctree)
        ]
        same = kept_as_written(self.env, language)
        messages = {id(node): message for node, message in extract_messages(self.document)}
        translated = sum(1 for n in marked if n["translated"] or messages.get(id(n)) in same)
        if marked and translated == len(marked):
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        source_name = language_name(source, language, capitalize=False)
        if translated == 0:
            text = _(
                "This page has not been translated yet; it is shown in its original "
                "language, {language}."
            ).format(language=source_name)
            section["classes"].append(f"language-{source}")
        else:
            text = _(
                "This page is only partly translated; the rest is shown in its original "
                "language, {language}."
            ).format(language=source_name)
        self._insert_notice(text, ["kb-translation-notice"], language)

    def _insert_notice(self, text: str, classes: list[str], language: str) -> None:
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        notice = nodes.container(classes=[*classes, f"language-{language}"])
        notice += nodes.paragraph(text, text)
        title_index = next(
            (i for i, c in enumerate(section.children) if isinstance(c, nodes.title)), -1
        )
        section.insert(title_index + 1, notice)

    def label_translated_quotes(self, source: str, language: str) -> None:
        for quotation in list(self.document.findall(nodes.block_quote)):
            if "kb-quote-text" not in quotation["classes"]:
                continue
            words = [
                c for c in quotation.children if isinstance(c, nodes.Element) and c.get("kb_body")
            ]
            if not any(n.get("translated") for w in words for n in w.findall(nodes.Element)):
                continue
            original_language = quotation.get("kb_language") or source
            original = quotation.get("kb_original", "")
            quotation["kb_language"] = ""  # the shown words are now the page's
            quotation["classes"].append("kb-quote-translated")
            label_text = _("Translation from {language}").format(
                language=language_name(original_language, language, capitalize=False)
            )
            label = nodes.paragraph(label_text, label_text, classes=["kb-translation-label"])
            quotation.insert(0, label)
            box = nodes.container(
                classes=["kb-quote-original"],
                kb_original_language=original_language,
                kb_summary=_("Original ({language})").format(
                    language=language_name(original_language, language, capitalize=False)
                ),
            )
            box += nodes.paragraph(original, original, classes=[f"language-{original_language}"])
            details_at = next(
                (
                    i
                    for i, c in enumerate(quotation.children)
                    if c.tagname in ("entity_details", "attribution")
                ),
                len(quotation.children),
            )
            quotation.insert(details_at, box)

    def record_translated_entities(self) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        records = {(e.kind, e.id): e for e in domain.entities.get(docname, [])}
        for container in self.document.findall(nodes.container):
            key = (container.get("kb_kind"), container.get("kb_id"))
            entity = records.get(key)
            if entity is None:
                continue
            changes: dict[str, Any] = {}
            options = {
                text["kb_option"]: text.astext()
                for details in container.findall(entity_details)
                if (details.get("kind"), details.get("id")) == key  # not a nested entity's
                for text in details.children
                if isinstance(text, nodes.Element) and text.get("translated")
            }
            if options:
                changes["fields"] = {**entity.fields, **options}
                shown = options.get("short-title") or options.get("name")
                if shown is None and "title" in options and "short-title" not in entity.fields:
                    shown = options["title"]
                if shown is not None and entity.kind != "provision":
                    changes["title"] = shown
                    self.retitle(container, entity.title, shown)
            if entity.kind == "quote":
                # a quote's recorded words stay the original ones: never silently translated
                if changes:
                    domain.replace_entity(entity, dataclasses.replace(entity, **changes))
                continue
            body = [
                c for c in container.children if isinstance(c, nodes.Element) and c.get("kb_body")
            ]
            if any(n.get("translated") for b in body for n in b.findall(nodes.Element)):
                changes["text"] = " ".join(" ".join(b.astext() for b in body).split())
            if changes:
                updated = dataclasses.replace(entity, **changes)
                domain.replace_entity(entity, updated)
                records[key] = updated

    @staticmethod
    def retitle(container: nodes.Element, old: str, new: str) -> None:
        """Show the translated name in the entity's heading too."""
        for rubric in container.children:
            if isinstance(rubric, nodes.rubric) and "kb-entity-title" in rubric["classes"]:
                for child in list(rubric.children):
                    if isinstance(child, nodes.Text) and child.astext() == old:
                        rubric.replace(child, nodes.Text(new))
                        return


def _inside(node: nodes.Node, kind: type[nodes.Element]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parent
    return False


class OriginalAsDetails(SphinxPostTransform):
    """In HTML, a translated quote's original is a ``<details>`` element: one click away."""

    default_priority = 6
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(nodes.container)):
            if "kb-quote-original" not in box["classes"]:
                continue
            lang = escape(box.get("kb_original_language", ""), quote=True)
            summary = escape(box.get("kb_summary", ""))
            text = escape(box.astext())
            html = (
                f'<details class="kb-quote-original"><summary>{summary}</summary>'
                f'<p lang="{lang}">{text}</p></details>'
            )
            raw = nodes.raw("", html, format="html")
            box.replace_self(raw)
            raw["classes"] = []  # replace_self copied the box's: no wrapping <div>


# -- writing: the switcher and the alternates ---------------------------------------


def language_links(app: Sphinx, pagename: str) -> list[tuple[str, str, str]]:
    """(language, relative address, absolute address or "") of ``pagename`` in each
    language's site, the current one included."""
    config = app.config
    current = build_language(config)
    target = app.builder.get_target_uri(pagename)
    up = "../" * target.count("/") + ("../" if site_prefix(current, config) else "")
    base = (config.html_baseurl or "").rstrip("/")
    links = []
    for language in site_languages(config):
        path = site_prefix(language, config) + target
        relative = (up + path) or "./"
        absolute = f"{base}/{path}" if base else ""
        links.append((language, relative, absolute))
    return links


def switcher_html(current: str, links: list[tuple[str, str, str]]) -> str:
    items = []
    for language, relative, _absolute in links:
        name = escape(language_name(language))
        tag = escape(language, quote=True)
        if language == current:
            items.append(f'<li><span aria-current="page" lang="{tag}">{name}</span></li>')
        else:
            items.append(
                f'<li><a href="{escape(relative, quote=True)}" hreflang="{tag}" '
                f'lang="{tag}">{name}</a></li>'
            )
    label = escape(_("Languages"), quote=True)
    return (
        f'<nav class="kb-languages" aria-label="{label}" data-pagefind-ignore="all">'
        f"<ul>{''.join(items)}</ul></nav>\n"
    )


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or app.builder.name == "pdf":
        return
    if len(site_languages(app.config)) < 2:
        return
    current = build_language(app.config)
    links = language_links(app, pagename)
    alternates = [
        f'<link rel="alternate" hreflang="{escape(language, quote=True)}" '
        f'href="{escape(absolute or relative, quote=True)}">'
        for language, relative, absolute in links
    ]
    source_links = links[0]
    alternates.append(
        '<link rel="alternate" hreflang="x-default" '
        f'href="{escape(source_links[2] or source_links[1], quote=True)}">'
    )
    context["metatags"] = context.get("metatags", "") + "\n".join(alternates) + "\n"
    if "body" in context:
        context["body"] = switcher_html(current, links) + context["body"]


def setup_languages(app: Sphinx) -> None:
    app.connect("config-inited", validate_languages)
    app.add_transform(MarkTranslation)
    app.add_post_transform(OriginalAsDetails)
    app.connect("html-page-context", add_language_links)
