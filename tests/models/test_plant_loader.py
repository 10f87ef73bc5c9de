"""The plant file: the demo loads clean, every kind of mistake is named with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.plant_loader import PlantFileError, load_plant, parse_plant


def broken(demo_path: Path, *replacements: tuple[str, str]) -> str:
    text = demo_path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def issues_of(text: str | bytes) -> list[str]:
    with pytest.raises(PlantFileError) as info:
        parse_plant(text, "plant.toml")
    return [str(issue) for issue in info.value.issues]


def test_demo_plant_is_clean(demo_plant) -> None:  # type: ignore[no-untyped-def]
    assert demo_plant.root == "WN"
    assert set(demo_plant.lines) == {"L1", "L3", "L4", "L5"}
    assert 50 <= len(demo_plant) <= 80
    kinds = {node.kind for node in demo_plant.nodes.values()}
    assert {"plc", "hmi", "robot_controller", "vision", "switch", "mes_interface"} <= kinds
    assert any(node.is_group for node in demo_plant.nodes.values())
    protocols = {node.protocol for node in demo_plant.nodes.values()}
    assert {"opcua", "modbus", "reach"} <= protocols


def test_profile_points_are_templated_per_ci(demo_plant) -> None:  # type: ignore[no-untyped-def]
    nodes = {p.name: p.node for p in demo_plant.opcua_points("AR-042-PLC")}
    assert nodes["run_state"] == "nsu=urn:plantconsole:sim;s=AR-042-PLC.RunState"
    registers = {p.name: p for p in demo_plant.modbus_points("AR-042-RC")}
    assert registers["vibration"].type == "float32"


def test_every_error_is_reported_with_line_ci_and_field(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'depends_on = ["SW-L3-043"]\nopcua = { endpoint = "opc.tcp://127.0.1.1:4840" }',
            'depends_on = ["SW-L3-999"]\nopcua = { endpoint = "opc.tcp://127.0.1.1:99999" }',
        ),
        ('id = "AR-043"\n', 'id = "AR-042"\n'),
        (
            'profile = "managed-switch"\nreach = { host = "127.0.0.10" }',
            'profile = "managed-swtch"\ndepends_on = ["SW-L3-043"]\nreach = { host = "127.0.0.10" }',
        ),
        ("cost_per_hour = 5200", 'cost_per_hour = -5\ncolour = "red"'),
    )
    found = issues_of(text)
    joined = "\n".join(found)
    assert "CI 'AR-042-PLC' field 'opcua.endpoint': port 99999 is outside 1-65535" in joined
    assert "CI 'AR-042-PLC' field 'depends_on': unknown CI 'SW-L3-999'" in joined
    assert "duplicate id: 'AR-042'" in joined
    assert "dependency cycle: SW-CORE-01 -> SW-L3-043 -> SW-CORE-01" in joined
    assert "unknown profile 'managed-swtch'" in joined
    assert "CI 'L1' field 'cost_per_hour'" in joined
    assert "unknown field 'colour'" in joined
    assert all(line.startswith("plant.toml:") for line in found)
    # Each message names its line: the unknown dependency sits where depends_on was written.
    dep = next(line for line in found if "SW-L3-999" in line)
    line_no = int(dep.split(":")[1])
    assert 'depends_on = ["SW-L3-999"]' in text.splitlines()[line_no - 1]


def test_containment_cycle(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'id = "AR-042"\nname = "Assembly Robot AR-042"\nkind = "machine"\nparent = "L3"',
            'id = "AR-042"\nname = "Assembly Robot AR-042"\nkind = "machine"\nparent = "AR-042-PLC"',
        ),
    )
    assert any("containment cycle" in line and "AR-042" in line for line in issues_of(text))


def test_plain_password_is_refused_with_what_to_do(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840" }',
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840", login = { user = "op", password = "hunter2" } }',
        ),
    )
    found = issues_of(text)
    assert len(found) == 1, found
    assert "CI 'AR-043-PLC' field 'opcua.login.password': plain password" in found[0]
    assert "keyring:" in found[0]
    assert "hunter2" not in found[0]


def test_password_ref_is_accepted(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840" }',
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840", security_mode = "SignAndEncrypt", '
            'security_policy = "Basic256Sha256", login = { user = "op", password_ref = "keyring:plantconsole/op" } }',
        ),
    )
    plant = parse_plant(text)
    login = plant.nodes["AR-043-PLC"].ci.opcua.login  # type: ignore[union-attr]
    assert login is not None and login.password_ref == "keyring:plantconsole/op"


def test_overlapping_registers_and_bad_url(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'modbus = { host = "127.0.4.5", port = 5020, unit_id = 1 }',
            'modbus = { host = "127.0.4.5", port = 5020, unit_id = 1, points = ['
            '{ name = "extra", table = "holding", address = 1, type = "uint32" }] }',
        ),
        (
            'opcua = { endpoint = "opc.tcp://127.0.0.20:4840" }',
            'opcua = { endpoint = "http://127.0.0.20" }',
        ),
    )
    joined = "\n".join(issues_of(text))
    assert "overlapping registers in holding: 'fault_code' (1-1) and 'extra' (1-2)" in joined
    assert "CI 'MES-OPCUA' field 'opcua.endpoint': expected 'opc.tcp://HOST:PORT[/path]'" in joined


def test_security_mode_needs_a_policy(demo_path: Path) -> None:
    text = broken(
        demo_path,
        (
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840" }',
            'opcua = { endpoint = "opc.tcp://127.0.1.5:4840", security_mode = "SignAndEncrypt" }',
        ),
    )
    assert any("security mode SignAndEncrypt with policy None" in line for line in issues_of(text))


def test_unknown_shift_and_running_tag(demo_path: Path) -> None:
    text = broken(
        demo_path,
        ('shifts = ["early", "late"]', 'shifts = ["early", "weekend"]'),
        ('running_tag = "CONV-L4-PLC:line_running"', 'running_tag = "CONV-L4-PLC:nothing"'),
    )
    joined = "\n".join(issues_of(text))
    assert "unknown shift 'weekend'" in joined
    assert "CI 'CONV-L4-PLC' has no point 'nothing'" in joined


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\n# only a comment\n", "no [site] table"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00garbage", "binary file"),
        (b'[site]\nid = "X"\nname = \xff\xfe', "not UTF-8"),
        (b"[site\nid = 1", "not valid TOML"),
        (b'[site]\nid = "WN"\n', "required field is missing"),
    ],
)
def test_malformed_files_give_one_clear_message(content: bytes, expected: str) -> None:
    found = issues_of(content)
    assert any(expected in line for line in found), found


def test_truncated_file_names_the_line(demo_path: Path) -> None:
    data = demo_path.read_bytes()
    cut = data[: data.index(b'id = "AR-043-RC"') + 12]
    found = issues_of(cut)
    assert any("not valid TOML" in line and "plant.toml:" in line for line in found), found


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.seek(70 * 1024 * 1024)
        handle.write(b"\n")
    with pytest.raises(PlantFileError) as info:
        load_plant(huge)
    assert "are refused" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlantFileError) as info:
        load_plant(tmp_path / "nope.toml")
    assert "cannot read file" in str(info.value)
