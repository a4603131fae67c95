"""The records of the knowledge base: what a directive collects while reading.

Everything here is a plain, frozen, picklable value. The domain stores these
records per document (never docutils nodes), so they survive pickling of the
environment, merge across parallel readers, and can be compared to tell
whether what a page shows has changed.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .i18n import N_, format_kb_date

#: Every kind of entity, in the order the reader meets them.
KINDS: tuple[str, ...] = (
    "statement",
    "brief",
    "quote",
    "agreement",
    "provision",
    "person",
    "organization",
    "topic",
    "event",
)

#: Kinds that are a whole page rather than a block on one.
PAGE_KINDS: tuple[str, ...] = ("statement", "brief")

#: Plural, human labels for each kind (headings of indices and backlinks).
KIND_PLURALS: dict[str, str] = {
    "statement": N_("Statements"),
    "brief": N_("Briefs"),
    "quote": N_("Quotes"),
    "agreement": N_("Agreements"),
    "provision": N_("Provisions"),
    "person": N_("People"),
    "organization": N_("Organizations"),
    "topic": N_("Topics"),
    "event": N_("Events"),
}

#: Options whose value names other entities, and the kinds they may name,
#: in the order a lookup tries them.
RELATION_TARGETS: dict[str, tuple[str, ...]] = {
    "speaker": ("person",),
    "about": ("agreement", "provision", "event", "topic"),
    "parties": ("organization",),
    "signatories": ("person",),
    "third-parties": ("person", "organization"),
    "builds-on": ("agreement",),
    "participants": ("person", "organization"),
    "outcomes": ("agreement",),
    "topics": ("topic",),
    "organization": ("organization",),
    "country": ("organization",),
    "broader": ("topic",),
    "authors": ("person",),
}

#: How a relation reads in a backlink ("signatory of ...").
RELATION_LABELS: dict[str, str] = {
    "speaker": N_("speaker"),
    "about": N_("about"),
    "parties": N_("party"),
    "signatories": N_("signatory"),
    "third-parties": N_("third party"),
    "builds-on": N_("builds on"),
    "participants": N_("participant"),
    "outcomes": N_("outcome"),
    "topics": N_("topic"),
    "organization": N_("organization"),
    "country": N_("country"),
    "broader": N_("narrower topic"),
    "authors": N_("author"),
    "text": N_("cited in text"),
}

STAGES: tuple[str, ...] = (
    "pre-negotiation",
    "ceasefire",
    "framework-partial",
    "framework-comprehensive",
    "implementation",
    "renewal",
    "other",
)

ORGANIZATION_KINDS: tuple[str, ...] = (
    "state",
    "international-organization",
    "ngo",
    "media",
    "company",
    "other",
)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


PROVISION_LABEL_PATTERN = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")


def is_valid_id(text: str) -> bool:
    """Whether ``text`` is a lowercase slug, as the contract defines an id."""
    return ID_PATTERN.fullmatch(text) is not None


def is_valid_provision_id(text: str) -> bool:
    """Whether ``text`` is ``AGREEMENT-ID/LABEL``, a provision's id."""
    agreement, _, label = text.partition("/")
    return is_valid_id(agreement) and PROVISION_LABEL_PATTERN.fullmatch(label) is not None


#: Letters that Unicode does not decompose into an ASCII letter and a mark,
#: spelled as readers type them without the letter: "Azərbaycan" is typed
#: "Azerbaycan", "Bakı" "Baki". The one table for ids (:func:`slugify`) and
#: for the spellings search adds (:func:`briefing.search.records.folded_variants`).
TRANSLITERATION: dict[int, str] = str.maketrans(
    {
        "ə": "e",
        "Ə": "E",
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
    }
)


def slugify(text: str, max_length: int | None = None) -> str:
    """The id a title gives: its Latin letters and digits as lowercase ASCII
    words joined by hyphens ("İlham Əliyev" gives ``ilham-eliyev``).

    With ``max_length``, words are dropped from the end to fit (one word
    always stays). Letters of other scripts are left out, not guessed at, so
    a title in Armenian script gives ``""``: an id is an address that stays,
    and a person should choose its spelling.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(TRANSLITERATION))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        longer = f"{slug}-{word}" if slug else word
        if slug and max_length is not None and len(longer) > max_length:
            break
        slug = longer
    return slug


@dataclass(frozen=True, order=True)
class KbDate:
    """An ISO 8601 date at day, month or year precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> KbDate | None:
        """The date ``text`` denotes, or None when it is not a valid date.

        Remembered per text: a build asks for the same few thousand dates
        about ten times each (fact boxes, sorting, backlinks, exports, search).
        """
        return _parse_date(text)

    @classmethod
    def _read(cls, text: str) -> KbDate | None:
        match = _DATE_PATTERN.fullmatch(text.strip())
        if match is None:
            return None
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Sorts by the earliest day the date covers."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def last_day_key(self) -> tuple[int, int, int]:
        """The latest day the date covers, for inclusive ``until`` filters."""
        if self.month is None:
            return (self.year, 12, 31)
        if self.day is None:
            return (self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return self.sort_key

    def iso(self) -> str:
        """The date as written: ``2021``, ``2021-12`` or ``2021-12-14``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def display(self, language: str | None = None) -> str:
        """The date for readers, at its own precision: "14 December 2021".

        In ``language`` (default: the build's), by Babel, never by the
        machine's locale (Russian month names in the right case).
        """
        return format_kb_date(self.year, self.month, self.day, language)

    def __str__(self) -> str:
        return self.iso()


@functools.lru_cache(maxsize=16384)
def _parse_date(text: str) -> KbDate | None:
    return KbDate._read(text)


@dataclass(frozen=True)
class Entity:
    """One entity as its directive recorded it.

    ``fields`` holds scalar options (text, dates as ISO strings, URLs);
    ``links`` holds the options that name other entities, as tuples of ids.
    ``title`` is the entity's own display text where it has one (a person's
    name, an agreement's short title); quotes get theirs from their speaker.
    """

    kind: str
    id: str
    docname: str
    lineno: int
    anchor: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = ""
    parent: str = ""
    #: former ids (the ``aliases`` option): still resolved, still addresses
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def date(self) -> KbDate | None:
        value = self.fields.get("date")
        return KbDate.parse(value) if value else None

    def link_ids(self, option: str) -> tuple[str, ...]:
        return self.links.get(option, ())


@dataclass(frozen=True)
class Reference:
    """A reference from one place to an entity: a role in text or an option id.

    ``source`` is the key of the entity that holds the reference (the
    enclosing quote, the page's statement) or ``None`` for plain page text;
    ``via`` is the option name, or ``"text"`` for a role.
    """

    docname: str
    lineno: int
    source: tuple[str, str] | None
    via: str
    target_kinds: tuple[str, ...]
    target_id: str


def anchor_for(kind: str, entity_id: str) -> str:
    """The HTML id of an entity on its page (unique across kinds)."""
    return f"{kind}-{entity_id.replace('/', '--')}"
