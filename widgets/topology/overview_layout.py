"""The plant overview: areas holding line blocks, and the network the lines share.

Only aggregates and shared infrastructure are drawn here, never every device,
so a 10,000-CI plant gives a few hundred items at most. Shared infrastructure
is every CI that a CI of another line depends on (SW-L3-043 serves Lines 3, 4
and 5), plus everything such a CI depends on in turn (the core switch). A
shared CI sits in its area's network strip when it serves only that area's
lines, else in the network tier at the top (with its line-less area, e.g.
"Werksnetz").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from models.cmdb import Plant
from widgets.topology.geometry import (
    BlockRole,
    BlockSpec,
    EdgeSpec,
    Layout,
    NodeSpec,
    Rect,
    clip_segment,
    grid_columns,
    layers,
    pack_rows,
    ports,
    spread,
)

STRUCTURAL = frozenset({"site", "area", "line"})
NODE_W, NODE_H = 240.0, 66.0
LINE_W, LINE_H = 320.0, 124.0
PAD, HEADER, GAP = 16.0, 60.0, 24.0
NODE_ROW = NODE_H + 44.0  # vertical pitch of node rows: room for edges between them
STRIP_TO_LINES = 48.0
AREA_GAP = 48.0
TIER_GAP = 80.0
TIER_ROW = 6
ASPECT = 1.8  # width:height the overview aims at: the centre panel of a wide screen
MAX_LONG_EDGES = 12  # more edges to and within the network tier hide when zoomed out
LONG_EDGE_MIN_LOD = 0.35


def shared_infrastructure(plant: Plant) -> set[str]:
    """CIs a CI of another line depends on, and everything upstream of them."""
    shared: set[str] = set()
    for ci_id, node in plant.nodes.items():
        if node.kind in STRUCTURAL:
            continue
        own = plant.line_of(ci_id)
        for dependent in plant.dependents[ci_id]:
            line = plant.line_of(dependent)
            if line is not None and line != own:
                shared.add(ci_id)
                break
    return _upstream_closure(plant, shared)


def _upstream_closure(plant: Plant, seeds: Iterable[str]) -> set[str]:
    found = set(seeds)
    stack = list(found)
    while stack:
        for up in plant.upstream(stack.pop()):
            if up not in found and plant.nodes[up].kind not in STRUCTURAL:
                found.add(up)
                stack.append(up)
    return found


def devices_of(plant: Plant, ci_id: str) -> tuple[str, ...]:
    """The leaf CIs under a container (what "212 devices" counts)."""
    return tuple(c for c in plant.walk(ci_id) if c != ci_id and not plant.nodes[c].children)


def overview_layout(plant: Plant, scope: str | None = None) -> Layout:
    """The site (or one area, `scope`) as area blocks with line blocks and shared network."""
    focus = scope or plant.root
    # Areas may nest: every area in the scope that holds lines gets a block.
    areas = [c for c in plant.walk(focus) if plant.nodes[c].kind == "area"]
    site_areas = areas if focus == plant.root else []
    lines_of = {a: [c for c in plant.nodes[a].children if c in plant.lines] for a in areas}
    shared = shared_infrastructure(plant)
    targets = {line: _line_targets(plant, line, shared) for ls in lines_of.values() for line in ls}
    infra = _upstream_closure(plant, (t for ts in targets.values() for t in ts))
    area_of_line = {line: a for a, ls in lines_of.items() for line in ls}
    home = {c: _home(plant, c, targets, area_of_line) for c in infra}
    served: dict[str, list[str]] = {}
    for line, ts in targets.items():
        for t in ts:
            served.setdefault(t, []).append(line)
    layout = Layout(focus)

    # Areas with lines, packed in rows.
    inner = {a: _area_inner(plant, lines_of[a], [c for c in infra if home[c] == a]) for a in areas}
    boxes = [a for a in areas if lines_of[a]]
    sizes = [(inner[a][0], inner[a][1]) for a in boxes]
    positions, grid_w = _pack_areas(sizes)
    line_rect: dict[str, Rect] = {}
    for area, (x, y) in zip(boxes, positions, strict=True):
        _place_area(plant, layout, area, x, y, inner[area], lines_of[area], served, line_rect)

    # Network tier: line-less areas and shared nodes that serve several areas.
    tier = [c for c in infra if home[c] is None]
    groups = _tier_groups(plant, site_areas, tier)
    key = _barycentre(plant, tier, targets, line_rect)
    _place_tier(plant, layout, groups, key, grid_w)

    _add_edges(plant, layout, served, infra, home, area_of_line)
    return layout


def _pack_areas(sizes: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], float]:
    """Shelf-pack the area blocks at the row width whose result is closest to `ASPECT`."""
    if not sizes:
        return [], 0.0
    widest = max(w for w, _ in sizes)
    one_row = sum(w for w, _ in sizes) + AREA_GAP * (len(sizes) - 1)
    best: tuple[float, list[tuple[float, float]], float] | None = None
    width = widest
    while True:
        positions, w, h = pack_rows(sizes, width, AREA_GAP)
        score = abs(math.log(w / (h + TIER_GAP + 2 * NODE_ROW)) - math.log(ASPECT))
        if best is None or score < best[0]:
            best = (score, positions, w)
        if width >= one_row:
            break
        width = min(width * 1.15, one_row)
    return best[1], best[2]


def _line_targets(plant: Plant, line: str, shared: set[str]) -> set[str]:
    found: set[str] = set()
    for ci_id in plant.walk(line):
        if ci_id not in shared:
            found.update(u for u in plant.upstream(ci_id) if u in shared)
    return found


def _home(
    plant: Plant, ci_id: str, targets: dict[str, set[str]], area_of_line: dict[str, str]
) -> str | None:
    """The area whose strip holds a shared CI, or None for the network tier."""
    served = {area_of_line[line] for line, ts in targets.items() if ci_id in ts}
    if len(served) == 1:
        (area,) = served
        if area in set(plant.ancestors(ci_id)):
            return area
    return None


def _area_inner(
    plant: Plant, lines: list[str], strip: list[str]
) -> tuple[float, float, list[str], int]:
    cols = grid_columns(len(lines), 4)
    rows = math.ceil(len(lines) / cols) if lines else 0
    grid_w = cols * (LINE_W + GAP) - GAP
    grid_h = rows * (LINE_H + GAP) - GAP
    strip_rows = layers(strip, plant.upstream)
    strip_w = max([len(r) * (NODE_W + GAP) - GAP for r in strip_rows] + [0.0])
    strip_h = len(strip_rows) * NODE_ROW - (NODE_ROW - NODE_H) + STRIP_TO_LINES if strip else 0.0
    w = 2 * PAD + max(grid_w, strip_w, 300.0)
    return w, HEADER + strip_h + grid_h + PAD, strip, cols


def _place_area(
    plant: Plant,
    layout: Layout,
    area: str,
    x: float,
    y: float,
    inner: tuple[float, float, list[str], int],
    lines: list[str],
    served: dict[str, list[str]],
    line_rect: dict[str, Rect],
) -> None:
    w, h, strip, cols = inner
    members = tuple(d for line in lines for d in devices_of(plant, line))
    layout.blocks.append(
        BlockSpec(area, BlockRole.AREA, Rect(x, y, w, h), plant.nodes[area].name, members)
    )
    strip_rows = layers(strip, plant.upstream)
    top = (
        y
        + HEADER
        + (len(strip_rows) * NODE_ROW - (NODE_ROW - NODE_H) + STRIP_TO_LINES if strip else 0.0)
    )
    for i, line in enumerate(lines):
        r, c = divmod(i, cols)
        rect = Rect(x + PAD + c * (LINE_W + GAP), top + r * (LINE_H + GAP), LINE_W, LINE_H)
        line_rect[line] = rect
        layout.blocks.append(
            BlockSpec(line, BlockRole.LINE, rect, plant.nodes[line].name, devices_of(plant, line))
        )
    # Strip nodes: each row centred over the lines it serves, inside the area.
    for r, row in enumerate(strip_rows):

        def key(ci_id: str) -> tuple[float, str]:
            xs = [line_rect[ln].cx for ln in served.get(ci_id, ()) if ln in line_rect]
            return (sum(xs) / len(xs) if xs else x + w / 2, ci_id)

        row = sorted(row, key=key)
        lefts = spread([key(c)[0] for c in row], NODE_W, GAP, x + PAD, x + w - PAD)
        for ci_id, left in zip(row, lefts, strict=True):
            rect = Rect(left, y + HEADER + r * NODE_ROW, NODE_W, NODE_H)
            layout.nodes.append(NodeSpec(ci_id, rect))


def _tier_groups(
    plant: Plant, site_areas: list[str], tier: list[str]
) -> list[tuple[str, str, list[str]]]:
    """(area id or "", title, nodes) per band of the network tier."""
    groups: list[tuple[str, str, list[str]]] = []
    placed: set[str] = set()
    for area in site_areas:
        if any(c in plant.lines for c in plant.nodes[area].children):
            continue
        mine = [c for c in tier if c not in placed and area in set(plant.ancestors(c))]
        if not mine and any(plant.nodes[c].kind == "area" for c in plant.nodes[area].children):
            continue  # only holds other areas: those are drawn themselves
        placed.update(mine)
        groups.append((area, plant.nodes[area].name, mine))
    rest = [c for c in tier if c not in placed]
    if rest:
        groups.append(("", "Shared network", rest))
    return groups


def _barycentre(
    plant: Plant, tier: list[str], targets: dict[str, set[str]], line_rect: dict[str, Rect]
) -> dict[str, float]:
    """Horizontal sort key of each tier node: mean x of what depends on it."""
    tier_set = set(tier)
    key: dict[str, float] = {}

    def key_of(ci_id: str, seen: frozenset[str] = frozenset()) -> float:
        if ci_id not in key:
            xs = [line_rect[ln].cx for ln, ts in targets.items() if ci_id in ts]
            if not xs:
                deps = [d for d in plant.dependents[ci_id] if d in tier_set and d not in seen]
                xs = [key_of(d, seen | {ci_id}) for d in deps]
            key[ci_id] = sum(xs) / len(xs) if xs else 0.0
        return key[ci_id]

    for ci_id in tier:
        key_of(ci_id)
    return key


def _place_tier(
    plant: Plant,
    layout: Layout,
    groups: list[tuple[str, str, list[str]]],
    key: dict[str, float],
    grid_w: float,
) -> None:
    """Bands side by side above the areas; in each, nodes upstream-first in rows of at most
    `TIER_ROW`, so that no edge runs behind a node of the band."""
    boxes: list[tuple[str, str, list[list[str]], float, float]] = []
    members = {area: devices_of(plant, area) if area else tuple(ids) for area, _, ids in groups}
    for area, title, ids in groups:
        ordered = [
            c
            for layer in layers(ids, plant.upstream)
            for c in sorted(layer, key=lambda c: (key.get(c, 0.0), c))
        ]
        rows = [ordered[i : i + TIER_ROW] for i in range(0, len(ordered), TIER_ROW)]
        w = 2 * PAD + max([len(r) * (NODE_W + GAP) - GAP for r in rows] + [260.0])
        h = HEADER + (len(rows) * NODE_ROW - (NODE_ROW - NODE_H) if rows else 0.0) + PAD
        boxes.append((area, title, rows, w, h))
    if not boxes:
        return
    total_w = sum(b[3] for b in boxes) + AREA_GAP * (len(boxes) - 1)
    tier_h = max(b[4] for b in boxes)
    x = (grid_w - total_w) / 2
    y = -TIER_GAP - tier_h
    for area, title, rows, w, h in boxes:
        top = y + tier_h - h  # bottom-aligned: short bands sit close to the areas
        layout.blocks.append(
            BlockSpec(area, BlockRole.NETWORK, Rect(x, top, w, h), title, members[area])
        )
        for r, row in enumerate(rows):
            row_w = len(row) * (NODE_W + GAP) - GAP
            left = x + (w - row_w) / 2
            for i, ci_id in enumerate(row):
                rect = Rect(left + i * (NODE_W + GAP), top + HEADER + r * NODE_ROW, NODE_W, NODE_H)
                layout.nodes.append(NodeSpec(ci_id, rect))
        x += w + AREA_GAP


def _add_edges(
    plant: Plant,
    layout: Layout,
    served: dict[str, list[str]],
    infra: set[str],
    home: dict[str, str | None],
    area_of_line: dict[str, str],
) -> None:
    """Lines -> strip nodes along a bus; areas -> tier nodes; shared node -> shared node."""
    rects = layout.rect_of()
    drawn = [t for t in sorted(infra) if t in rects]
    by_x = sorted(drawn, key=lambda t: (rects[t].cx, t))
    # Lines to the nodes of their own area's strip: up from the line, along a bus, up again.
    strip_of_line: dict[str, list[str]] = {}
    tier_of_area: dict[str, list[str]] = {}
    for t in by_x:
        for line in served.get(t, ()):
            if home[t] is not None:
                strip_of_line.setdefault(line, []).append(t)
            elif t not in tier_of_area.setdefault(area_of_line[line], []):
                tier_of_area[area_of_line[line]].append(t)
    bus_rank = {t: i for i, t in enumerate(by_x) if home[t] is not None}
    for line, ts in sorted(strip_of_line.items()):
        r = rects[line]
        for port, t in zip(ports(r, len(ts)), ts, strict=True):
            target = rects[t]
            bus = target.bottom + STRIP_TO_LINES / 2 - 10 * (bus_rank[t] % 3)
            bus = min(bus, r.y - 10)
            points = ((port, r.y), (port, bus), (target.cx, bus), (target.cx, target.bottom))
            layout.edges.append(EdgeSpec(line, t, points))
    # Areas to the network tier: one edge per area and tier node, from the area's top;
    # shared nodes to what they depend on. Many long grey edges are a tangle when zoomed
    # out: then they show only zoomed in, or when red.
    long: list[tuple[str, str, tuple[tuple[float, float], ...]]] = []
    for area, ts in sorted(tier_of_area.items()):
        r = rects[area]
        for port, t in zip(ports(r, len(ts)), ts, strict=True):
            target = rects[t]
            long.append((area, t, ((port, r.y), (target.cx, target.bottom))))
    for t in drawn:
        for d in sorted(plant.dependents[t]):
            if d in infra and d in rects:
                long.append((d, t, clip_segment(rects[d], rects[t])))
    min_lod = LONG_EDGE_MIN_LOD if len(long) > MAX_LONG_EDGES else 0.0
    layout.edges.extend(EdgeSpec(s, t, pts, min_lod) for s, t, pts in long)
