"""An incident this console raised comes back from the server: it is not announced twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.incidents.service import IncidentService
from models.cmdb import Plant
from models.store import open_store
from models.store.incident_repo import load_events


def test_own_incident_echoed_by_the_server_is_not_news(tmp_path: Path, demo_plant: Plant) -> None:
    service = IncidentService(open_store(tmp_path / "a.sqlite"), demo_plant, user="op")
    heard: list[object] = []
    service.add_notification_listener(heard.append)
    state = service.raise_manual("AR-042-PLC", "Robot stopped", impact=1, urgency=1)
    before = len(heard)
    events = load_events(service.store, state.id)
    service._on_remote(events, {state.id: state})
    assert len(heard) == before
    # The same incident created on another console is news.
    other = [dataclasses.replace(e, console_id="other-console") for e in events]
    service._on_remote(other, {state.id: state})
    assert len(heard) == before + 1
    service.store.close()
