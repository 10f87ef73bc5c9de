"""View-level figures of the incident benchmark: what a person waits for on screen.

Offscreen Qt, the real widgets over the benchmark's store:
- open: from the request until the `IncidentDetail` dialog is shown and its timeline
  painted; "cold" reads and folds the incident from the store, "from the list" finds it
  in the service's cache, where the list's cost ticker leaves the incidents it shows;
- list refresh: the incident list (`IncidentListView`: its model, filter proxy and table)
  absorbing one changed incident (the service's tick emitting `incidentsChanged`) until
  its table is repainted; the store write before it is not counted;
- ticks: one second's cost and SLA tick of the list and of the open detail (the
  benchmark's incidents are open since 2024, on a two-shift calendar).

Each beside a baseline of plain Qt widgets holding the same texts, measured in the same
run: a `QListWidget` in a dialog of the same size; a `QTableView` over a
`QStandardItemModel` of as many rows, one row's cells set and the rows re-sorted (in
C++). Wall and CPU time per sample; the first sample of each warms up and is dropped.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bench.measure import Timing, loadavg
from models.store import Store

DETAIL_SIZE = (760, 640)  # IncidentDetail's own default size
LIST_SIZE = (1400, 520)  # the bottom dock on a 1920x1080 screen, about 20 rows
PAINT_TIMEOUT_S = 30.0
Json = dict[str, Any]


class PaintSpy(QObject):
    """Notes that a widget got a paint event."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(app: QCoreApplication, spy: PaintSpy) -> None:
    deadline = time.monotonic() + PAINT_TIMEOUT_S
    while not spy.painted:
        app.processEvents()
        if time.monotonic() > deadline:
            raise RuntimeError(f"no repaint within {PAINT_TIMEOUT_S:g} s")


def flush(app: QCoreApplication) -> None:
    """Deferred deletes and pending events, outside the timed part."""
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


class Samples:
    """Wall and CPU seconds of repeated samples."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def take(self, fn: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)

    def as_dict(self) -> Json:
        return {"wall": Timing.of(self.wall).as_dict(), "cpu": Timing.of(self.cpu).as_dict()}


def run_views(store: Store, big_id: str, repeats: int) -> Json:
    """Every view-level figure (a QApplication is made if there is none)."""
    app = QApplication.instance() or QApplication(["bench_incidents"])
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        return _run_views(app, store, big_id, repeats)
    finally:
        qInstallMessageHandler(previous)


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages as usual, less the offscreen plugin's line per window it shows."""
    if message != OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def _run_views(app: QCoreApplication, store: Store, big_id: str, repeats: int) -> Json:
    from app.incidents.qt_service import IncidentServiceQt
    from app.incidents.service import IncidentService
    from models.incidents.shifts import schedule_for
    from models.plant_loader import load_plant
    from resources import demo_plant_path

    start = loadavg()
    plant = load_plant(demo_plant_path())
    service = IncidentService(store, plant, user="anna", console_id="CR1")
    template = schedule_for(plant.source, "L5")  # early + late, Europe/Berlin
    service.schedules = {f"L{n}": replace(template, line_id=f"L{n}") for n in range(40)}
    qt = IncidentServiceQt(service)
    result = {
        **_open_figures(app, qt, big_id, repeats),
        **_list_figures(app, qt, repeats),
        "views_loadavg_start": start,
        "views_loadavg_end": loadavg(),
    }
    qt.deleteLater()
    flush(app)
    return result


def _open_figures(app: QCoreApplication, qt: Any, big_id: str, repeats: int) -> Json:
    from widgets.incidents.detail import IncidentDetail
    from widgets.incidents.timeline import entry_line

    service = qt.service
    events = len(service.incident(big_id).timeline)

    def open_detail() -> None:
        detail = IncidentDetail(qt, big_id)
        spy = PaintSpy(detail.timeline.viewport())
        detail.show()
        until_painted(app, spy)
        opened.append(detail)

    lines = [entry_line(entry) for entry in service.incident(big_id).timeline]

    def open_baseline() -> None:
        dialog = QDialog()
        dialog.resize(*DETAIL_SIZE)
        rows = QListWidget()
        QVBoxLayout(dialog).addWidget(rows)
        rows.addItems(lines)
        rows.scrollToBottom()
        spy = PaintSpy(rows.viewport())
        dialog.show()
        until_painted(app, spy)
        opened.append(dialog)

    opened: list[QWidget] = []
    cold, warm, baseline, ticks = Samples(), Samples(), Samples(), Samples()
    for sample in range(repeats + 1):  # the first round warms Qt up: not counted
        service._cache.pop(big_id, None)  # cold: as if no view had read it yet
        for samples, fn in ((cold, open_detail), (warm, open_detail), (baseline, open_baseline)):
            (Samples() if sample == 0 else samples).take(fn)
            shown = opened.pop()
            if isinstance(shown, IncidentDetail) and samples is warm and sample > 0:
                ticks.take(shown.on_tick)
            shown.close()
            shown.deleteLater()
            flush(app)
    return {
        "open_timeline_rows": events,
        "open_cold": cold.as_dict(),
        "open_from_list": warm.as_dict(),
        "open_baseline": baseline.as_dict(),
        "detail_tick": ticks.as_dict(),
    }


def _list_figures(app: QCoreApplication, qt: Any, repeats: int) -> Json:
    from widgets.incidents.list_model import ID_ROLE
    from widgets.incidents.list_view import IncidentListView

    service = qt.service
    view = IncidentListView(qt)
    view.model.timer.stop()  # its ticks are measured on their own, not inside a refresh
    view.resize(*LIST_SIZE)
    spy = PaintSpy(view.table.viewport())
    view.show()
    until_painted(app, spy)
    proxy = view.proxy
    shown = view.table.rowAt(view.table.viewport().height() - 1)
    shown = proxy.rowCount() if shown < 0 else shown + 1

    def refresh() -> None:
        spy.painted = False
        qt.on_tick()  # incidentsChanged: the model, proxy and table take the change
        until_painted(app, spy)

    def tick() -> None:
        spy.painted = False
        view.model.on_tick()  # cost so far and SLA of the rows on screen
        until_painted(app, spy)

    refreshes, ticks = Samples(), Samples()
    for n in range(repeats + 1):
        _change_state(service, proxy.index(n % 3, 0).data(ID_ROLE))  # a row on screen
        (Samples() if n == 0 else refreshes).take(refresh)
        (Samples() if n == 0 else ticks).take(tick)

    base_view, base_model = _standard_copy(view, shown)
    base_spy = PaintSpy(base_view.viewport())
    base_view.show()
    until_painted(app, base_spy)
    baseline = Samples()

    def set_row(n: int) -> None:
        """One row's cells set and the rows re-sorted, as the list re-sorts on a change."""
        base_spy.painted = False
        for column in range(base_model.columnCount()):
            item = base_model.item(n % 3, column)
            if item is not None:
                item.setText(f"{item.text()[:40]} {n}")
        base_model.sort(0)
        until_painted(app, base_spy)

    for n in range(repeats + 1):
        (Samples() if n == 0 else baseline).take(partial(set_row, n))
    figures = {
        "list_rows": proxy.rowCount(),
        "list_rows_on_screen": shown,
        "list_refresh": refreshes.as_dict(),
        "list_tick": ticks.as_dict(),
        "list_baseline": baseline.as_dict(),
    }
    for widget in (view, base_view):
        widget.close()
        widget.deleteLater()
    flush(app)
    return figures


def _change_state(service: Any, incident: str) -> None:
    """A change the list shows in the incident's state column (acknowledged: the row also
    moves below the unacknowledged); written before the timed part."""
    status = service.incident(incident).status.value
    if status == "new":
        service.acknowledge(incident)
    elif status == "in_progress":
        service.set_status(incident, "on_hold", "waiting for a spare part")
    else:
        service.set_status(incident, "in_progress")


def _standard_copy(view: Any, shown: int) -> tuple[QTableView, QStandardItemModel]:
    """The list's rows in a QStandardItemModel, in a plain table of the same size: the
    texts of the rows on screen, repeated down all rows (asking the real model for every
    row would compute the live cost of every incident)."""
    proxy = view.proxy
    rows, columns = proxy.rowCount(), proxy.columnCount()
    texts = [
        [str(proxy.index(row, column).data() or "") for column in range(columns)]
        for row in range(max(1, min(shown, rows)))
    ]
    model = QStandardItemModel(rows, columns)
    for row in range(rows):
        for column, text in enumerate(texts[row % len(texts)]):
            model.setItem(row, column, QStandardItem(text))
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(view.table.verticalHeader().defaultSectionSize())
    for column in range(columns):
        table.setColumnWidth(column, view.table.columnWidth(column))
    table.resize(view.table.size())
    return table, model
