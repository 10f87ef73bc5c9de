"""First start without a plant file: start the demo, open or import a plant file.

Shown by the launcher instead of an error when no plant file is configured, and with a
notice when the configured, opened or imported plant file was not found or has problems.

Signals:
    demoRequested(): "Start the demo"
    openRequested(str): a plant file to use where it lies
    importRequested(str): a plant file to copy into the data folder and import
    settingsRequested(): "Settings…" (language and theme before anything else)
    closed(): the page's window was closed without a choice
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FileChooser = Callable[[QWidget, str], str]


def choose_plant_file(parent: QWidget, title: str) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        title,
        "",
        QCoreApplication.translate("WelcomePage", "Plant files (*.toml);;All files (*)"),
    )
    return path


class WelcomePage(QWidget):
    demoRequested = Signal()
    openRequested = Signal(str)
    importRequested = Signal(str)
    settingsRequested = Signal()
    closed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        choose_file: FileChooser = choose_plant_file,
        notice: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.choose_file = choose_file
        self._chosen = False
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        font = self.title.font()
        font.setPointSizeF(max(16.0, font.pointSizeF() * 1.6))
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        # why the page shows although a plant file was chosen (not found, has problems);
        # selectable, so that the problems can be copied into a support ticket
        self.notice = QLabel(notice)
        self.notice.setObjectName("welcomeNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(bool(notice))
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("welcomeDemo")
        self.demo_button.setDefault(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("welcomeOpen")
        self.import_button = QPushButton()
        self.import_button.setObjectName("welcomeImport")
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("welcomeSettings")
        self.hints = [QLabel() for _ in range(3)]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.notice)
        layout.addSpacing(16)
        for button, hint in zip(
            (self.demo_button, self.open_button, self.import_button), self.hints, strict=True
        ):
            button.setMinimumHeight(40)
            hint.setWordWrap(True)
            row = QHBoxLayout()
            row.addWidget(button, 1)
            row.addWidget(hint, 2)
            layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignRight)

        self.demo_button.clicked.connect(self.on_demo)
        self.open_button.clicked.connect(self.on_open)
        self.import_button.clicked.connect(self.on_import)
        self.settings_button.clicked.connect(self.settingsRequested)
        self.retranslate()
        self.resize(760, 420)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to PlantConsole"))
        self.title.setText(self.tr("Welcome to PlantConsole"))
        if self.notice.text():
            self.intro.setText(
                self.tr(
                    "Try the console on a simulated plant, choose another plant file, "
                    "or check the plant file in the settings."
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "No plant file is configured yet. Try the console on a simulated plant, "
                    "or choose the plant file your plant IT gave you."
                )
            )
        self.demo_button.setText(self.tr("Start the demo"))
        self.open_button.setText(self.tr("Open a plant file…"))
        self.import_button.setText(self.tr("Import a plant file…"))
        self.settings_button.setText(self.tr("Settings…"))
        self.hints[0].setText(self.tr("A simulated plant, 'Werk Nord', with faults to try."))
        self.hints[1].setText(self.tr("Use a plant file where it lies (e.g. on a share)."))
        self.hints[2].setText(
            self.tr("Check a plant file, copy it into your data folder and load it.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- slots ---------------------------------------------------------------------

    def on_demo(self) -> None:
        self._chosen = True
        self.demoRequested.emit()

    def on_open(self) -> None:
        path = self.choose_file(self, self.tr("Open a plant file"))
        if path:
            self._chosen = True
            self.openRequested.emit(path)

    def on_import(self) -> None:
        path = self.choose_file(self, self.tr("Import a plant file"))
        if path:
            self._chosen = True
            self.importRequested.emit(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._chosen:
            self.closed.emit()
