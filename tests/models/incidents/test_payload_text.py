"""A feed payload's canonical text, written directly for one-text-field payloads, is
exactly `canonical_json`'s (and refused where it refuses)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from models.incidents.events import _payload_text, canonical_json

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.text(max_size=3)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _reference(payload: dict[str, Any]) -> str | None:
    try:
        return canonical_json(payload)
    except (TypeError, ValueError):
        return None


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(), _VALUES, max_size=3))
def test_payload_text_is_the_canonical_dump(payload: dict[str, Any]) -> None:
    assert _payload_text(payload) == _reference(payload)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_one_text_field_round_trips(key: str, value: str) -> None:
    payload = {key: value}
    text = _payload_text(payload)
    assert text == _reference(payload)
    assert text is not None and json.loads(text) == payload
