"""The active faults of a simulated plant: checked on entry, read by devices and proxies."""

from __future__ import annotations

from models.cmdb import Plant
from models.plant_schema import parse_fault_code
from simulator.device_model import DeviceModel
from simulator.faults import (
    DEVICE_KINDS,
    LISTENER_KINDS,
    ActiveFault,
    FaultError,
    FaultKind,
    exception_code_value,
    fault_code_value,
    parse_kind,
    seconds_value,
)
from simulator.impact import down_closure

DEFAULT_FAULT_CODE = 0x2A
DEFAULT_SLOW_S = 3.0
DEFAULT_RESTART_S = 1.5


class FaultBook:
    """Faults per CI; `check` turns a request into a fault or a FaultError saying why not."""

    def __init__(
        self, plant: Plant, models: dict[str, DeviceModel], with_listener: set[str]
    ) -> None:
        self.plant = plant
        self.models = models
        self.with_listener = with_listener
        self.faults: dict[str, dict[FaultKind, ActiveFault]] = {}

    def check(self, ci: str, kind_text: str, value: str | float | None) -> ActiveFault:
        node = self.plant.nodes.get(ci)
        if node is None:
            raise FaultError(f"unknown CI {ci!r}: not in the served plant (see GET /devices)", 404)
        kind = parse_kind(kind_text)
        model = self.models.get(ci)
        what = node.protocol or f"{node.kind}, not monitored"
        if kind in DEVICE_KINDS and model is None:
            raise FaultError(f"{kind.value} needs an OPC UA or Modbus device; CI {ci} is {what}")
        if kind is FaultKind.MODBUS_EXCEPTION and (model is None or model.protocol != "modbus"):
            raise FaultError(f"modbus-exception needs a Modbus device; CI {ci} is {what}")
        if kind in LISTENER_KINDS and ci not in self.with_listener:
            raise FaultError(f"{kind.value} needs a CI with an endpoint; CI {ci} is {what}")
        return ActiveFault(ci, kind, self._value(kind, model, value))

    def _value(
        self, kind: FaultKind, model: DeviceModel | None, value: str | float | None
    ) -> str | float | int | None:
        if kind is FaultKind.FAULT:
            return fault_code_value(value, self._default_code(model))
        if kind is FaultKind.DRIFT:
            assert model is not None
            tags = model.analog_tags()
            if not tags:
                raise FaultError(f"drift: CI {model.ci_id} has no analog tag")
            tag = str(value) if value not in (None, "") else tags[0]
            if tag not in tags:
                raise FaultError(
                    f"drift: CI {model.ci_id} has no analog tag {tag!r}; tags: {', '.join(tags)}"
                )
            return tag
        if kind is FaultKind.SLOW:
            return seconds_value(value, DEFAULT_SLOW_S, kind)
        if kind is FaultKind.RESTART:
            return seconds_value(value, DEFAULT_RESTART_S, kind, upper=30.0)
        if kind is FaultKind.MODBUS_EXCEPTION:
            return exception_code_value(value)
        return None

    def _default_code(self, model: DeviceModel | None) -> int:
        node = self.plant.nodes[model.ci_id] if model is not None else None
        if node is not None and node.profile is not None and node.profile.faults:
            return parse_fault_code(next(iter(node.profile.faults)))
        return DEFAULT_FAULT_CODE

    def add(self, fault: ActiveFault) -> None:
        self.faults.setdefault(fault.ci, {})[fault.kind] = fault

    def remove(self, ci: str, kind: FaultKind) -> None:
        kinds = self.faults.get(ci, {})
        kinds.pop(kind, None)
        if not kinds:
            self.faults.pop(ci, None)

    def clear(self, ci: str | None = None) -> list[str]:
        """Forget the faults of one CI (or all); the CIs that had any."""
        if ci is not None:
            if ci not in self.plant.nodes:
                raise FaultError(
                    f"unknown CI {ci!r}: not in the served plant (see GET /devices)", 404
                )
            return [ci] if self.faults.pop(ci, None) else []
        cleared = sorted(self.faults)
        self.faults.clear()
        return cleared

    def of(self, ci: str) -> dict[FaultKind, ActiveFault]:
        return self.faults.get(ci, {})

    def down_set(self) -> set[str]:
        explicit = {ci for ci, kinds in self.faults.items() if FaultKind.DOWN in kinds}
        return down_closure(self.plant, explicit)

    def all(self) -> list[ActiveFault]:
        return [fault for kinds in self.faults.values() for fault in kinds.values()]
