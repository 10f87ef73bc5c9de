"""What the logged-in role may write, for the incident views and editors.

`Rights` is `ConsoleSession.may`: given an action key (an incident detail button) or an
event type it returns None when the role may, else the reason to show. The window sets it
on the views (`set_rights`) and calls their `refresh_rights()` when the session changes.
The default lets everything through (local mode, and views built on their own in tests).

Which role writes what follows the server (`server.security.roles.role_needed`):
acknowledging, review and problem edits (`review_updated`, `problem_updated`) take a
technician; linking incidents to a problem (`linked_to_problem`: creating a problem,
linking, unlinking) a supervisor. Shelvings and maintenance windows are this console's
own records, not server events: they take a technician, like any incident write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

Rights = Callable[[str], str | None]

# Action keys handed to `Rights` (event types, or detail-button keys mapped to them).
ACKNOWLEDGE = "acknowledge"
RAISE = "raise"  # a manual incident: its `created` event (a technician)
SHELVE = "shelve"  # shelving and unshelving
MAINTENANCE = "maintenance_window"  # saving and ending a change record
REVIEW = "review_updated"
PROBLEM_EDIT = "problem_updated"
PROBLEM_LINK = "link_problem"  # linked_to_problem: a supervisor


@runtime_checkable
class Gated(Protocol):
    """A view with write actions that follow the role."""

    def set_rights(self, rights: Rights) -> None: ...

    def refresh_rights(self) -> None: ...


def allow_all(_action: str) -> str | None:
    return None


def refusal(rights: Rights, *actions: str) -> str | None:
    """The first reason one of `actions` is refused, or None when all are allowed."""
    for action in actions:
        refused = rights(action)
        if refused is not None:
            return refused
    return None


def gate(target: QWidget | QAction, possible: bool, refused: str | None, tooltip: str = "") -> None:
    """Enabled when `possible` now and the role may; the reason as tooltip when not."""
    target.setEnabled(possible and refused is None)
    target.setToolTip(refused or tooltip)


def show_refusal(label: QLabel, refused: str | None) -> None:
    """The editor's visible line saying why its write actions are disabled (not only on
    hover: UI.md); hidden when the role may write."""
    label.setText(refused or "")
    label.setVisible(refused is not None)


def refusal_label() -> QLabel:
    label = QLabel()
    label.setObjectName("rightsNote")
    label.setWordWrap(True)
    label.setStyleSheet("font-style: italic;")  # the palette's text colour (dark theme too)
    label.hide()
    return label
