"""The audit of diagnostics: who ran what on which CI/target, when, result, duration.

`AuditSink` is the contract. Every run goes to the local JSONL file and to the incident
store (`models.store.audit.record_diagnostic`), whose outbox the sync client uploads to
the server: the window through `StoreQueueSink` (runs before the store opened wait in
memory), the CLI through `StoreFileSink`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app.diagnostics.report import summary
from app.diagnostics.results import DiagnosticRun
from app.paths import data_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditRecord:
    id: str
    at: str  # ISO 8601 with offset
    user: str
    role: str
    kind: str
    ci_id: str | None
    target: str
    outcome: str
    summary: str
    duration_s: float
    data: dict[str, Any] = field(default_factory=dict)  # options, error, verdict code

    @classmethod
    def of(cls, run: DiagnosticRun) -> AuditRecord:
        ping = run.ping
        data: dict[str, Any] = {"options": dict(run.options)}
        if run.error:
            data["error"] = run.error
        if ping is not None:
            data["verdict"] = ping.verdict.code
        return cls(
            id=run.audit_id,
            at=run.started.isoformat(),
            user=run.user,
            role=run.role,
            kind=run.kind.value,
            ci_id=run.ci_id,
            target=run.target,
            outcome=run.outcome.value,
            summary=summary(run, "en"),
            duration_s=round(run.duration_s, 3),
            data=data,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class AuditSink(Protocol):
    def record(self, entry: AuditRecord) -> None: ...


class MemorySink:
    def __init__(self) -> None:
        self.records: list[AuditRecord] = []

    def record(self, entry: AuditRecord) -> None:
        self.records.append(entry)


def default_audit_path() -> Path:
    return data_dir() / "diagnostics" / "audit.jsonl"


class JsonlSink:
    """One JSON object per line, appended (a few hundred bytes: no need for a thread)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_audit_path()
        self._lock = threading.Lock()

    def record(self, entry: AuditRecord) -> None:
        line = json.dumps(entry.as_dict(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)

    def read(self) -> list[AuditRecord]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [AuditRecord(**json.loads(line)) for line in lines if line.strip()]


class FunctionSink:
    """Adapts a function (e.g. `lambda r: record_diagnostic(store, **r.as_dict())`)."""

    def __init__(self, fn: Callable[[AuditRecord], None]) -> None:
        self._fn = fn

    def record(self, entry: AuditRecord) -> None:
        self._fn(entry)


class FanoutSink:
    """Several sinks; one failing never stops the others (nor the diagnostic)."""

    def __init__(self, *sinks: AuditSink) -> None:
        self.sinks = list(sinks)

    def record(self, entry: AuditRecord) -> None:
        for sink in self.sinks:
            try:
                sink.record(entry)
            except Exception:
                log.exception("audit sink %r failed", sink)


def store_sink(store: Any) -> FunctionSink:
    """The local store's audit (`models.store.audit.record_diagnostic`): synced to the server
    with the incidents. Imported late: the app may run before the store exists."""
    from models.store.audit import record_diagnostic

    def write(entry: AuditRecord) -> None:
        record_diagnostic(
            store,
            user=entry.user,
            ci=entry.ci_id or "",
            kind=entry.kind,
            target=entry.target,
            result=entry.outcome,
            summary=entry.summary,
            data={"role": entry.role, **entry.data},
            duration_ms=round(entry.duration_s * 1000),
            record_id=entry.id,
        )

    return FunctionSink(write)


class StoreQueueSink:
    """The window's store audit: records wait in memory until the incident store opens
    (it opens after the window shows), then are written in order; later ones directly."""

    def __init__(self, limit: int = 1000) -> None:
        self._sink: AuditSink | None = None
        self._pending: deque[AuditRecord] = deque(maxlen=limit)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def open(self, store: Any) -> None:
        self._sink = store_sink(store)
        while self._pending:
            entry = self._pending.popleft()
            try:
                self._sink.record(entry)
            except Exception:
                log.exception("audit of diagnostic %s not saved in the store", entry.id)

    def record(self, entry: AuditRecord) -> None:
        if self._sink is None:
            self._pending.append(entry)
        else:
            self._sink.record(entry)


class StoreFileSink:
    """The CLI's store audit: opens the console store at `path` for each record.

    Without a running console the store's console lock is taken while writing (so
    `plantconsole register` cannot re-stamp the queue meanwhile). With a console running
    on it, the record is written beside it: the console's lock keeps the console id
    stable, SQLite (WAL, busy timeout) serialises the two writers, and the console's
    sync uploads the outbox row. No store file: nothing to sync, `note` says so.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.note: str | None = None  # why a record was not queued (shown by the CLI)

    def record(self, entry: AuditRecord) -> None:
        from models.store.console_lock import try_lock
        from models.store.engine import open_store

        if not self.path.exists():
            self.note = f"no console store at {self.path}: this run is not synced"
            return
        try:
            lock = try_lock(self.path)
            try:
                store = open_store(self.path)
                try:
                    store_sink(store).record(entry)
                finally:
                    store.close()
            finally:
                if lock is not None:
                    lock.release()
        except Exception as exc:  # StoreError, a refused record: the JSONL still has it
            log.warning("diagnostic %s not queued in %s: %s", entry.id, self.path, exc)
            self.note = f"this run is not queued for sync ({self.path}): {exc}"
