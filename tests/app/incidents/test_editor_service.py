"""The service side of the editors: shelving, maintenance windows, problems, reviews."""

from __future__ import annotations

import pytest

from app.incidents.service import ActionError, IncidentService
from models.store.suppression_repo import load_shelves

PLC = "AR-051-PLC"


def test_shelving_is_bounded_needs_a_reason_and_is_audited(service: IncidentService) -> None:
    with pytest.raises(ActionError, match="needs a reason"):
        service.shelve(PLC, " ", 10)
    with pytest.raises(ActionError, match="at most 8 h"):
        service.shelve(PLC, "chatter", 8 * 60 + 1)
    with pytest.raises(ActionError, match="at most 8 h"):
        service.shelve(PLC, "chatter", 0)
    with pytest.raises(ActionError, match="no CI 'NOPE'"):
        service.shelve("NOPE", "chatter", 10)
    with pytest.raises(ActionError, match="is not shelved"):
        service.unshelve(PLC)
    assert load_shelves(service.store) == []
    shelf = service.shelve(PLC, "  chatter ", 30)
    assert (shelf.user, shelf.reason) == ("anna", "chatter")
    assert service.shelved(PLC) == shelf and service.shelves_now() == [shelf]
    assert service.unshelve(PLC) == 1
    assert service.shelved(PLC) is None
    (audit,) = load_shelves(service.store)
    assert audit.cleared_by == "anna"
