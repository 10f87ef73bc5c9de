"""Plain geometry and the layout description the scene is built from (no Qt here).

The layouts in `overview_layout` and `drill_layout` produce a `Layout`: blocks
(containers: areas, lines, machines, the focus lane), nodes (single CIs) and
edges (dependencies, downstream -> upstream), all positioned in scene units.
Keeping this pure makes layouts deterministic and testable without a GUI.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


class BlockRole(enum.Enum):
    AREA = "area"  # overview: an area holding its line blocks
    LINE = "line"  # overview: a line, aggregated (counts, cost at risk)
    NETWORK = "network"  # a band of network nodes (a line-less area, or shared nodes)
    LANE = "lane"  # drill-down: the focus line/machine as a lane, header on the left
    MACHINE = "machine"  # drill-down: a machine holding its device nodes


@dataclass(frozen=True)
class BlockSpec:
    ci_id: str  # "" for a band that is no CI
    role: BlockRole
    rect: Rect
    title: str
    members: tuple[str, ...] = ()  # device CIs aggregated by the block (counts)


@dataclass(frozen=True)
class NodeSpec:
    ci_id: str
    rect: Rect


@dataclass(frozen=True)
class EdgeSpec:
    """`source` depends on `target`; both are keys of blocks or nodes in the layout."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]  # a polyline, from source to target
    min_lod: float = 0.0  # a normal (grey) edge is hidden below this level of detail


@dataclass
class Layout:
    focus: str
    blocks: list[BlockSpec] = field(default_factory=list)
    nodes: list[NodeSpec] = field(default_factory=list)
    edges: list[EdgeSpec] = field(default_factory=list)

    def rect_of(self) -> dict[str, Rect]:
        rects = {b.ci_id: b.rect for b in self.blocks if b.ci_id}
        rects.update({n.ci_id: n.rect for n in self.nodes})
        return rects

    def bounds(self) -> Rect:
        rects = [b.rect for b in self.blocks] + [n.rect for n in self.nodes]
        if not rects:
            return Rect(0, 0, 0, 0)
        x, y = min(r.x for r in rects), min(r.y for r in rects)
        return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)


def layers(ids: Iterable[str], upstream: Callable[[str], Sequence[str]]) -> list[list[str]]:
    """Group CIs by longest dependency path within the set: roots (depend on none) first."""
    members = list(dict.fromkeys(ids))
    inside = set(members)
    depth: dict[str, int] = {}

    def depth_of(ci: str) -> int:
        if ci not in depth:
            ups = [u for u in upstream(ci) if u in inside]
            depth[ci] = 1 + max((depth_of(u) for u in ups), default=-1)
        return depth[ci]

    out: list[list[str]] = []
    for ci in members:
        d = depth_of(ci)
        while len(out) <= d:
            out.append([])
        out[d].append(ci)
    return out


def pack_rows(
    sizes: Sequence[tuple[float, float]], max_width: float, gap: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Shelf packing, left to right then down: positions, total width, total height."""
    positions: list[tuple[float, float]] = []
    x = y = row_h = width = 0.0
    for w, h in sizes:
        if x > 0 and x + w > max_width:
            y += row_h + gap
            x = row_h = 0.0
        positions.append((x, y))
        x += w + gap
        row_h = max(row_h, h)
        width = max(width, x - gap)
    return positions, width, (y + row_h) if sizes else 0.0


def grid_columns(count: int, at_least: int, wide: float = 2.0) -> int:
    """Columns for `count` equal cells: a wide grid, never more columns than cells."""
    return max(1, min(count, max(at_least, math.ceil(math.sqrt(wide * count)))))


def clip_segment(a: Rect, b: Rect) -> tuple[tuple[float, float], ...]:
    """The straight segment between the centres of `a` and `b`, cut at both borders."""
    return (_border_point(a, b.cx, b.cy), _border_point(b, a.cx, a.cy))


def ports(r: Rect, count: int) -> list[float]:
    """x of `count` evenly spread attachment points on a rect's top or bottom edge."""
    return [r.x + r.w * (i + 1) / (count + 1) for i in range(count)]


def _border_point(r: Rect, tx: float, ty: float) -> tuple[float, float]:
    dx, dy = tx - r.cx, ty - r.cy
    if dx == 0 and dy == 0:
        return r.cx, r.cy
    sx = (r.w / 2) / abs(dx) if dx else math.inf
    sy = (r.h / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy, 1.0)
    return r.cx + dx * s, r.cy + dy * s


def spread(centres: Sequence[float], width: float, gap: float, lo: float, hi: float) -> list[float]:
    """Left x of boxes of `width` wanted at sorted `centres`: no overlap, each run of
    touching boxes centred on what it wants, the whole row kept within [lo, hi] if it fits."""
    pitch = width + gap
    runs: list[list[float]] = []  # [wanted sum of centres, count, left]
    for c in centres:
        runs.append([c, 1, c - width / 2])
        while len(runs) > 1:
            prev, last = runs[-2], runs[-1]
            if prev[2] + prev[1] * pitch <= last[2]:
                break
            total, count = prev[0] + last[0], prev[1] + last[1]
            runs[-2:] = [[total, count, total / count - (count * pitch - gap) / 2]]
    lefts = [run[2] + i * pitch for run in runs for i in range(int(run[1]))]
    if not lefts:
        return []
    over = lefts[-1] + width - hi
    if over > 0:
        lefts = [x - over for x in lefts]
    under = lo - lefts[0]
    if under > 0:
        lefts = [x + under for x in lefts]
    return lefts
