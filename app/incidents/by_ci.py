"""Which incidents concern a CI: "Open incidents" on a CI of the machine tree.

An incident concerns a CI when its root cause or one of its related CIs (the created
event's affected CIs, a related CI added later, a diagnostic's CI) is that CI or one
below it in the containment tree. Read from the events, not the folded states: the
list holds up to 10,000 incidents, and folding them all to ask this would take seconds.
"""

from __future__ import annotations

import json

from models.cmdb import Plant
from models.store import Store

# Event types whose payload names a CI of the incident (fold_rules: root cause, affected).
_CI_EVENTS = ("created", "related_ci_added", "diagnostic_attached")
_SQL = (
    "SELECT incident_id, json_extract(body, '$.payload.ci'), "
    "json_extract(body, '$.payload.affected_cis') FROM incident_event "
    f"WHERE type IN ({', '.join('?' * len(_CI_EVENTS))})"
)


def ci_and_below(plant: Plant, ci: str) -> set[str]:
    """`ci` and every CI under it (a line: its machines and their PLCs, HMIs...)."""
    return set(plant.walk(ci)) if ci in plant else {ci}


def incidents_of_cis(store: Store, cis: set[str]) -> set[str]:
    """Ids of the incidents whose root cause or related CIs include one of `cis`."""
    found: set[str] = set()
    with store.read() as connection:
        rows = connection.exec_driver_sql(_SQL, _CI_EVENTS).fetchall()
    for incident_id, ci, affected in rows:
        if incident_id in found:
            continue
        if ci in cis or (affected and affected != "[]" and cis.intersection(json.loads(affected))):
            found.add(incident_id)
    return found
