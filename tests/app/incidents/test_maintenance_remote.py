"""Pulled maintenance versions meet local edits (review findings of the sync work)."""

from __future__ import annotations

from typing import Any

from app.incidents.service import IncidentService
from models.incidents.hlc import Hlc
from models.incidents.maintenance import ChangeKind, MaintenanceWindow
from models.store.suppression_repo import (
    MaintenanceRecord,
    apply_maintenance,
    outbox_maintenance_batch,
)

PLC = "AR-042-PLC"
HOUR = 3_600_000


def queued(service: IncidentService, window_id: str) -> list[MaintenanceRecord]:
    return [r for r in outbox_maintenance_batch(service.store, 50) if r.record_id == window_id]


def test_an_edit_after_a_pulled_newer_version_is_stamped_later_and_wins(
    service: IncidentService, clock: Any
) -> None:
    window = MaintenanceWindow(
        service.next_window_id(),
        ChangeKind.PLC_FIRMWARE,
        "firmware V4.2",
        frozenset({PLC}),
        clock.now,
        clock.now + HOUR,
        "flash V4.1 back",
    )
    service.save_window(window)
    (mine,) = queued(service, window.id)
    ahead = Hlc(clock.now + 120_000, 0)  # console B's clock runs two minutes ahead
    from_b = {
        "id": window.id,
        "kind": "window",
        "updated_hlc": str(ahead),
        "console_id": "B-PC",
        "user": "bert",
        "body": dict(mine.body, title="from B"),
    }
    cis = apply_maintenance(service.store, [from_b], cursor=1)
    service.suppressions.reload()
    service.suppressions.remote_changed(cis)
    # Our queued, older version is gone: it would travel with B's content and be refused
    # by the server as not ours.
    assert queued(service, window.id) == []
    # Ending it here (our clock behind B's) is stamped after B's version; else the end
    # would lose to it on every console.
    service.end_window(window.id)
    (ours,) = queued(service, window.id)
    assert Hlc.parse(ours.updated_hlc) > ahead
    assert ours.console_id == service.console_id and ours.body["title"] == "from B"


def test_a_queued_maintenance_version_counts_as_waiting(
    service: IncidentService, clock: Any
) -> None:
    """The header's "N waiting" must not read 0 while a window still waits to upload."""
    adapter = service.sync_store()
    before = adapter.pending_count()
    window = MaintenanceWindow(
        service.next_window_id(),
        ChangeKind.ROBOT_PROGRAM,
        "gripper path",
        frozenset({PLC}),
        clock.now,
        clock.now + HOUR,
        "reload program P12",
    )
    service.save_window(window)
    assert adapter.pending_count() == before + 1
