"""Roles per site, ordered, and the role each event type needs from its author."""

from __future__ import annotations

import enum

ANY_SITE = "*"


class Role(enum.IntEnum):
    VIEWER = 1
    TECHNICIAN = 2
    SUPERVISOR = 3
    ADMIN = 4

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(
                f"unknown role {name!r}: viewer, technician, supervisor, admin"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


SUPERVISOR_EVENTS = frozenset({"closed", "marked_duplicate", "linked_to_problem"})
SERVER_ONLY_EVENTS = frozenset({"number_assigned"})


def role_needed(event_type: str) -> Role:
    """Writing an incident event takes a technician; closing and merging a supervisor."""
    return Role.SUPERVISOR if event_type in SUPERVISOR_EVENTS else Role.TECHNICIAN
