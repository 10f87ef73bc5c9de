"""Start -> interactive console window, in a fresh process, as `plantconsole run` does it.

    python -m bench.gui_startup PLANT.toml T0    -> one JSON line: seconds since T0, MB

T0 is the parent's `time.time()` just before it started this interpreter, so the
figures include Python's own start. The steps mirror `widgets.launcher`
(`start_gui`, `run`, `show_console`): the same imports, palette and font, a
qasync loop, the plant file read in the executor (through the launcher's plant
cache, in the folder PLANTCONSOLE_HOME names), the monitor and window built,
shown, then `service.start()`; only the drivers are fakes (no network). The
window is interactive when the tree and the diagram have painted and the event
loop has come round once more.
"""

from __future__ import annotations

# ruff: noqa: E402  (the clock starts before the heavy imports, which belong to the figure)
import time

_BEGIN = time.time()

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import cli
from app.commands.plant_commands import load_or_report
from app.monitor.service import HealthMonitorService
from bench.gui_plant import FakePlant
from bench.measure import rss_mb
from widgets import launcher
from widgets.main_window import MainWindow
from widgets.palette import apply_light_palette


class PaintWatch(QObject):
    """Calls `all_painted` once each watched widget has had a paint event."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.waiting = {id(w) for w in widgets}
        self.first_paint = 0.0
        self.all_painted: Any = lambda: None
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and id(watched) in self.waiting:
            self.first_paint = self.first_paint or time.time()
            self.waiting.discard(id(watched))
            if not self.waiting:
                self.all_painted()
        return False


_IMPORTED = time.time()


def main(argv: list[str]) -> int:
    marks: dict[str, float] = {"interpreter": _BEGIN, "imports": _IMPORTED}
    path, t0 = Path(argv[0]), float(argv[1])
    # as `plantconsole run --config PATH`: the launcher parses the command line first (what
    # that imports once held the window back by the incident store's libraries)
    arguments = ["run", "--config", str(path)]
    cli.build_parser(arguments).parse_args(arguments)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("PlantConsole")
    app.setQuitOnLastWindowClosed(False)  # as the launcher: the coroutine ends the loop
    apply_light_palette(app)
    font = app.font()
    if font.pointSizeF() < launcher.MIN_POINT_SIZE:
        font.setPointSizeF(launcher.MIN_POINT_SIZE)
        app.setFont(font)
    marks["qapplication"] = time.time()
    out: dict[str, Any] = {}

    async def console() -> None:
        launcher.pause_gc()
        cache = launcher.plant_cache()
        plant = await launcher.in_thread(load_or_report, path, cache)
        assert plant is not None, f"{path} has problems"
        out["plant_cache"] = "hit" if cache.hits else "miss"
        marks["plant_loaded"] = time.time()
        feed = FakePlant(plant)
        service = HealthMonitorService(feed.monitor)
        marks["monitor_built"] = time.time()
        window = MainWindow(service)
        marks["window_built"] = time.time()
        interactive = asyncio.Event()
        watch = PaintWatch([window.tree.view.viewport(), window.topology.view.viewport()])

        def now_interactive() -> None:
            marks["interactive"] = time.time()
            out["cpu_s"] = round(time.process_time(), 3)  # this process, every thread
            interactive.set()

        watch.all_painted = lambda: QTimer.singleShot(0, now_interactive)
        if window.first_run:
            window.showMaximized()
        else:
            window.show()
        marks["shown"] = time.time()
        await service.start()
        launcher.settle_gc()
        stored = launcher.store_plant_cache()
        marks["service_started"] = time.time()
        await asyncio.wait_for(interactive.wait(), 120)
        if stored is not None:
            await stored  # so that the next start finds it
        out.update(rss_mb())
        marks["first_paint"] = watch.first_paint
        out["cis"] = len(plant)
        window.close()
        await service.stop()

    qasync.run(console())
    out["marks"] = {k: round(v - t0, 4) for k, v in marks.items()}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
