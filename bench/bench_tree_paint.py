"""One full repaint of the machine tree's viewport, against the same rows in Qt's own model.

    python -m bench.bench_tree_paint [--cis 10000] [--repeats 60] [--smoke] [--json]

Offscreen. The real `MachineTree` panel over a generated plant (healthy values, not
streaming), six machines of a middle line open and scrolled to the top as in
`bench.bench_gui`; then the viewport is repainted `repeats` times. The baseline, in
the same run, is a `QStandardItemModel` holding the same texts, icons, colours and
fonts in a plain `QTreeView` of the same size, expansion and scroll position: what the
paint costs with no call back into Python. Figures are CPU time per repaint (others'
work on the machine skews wall time more), the ratio to the baseline, and the calls
into Python one repaint makes, by function. Nothing is asserted.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from types import FrameType
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTreeView

from bench.gui_plant import FakePlant
from bench.measure import loadavg, machine, ms, table
from bench.paint_cli import PaintOptions, paint_main
from bench.plant_gen import generate_plant

MACHINES_OPEN = 6
SIZE = (800, 620)  # every column shown, about 30 rows
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
)
Json = dict[str, Any]


DEFAULT = PaintOptions(cis=10_000, repeats=60, rounds=3)
SMOKE = PaintOptions(cis=1_000, repeats=5, rounds=1)


def main(argv: Sequence[str] | None = None) -> int:
    return paint_main(
        argv,
        prog="python -m bench.bench_tree_paint",
        doc=__doc__ or "",
        default=DEFAULT,
        smoke=SMOKE,
        run=run,
        render=render,
    )


def run(opts: PaintOptions) -> Json:
    from app.monitor.service import HealthMonitorService
    from models.plant_loader import parse_plant
    from widgets.ci_actions import CiActions
    from widgets.machine_tree import MachineTree
    from widgets.selection import CiSelection
    from widgets.tree_model import MachineTreeModel

    app = QApplication.instance() or QApplication(["bench_tree_paint"])
    start = {"loadavg": loadavg()}
    plant = parse_plant(generate_plant(opts.cis), "generated.toml")
    feed = FakePlant(plant)
    service = HealthMonitorService(feed.monitor)
    selection = CiSelection()
    model = MachineTreeModel(service)
    tree = MachineTree(model, selection, CiActions(plant, selection))
    tree.resize(*SIZE)
    tree.show()
    lines = [c for c in plant.walk() if c in plant.lines]
    machines = [c for c in plant.nodes[lines[len(lines) // 2]].children if plant.nodes[c].children]
    for name in machines[:MACHINES_OPEN]:
        tree.view.expand(tree.view_index(name))
    tree.view.scrollTo(tree.view_index(machines[0]), QAbstractItemView.ScrollHint.PositionAtTop)

    baseline, std = _standard_copy(model, tree.view)
    for name in machines[:MACHINES_OPEN]:
        baseline.expand(_standard_index(std, model, name))
    baseline.show()
    top = _standard_index(std, model, machines[0])
    baseline.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
    for _ in range(5):
        app.processEvents()

    tree.view.viewport().repaint()  # first paints make Qt's enums, styles, icons
    baseline.viewport().repaint()
    calls = _python_calls(tree.view)
    tree_ms: list[float] = []
    base_ms: list[float] = []
    for _ in range(opts.rounds):
        tree_ms.append(_cpu_per_repaint(tree.view, opts.repeats))
        base_ms.append(_cpu_per_repaint(baseline, opts.repeats))
    result = {
        "machine": machine(),
        "cis": len(plant),
        "rows_on_screen": _rows(tree.view),
        "baseline_rows_on_screen": _rows(baseline),
        "repeats": opts.repeats,
        "tree_cpu_ms": [round(x, 3) for x in tree_ms],
        "baseline_cpu_ms": [round(x, 3) for x in base_ms],
        "ratio": [round(t / b, 2) for t, b in zip(tree_ms, base_ms, strict=True)],
        "python_calls_per_repaint": sum(calls.values()),
        "python_calls_by_function": dict(calls.most_common(8)),
        "loadavg_start": start["loadavg"],
        "loadavg_end": loadavg(),
    }
    tree.close()
    baseline.close()
    service.deleteLater()
    return result


def _standard_copy(model: Any, like: QTreeView) -> tuple[QTreeView, QStandardItemModel]:
    """The whole tree as a QStandardItemModel in a view set up as `like`."""
    std = QStandardItemModel()
    columns = model.columnCount()
    std.setHorizontalHeaderLabels(
        [model.headerData(c, Qt.Orientation.Horizontal) for c in range(columns)]
    )

    def copy(source: QModelIndex, into: QStandardItem) -> None:
        for row in range(model.rowCount(source)):
            items = []
            for column in range(columns):
                item = QStandardItem()
                index = model.index(row, column, source)
                for role in ROLES:
                    value = model.data(index, role)
                    if value is not None:
                        item.setData(value, role)
                items.append(item)
            into.appendRow(items)
            copy(model.index(row, 0, source), items[0])

    copy(QModelIndex(), std.invisibleRootItem())
    view = QTreeView()
    view.setModel(std)
    view.setUniformRowHeights(like.uniformRowHeights())
    view.resize(like.size())
    for column in range(columns):
        view.header().resizeSection(column, like.header().sectionSize(column))
    view.expandToDepth(2)
    return view, std


def _standard_index(std: QStandardItemModel, model: Any, ci_id: str) -> QModelIndex:
    rows: list[int] = []
    index = model.index_of(ci_id)
    while index.isValid():
        rows.append(index.row())
        index = model.parent(index)
    found = QModelIndex()
    for row in reversed(rows):
        found = std.index(row, 0, found)
    return found


def _cpu_per_repaint(view: QTreeView, repeats: int) -> float:
    viewport = view.viewport()
    viewport.repaint()
    cpu = time.process_time()
    for _ in range(repeats):
        viewport.repaint()
    return (time.process_time() - cpu) / repeats * 1e3


def _python_calls(view: QTreeView) -> Counter[str]:
    calls: Counter[str] = Counter()

    def count(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            calls[frame.f_code.co_name] += 1

    sys.setprofile(count)
    try:
        view.viewport().repaint()
    finally:
        sys.setprofile(None)
    return calls


def _rows(view: QTreeView) -> int:
    rows, height = 0, view.viewport().height()
    index = view.indexAt(view.viewport().rect().topLeft())
    while index.isValid() and view.visualRect(index).top() < height:
        rows += 1
        index = view.indexBelow(index)
    return rows


def render(r: Json) -> str:
    rounds = [
        (f"round {n + 1}", f"{ms(t)} vs {ms(b)}: {x}x")
        for n, (t, b, x) in enumerate(
            zip(r["tree_cpu_ms"], r["baseline_cpu_ms"], r["ratio"], strict=True)
        )
    ]
    by_function = ", ".join(f"{k} {v}" for k, v in r["python_calls_by_function"].items())
    return table(
        [
            (
                "setup",
                [
                    ("plant", f"{r['cis']:,} CIs"),
                    (
                        "rows on screen",
                        f"{r['rows_on_screen']} (baseline {r['baseline_rows_on_screen']})",
                    ),
                    ("load average", f"{r['loadavg_start']} -> {r['loadavg_end']}"),
                ],
            ),
            (
                f"CPU per full repaint (mean of {r['repeats']}): tree vs QStandardItemModel",
                rounds,
            ),
            (
                "calls into Python per repaint",
                [("total", f"{r['python_calls_per_repaint']:,}"), ("by function", by_function)],
            ),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
