"""Issue 6 in the window's header, against a real server process: events the server
rejects (an author without the right) behind an "N rejected" button whose dialog lists
each with the server's reason, and the warning when the console's plant file is not the
one the server holds (in English and German)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.incidents.service import IncidentService
from app.sync.console_link import ConsoleLink
from app.sync.status import Rejection, SyncStatus
from models.store import open_store
from resources import demo_plant_path
from server.process import ServerProcess
from tests.server.helpers import eventually, run
from tests.server.site import Site
from widgets import i18n
from widgets.header_bar import HeaderBar


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


@pytest.fixture
def header(plant_feed: Any, qtbot: Any) -> Iterator[HeaderBar]:
    bar = HeaderBar(plant_feed.service)
    qtbot.addWidget(bar)
    yield bar


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform, raise_()
def test_rejected_events_and_a_differing_plant_file_show_in_the_header(
    site: Site, header: HeaderBar, plant_feed: Any, tmp_path: Path, qtbot: Any, qapp: QApplication
) -> None:
    text = demo_plant_path().read_bytes()
    site.admin("PUT", "/v1/plant", content=text, headers={"content-type": "text/plain"})
    local = tmp_path / "plant.toml"
    local.write_bytes(text + b"\n# changed here only\n")
    credential = site.add_console()
    header.set_sync_status(SyncStatus(online=True))
    assert header.rejections_button.isHidden() and header.plant_warning.isHidden()

    async def scenario() -> str:
        with open_store(tmp_path / "store.sqlite") as store:
            service = IncidentService(
                store, plant_feed.service.plant, user="nobody", console_id=credential.console_id
            )  # a user the server does not know: no right to write anything
            link = ConsoleLink(
                service,
                site.url,
                credential,
                on_status=header.set_sync_status,
                plant_file=local,
                poll_s=2.0,
            )
            link.start()
            try:
                raised = service.raise_manual("SW-L3-043", "switch down", impact=1, urgency=1)
                await eventually(lambda: len(link.status.rejections) >= 1, what="rejected")
                await eventually(lambda: link.status.plant is not None, what="plant compared")
                return raised.id
            finally:
                await link.stop()

    run(scenario())
    assert not header.plant_warning.isHidden()
    assert header.plant_warning.text() == "plant file differs from the server's (version 1)"
    assert str(local) in header.plant_warning.toolTip()
    assert "uploaded by root" in header.plant_warning.toolTip()
    assert not header.rejections_button.isHidden()
    count = len(header._sync_status.rejections) if header._sync_status else 0
    assert header.rejections_button.text() == ("1 rejected" if count == 1 else f"{count} rejected")
    qtbot.mouseClick(header.rejections_button, Qt.MouseButton.LeftButton)
    dialog = header.rejections_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert len(rows) == count
    event_id, code, reason = rows[0]
    assert event_id and code == "403: no right to write it"
    assert "user 'nobody' may not write" in reason

    # a newer rejection arrives while the dialog is open: on top of the list
    status = header._sync_status
    assert status is not None
    newer = Rejection("ev-new", 422, "payload.title: longer than 500 characters")
    header.set_sync_status(replace(status, rejections=(*status.rejections, newer)))
    assert dialog.rows()[0] == ("ev-new", "422: invalid", newer.reason)
    assert header.rejections_button.text() == f"{count + 1} rejected"

    assert i18n.install_language(qapp, "de") == "de"
    qapp.processEvents()  # the LanguageChange: a live switch
    try:
        assert header.plant_warning.text() == "Anlagendatei weicht vom Server ab (Version 1)"
        assert header.rejections_button.text() == f"{count + 1} abgelehnt"
        assert dialog.rows()[1][1] == "403: keine Berechtigung"
        assert dialog.windowTitle() == "Vom Server abgelehnt"
    finally:
        i18n.install_language(qapp, "en")
        qapp.processEvents()
    dialog.close()
    header.set_sync_status(None)  # local only: nothing to warn about
    assert header.rejections_button.isHidden() and header.plant_warning.isHidden()
