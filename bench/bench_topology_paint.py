"""Paints of the topology view, against plain Qt items in the same scene geometry.

    python -m bench.bench_topology_paint [--cis 10000] [--repeats 30] [--smoke] [--json]

Offscreen. The real `TopologyView` (800x660, about its size in a 1920x1080 window)
over a generated plant whose monitored CIs are OK but for one access switch that is
DOWN (the devices behind it IMPACTED), at two levels: the plant overview and the lane
of a middle line (the level `bench.bench_gui` shows, fitted). Per level, CPU time of:

- warm: a full repaint of the viewport, every item's cache valid;
- cold: a full repaint after every item was invalidated (a level change, a theme or
  language switch: each cached item renders its pixmap again);
- flush: `on_health_changed` with the CIs one monitor flush changes (12 devices of the
  line: half flip OK <-> WARNING, half stay WARNING with a new reason text), then the
  repaint Qt schedules for it (what the stream costs the GUI thread per flush).

The baseline, in the same run, is the same geometry drawn by Qt's own items: a
QGraphicsRectItem per block and node with a QGraphicsSimpleTextItem title, a
QGraphicsPathItem per edge, no cache, in a QGraphicsView of the same size and
transform: what a paint costs with no call back into Python. Also printed: the items
one paint draws (Python `paint` calls) and the calls into Python by function.
Nothing is asserted.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from bench.gui_plant import FakePlant
from bench.measure import loadavg, machine, ms, table
from bench.paint_cli import PaintOptions, paint_main
from bench.plant_gen import generate_plant

SIZE = (800, 660)
FLUSH_DEVICES = 12
Json = dict[str, Any]


DEFAULT = PaintOptions(cis=10_000, repeats=30, rounds=3)
SMOKE = PaintOptions(cis=1_000, repeats=3, rounds=1)


def main(argv: Sequence[str] | None = None) -> int:
    return paint_main(
        argv,
        prog="python -m bench.bench_topology_paint",
        doc=__doc__ or "",
        default=DEFAULT,
        smoke=SMOKE,
        run=run,
        render=render,
    )


def run(opts: PaintOptions) -> Json:
    from app.monitor.service import HealthMonitorService
    from models.plant_loader import parse_plant
    from models.states import OK_HEALTH, Health, Reason, State
    from widgets.selection import CiSelection
    from widgets.topology import TopologyView

    app = QApplication.instance() or QApplication(["bench_topology_paint"])
    start_load = loadavg()
    plant = parse_plant(generate_plant(opts.cis), "generated.toml")
    service = HealthMonitorService(FakePlant(plant).monitor)
    engine = service.engine
    lines = [c for c in plant.walk() if c in plant.lines]
    line = lines[len(lines) // 2]
    devices = [c for c in plant.walk(line) if not plant.nodes[c].children]
    switch = next(
        (u for d in devices for u in plant.nodes[d].depends_on if plant.nodes[u].kind == "switch"),
        None,
    )
    own = {c: OK_HEALTH for c, node in plant.nodes.items() if node.monitored}
    if switch is not None:
        own[switch] = Health(State.DOWN, Reason.of("no_answer", s="1.0"))
    engine.apply(own)
    selection = CiSelection()
    view = TopologyView(service, selection)
    view.resize(*SIZE)
    view.show()
    _settle(app)

    flushing = [d for d in devices if engine.rolled[d].state is State.OK][:FLUSH_DEVICES]
    flush_round = [0]
    gui_cpu = [0.0]  # CPU of the view's part of the flushes so far

    def flush() -> None:
        flush_round[0] += 1
        n = flush_round[0]
        changed: dict[str, Health] = {}
        for i, ci in enumerate(flushing):
            if i % 2 and n % 2:
                changed[ci] = OK_HEALTH
            else:
                changed[ci] = Health(State.WARNING, Reason.of("stale", age_s=n))
        done = engine.apply(changed)  # the monitor's part, not timed
        cpu = time.process_time()
        view.on_health_changed(done.effective | done.rolled)
        app.processEvents()  # the scene's changed() -> the view's update -> the paint
        gui_cpu[0] += time.process_time() - cpu

    levels: Json = {}
    for name, level in (("overview", plant.root), ("line", line)):
        view.show_level(level)
        _settle(app)
        levels[name] = _measure_level(app, view.view, (flush, gui_cpu), opts)
        levels[name]["level"] = view.level
        levels[name]["items"] = len(view.scene.items())
        levels[name]["scale"] = round(view.view.scale_factor(), 3)
        base_view = _baseline(view.view)
        _settle(app)
        levels[name]["baseline"] = _measure_level(app, base_view, None, opts)
        base_view.close()
        base_view.deleteLater()
        _settle(app)
    result = {
        "machine": machine(),
        "cis": len(plant),
        "repeats": opts.repeats,
        "levels": levels,
        "loadavg_start": start_load,
        "loadavg_end": loadavg(),
    }
    view.close()
    service.deleteLater()
    return result


def _settle(app: QCoreApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _measure_level(
    app: QCoreApplication,
    view: QGraphicsView,
    flush: tuple[Callable[[], None], list[float]] | None,
    opts: PaintOptions,
) -> Json:
    viewport = view.viewport()
    scene = view.scene()
    assert scene is not None

    def warm() -> None:
        viewport.repaint()

    def cold() -> None:
        for item in scene.items():
            item.update()
        viewport.repaint()

    cases: dict[str, Callable[[], None]] = {"warm": warm, "cold": cold}
    if flush is not None:
        cases["flush"] = flush[0]
    out: Json = {}
    for case, fn in cases.items():
        fn()  # first paints make Qt's enums, fonts, pixmaps
        if case == "flush" and flush is not None:
            out[f"{case}_cpu_ms"] = [_gui_cpu_ms(*flush, opts.repeats) for _ in range(opts.rounds)]
        else:
            out[f"{case}_cpu_ms"] = [_cpu_ms(fn, opts.repeats) for _ in range(opts.rounds)]
        calls = _python_calls(fn)
        out[f"{case}_items_painted"] = sum(n for f, n in calls.items() if f.endswith(".paint"))
        out[f"{case}_python_calls"] = sum(calls.values())
        out[f"{case}_python_calls_by_function"] = dict(calls.most_common(6))
    return out


def _gui_cpu_ms(fn: Callable[[], None], spent: list[float], repeats: int) -> float:
    """Mean CPU of the part of `fn` it adds to `spent[0]` (the view's, not the engine's)."""
    before = spent[0]
    for _ in range(repeats):
        fn()
    return round((spent[0] - before) / repeats * 1e3, 3)


def _cpu_ms(fn: Callable[[], None], repeats: int) -> float:
    cpu = time.process_time()
    for _ in range(repeats):
        fn()
    return round((time.process_time() - cpu) / repeats * 1e3, 3)


def _python_calls(fn: Callable[[], None]) -> Counter[str]:
    calls: Counter[str] = Counter()

    def count(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            calls[frame.f_code.co_qualname] += 1

    sys.setprofile(count)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def _baseline(like: QGraphicsView) -> QGraphicsView:
    """The diagram's geometry as Qt's own items, in a view of the same size and transform."""
    from widgets.topology import paint
    from widgets.topology.edge_item import EdgeItem
    from widgets.topology.items import CiItem

    source = like.scene()
    assert source is not None
    scene = QGraphicsScene(source.sceneRect())
    scene.setBackgroundBrush(QColor(paint.SCENE_BG))
    pen = QPen(QColor("#8C8C8C"), 1.5)
    for item in source.items():
        if isinstance(item, CiItem):
            box = QGraphicsRectItem(item.rect)
            box.setPen(pen)
            box.setBrush(QBrush(QColor(paint.NODE_FILL)))
            box.setZValue(item.zValue())
            scene.addItem(box)
            text = QGraphicsSimpleTextItem(item.ci_id or "-", box)
            text.setPos(item.rect.topLeft() + QPointF(8, 4))
        elif isinstance(item, EdgeItem):
            path = QPainterPath(item.points[0])
            for point in item.points[1:]:
                path.lineTo(point)
            edge = QGraphicsPathItem(path)
            edge.setPen(QPen(QColor(paint.EDGE_GREY), 1.3))
            edge.setZValue(item.zValue())
            scene.addItem(edge)
    view = QGraphicsView(scene)
    scene.setParent(view)  # kept alive with the view
    view.setRenderHints(like.renderHints())
    view.resize(like.size())
    view.setTransform(like.transform())
    view.show()
    viewport: QWidget = view.viewport()
    if viewport.size() != like.viewport().size():  # same pixels painted
        view.resize(view.size() + like.viewport().size() - viewport.size())
    view.centerOn(like.mapToScene(like.viewport().rect()).boundingRect().center())
    return view


def render(r: Json) -> str:
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "setup",
            [
                ("plant", f"{r['cis']:,} CIs, view {SIZE[0]}x{SIZE[1]}"),
                ("load average", f"{r['loadavg_start']} -> {r['loadavg_end']}"),
            ],
        )
    ]
    for name, lv in r["levels"].items():
        base = lv["baseline"]
        rows = [("level", f"{lv['level']}: {lv['items']} items, scale {lv['scale']}")]
        for case in ("warm", "cold", "flush"):
            key = f"{case}_cpu_ms"
            if key not in lv:
                continue
            figures = ", ".join(ms(x) for x in lv[key])
            if f"{case}_cpu_ms" in base:
                ratios = ", ".join(
                    f"{t / b:.1f}x" for t, b in zip(lv[key], base[key], strict=True) if b
                )
                versus = f"; Qt items {', '.join(ms(x) for x in base[key])}: {ratios}"
            else:
                versus = ""
            rows.append((f"{case} repaint CPU", f"{figures}{versus}"))
            by_function = ", ".join(
                f"{k} {v}" for k, v in lv[f"{case}_python_calls_by_function"].items()
            )
            rows.append(
                (
                    f"{case}: items painted / Python calls",
                    f"{lv[f'{case}_items_painted']} / {lv[f'{case}_python_calls']:,}"
                    f" ({by_function})",
                )
            )
        sections.append((f"{name} (mean of {r['repeats']} per round)", rows))
    return table(sections)


if __name__ == "__main__":
    raise SystemExit(main())
