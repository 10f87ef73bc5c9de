"""The topology view on the demo plant (real monitor over fake drivers) and on 10,000 CIs."""

from __future__ import annotations

import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QImage

from models.cmdb import Plant
from models.health import HealthEngine
from models.plant_loader import build_plant
from models.plant_schema import Area, Ci, Line, PlantFile, Site
from models.states import OK_HEALTH, Health, Reason, State
from tests.widgets.conftest import PlantFeed
from widgets.selection import CiSelection
from widgets.topology import TopologyView
from widgets.topology.block_item import BlockItem
from widgets.topology.drill_layout import drill_layout
from widgets.topology.faces import HealthLookup, state_label
from widgets.topology.geometry import BlockRole
from widgets.topology.items import CiItem, NodeItem
from widgets.topology.lod import Detail, block_detail, node_detail
from widgets.topology.overview_layout import overview_layout, shared_infrastructure

pytestmark = [
    pytest.mark.gui,
    # Offscreen platform noise when a top-level widget is shown.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def selection(qapp: object) -> CiSelection:
    return CiSelection()


@pytest.fixture
def view(plant_feed: PlantFeed, selection: CiSelection, qtbot: Any) -> Iterator[TopologyView]:
    widget = TopologyView(plant_feed.service, selection)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    yield widget


def _item(view: TopologyView, ci_id: str) -> CiItem:
    item = view.scene.item_for(ci_id)
    assert item is not None, f"{ci_id} is not in the diagram at level {view.level}"
    return item


def _drawn(item: CiItem) -> Detail | None:
    """The detail of the item's last paint (a call: each paint changes it)."""
    return item.drawn


def _viewport_pos(view: TopologyView, item: CiItem) -> QPoint:
    return view.view.mapFromScene(item.mapToScene(item.rect.center()))


# -- overview ------------------------------------------------------------------


def test_overview_has_every_area_line_and_the_shared_switch(view: TopologyView) -> None:
    plant = view.plant
    assert view.level == plant.root
    for ci_id, node in plant.nodes.items():
        if node.kind in ("area", "line"):
            assert isinstance(_item(view, ci_id), BlockItem), ci_id
    switch = _item(view, "SW-L3-043")
    assert isinstance(switch, NodeItem)
    # The switch is joined to each of the three lines that depend on it.
    for line in ("L3", "L4", "L5"):
        assert view.scene.edge(line, "SW-L3-043") is not None, line
    # No device of a line is drawn on the overview.
    assert view.scene.item_for("AR-042-PLC") is None


def test_overview_is_calm_when_all_is_ok(view: TopologyView) -> None:
    for ci_id in ("L3", "L4", "L5", "L1", "SW-L3-043"):
        face = _item(view, ci_id).face
        assert face.state is State.OK
        assert not face.alarm
    assert not any(edge.face.abnormal for edge in view.scene.edges)
    assert view.summary.text() == "All 4 lines running"


def test_switch_down_shows_switch_down_and_three_lines_stopped(
    view: TopologyView, plant_feed: PlantFeed
) -> None:
    scene_before = view.scene
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()

    assert view.scene is scene_before, "a health change must not rebuild the scene"
    switch = _item(view, "SW-L3-043").face
    assert switch.state is State.DOWN
    assert "Down" in switch.lines[-1]
    for line in ("L3", "L4", "L5"):
        face = _item(view, line).face
        assert face.state.is_out, line
        assert face.alarm == "STOPPED — EUR 3,800/h at risk"
        assert face.badge == "STOPPED"
        edge = view.scene.edge(line, "SW-L3-043")
        assert edge is not None and edge.face.abnormal and edge.face.state is State.DOWN
    assert _item(view, "L4").face.lines[0] == "Impacted (behind SW-L3-043)"
    assert _item(view, "L3").face.lines[1] == "10 devices: 1 down, 8 impacted"
    assert _item(view, "L1").face.state is State.OK
    abnormal = {(e.source, e.target) for e in view.scene.edges if e.face.abnormal}
    assert abnormal == {("L3", "SW-L3-043"), ("L4", "SW-L3-043"), ("L5", "SW-L3-043")}
    assert view.summary.text() == "3 of 4 lines stopped — EUR 11,400/h at risk"
    area = _item(view, "HA").face
    assert area.alarm == "3 of 3 lines stopped — EUR 11,400/h at risk"


def test_health_change_refreshes_only_affected_items(
    view: TopologyView, plant_feed: PlantFeed
) -> None:
    l1 = _item(view, "L1")
    l1_face = l1.face
    refreshed = view.scene.apply({"SW-L3-043"})
    assert refreshed == 0  # nothing changed yet: no repaint at all
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    assert l1.face is l1_face  # Paint Line 1 does not depend on the switch


def test_items_repaint_only_when_what_they_draw_changes(
    view: TopologyView, plant_feed: PlantFeed
) -> None:
    """Zoomed out, a node draws only its state: a new reason text repaints nothing; a new
    state does. Zoomed in, the text is drawn and its change repaints the node."""
    view.show_level("L3")
    plc = _item(view, "AR-042-PLC")
    engine = plant_feed.service.engine
    stale = [Health(State.WARNING, Reason.of("stale", age_s=n)) for n in (5, 6, 7, 8)]

    def set_plc(health: Health) -> int:
        changes = engine.apply({"AR-042-PLC": health})
        return view.scene.apply(changes.effective | changes.rolled)

    while node_detail(view.view.scale_factor(), True) > Detail.MARK:
        view.on_zoom_out()
    view.view.viewport().repaint()
    assert _drawn(plc) is Detail.MARK
    assert set_plc(stale[0]) >= 1  # OK -> WARNING: the node (and its machine) repaint
    view.view.viewport().repaint()
    faces = {ci: item.face for ci, item in view.scene.items_by_ci.items()}
    assert set_plc(stale[1]) == 0  # only the reason's text changed: not drawn here
    assert plc.face.lines != faces["AR-042-PLC"].lines  # the face itself is current

    while node_detail(view.view.scale_factor(), True) < Detail.FULL:
        view.on_zoom_in()
    view.view.viewport().repaint()
    assert _drawn(plc) is Detail.FULL
    assert set_plc(stale[2]) >= 1  # the state label is drawn now
    assert plc.face == plc.compute(view.scene.lookup)  # a skipped repaint kept the face


# -- drill-down ----------------------------------------------------------------


def test_double_click_line_drills_down_and_shows_plc_impacted(
    view: TopologyView, plant_feed: PlantFeed, qtbot: Any
) -> None:
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    line = _item(view, "L3")
    with qtbot.waitSignal(view.ciActivated) as blocker:
        qtbot.mouseDClick(
            view.view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_pos(view, line)
        )
    assert blocker.args == ["L3"]
    assert view.level == "L3"
    plc = _item(view, "AR-042-PLC")
    assert plc.face.state is State.IMPACTED
    assert plc.face.lines[-1] == "Impacted (behind SW-L3-043)"
    # The switch is drawn, DOWN, with the edge from the PLC to it in the alarm colour.
    assert _item(view, "SW-L3-043").face.state is State.DOWN
    edge = view.scene.edge("AR-042-PLC", "SW-L3-043")
    assert edge is not None and edge.face.abnormal
    # The lane says what the stop costs.
    lane = _item(view, "L3")
    assert isinstance(lane, BlockItem) and lane.role is BlockRole.LANE
    assert lane.face.alarm == "STOPPED — EUR 3,800/h at risk"
    assert "Assembly Line 3" in view.breadcrumb.text()


def test_line_view_draws_upstream_switches_outside_the_line(view: TopologyView) -> None:
    view.show_level("L4")
    switch = _item(view, "SW-L3-043")  # lives in Line 3, serves Line 4
    core = _item(view, "SW-CORE-01")
    lane = _item(view, "L4")
    assert switch.rect.bottom() < lane.rect.top()
    assert core.rect.bottom() < switch.rect.top()
    assert view.scene.edge("AR-051-PLC", "SW-L3-043") is not None


def test_machine_level_and_navigation(view: TopologyView) -> None:
    view.show_level("AR-042")
    assert view.level == "AR-042"
    assert {"AR-042-PLC", "AR-042-HMI", "SW-L3-043", "SW-CORE-01"} <= set(view.scene.items_by_ci)
    crumbs = view.breadcrumb.text()
    for name in ("Werk Nord", "Halle A - Montage", "Assembly Line 3", "Assembly Robot AR-042"):
        assert name in crumbs
    view.on_up()
    assert view.level == "L3"
    view.on_up()
    assert view.level == "HA"
    assert view.scene.item_for("L3") is not None and view.scene.item_for("L1") is None
    view.on_back()
    assert view.level == "L3"
    view.on_back()
    assert view.level == "AR-042"
    view.show_level("AR-042-PLC")  # a device opens its machine
    assert view.level == "AR-042"


# -- selection -----------------------------------------------------------------


def test_click_selects_ci(view: TopologyView, selection: CiSelection, qtbot: Any) -> None:
    switch = _item(view, "SW-L3-043")
    with qtbot.waitSignal(selection.changed) as blocker:
        qtbot.mouseClick(
            view.view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_pos(view, switch)
        )
    assert blocker.args == ["SW-L3-043"]
    assert switch.selected


def test_selection_from_elsewhere_highlights_and_navigates(
    view: TopologyView, selection: CiSelection
) -> None:
    selection.select("L4")
    assert _item(view, "L4").selected
    selection.select("L5")
    assert _item(view, "L5").selected and not _item(view, "L4").selected
    # A device is not on the overview: the view goes to its line and highlights it.
    selection.select("CONV-L3-HMI")
    assert view.level == "L3"
    assert _item(view, "CONV-L3-HMI").selected
    # Already shown: no navigation.
    selection.select("SW-CORE-01")
    assert view.level == "L3"
    assert _item(view, "SW-CORE-01").selected


# -- zoom and level of detail --------------------------------------------------


def test_lod_drops_labels_and_small_nodes_when_zoomed_out() -> None:
    assert node_detail(1.0, abnormal=False) is Detail.FULL
    assert node_detail(0.4, abnormal=False) is Detail.TITLE
    assert node_detail(0.2, abnormal=False) is Detail.MARK
    assert node_detail(0.05, abnormal=False) is Detail.HIDDEN
    assert node_detail(0.05, abnormal=True) is Detail.MARK  # a fault never zooms away
    assert block_detail(1.0) is Detail.FULL
    assert block_detail(0.2) is Detail.TITLE
    assert block_detail(0.02) is Detail.MARK


def test_item_lod_follows_view_scale(view: TopologyView) -> None:
    node = _item(view, "SW-L3-043")
    assert node.detail(1.0) is Detail.FULL
    assert node.detail(0.2) < Detail.TITLE  # labels hidden when small


def test_zoom_keys_and_fit(view: TopologyView, qtbot: Any) -> None:
    view.fit()
    fitted = view.view.scale_factor()
    view.view.setFocus()
    qtbot.keyClick(view.view, Qt.Key.Key_Plus)
    assert view.view.scale_factor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view.view, Qt.Key.Key_Minus)
    qtbot.keyClick(view.view, Qt.Key.Key_Minus)
    assert view.view.scale_factor() == pytest.approx(fitted / 1.25)
    view.fit()
    assert view.view.scale_factor() == pytest.approx(fitted)


# -- texts and layout ----------------------------------------------------------


def test_state_labels() -> None:
    impacted = Health(State.IMPACTED, Reason.of("unreachable_behind", ci="SW-L3-043"))
    assert state_label(impacted) == "Impacted (behind SW-L3-043)"
    assert state_label(impacted, "de") == "Betroffen (hinter SW-L3-043)"
    down = Health(State.DOWN, Reason.of("no_answer", s=1.0), "SW-L3-043")
    assert state_label(down) == "Down: SW-L3-043: no answer within 1.0 s"
    maint = Health(State.MAINTENANCE, Reason.of("maintenance", window="CHG-12", until="06:00"))
    assert state_label(maint) == "Maintenance until 06:00"
    assert state_label(OK_HEALTH) == "OK"


def test_summary_never_calls_lines_without_data_running(demo_plant: Plant) -> None:
    engine = HealthEngine(demo_plant, OK_HEALTH)
    lookup = HealthLookup(demo_plant, engine)
    assert lookup.summary(demo_plant.lines) == (State.OK, "All 4 lines running")
    assert lookup.summary(["L3"]) == (State.OK, "Assembly Line 3 running")
    engine.set_console_offline(True)
    assert lookup.summary(demo_plant.lines) == (State.UNKNOWN, "Unknown / no data")


def test_layouts_are_deterministic_and_do_not_overlap(demo_plant: Plant) -> None:
    assert shared_infrastructure(demo_plant) == {"SW-L3-043", "SW-CORE-01", "MES-OPCUA"}
    for level in (demo_plant.root, "L3"):
        make = overview_layout if level == demo_plant.root else drill_layout
        first, second = make(demo_plant, level), make(demo_plant, level)
        assert first == second
        rects = [n.rect for n in first.nodes]
        for i, a in enumerate(rects):
            for b in rects[i + 1 :]:
                apart = a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y
                assert apart, (a, b)


# -- pictures ------------------------------------------------------------------


def _abnormal_red_pixels(image: QImage) -> int:
    red = QColor("#C62828")
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - red.red()) + abs(c.green() - red.green()) + abs(c.blue() - red.blue())
                < 60
            ):
                count += 1
    return count


def test_render_normal_and_fault(
    view: TopologyView, plant_feed: PlantFeed, tmp_path: Path, qtbot: Any
) -> None:
    """Calm (no alarm red) when normal; plenty of red when the switch is down."""
    view.fit()
    normal = view.grab()
    normal.save(str(tmp_path / "topology-normal.png"))
    plant_feed.switch_down("SW-L3-043")
    plant_feed.flush()
    fault = view.grab()
    fault.save(str(tmp_path / "topology-fault.png"))
    assert _abnormal_red_pixels(normal.toImage()) == 0
    assert _abnormal_red_pixels(fault.toImage()) > 200


# -- 10,000 CIs ----------------------------------------------------------------


class _StubService(QObject):
    """Just what the view reads: a plant, its engine, the coalesced signal."""

    healthChanged = Signal(object)

    def __init__(self, plant: Plant) -> None:
        super().__init__()
        self.plant = plant
        self.engine = HealthEngine(plant, OK_HEALTH)


def _big_plant(n_cis: int) -> Plant:
    try:
        from bench.plant_gen import generate_plant
    except ImportError:
        return _handmade_plant(n_cis)
    # The generator's own tests check its files load; skip the slower line-number pass here.
    return build_plant(PlantFile.model_validate(tomllib.loads(generate_plant(n_cis, seed=3))))


def _handmade_plant(n_cis: int) -> Plant:
    areas, lines, cis = [Area(id="NET", name="Network")], [], []
    cis.append(Ci(id="CORE", kind="switch", parent="NET"))
    count, a = 3, 0
    while count < n_cis:
        a += 1
        area = f"A{a}"
        areas.append(Area(id=area, name=f"Hall {a}"))
        cis.append(Ci(id=f"{area}-DIST", kind="switch", parent=area, depends_on=("CORE",)))
        count += 2
        for n in range(4):
            line = f"{area}-L{n}"
            lines.append(Line(id=line, name=f"Line {a}.{n}", area=area, cost_per_hour=2000))
            cis.append(
                Ci(id=f"{line}-SW", kind="switch", parent=line, depends_on=(f"{area}-DIST",))
            )
            count += 2
            for m in range(10):
                machine = f"{line}-M{m}"
                cis.append(Ci(id=machine, kind="machine", parent=line))
                cis.extend(
                    Ci(id=f"{machine}-D{d}", kind="plc", parent=machine, depends_on=(f"{line}-SW",))
                    for d in range(4)
                )
                count += 5
    source = PlantFile(
        site=Site(id="S", name="Big"), area=tuple(areas), line=tuple(lines), ci=tuple(cis)
    )
    return build_plant(source)


@pytest.fixture(scope="module")
def big_plant() -> Plant:
    return _big_plant(10_000)


def test_10k_overview_is_fast_and_bounded(
    big_plant: Plant, selection: CiSelection, qtbot: Any
) -> None:
    assert len(big_plant) == 10_000 or len(big_plant) > 9_000
    service = _StubService(big_plant)
    start = time.perf_counter()
    view = TopologyView(service, selection)  # type: ignore[arg-type]
    built = time.perf_counter() - start
    qtbot.addWidget(view)
    assert built < 2.0, f"overview took {built:.2f} s"
    items = view.scene.items_by_ci
    assert len(view.scene.items()) < 600
    assert all(
        big_plant.nodes[c].kind in ("area", "line") or big_plant.dependents[c] for c in items
    ), "only areas, lines and shared network on the overview"
    assert set(big_plant.lines) <= set(items)
    # A line block aggregates its devices instead of drawing them.
    line = next(iter(big_plant.lines))
    assert "devices, all OK" in items[line].face.lines[1]

    # A line's devices fail: the update touches items in place, quickly.
    devices = [c for c in big_plant.walk(line) if not big_plant.nodes[c].children][:5]
    changes = service.engine.apply(
        {c: Health(State.DOWN, Reason.of("no_answer", s=1.0)) for c in devices}
    )
    start = time.perf_counter()
    service.healthChanged.emit(changes.rolled)
    assert time.perf_counter() - start < 0.5
    assert items[line].face.state is not State.OK
    assert "down" in items[line].face.lines[1]

    start = time.perf_counter()
    view.show_level(line)
    assert time.perf_counter() - start < 2.0
    assert view.level == line
