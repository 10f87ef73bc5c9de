"""Drill-down: one line (or machine) as a lane, with the network it depends on above.

Inside the lane: the focus's own network (switches, rings, interfaces that are
direct children) in dependency layers, then its machines as blocks holding
their devices. Above the lane, the network tier: every CI outside the focus
that something inside depends on, transitively (SW-L3-043 for Line 4, the core
switch), upstream on top. Edges go from each device to what it depends on; on
a big line (more than `MAX_DEVICE_EDGES`) they are bundled per machine.
"""

from __future__ import annotations

import math

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
    spread,
)
from widgets.topology.overview_layout import STRUCTURAL, devices_of

NODE_W, NODE_H = 240.0, 66.0
LANE_MIN_H = 340.0  # the title column needs this much
GAP = 20.0
PAD, HEADER = 14.0, 46.0
LANE_HEAD = 230.0  # the lane's title column
ROW = NODE_H + 50.0  # pitch of node rows: room for edges
TIER_GAP = 90.0
MAX_DEVICE_EDGES = 40
EDGE_MIN_LOD = 0.25  # grey edges vanish when zoomed out this far; red ones stay


def drill_layout(plant: Plant, focus: str) -> Layout:
    """Lane for `focus` (a line or machine), its machines and devices, the network above."""
    node = plant.nodes[focus]
    machines = [c for c in node.children if plant.nodes[c].children]
    loose = [c for c in node.children if not plant.nodes[c].children]
    contained = set(plant.walk(focus))
    layout = Layout(focus)

    # Lane content, relative to (0, 0) = top-left of the content area: the focus's own
    # network rows on top, then the machines.
    loose_rows = layers(loose, plant.upstream)
    top = len(loose_rows) * ROW
    sizes = [_machine_size(len(devices_of(plant, m))) for m in machines]
    total = sum(w * h for w, h in sizes)
    widest_row = max([len(r) * (NODE_W + GAP) - GAP for r in loose_rows] + [NODE_W])
    target_w = max(
        [widest_row, 3 * (NODE_W * 2 + GAP + 2 * PAD) + 2 * GAP, math.sqrt(total * 2.5)]
        + [w for w, _ in sizes]
    )
    positions, grid_w, grid_h = pack_rows(sizes, target_w, GAP * 2)
    content_w = max(widest_row, grid_w)
    blocks: list[BlockSpec] = []
    nodes: list[NodeSpec] = []
    for m, (mx, my), (w, h) in zip(machines, positions, sizes, strict=True):
        devices = devices_of(plant, m)
        blocks.append(
            BlockSpec(m, BlockRole.MACHINE, Rect(mx, top + my, w, h), plant.nodes[m].name, devices)
        )
        cols = _device_cols(len(devices))
        for i, d in enumerate(devices):
            r, c = divmod(i, cols)
            nodes.append(
                NodeSpec(
                    d,
                    Rect(
                        mx + PAD + c * (NODE_W + GAP),
                        top + my + HEADER + r * (NODE_H + GAP),
                        NODE_W,
                        NODE_H,
                    ),
                )
            )
    xs = {n.ci_id: n.rect.cx for n in nodes}
    xs.update({b.ci_id: b.rect.cx for b in blocks})
    for r in range(len(loose_rows) - 1, -1, -1):
        nodes.extend(_row(plant, loose_rows[r], r * ROW, xs, 0.0, content_w))
    content_h = top + grid_h if machines else max(top - (ROW - NODE_H), NODE_H)

    # The lane itself, with the title column on the left.
    lane = Rect(0, 0, LANE_HEAD + content_w + 2 * PAD, max(content_h + 2 * PAD, LANE_MIN_H))
    dx, dy = LANE_HEAD + PAD, PAD
    layout.blocks.append(
        BlockSpec(focus, BlockRole.LANE, lane, node.name, devices_of(plant, focus))
    )
    layout.blocks.extend(
        BlockSpec(b.ci_id, b.role, b.rect.moved(dx, dy), b.title, b.members) for b in blocks
    )
    layout.nodes.extend(NodeSpec(n.ci_id, n.rect.moved(dx, dy)) for n in nodes)

    # Network tier above the lane, the row nearest the lane first.
    xs = {ci_id: r.cx for ci_id, r in layout.rect_of().items() if ci_id != focus}
    rows = layers(_external(plant, contained), plant.upstream)
    y = -TIER_GAP - NODE_H
    for row in reversed(rows):
        layout.nodes.extend(_row(plant, row, y, xs, 0.0, lane.w))
        y -= ROW
    _add_edges(plant, layout, machines)
    return layout


def _row(
    plant: Plant, row: list[str], y: float, xs: dict[str, float], lo: float, hi: float
) -> list[NodeSpec]:
    """A row of nodes, each as near as it can be above the mean x of its dependents
    (those with none go to the right end); adds their x to `xs`."""

    def wanted(ci_id: str) -> float:
        below = [xs[d] for d in plant.dependents[ci_id] if d in xs]
        return sum(below) / len(below) if below else hi

    order = {c: i for i, c in enumerate(row)}  # ties keep plant-file order
    ordered = sorted(row, key=lambda c: (wanted(c), order[c]))
    lefts = spread([wanted(c) for c in ordered], NODE_W, GAP, lo, hi)
    specs = [NodeSpec(c, Rect(x, y, NODE_W, NODE_H)) for c, x in zip(ordered, lefts, strict=True)]
    xs.update((n.ci_id, n.rect.cx) for n in specs)
    return specs


def _machine_size(devices: int) -> tuple[float, float]:
    cols = _device_cols(devices)
    rows = max(1, math.ceil(devices / cols))
    return (2 * PAD + cols * (NODE_W + GAP) - GAP, HEADER + rows * (NODE_H + GAP) - GAP + PAD)


def _device_cols(devices: int) -> int:
    return grid_columns(devices, 1, wide=1.0)


def _external(plant: Plant, contained: set[str]) -> list[str]:
    """CIs outside the focus that it depends on, transitively, in plant order."""
    found: set[str] = set()
    stack = list(contained)
    while stack:
        for up in plant.upstream(stack.pop()):
            if up not in contained and up not in found and plant.nodes[up].kind not in STRUCTURAL:
                found.add(up)
                stack.append(up)
    return sorted(found, key=plant.topo_index.__getitem__)


def _add_edges(plant: Plant, layout: Layout, machines: list[str]) -> None:
    rects = layout.rect_of()
    drawn_nodes = [n.ci_id for n in layout.nodes]
    device_edges = sum(len(plant.upstream(c)) for c in drawn_nodes)
    bundle = device_edges > MAX_DEVICE_EDGES
    owner: dict[str, str] = {}
    if bundle:
        for m in machines:
            owner.update((d, m) for d in devices_of(plant, m))
    pairs: dict[tuple[str, str], None] = {}
    for ci_id in drawn_nodes:
        for up in plant.upstream(ci_id):
            source = owner.get(ci_id, ci_id)
            if owner.get(up) == source:
                continue  # inside one bundled machine
            pairs[(source, owner.get(up, up))] = None
    for source, target in pairs:
        if source in rects and target in rects and source != target:
            points = clip_segment(rects[source], rects[target])
            layout.edges.append(EdgeSpec(source, target, points, EDGE_MIN_LOD))
