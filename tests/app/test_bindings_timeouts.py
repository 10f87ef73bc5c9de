"""The plant profile's timeouts reach every driver's configuration: `timeout_ms` caps each
request, `min_timeout_ms` is the least margin above the measured round trip before a
device counts as not answering (drivers/rtt.py), for protocol devices as for probes."""

from __future__ import annotations

from pathlib import Path

from app.commands.monitor_commands import DEMO_INTERVALS
from app.monitor.bindings import plan_bindings
from drivers.config import ModbusConfig, OpcuaConfig, ReachConfig
from drivers.rtt import DEFAULT_FLOOR_S
from models.plant_loader import load_plant

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo_plant.toml"


def test_min_timeout_reaches_opcua_modbus_and_reach_drivers(tmp_path: Path) -> None:
    text = DEMO.read_text(encoding="utf-8")
    for profile_id in ("s7-1500-opcua", "krc5-modbus"):
        head = f'id = "{profile_id}"\n'
        at = text.index("timeout_ms = 1000\n", text.index(head))
        text = text[:at] + "timeout_ms = 1000\nmin_timeout_ms = 120\n" + text[at + 18 :]
    plant_file = tmp_path / "plant.toml"
    plant_file.write_text(text, encoding="utf-8")
    plant = load_plant(plant_file)
    kinds: dict[str, set[float]] = {}
    for binding in plan_bindings(plant, DEMO_INTERVALS):
        config = binding.config
        ci_id = next(iter(binding.points.values()))[0]
        profile = plant.nodes[ci_id].profile
        assert profile is not None
        expected = profile.min_timeout_ms / 1000
        assert isinstance(config, OpcuaConfig | ModbusConfig | ReachConfig)
        assert config.min_timeout_s == expected, (ci_id, config)
        kinds.setdefault(f"{type(config).__name__}:{profile.id}", set()).add(expected)
    assert kinds["OpcuaConfig:s7-1500-opcua"] == {0.12}
    assert kinds["ModbusConfig:krc5-modbus"] == {0.12}
    assert kinds["ReachConfig:managed-switch"] == {DEFAULT_FLOOR_S}
