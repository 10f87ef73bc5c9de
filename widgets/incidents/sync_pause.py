"""File > Pause sync: stop (and later resume) syncing with the central server.

Issue 8 wants long work such as a first sync cancellable: pausing keeps what was pulled
(with its cursor) and what waits to upload (outbox), and resuming goes on from there."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction

from app.sync.status import SyncStatus
from widgets import i18n

if TYPE_CHECKING:
    from widgets.incidents.session import IncidentSession

log = logging.getLogger(__name__)


class SyncPauseAction(QAction):
    """Checkable: checked while sync is paused; follows the link's status."""

    def __init__(self, session: IncidentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setCheckable(True)
        self._busy: asyncio.Future[None] | None = None
        self.toggled.connect(self._on_toggled)
        session.add_sync_listener(self._on_status)
        i18n.notifier().changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _language: str = "") -> None:
        self.setText(QCoreApplication.translate("SyncPause", "&Pause sync"))
        self.setToolTip(
            QCoreApplication.translate(
                "SyncPause",
                "Stop syncing with the central server for now (a long first sync, a slow "
                "link). Nothing is lost: what was pulled stays, what waits is uploaded later.",
            )
        )

    def _on_status(self, status: SyncStatus | None) -> None:
        paused = status is not None and status.paused
        if self.isChecked() != paused:
            self.blockSignals(True)
            self.setChecked(paused)
            self.blockSignals(False)
        self.setEnabled(status is not None)

    def _on_toggled(self, pause: bool) -> None:
        if pause:
            self._busy = asyncio.ensure_future(self.session.pause_sync())
            self._busy.add_done_callback(_log_failure)
        else:
            self.session.resume_sync()


def _log_failure(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("pausing sync failed", exc_info=future.exception())
