"""The console window's session: who is logged in, and what their role lets them do.

Three modes:
- local (no server configured): there is no identity server, the console's OS user
  works as a technician, as before the server existed;
- server, not logged in: read-only (a viewer) until someone logs in;
- server, logged in: the role the server's login gave for this console's site. An
  offline login (server out of reach, last verified credentials) ends at its
  `valid_until_ms`: then the session is read-only again.

What a role may do mirrors the server's rights (`server.security.roles.role_needed`:
incident events need a technician, closing and merging a supervisor) and issue 7
(diagnostics: technicians and above). `may_*` return None when allowed, else the reason
to show (a tooltip on the disabled action).

Signals:
    changed(): the identity (or the mode) changed
"""

from __future__ import annotations

import getpass
import time
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.auth import Identity, LoginPlan, role_rank
from server.security.roles import role_needed

LOCAL_ROLE = "technician"
DIAGNOSTICS_ROLE = "technician"
# Incident detail actions that write an event of another name than their own.
ACTION_EVENTS = {
    "close": "closed",
    "link_problem": "linked_to_problem",
    "duplicate": "marked_duplicate",
    "acknowledge": "acknowledged",
    "resolve": "resolved",
    "reopen": "reopened",
    "note": "comment",
    "assign": "assigned",
    "on_site": "technician_on_site",
    "hold": "status_changed",
    "in_progress": "status_changed",
    "raise": "created",
}
_MAX_TIMER_MS = 2**31 - 1


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for lupdate under `context`; translated when shown (`_text`)."""
    return text


# What a refusal names (the action keys `may` gets, and diagnostics), and the roles: the
# console's texts go through Qt's translators (German: resources/i18n, scripts/translations.py).
ACTION_NAMES = {
    "diagnostics": QT_TRANSLATE_NOOP("ConsoleSession", "Diagnostics"),
    "raise": QT_TRANSLATE_NOOP("ConsoleSession", "Raise incident"),
    "acknowledge": QT_TRANSLATE_NOOP("ConsoleSession", "Acknowledge"),
    "assign": QT_TRANSLATE_NOOP("ConsoleSession", "Assign"),
    "on_site": QT_TRANSLATE_NOOP("ConsoleSession", "On site"),
    "hold": QT_TRANSLATE_NOOP("ConsoleSession", "Hold"),
    "in_progress": QT_TRANSLATE_NOOP("ConsoleSession", "In progress"),
    "note": QT_TRANSLATE_NOOP("ConsoleSession", "Note"),
    "link_problem": QT_TRANSLATE_NOOP("ConsoleSession", "Link problem"),
    "resolve": QT_TRANSLATE_NOOP("ConsoleSession", "Resolve"),
    "close": QT_TRANSLATE_NOOP("ConsoleSession", "Close"),
    "reopen": QT_TRANSLATE_NOOP("ConsoleSession", "Reopen"),
    "duplicate": QT_TRANSLATE_NOOP("ConsoleSession", "Duplicate"),
    "shelve": QT_TRANSLATE_NOOP("ConsoleSession", "Shelve"),
    "maintenance_window": QT_TRANSLATE_NOOP("ConsoleSession", "Maintenance window"),
    "review_updated": QT_TRANSLATE_NOOP("ConsoleSession", "Review updated"),
    "problem_updated": QT_TRANSLATE_NOOP("ConsoleSession", "Problem updated"),
}
ROLE_NAMES = {
    "viewer": QT_TRANSLATE_NOOP("ConsoleSession", "viewer"),
    "technician": QT_TRANSLATE_NOOP("ConsoleSession", "technician"),
    "supervisor": QT_TRANSLATE_NOOP("ConsoleSession", "supervisor"),
    "admin": QT_TRANSLATE_NOOP("ConsoleSession", "admin"),
}


translate = QCoreApplication.translate  # the name lupdate looks for


def _text(text: str) -> str:
    """A marked text (ROLE_NAMES, ACTION_NAMES) in the console's language."""
    return translate("ConsoleSession", text)


def role_text(role: str) -> str:
    """A role's name in the console's language ('technician' / 'Techniker')."""
    return _text(ROLE_NAMES[role]) if role in ROLE_NAMES else role


def action_text(action: str) -> str:
    """An action key as the refusal names it ('link_problem': 'Link problem')."""
    name = ACTION_NAMES.get(action)
    return _text(name) if name else action.replace("_", " ").capitalize()


__all__ = ["ConsoleSession", "LoginPlan", "os_user", "when"]


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def when(ms: int) -> str:
    """'14:02' today, else '2025-03-14 14:02' (local time)."""
    at = datetime.fromtimestamp(ms / 1000)
    if at.date() == datetime.now().date():
        return at.strftime("%H:%M")
    return at.strftime("%Y-%m-%d %H:%M")


class ConsoleSession(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server_url: str | None = None  # None: local mode
        self.identity: Identity | None = None
        self.notice = ""  # why the last session ended (expired), shown until the next login
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self._check_expiry)

    # -- state -------------------------------------------------------------------------
    @property
    def local(self) -> bool:
        return self.server_url is None

    def use_server(self, url: str) -> None:
        """From now on the server's login decides (read-only until someone logs in)."""
        self.server_url = url
        self.identity = None
        self.changed.emit()

    def set_identity(self, identity: Identity) -> None:
        self.identity = identity
        self.notice = ""
        self._expiry.stop()
        if identity.valid_until_ms is not None:
            left = identity.valid_until_ms - time.time_ns() // 1_000_000
            self._expiry.start(max(0, min(left, _MAX_TIMER_MS)))
        self.changed.emit()

    def logout(self, notice: str = "") -> None:
        self._expiry.stop()
        self.identity = None
        self.notice = notice
        self.changed.emit()

    def _check_expiry(self) -> None:
        identity = self.identity
        if identity is None or identity.valid_until_ms is None:
            return
        left = identity.valid_until_ms - time.time_ns() // 1_000_000
        if left > 0:  # the timer fired early (capped interval): wait on
            self._expiry.start(min(left, _MAX_TIMER_MS))
            return
        self.logout(
            translate("ConsoleSession", "the offline login of %1 expired: log in again").replace(
                "%1", identity.user
            )
        )

    # -- who ---------------------------------------------------------------------------
    def role(self) -> str:
        """The role that counts now ('viewer' when no one with a role is logged in)."""
        if self.local:
            return LOCAL_ROLE
        if self.identity is None or self.identity.role is None:
            return "viewer"
        return self.identity.role

    def user(self) -> str:
        if self.identity is not None:
            return self.identity.user
        return os_user()

    # -- rights ------------------------------------------------------------------------
    def _needs(self, role: str, what: str) -> str | None:
        if self.local or role_rank(self.role()) >= role_rank(role):
            return None  # local mode: no identity server, nothing to check against
        if not self.local and self.identity is None:
            text = translate("ConsoleSession", "%1: log in as a %2 or above (File > Log in…)")
            return text.replace("%1", what).replace("%2", role_text(role))
        text = translate("ConsoleSession", "%1: needs a %2 or above; %3 is logged in as %4")
        return (
            text.replace("%1", what)
            .replace("%2", role_text(role))
            .replace("%3", self.user())
            .replace("%4", role_text(self.role()))
        )

    def may_diagnose(self) -> str | None:
        """None if the current role may run diagnostics, else why not."""
        return self._needs(DIAGNOSTICS_ROLE, action_text("diagnostics"))

    def may(self, action: str) -> str | None:
        """None if the current role may do the incident `action` (a detail button key or
        an event type), else why not: the server would refuse the event (403)."""
        needed = role_needed(ACTION_EVENTS.get(action, action)).name.lower()
        return self._needs(needed, action_text(action))

    # -- text --------------------------------------------------------------------------
    def describe(self) -> str:
        """The status-bar text: 'local: alice', 'not logged in', 'alice (technician)',
        'alice (technician), offline login, valid until 18:30'."""
        if self.local:
            return translate("ConsoleSession", "local: %1").replace("%1", self.user())
        identity = self.identity
        if identity is None:
            if self.notice:
                return translate("ConsoleSession", "not logged in (%1)").replace("%1", self.notice)
            return translate("ConsoleSession", "not logged in")
        role = (
            role_text(identity.role)
            if identity.role
            else translate("ConsoleSession", "no role at this site")
        )
        text = f"{identity.user} ({role})"
        if not identity.online and identity.valid_until_ms is not None:
            valid = translate("ConsoleSession", ", offline login, valid until %1")
            text += valid.replace("%1", when(identity.valid_until_ms))
        return text
