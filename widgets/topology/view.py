"""TopologyView: the centre plant diagram with its toolbar (Back, Up, breadcrumb, zoom, Fit).

Levels: the plant overview (areas with line blocks, the shared network), an
area, a line (lane with machines and devices), a machine. Double-click drills
down; clicking selects the CI in the shared `CiSelection`; a selection made
elsewhere is highlighted here, going to the level that shows it if needed. Language
and theme switches apply live (`widgets.i18n` / `widgets.theme` notifiers).

Signals:
    ciActivated(str): a CI was double-clicked (lines and machines also drill down)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.monitor.service import HealthMonitorService
from models.cmdb import Plant
from widgets import i18n, theme
from widgets.i18n import QT_TRANSLATE_NOOP
from widgets.palette import state_icon
from widgets.selection import CiSelection
from widgets.topology import navigation as nav
from widgets.topology import paint
from widgets.topology.drill_layout import drill_layout
from widgets.topology.faces import HealthLookup
from widgets.topology.graphics_view import STEP, DiagramView
from widgets.topology.overview_layout import overview_layout
from widgets.topology.scene import TopologyScene

log = logging.getLogger(__name__)


class TopologyView(QWidget):
    ciActivated = Signal(str)

    def __init__(
        self,
        service: HealthMonitorService,
        selection: CiSelection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._selection = selection
        paint.use_theme(theme.current_theme())
        self._lookup = HealthLookup(service.plant, service.engine, i18n.current_language())
        self._texts: list[tuple[QAction, str, str, str]] = []  # action, text, key, tip
        self._history: list[str] = []
        self._level = ""
        self._scope: tuple[str, list[str]] = ("", [])  # level, its lines (summary)
        self._auto_fit = True
        self._scene: TopologyScene | None = None
        self.view = DiagramView(self)
        self._build_chrome()
        self.view.clicked.connect(self.on_clicked)
        self.view.activated.connect(self.on_activated)
        self.view.zoomed.connect(self.on_zoomed)
        self.view.resized.connect(self.on_resized)
        service.healthChanged.connect(self.on_health_changed)
        selection.changed.connect(self.on_selection_changed)
        i18n.notifier().changed.connect(self.on_language_changed)
        theme.notifier().changed.connect(self.on_theme_changed)
        self._go(self.plant.root)
        if selection.current:
            self.on_selection_changed(selection.current)

    # -- public ----------------------------------------------------------------

    @property
    def plant(self) -> Plant:
        return self._service.plant

    @property
    def level(self) -> str:
        """The CI whose level is shown (the site for the plant overview)."""
        return self._level

    @property
    def scene(self) -> TopologyScene:
        assert self._scene is not None
        return self._scene

    def show_level(self, ci_id: str) -> None:
        """Show the level of `ci_id`: site or area overview, a line's lane, a machine."""
        target = nav.resolve_level(self.plant, ci_id)
        if target != self._level:
            self._history.append(self._level)
            self._go(target)

    def fit(self) -> None:
        """Zoom to show the whole level; it then stays fitted when the view resizes."""
        self._auto_fit = True
        self.view.fit()

    # -- chrome ----------------------------------------------------------------

    def _build_chrome(self) -> None:
        self.back_action = self._action(
            QT_TRANSLATE_NOOP("TopologyView", "Back"),
            "Backspace",
            QT_TRANSLATE_NOOP("TopologyView", "Previous level"),
            self.on_back,
        )
        self.up_action = self._action(
            QT_TRANSLATE_NOOP("TopologyView", "Up"),
            "Alt+Up",
            QT_TRANSLATE_NOOP("TopologyView", "Level above"),
            self.on_up,
        )
        self._action(
            QT_TRANSLATE_NOOP("TopologyView", "Open"),
            "Return",
            QT_TRANSLATE_NOOP("TopologyView", "Open the selected line or machine"),
            self.on_open,
        )
        self.back_button = self._button(self.back_action)
        self.up_button = self._button(self.up_action)
        self.breadcrumb = QLabel(self)
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.breadcrumb.linkActivated.connect(self.show_level)
        self.summary_icon = QLabel(self)
        self.summary = QLabel(self)
        zoom_out = self._button(
            self._action(
                "−",
                "-",
                QT_TRANSLATE_NOOP("TopologyView", "Zoom out (also Ctrl+wheel)"),
                self.on_zoom_out,
            )
        )
        zoom_in = self._button(
            self._action(
                "+",
                "+",
                QT_TRANSLATE_NOOP("TopologyView", "Zoom in (also Ctrl+wheel)"),
                self.on_zoom_in,
            )
        )
        fit = self._button(
            self._action(
                QT_TRANSLATE_NOOP("TopologyView", "Fit"),
                "0",
                QT_TRANSLATE_NOOP("TopologyView", "Show the whole level"),
                self.fit,
            )
        )

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        for widget in (self.back_button, self.up_button):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.breadcrumb, 1)
        for widget in (zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        status = QHBoxLayout()
        status.setContentsMargins(8, 0, 6, 0)
        status.addWidget(self.summary_icon)
        status.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addLayout(status)
        layout.addWidget(self.view, 1)

    def _action(self, text: str, key: str, tip: str, slot: Callable[[], None]) -> QAction:
        """An action whose shortcut works while the diagram (or its toolbar) has focus."""
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        self._texts.append((action, text, key, tip))
        self._translate_action(action, text, key, tip)
        return action

    @staticmethod
    def _translate_action(action: QAction, text: str, key: str, tip: str) -> None:
        translate = QCoreApplication.translate
        action.setText(translate("TopologyView", text))
        action.setToolTip(f"{translate('TopologyView', tip)} ({key})")

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setMinimumWidth(34)
        return button

    def _update_chrome(self) -> None:
        parts = []
        crumbs = nav.breadcrumb(self.plant, self._level)
        for i, (ci_id, name) in enumerate(crumbs):
            text = escape(name)
            last = i == len(crumbs) - 1
            parts.append(f"<b>{text}</b>" if last else f'<a href="{escape(ci_id)}">{text}</a>')
        self.breadcrumb.setText(" &gt; ".join(parts))
        self.back_action.setEnabled(bool(self._history))
        self.up_action.setEnabled(nav.level_above(self.plant, self._level) is not None)
        self._update_summary()

    def _scope_lines(self) -> list[str]:
        plant, level = self.plant, self._level
        line = plant.line_of(level)
        if line is not None:
            return [line]
        return [c for c in plant.walk(level) if c in plant.lines]

    def _update_summary(self) -> None:
        # The level's lines, found once per level: walking the site's 10,000 CIs on
        # every health flush cost the overview ~5 ms of GUI thread per flush.
        if self._scope[0] != self._level:
            self._scope = (self._level, self._scope_lines())
        state, text = self._lookup.summary(self._scope[1])
        self.summary_icon.setPixmap(state_icon(state, 18).pixmap(18, 18))
        self.summary.setText(text)
        font = self.summary.font()
        font.setBold(state.is_out)
        self.summary.setFont(font)

    # -- levels ----------------------------------------------------------------

    def _go(self, level: str) -> None:
        plant = self.plant
        layout = (
            overview_layout(plant, None if level == plant.root else level)
            if nav.is_overview(plant, level)
            else drill_layout(plant, level)
        )
        old = self._scene
        self._scene = TopologyScene(layout, self._lookup, self)
        self.view.setScene(self._scene)
        if old is not None:
            old.deleteLater()
        self._level = level
        self._scene.highlight(self._selection.current)
        self._update_chrome()
        self.fit()

    # -- slots -----------------------------------------------------------------

    def on_back(self) -> None:
        if self._history:
            self._go(self._history.pop())

    def on_up(self) -> None:
        above = nav.level_above(self.plant, self._level)
        if above is not None:
            self.show_level(above)

    def on_zoom_in(self) -> None:
        self.view.zoom_by(STEP)

    def on_zoom_out(self) -> None:
        self.view.zoom_by(1 / STEP)

    def on_open(self) -> None:
        """Return: open the selected CI's level if it is drawn here."""
        current = self._selection.current
        if current and self.scene.item_for(current) is not None:
            self.on_activated(current)

    def on_zoomed(self) -> None:
        self._auto_fit = False

    def on_resized(self) -> None:
        if self._auto_fit:
            self.view.fit()

    def on_language_changed(self, lang: str) -> None:
        """A live language switch: toolbar, every item's words and the summary in `lang`."""
        self._lookup.lang = lang
        for action, text, key, tip in self._texts:
            self._translate_action(action, text, key, tip)
        self.scene.refresh_all()
        self._update_summary()

    def on_theme_changed(self, name: str) -> None:
        """A live theme switch: the diagram's greys (state colours follow the palette)."""
        paint.use_theme(name)
        self.view.setBackgroundBrush(QColor(paint.SCENE_BG))
        self.scene.repaint_all()

    def on_health_changed(self, changed: object) -> None:
        """Refresh the items of the changed CIs (a set of ids, coalesced by the service)."""
        if not isinstance(changed, set | frozenset | list | tuple):
            log.warning("healthChanged with %r ignored", type(changed))
            return
        self.scene.apply(changed)
        self._update_summary()

    def on_selection_changed(self, ci_id: str) -> None:
        if ci_id and ci_id in self.plant and self.scene.item_for(ci_id) is None:
            target = nav.level_showing(self.plant, ci_id)
            if target != self._level:
                self._history.append(self._level)
                self._go(target)
        item = self.scene.highlight(ci_id)
        if item is not None and not self._auto_fit:
            self.view.ensureVisible(item, 40, 40)

    def on_clicked(self, ci_id: str) -> None:
        self._selection.select(ci_id)

    def on_activated(self, ci_id: str) -> None:
        self.ciActivated.emit(ci_id)
        node = self.plant.nodes[ci_id]
        if ci_id != self._level and (node.children or ci_id in self.plant.lines):
            self.show_level(ci_id)
