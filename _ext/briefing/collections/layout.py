"""The layout of an agreement graph: where each node, label, lane and arrow goes.

Pure geometry, free of Sphinx and of any output format, so the SVG writer
(:mod:`.graph`) only draws what is computed here and the tests check the
result directly (no two label boxes intersect, everything is inside the
drawing).

Time runs left to right. The time axis is not linear: consecutive dates are
at least :data:`MIN_GAP` apart and otherwise as far apart as their days, so a
year with many agreements is spread out and a quiet decade is short
(:func:`time_positions`). Each lane (a stage or a party) is a horizontal band
of *tracks*; a node goes into the first track of its lane where its box
(dot and label) touches no other box, so labels never overlap
(:func:`_pack`). A label wraps to two lines and is shortened with an
ellipsis beyond that; it sits right of its dot, or left of it near the right
edge. Text widths are estimated generously from the characters (the drawing
is rendered by browsers and WeasyPrint with fonts this code cannot measure),
so a real label is narrower than its box.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

#: Width of the drawing, in its own units: the site's content column (about
#: 46em) and an A4 page's text width both show it at a readable scale.
WIDTH = 680.0
MARGIN = 10.0
FONT_SIZE = 10.0
LINE_HEIGHT = 12.0
#: widest label, before wrapping
LABEL_WIDTH = 120.0
MAX_LINES = 2
DOT_RADIUS = 4.5
LABEL_GAP = 5.0
TRACK_HEIGHT = MAX_LINES * LINE_HEIGHT + 9.0
LANE_HEADER = 18.0
AXIS_HEIGHT = 26.0
PAD = 3.0
#: smallest distance between two consecutive dates on the axis
MIN_GAP = 36.0

_NARROW = set("ijlrtf.,:;'!|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif font."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.36
        elif char in _WIDE:
            width += 0.95
        elif char.isupper() or char.isdigit():
            width += 0.72
        else:
            width += 0.62
    return width * size


def wrap_label(text: str, width: float = LABEL_WIDTH, lines: int = MAX_LINES) -> tuple[str, ...]:
    """``text`` in at most ``lines`` lines no wider than ``width``; the last is
    shortened with an ellipsis when the text is longer."""
    words = text.split()
    result: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current:
            result.append(current)
        current = word
        if len(result) == lines - 1:
            rest = " ".join([word, *words[position + 1 :]])
            result.append(_shorten(rest, width))
            return tuple(result)
    if current:
        result.append(_shorten(current, width))
    return tuple(result)


def _shorten(text: str, width: float) -> str:
    if text_width(text) <= width:
        return text
    while text and text_width(text + "\N{HORIZONTAL ELLIPSIS}") > width:
        text = text[:-1]
    return text.rstrip() + "\N{HORIZONTAL ELLIPSIS}"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class GraphInput:
    """One node to draw: ``day`` is its date as a proleptic Gregorian ordinal;
    ``lanes`` the lanes it belongs to (drawn in the first, marked in the rest)."""

    key: str
    label: str
    day: int
    lanes: tuple[str, ...]


@dataclass(frozen=True)
class PlacedNode:
    key: str
    x: float
    y: float
    lane: str
    #: the label's lines and the box they occupy
    lines: tuple[str, ...]
    label: Box
    #: the label left of the dot (near the right edge)
    flipped: bool


@dataclass(frozen=True)
class Mark:
    """A node's dot in another lane it belongs to (a further party)."""

    key: str
    x: float
    y: float
    lane: str


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    band: Box


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    lanes: tuple[Lane, ...]
    nodes: tuple[PlacedNode, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    axis_y: float

    def node(self, key: str) -> PlacedNode:
        return next(n for n in self.nodes if n.key == key)


def day_number(sort_key: tuple[int, int, int]) -> int:
    """The ordinal of a (year, month, day) sort key."""
    return datetime.date(*sort_key).toordinal()


def time_positions(days: Sequence[int], left: float, right: float) -> dict[int, float]:
    """x of each distinct day: in order, at least ``MIN_GAP`` apart (less when
    there are too many to fit) and otherwise proportional to the days between."""
    distinct = sorted(set(days))
    if not distinct:
        return {}
    if len(distinct) == 1:
        return {distinct[0]: left}
    span = right - left
    gaps = [b - a for a, b in itertools.pairwise(distinct)]
    min_gap = min(MIN_GAP, span / len(gaps))

    def total(scale: float) -> float:
        return sum(max(min_gap, gap * scale) for gap in gaps)

    low, high = 0.0, span / max(1, min(gaps))
    for _ in range(60):
        middle = (low + high) / 2
        if total(middle) > span:
            high = middle
        else:
            low = middle
    scale = low
    positions = {distinct[0]: left}
    x = left
    for day, gap in zip(distinct[1:], gaps, strict=True):
        x += max(min_gap, gap * scale)
        positions[day] = x
    return positions


def _interpolate(positions: dict[int, float], day: int) -> float | None:
    """x of any day between the drawn dates (None outside them)."""
    days = sorted(positions)
    for a, b in itertools.pairwise(days):
        if a <= day <= b:
            return positions[a] + (positions[b] - positions[a]) * (day - a) / (b - a)
    return None


def _ticks(positions: dict[int, float], left: float, right: float) -> tuple[Tick, ...]:
    days = sorted(positions)
    first = datetime.date.fromordinal(days[0]).year
    last = datetime.date.fromordinal(days[-1]).year
    ticks: list[Tick] = []
    for year in range(first, last + 1):
        day = datetime.date(year, 1, 1).toordinal()
        x = _interpolate(positions, day) if len(days) > 1 else None
        if x is None:
            x = left if year == first else None
        if x is None or (ticks and x - ticks[-1].x < text_width("0000") + 8):
            continue
        ticks.append(Tick(x, str(year)))
    if not ticks or ticks[0].x > left + text_width("0000") + 8:
        ticks.insert(0, Tick(left, str(first)))
    return tuple(t for t in ticks if t.x <= right)


def _label_box(
    x: float, lines: tuple[str, ...], track_top: float, width: float
) -> tuple[Box, bool]:
    box_width = max(text_width(line) for line in lines) + 2 * PAD
    height = len(lines) * LINE_HEIGHT + 2 * PAD
    y = track_top + (TRACK_HEIGHT - height) / 2
    start = x + DOT_RADIUS + LABEL_GAP
    if start + box_width <= width - MARGIN:
        return Box(start, y, box_width, height), False
    return Box(x - DOT_RADIUS - LABEL_GAP - box_width, y, box_width, height), True


def _footprint(x: float, label: Box | None) -> tuple[float, float]:
    """The horizontal extent a node occupies in its track (dot and label)."""
    low, high = x - DOT_RADIUS - PAD, x + DOT_RADIUS + PAD
    if label is not None:
        low, high = min(low, label.x - PAD), max(high, label.right + PAD)
    return low, high


def _pack(extents: list[tuple[float, float]]) -> list[int]:
    """A track for each extent where it overlaps no other: taken from the left
    end, each goes into the first track free there (as few tracks as
    possible for intervals)."""
    tracks: list[list[tuple[float, float]]] = []
    result = [0] * len(extents)
    for index in sorted(range(len(extents)), key=lambda i: extents[i]):
        low, high = extents[index]
        for number, taken in enumerate(tracks):
            if all(high <= a or low >= b for a, b in taken):
                taken.append((low, high))
                result[index] = number
                break
        else:
            tracks.append([(low, high)])
            result[index] = len(tracks) - 1
    return result


def layout(
    inputs: Sequence[GraphInput],
    lanes: Sequence[tuple[str, str]],
    width: float = WIDTH,
) -> Layout:
    """Place ``inputs`` in ``lanes`` ((key, label) pairs, top to bottom)."""
    left = MARGIN + DOT_RADIUS + 1
    right = width - MARGIN - DOT_RADIUS - 1
    positions = time_positions([i.day for i in inputs], left, right)
    lane_keys = [key for key, _ in lanes]
    ordered = sorted(inputs, key=lambda i: (i.day, i.key))
    # per lane: (input, is main) in time order, labels first computed at y = 0
    members: dict[str, list[tuple[GraphInput, bool]]] = {key: [] for key in lane_keys}
    for item in ordered:
        own = [lane for lane in item.lanes if lane in members]
        for position, lane in enumerate(own):
            members[lane].append((item, position == 0))
    placed: list[PlacedNode] = []
    marks: list[Mark] = []
    bands: list[Lane] = []
    top = 4.0
    for key, label in lanes:
        entries = members[key]
        extents = []
        wrapped = []
        for item, main in entries:
            x = positions[item.day]
            lines = wrap_label(item.label) if main else ()
            box = _label_box(x, lines, 0, width)[0] if main else None
            extents.append(_footprint(x, box))
            wrapped.append(lines)
        tracks = _pack(extents)
        count = max(tracks, default=-1) + 1
        first_track = top + LANE_HEADER
        for (item, main), lines, track in zip(entries, wrapped, tracks, strict=True):
            x = positions[item.day]
            track_top = first_track + track * TRACK_HEIGHT
            y = track_top + TRACK_HEIGHT / 2
            if main:
                box, flipped = _label_box(x, lines, track_top, width)
                placed.append(PlacedNode(item.key, x, y, key, lines, box, flipped))
            else:
                marks.append(Mark(item.key, x, y, key))
        height = LANE_HEADER + max(count, 1) * TRACK_HEIGHT
        bands.append(Lane(key, label, Box(0, top, width, height)))
        top += height + 2
    axis_y = top + 4
    ticks = _ticks(positions, left, right) if positions else ()
    return Layout(
        width=width,
        height=axis_y + AXIS_HEIGHT,
        lanes=tuple(bands),
        nodes=tuple(placed),
        marks=tuple(marks),
        ticks=ticks,
        axis_y=axis_y,
    )
