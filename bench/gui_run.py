"""The streaming part of the GUI benchmark: window, load, probes, on a qasync loop.

`run_stream` builds the console as `widgets.launcher.show_console` does (monitor,
service, `MainWindow`, shown, `service.start()`; the GUI-thread garbage collector of
`start_gui` instead of automatic collection), with fake drivers; brings the
rows of a few machines on screen in the tree and selects one of their devices
(so details, diagram level and a trend follow it, as for a supervisor); then
streams changes for the given time while the probes record.
"""

from __future__ import annotations

import asyncio
import cProfile
import math
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any

import PySide6
import qasync
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.monitor.service import HealthMonitorService
from bench.gui_load import ChangeStream, Mix
from bench.gui_plant import FakePlant
from bench.gui_probes import LatenessProbe, RepaintProbe, percentile
from bench.measure import Timing, rss_mb
from models.plant_loader import parse_plant
from widgets import launcher
from widgets.gc_guard import GuiThreadCollector
from widgets.main_window import MainWindow
from widgets.palette import apply_light_palette
from widgets.tree_model import Column

STALL_TIMER_MS = 10
SETTLE_S = 1.0  # after the first healthy values: a flush and a coalescing tick, twice over
DRAIN_S = 1.0  # after the stream: time for the last changes to be painted
MACHINES_OPEN = 6
Json = dict[str, Any]
LOOP = "qasync QEventLoop (as plantconsole run); monitor and stream are asyncio tasks on it"


def run_stream(text: str, mix: Mix, seconds: float, seed: int, profile: bool = False) -> Json:
    app = QApplication.instance() or QApplication(["bench_gui"])
    assert isinstance(app, QApplication)
    app.setApplicationName("PlantConsole")
    app.setQuitOnLastWindowClosed(False)  # as the launcher: the coroutine ends the loop
    apply_light_palette(app)
    font = app.font()
    if font.pointSizeF() < launcher.MIN_POINT_SIZE:
        font.setPointSizeF(launcher.MIN_POINT_SIZE)
        app.setFont(font)
    collector = GuiThreadCollector()  # as `plantconsole run`: no automatic collections
    try:
        result: Json = qasync.run(_stream(text, mix, seconds, seed, profile))
    finally:
        collector.stop()
    result["plant"]["platform"] = QApplication.platformName()
    result["gc"] = {"gui_thread_collections": collector.collections}
    return result


async def _stream(text: str, mix: Mix, seconds: float, seed: int, profile: bool) -> Json:
    launcher.pause_gc()  # as `plantconsole run`: no collections while building
    start = time.perf_counter()
    plant = parse_plant(text, "generated.toml")
    parse_s = time.perf_counter() - start
    feed = FakePlant(plant)
    service = HealthMonitorService(feed.monitor)
    window = MainWindow(service)
    if window.first_run:
        window.showMaximized()
    else:
        window.show()
    await service.start()
    launcher.settle_gc()
    feed.all_healthy()
    await _evaluated(feed)
    await asyncio.sleep(SETTLE_S)
    abnormal_start = _abnormal(service)
    probe = RepaintProbe(feed.monitor, window)
    window.tree.view.setItemDelegateForColumn(Column.STATE, probe)
    on_screen = await _bring_devices_on_screen(window, feed)
    stream = ChangeStream(feed, mix, seed)
    stream.watched = on_screen & feed.driver_of.keys()
    stream.on_push = probe.note_push
    lateness = LatenessProbe(STALL_TIMER_MS, window)
    emits: list[int] = []
    service.healthChanged.connect(lambda changed: emits.append(len(changed)))
    flushes = _time_calls(feed.monitor, "flush")
    await asyncio.sleep(0.5)

    profiler = cProfile.Profile() if profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    probe.active = True
    lateness.start()
    stream.start()
    await asyncio.sleep(seconds)
    await stream.stop()
    lateness.stop()
    probe.active = False
    if profiler is not None:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await asyncio.sleep(DRAIN_S)
    if profiler is not None:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)

    result = {
        "plant": {
            "cis": len(plant),
            "monitored": len(feed.driver_of),
            "drivers": len(feed.drivers()),
            "analog": len(feed.analog),
            "parse_s": round(parse_s, 3),
            "loop": LOOP,
            "pyside": PySide6.__version__,
        },
        "stream": _stream_figures(stream, emits, flushes, cpu, wall, abnormal_start, service),
        "stall": _stall_figures(lateness, seconds),
        "repaint": _repaint_figures(probe, on_screen, stream),
        "memory": rss_mb(),
    }
    window.close()
    await service.stop()
    service.deleteLater()
    return result


async def _evaluated(feed: FakePlant, limit_s: float = 120.0) -> None:
    """Until the monitor has evaluated every first value (its flushes are time-sliced)."""
    for _ in range(int(limit_s / 0.05)):
        if not feed.monitor.pending:
            return
        await asyncio.sleep(0.05)


async def _bring_devices_on_screen(window: MainWindow, feed: FakePlant) -> set[str]:
    """Open a few machines of a middle line, scroll them to the top, select a device."""
    plant, tree = feed.plant, window.tree
    lines = [c for c in plant.walk() if c in plant.lines]
    line = lines[len(lines) // 2]
    machines = [c for c in plant.nodes[line].children if plant.nodes[c].children]
    for machine in machines[:MACHINES_OPEN]:
        tree.view.expand(tree.view_index(machine))
    devices = [c for m in machines[:MACHINES_OPEN] for c in plant.nodes[m].children]
    selected = next((c for c in devices if c in feed.limited), devices[0])
    window.selection.select(selected)
    if selected in feed.limited:
        window.on_trend_requested(selected, feed.limited[selected][0].name.split(":", 1)[1])
    top = tree.view_index(machines[0])
    tree.view.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
    await asyncio.sleep(0.3)
    return _rows_on_screen(window)


def _rows_on_screen(window: MainWindow) -> set[str]:
    view, tree = window.tree.view, window.tree
    height = view.viewport().height()
    index = view.indexAt(QPoint(2, 2))
    shown: set[str] = set()
    while index.isValid() and view.visualRect(index).bottom() < height:
        shown.add(tree.ci_at(index))
        index = view.indexBelow(index)
    return shown


def _abnormal(service: HealthMonitorService) -> int:
    return sum(1 for h in service.engine.rolled.values() if h.state.is_abnormal)


def _time_calls(obj: object, name: str) -> list[float]:
    """Wrap `obj.name` to record how long each call takes (seconds)."""
    original: Callable[..., object] = getattr(obj, name)
    spent: list[float] = []

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    setattr(obj, name, timed)
    return spent


def _ms(seconds: float) -> float:
    return round(seconds * 1e3, 2) if math.isfinite(seconds) else seconds


def _stream_figures(
    stream: ChangeStream,
    emits: list[int],
    flushes: list[float],
    cpu: float,
    wall: float,
    abnormal_start: int,
    service: HealthMonitorService,
) -> Json:
    c = stream.counts
    return {
        "changes": c.changes,
        "rate": round(c.changes / max(stream.elapsed_s, 1e-9), 1),
        "samples": c.samples,
        "crossings": c.crossing_out + c.crossing_back,
        "links": c.link_down + c.link_up,
        "counts": {k: getattr(c, k) for k in c.__dataclass_fields__},
        "health_emits": len(emits),
        "rows_changed": sum(emits),
        "rows_per_emit": sum(emits) / max(1, len(emits)),
        "flush": Timing.of(flushes or [0.0]).as_dict(),
        "cpu_percent": round(100 * cpu / wall, 1),
        "abnormal_start": abnormal_start,
        "abnormal_end": _abnormal(service),
    }


def _stall_figures(lateness: LatenessProbe, seconds: float) -> Json:
    late = lateness.lateness_s
    return {
        "ticks": len(late),
        "expected_ticks": int(seconds * 1000 / STALL_TIMER_MS),
        "p50_ms": _ms(percentile(late, 50)),
        "p99_ms": _ms(percentile(late, 99)),
        "max_ms": _ms(max(late, default=math.nan)),
        "over_50ms": len(lateness.stalls),
        "stalls": lateness.stalls[:200],  # (s since start, lateness s)
    }


def _repaint_figures(probe: RepaintProbe, on_screen: set[str], stream: ChangeStream) -> Json:
    latencies = probe.all_latencies()
    return {
        "rows_on_screen": len(on_screen),
        "watched": len(stream.watched),
        "samples": len(latencies),
        "unpainted": probe.unpainted,
        "pushes_without_change": probe.pushes_without_change,
        "p50_ms": _ms(percentile(latencies, 50)),
        "p95_ms": _ms(percentile(latencies, 95)) if latencies else math.inf,
        "max_ms": _ms(max(latencies, default=math.nan)),
        "to_flush_p50_ms": _ms(percentile(probe.to_flush_s, 50)),
        "to_flush_p95_ms": _ms(percentile(probe.to_flush_s, 95)),
        "paints": probe.paints,
    }
