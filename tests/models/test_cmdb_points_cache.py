"""Plant point lists are merged once and handed out as copies."""

from __future__ import annotations

from models.cmdb import Plant


def test_points_are_cached_and_callers_cannot_spoil_the_cache(demo_plant: Plant) -> None:
    modbus = next(c for c, n in demo_plant.nodes.items() if n.protocol == "modbus")
    opcua = next(c for c, n in demo_plant.nodes.items() if n.protocol == "opcua")
    for ci_id in (modbus, opcua):
        first = demo_plant.points(ci_id)
        assert first and demo_plant.points(ci_id) == first
        first.clear()  # a caller that edits its list
        assert demo_plant.points(ci_id)
    # `{ci}` is filled in for OPC UA nodes, once.
    assert all("{ci}" not in p.node for p in demo_plant.opcua_points(opcua))
    # A CI with no protocol has no points, and asking again stays empty.
    bare = next(c for c, n in demo_plant.nodes.items() if n.ci is None)
    assert demo_plant.modbus_points(bare) == [] and demo_plant.opcua_points(bare) == []
    assert demo_plant.opcua_points(modbus) == []
