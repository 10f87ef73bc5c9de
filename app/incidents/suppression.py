"""Maintenance windows and shelving as the monitor sees them: the CI shows MAINTENANCE.

`install(monitor)` hooks `monitor.maintenance`, so a CI inside a window (or shelved)
evaluates to MAINTENANCE with the reason, and raises nothing. Windows and shelvings
start and end with time: `tick()` asks the monitor to re-evaluate exactly the CIs
whose suppression changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from app.monitor.plant_monitor import PlantMonitor
from models.incidents.hlc import HlcClock
from models.incidents.maintenance import MaintenanceWindow, Shelve, shelve, suppressed
from models.states import Reason
from models.store.engine import Store
from models.store.suppression_repo import (
    Stamp,
    add_shelve,
    clear_shelves,
    end_window,
    load_shelves,
    load_windows,
    save_window,
)
from models.store.sync_state import last_hlc

Refresh = Callable[[Sequence[str]], None]


class Suppressions:
    """The store's windows and shelvings, indexed by CI, answering "suppressed now?"."""

    def __init__(
        self,
        store: Store,
        console_id: str,
        now_ms: Callable[[], int],
        clock: HlcClock | None = None,
    ) -> None:
        self.store = store
        self.console_id = console_id
        self.now_ms = now_ms
        self.clock = clock if clock is not None else HlcClock(now_ms, last_hlc(store))
        self.refresh: Refresh = lambda _cis: None
        self.local_write_listeners: list[Callable[[], None]] = []  # sync: upload soon
        self.windows: list[MaintenanceWindow] = []
        self.shelves: list[Shelve] = []
        self._by_ci: dict[str, tuple[list[MaintenanceWindow], list[Shelve]]] = {}
        self._active: set[str] = set()
        self.reload()

    def install(self, monitor: PlantMonitor) -> None:
        """Hook a PlantMonitor: its maintenance lookup and its refresh."""
        monitor.maintenance = self.lookup
        self.refresh = monitor.refresh
        self.refresh(sorted(self._by_ci))

    def lookup(self, ci: str) -> Reason | None:
        """Why a fault of `ci` raises nothing right now (None: it would raise)."""
        found = self._by_ci.get(ci)
        if found is None:
            return None
        return suppressed(found[0], found[1], ci, self.now_ms())

    def tick(self) -> None:
        """Re-evaluate CIs whose window or shelving began or ended since the last tick."""
        active = {ci for ci in self._by_ci if self.lookup(ci) is not None}
        changed = active ^ self._active
        self._active = active
        if changed:
            self.refresh(sorted(changed))

    # -- changes (each one transaction) ------------------------------------------

    # Each is a new synced version (HLC stamp) queued for upload in its transaction.

    def add_window(self, window: MaintenanceWindow, user: str) -> None:
        save_window(self.store, window, user, self._stamp(user))
        self._changed(window.cis, local=True)

    def end_window(self, window_id: str, user: str = "") -> None:
        cis = next((w.cis for w in self.windows if w.id == window_id), frozenset[str]())
        end_window(self.store, window_id, self.now_ms(), self._stamp(user or "console"))
        self._changed(cis, local=True)

    def shelve(self, ci: str, user: str, reason: str, duration_ms: int, max_ms: int) -> Shelve:
        """Shelve a CI's alarms for a bounded time with a reason (ValueError otherwise)."""
        shelf = shelve(ci, user, reason, self.now_ms(), duration_ms, max_ms)
        add_shelve(self.store, shelf, self.console_id, self._stamp(user))
        self._changed({ci}, local=True)
        return shelf

    def unshelve(self, ci: str, user: str) -> int:
        cleared = clear_shelves(self.store, ci, user, self.now_ms(), self._stamp(user))
        self._changed({ci}, local=True)
        return cleared

    def remote_changed(self, cis: Collection[str]) -> None:
        """Versions from other consoles were applied (sync): CIs enter/leave MAINTENANCE.

        The clock takes in the newest applied version, so that our next edit of such a
        record is stamped later than it (else a console whose clock is behind would lose
        its edit to the version it just saw, on every console, for good)."""
        newest = last_hlc(self.store)
        if newest is not None:
            self.clock.observe(newest)
        self._changed(cis)

    def _stamp(self, user: str) -> Stamp:
        return Stamp(str(self.clock.tick()), self.console_id, user)

    def reload(self) -> None:
        self.windows = load_windows(self.store)
        self.shelves = load_shelves(self.store, self.now_ms() - 24 * 3_600_000)
        self._by_ci = {}
        for window in self.windows:
            for ci in window.cis:
                self._by_ci.setdefault(ci, ([], []))[0].append(window)
        for shelf in self.shelves:
            self._by_ci.setdefault(shelf.ci, ([], []))[1].append(shelf)

    def _changed(self, cis: Collection[str], local: bool = False) -> None:
        self.reload()
        self._active = {ci for ci in self._by_ci if self.lookup(ci) is not None}
        self.refresh(sorted(cis))
        for listener in self.local_write_listeners if local else ():
            listener()
