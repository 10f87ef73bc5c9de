"""Incidents for `run --headless` and `demo --headless`: auto-raise on the monitor, and
one printed line per new incident, repeat, recovery, resolution and notification."""

from __future__ import annotations

import time

from app.formatting import eur
from app.incidents.auto_raise import AutoRaiser, Raised
from app.incidents.notify import FLOOD, FLOOD_OVER, Notification
from app.incidents.options import IncidentOptions as IncidentOptions  # its old home
from app.incidents.policy import auto_raise_note
from app.incidents.service import IncidentService
from app.monitor.plant_monitor import PlantMonitor
from models.store.console_lock import open_as_console


class HeadlessIncidents:
    """The store, service and auto-raiser of a headless console (StoreError if the
    store cannot be opened, or another console runs with it: the caller refuses to
    start). It holds the store's console lock while open: `register` refuses meanwhile."""

    def __init__(self, monitor: PlantMonitor, options: IncidentOptions, lang: str = "en") -> None:
        self.lock, self.store = open_as_console(options.store_path)
        try:
            self.service = IncidentService(
                self.store, monitor.plant, user=options.user, console_id=options.console_id
            )
            self.raiser = AutoRaiser(monitor, self.service, settle_s=options.settle_s, lang=lang)
        except BaseException:
            self.store.close()
            self.lock.release()
            raise
        self.raiser.listeners.append(self.on_raised)
        self.service.add_notification_listener(self.on_notification)
        self.note = auto_raise_note(monitor.plant, self.service.console_id)

    def summary(self) -> str:
        open_heads = self.service.heads(open_only=True)
        line = (
            f"incidents: {len(open_heads)} open in {self.store.path} "
            f"(console {self.service.console_id})"
        )
        return line if self.note is None else f"{line}\nwarning: {self.note}"

    def on_raised(self, done: Raised) -> None:
        state = self.service.incident(done.incident_id)
        stamp = time.strftime("%H:%M:%S")
        if done.kind == "created":
            lines = ", ".join(x.id for x in state.lines) or "no line stopped"
            print(
                f"{stamp} ** INCIDENT {state.number} {state.priority.value} {state.title} — "
                f"{eur(state.cost_per_hour, per_hour=True)}, {lines}",
                flush=True,
            )
        elif done.kind == "repeat":
            print(
                f"{stamp} ** {state.number} fault again (repeat {state.repeat_count})", flush=True
            )
        else:
            print(f"{stamp} ** {state.number} {done.kind.replace('_', ' ')}", flush=True)

    def on_notification(self, note: Notification) -> None:
        stamp = time.strftime("%H:%M:%S")
        if note.kind == FLOOD:
            print(f"{stamp} ** ALARM FLOOD: {note.count} new incidents in the window", flush=True)
        elif note.kind == FLOOD_OVER:
            print(f"{stamp} ** alarm flood over", flush=True)
        else:
            sound = " (sound)" if note.sound else ""
            roles = ", ".join(note.roles) or "everyone (no notify rule for its area)"
            print(f"{stamp}    notify {roles}{sound}: {note.number}", flush=True)

    def close(self) -> None:
        self.store.close()
        self.lock.release()
