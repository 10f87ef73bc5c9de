"""The fold's quick constructors give exactly what the dataclass constructors give.

`FoldAcc.state` fills `IncidentState` from one dict (no frozen setattrs per field);
the feed's validators are the payload models' own."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings

from models.incidents.events import Event
from models.incidents.fold import fold
from models.incidents.payloads import PAYLOADS, VALIDATORS
from models.incidents.state import IncidentState

from .test_fold_properties import scenarios


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_a_folded_state_equals_the_constructor_built_one(events: list[Event]) -> None:
    state = fold(events)
    names = [f.name for f in dataclasses.fields(IncidentState)]
    assert list(vars(state)) == names  # every field, in declaration order, nothing else
    built = IncidentState(**vars(state))
    assert built == state and vars(built) == vars(state)


def test_validators_are_the_models_own() -> None:
    assert VALIDATORS.keys() == PAYLOADS.keys()
    for kind, versions in PAYLOADS.items():
        assert VALIDATORS[kind].keys() == versions.keys()
        for version, model in versions.items():
            assert VALIDATORS[kind][version].__self__ is model.__pydantic_validator__  # type: ignore[attr-defined]
