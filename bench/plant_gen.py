"""Generate large, realistic plant files (TOML) for benchmarks and load tests.

    python -m bench.plant_gen --cis 10000 --out plant-10k.toml [--seed 1]

Shape: site > areas > lines (50-300 CIs each) > machines > devices. Devices
depend on an access switch (20-100 devices each; a short line's last one may
have fewer) or, on some lines, on a redundant ring (two switches, min_up=1);
IO-Link sensors depend on their machine's IO module. Access switches depend
on their area's distribution switch, which depends on the core switch. Every
monitored device has its own loopback host (127.x.y.z). The number of entries
(site, areas, lines and CIs, i.e. `len(plant)`) equals `n_cis` exactly, and
the same seed gives the same text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import gen_catalog as cat

MIN_CIS = 60
LINE_SIZE = (50, 300)
SWITCH_FANOUT = (20, 80)
# Open another switch only with room for this many more entries (about 20 networked
# devices); otherwise the current switch takes the rest of the line.
ROOM_FOR_SWITCH = 35


@dataclass
class GenCi:
    """One `[[ci]]` entry as the generator builds it."""

    id: str
    name: str
    kind: str
    parent: str
    criticality: str = "stops_line"
    depends_on: tuple[str, ...] = ()
    profile: str | None = None
    protocol: str | None = None
    host: str = ""
    firmware: str = ""
    vlan: int | None = None
    members: tuple[str, ...] = ()
    min_up: int | None = None


@dataclass
class GenLine:
    id: str
    name: str
    area: str
    cost_per_hour: int
    units_per_shift: int
    product: str
    shifts: tuple[str, ...]
    running_tag: str | None
    cis: list[GenCi]


class _Builder:
    def __init__(self, n_cis: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_cis = n_cis
        self.hosts = 0
        self.areas: list[tuple[str, str]] = []
        self.lines: list[GenLine] = []
        self.infra: list[GenCi] = []

    def host(self) -> str:
        """The next free loopback address, 127.a.b.c with c in 1..254."""
        i = self.hosts
        self.hosts += 1
        return f"127.{1 + i // (256 * 254)}.{(i // 254) % 256}.{1 + i % 254}"

    def build(self) -> None:
        n_areas = max(1, min(19, self.n_cis // 600, self.n_cis // 175))
        n_areas = max(n_areas, min(4, self.n_cis // 175))
        # Fixed entries: site, NET area, core switch, MES server; per area: itself + distribution.
        budget = self.n_cis - 4 - 2 * n_areas
        sizes = self._line_sizes(budget)
        n_areas = min(n_areas, len(sizes))
        sizes = self._line_sizes_fixup(sizes, self.n_cis - 4 - 2 * n_areas)
        self.infra.append(
            GenCi(
                "SW-CORE-01",
                "Core switch",
                "switch",
                "NET",
                profile="managed-switch",
                protocol="reach",
                host=self.host(),
            )
        )
        self.infra.append(
            GenCi(
                "MES-OPCUA",
                "MES interface OPC UA server -> SAP ME",
                "mes_interface",
                "NET",
                "degrades",
                ("SW-CORE-01",),
                "mes-opcua",
                "opcua",
                self.host(),
            )
        )
        per_area = [1] * n_areas
        for _ in range(len(sizes) - n_areas):
            per_area[self.rng.randrange(n_areas)] += 1
        line_no = 0
        for a in range(n_areas):
            kind = cat.AREA_TYPES[a % len(cat.AREA_TYPES)]
            area_id = f"{kind.code}{a // len(cat.AREA_TYPES) + 1}"
            self.areas.append((area_id, f"Hall {area_id} - {kind.label}"))
            dist = GenCi(
                f"SW-DIST-{area_id}",
                f"Distribution switch {area_id}",
                "switch",
                area_id,
                depends_on=("SW-CORE-01",),
                profile="managed-switch",
                protocol="reach",
                host=self.host(),
            )
            self.infra.append(dist)
            for j in range(per_area[a]):
                self.lines.append(
                    self._line(kind, area_id, j + 1, dist.id, sizes[line_no], 100 + line_no)
                )
                line_no += 1

    def _line_sizes(self, budget: int) -> list[int]:
        sizes: list[int] = []
        while budget - sum(sizes) > LINE_SIZE[1]:
            sizes.append(self.rng.randint(*LINE_SIZE))
        return self._line_sizes_fixup(sizes, budget)

    def _line_sizes_fixup(self, sizes: list[int], budget: int) -> list[int]:
        """Make the sizes add up to `budget`: a last line, or the rest spread over the others."""
        sizes = list(sizes)
        rest = budget - sum(sizes)
        if rest >= LINE_SIZE[0] or not sizes:
            sizes.append(rest)
            return sizes
        for i in range(abs(rest)):
            sizes[i % len(sizes)] += 1 if rest > 0 else -1
        return sizes

    def _line(
        self, kind: cat.AreaType, area: str, number: int, dist: str, size: int, vlan: int
    ) -> GenLine:
        rng = self.rng
        line_id = f"{area}-L{number:02d}"
        cis: list[GenCi] = []
        net = _LineNet(self, line_id, dist, vlan, cis)
        cis.append(
            GenCi(
                f"MES-{line_id}",
                f"MES interface {line_id}",
                "mes_interface",
                line_id,
                "degrades",
                ("MES-OPCUA",),
            )
        )
        ring = None
        if rng.random() < kind.ring_share:
            ring = net.ring()
        net.new_switch()
        machines, weights = zip(*kind.machines, strict=True)
        count = 1 + len(cis)  # the line itself
        # Ring lines put their first machines (20-50% of the line) on the ring.
        ring_until = count + int(size * rng.uniform(0.2, 0.5)) if ring else 0
        seq = 0
        while size - count >= 2:
            seq += 1
            mtype: cat.MachineType = rng.choices(machines, weights)[0]
            on_ring = ring if count < ring_until else None
            count += _Machine(self, net, line_id, mtype, seq, on_ring).build(size - count)
        if size - count == 1:
            last = next(c for c in reversed(cis) if c.kind == "machine")
            wired = next((c.id for c in cis if c.parent == last.id), None) or net.attach(None)
            cis.append(
                GenCi(
                    f"{last.id}-SEN99",
                    f"Proximity sensor {last.id}",
                    "sensor",
                    last.id,
                    "info",
                    (wired,),
                )
            )
        low, high = kind.units
        plc = next((c for c in cis if c.kind == "plc"), None)
        return GenLine(
            line_id,
            f"{kind.line_label} {area}-{number}",
            area,
            rng.randrange(1000, 9001, 100),
            rng.randrange(low, high + 1, 10),
            rng.choice(kind.products),
            rng.choices(*zip(*cat.SHIFT_PATTERNS, strict=True))[0],
            f"{plc.id}:line_running" if plc and rng.random() < 0.7 else None,
            cis,
        )


class _LineNet:
    """The access switches (and ring) of one line; hands out a switch per device."""

    def __init__(self, b: _Builder, line: str, dist: str, vlan: int, cis: list[GenCi]) -> None:
        self.b, self.line, self.dist, self.vlan, self.cis = b, line, dist, vlan % 4000 + 1, cis
        self.switch = ""
        self.left = 0
        self.switches = 0

    def new_switch(self) -> GenCi:
        self.switches += 1
        sw = GenCi(
            f"SW-{self.line}-{self.switches:02d}",
            f"PROFINET switch {self.line}/{self.switches}",
            "switch",
            self.line,
            depends_on=(self.dist,),
            profile="managed-switch",
            protocol="reach",
            host=self.b.host(),
            vlan=self.vlan,
        )
        self.cis.append(sw)
        self.switch, self.left = sw.id, self.b.rng.randint(*SWITCH_FANOUT)
        return sw

    def ring(self) -> str:
        members = []
        for side in "AB":
            sw = GenCi(
                f"SW-{self.line}-R{side}",
                f"PROFINET ring switch {side} {self.line}",
                "switch",
                self.line,
                "degrades",
                (self.dist,),
                "managed-switch",
                "reach",
                self.b.host(),
                vlan=self.vlan,
            )
            self.cis.append(sw)
            members.append(sw.id)
        ring = GenCi(
            f"RING-{self.line}",
            f"PROFINET ring {self.line}",
            "redundancy_group",
            self.line,
            members=tuple(members),
            min_up=1,
        )
        self.cis.append(ring)
        return ring.id

    def attach(self, ring: str | None, room: int = 0) -> str:
        """The switch (or ring) a new device plugs into; opens a switch if `room` is large."""
        if ring is not None:
            return ring
        if self.left <= 0 and room >= ROOM_FOR_SWITCH:
            self.new_switch()
        self.left -= 1
        return self.switch

    def opened(self) -> int:
        return self.switches


class _Machine:
    def __init__(
        self,
        b: _Builder,
        net: _LineNet,
        line: str,
        mtype: cat.MachineType,
        seq: int,
        ring: str | None,
    ) -> None:
        self.b, self.net, self.mtype, self.ring = b, net, mtype, ring
        self.id = f"{line}-{mtype.code}{seq:03d}"

    def build(self, room: int) -> int:
        """Add the machine and as many of its devices as `room` allows; returns entries added."""
        rng = self.b.rng
        crit = "degrades" if rng.random() < 0.08 else "stops_line"
        cis = self.net.cis
        cis.append(GenCi(self.id, f"{self.mtype.label} {self.id}", "machine", self.net.line, crit))
        added = 1
        io = controller = ""
        for dtype, low, high in self.mtype.devices:
            for k in range(rng.randint(low, high)):
                if room - added < 1:
                    return added
                before = self.net.opened()
                dev = self._device(dtype, k + 1, io or controller, room - added)
                added += 1 + self.net.opened() - before
                cis.append(dev)
                controller = controller or dev.id
                io = dev.id if dtype.kind == "io_module" else io
        return added

    def _device(self, dtype: cat.DeviceType, k: int, wired_to: str, room: int) -> GenCi:
        rng = self.b.rng
        suffix = dtype.suffix if dtype.suffix in ("PLC", "HMI") else f"{dtype.suffix}{k}"
        crit_names, crit_weights = zip(*dtype.criticality, strict=True)
        wired = dtype.via == "io" and wired_to
        depends = wired_to if wired else self.net.attach(self.ring, room)
        return GenCi(
            f"{self.id}-{suffix}",
            f"{dtype.label} {self.id}" + ("" if suffix in ("PLC", "HMI") else f" #{k}"),
            dtype.kind,
            self.id,
            rng.choices(crit_names, crit_weights)[0],
            (depends,),
            dtype.profile,
            dtype.protocol,
            self.b.host() if dtype.protocol else "",
            f"V{rng.randint(2, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}"
            if dtype.kind in ("plc", "robot_controller", "drive")
            else "",
        )


def generate_plant(n_cis: int, seed: int = 1) -> str:
    """A plant file (TOML text) with exactly `n_cis` entries, the same for the same seed."""
    if n_cis < MIN_CIS:
        raise ValueError(f"n_cis={n_cis}: a generated plant needs at least {MIN_CIS} entries")
    b = _Builder(n_cis, seed)
    b.build()
    out: list[str] = [
        f"# Generated by bench.plant_gen: {n_cis} entries, seed {seed}. Do not edit.\n",
        "schema_version = 1\n",
        '[site]\nid = "GEN"\nname = "Werk Generator"\ntimezone = "Europe/Berlin"\n',
        cat.CALENDAR,
        "[console]",
        'reference_targets = [{ host = "127.0.0.2", port = 8443 }]',
        f'auto_raise = [{{ console = "*", areas = {_list(["NET", *(a for a, _ in b.areas)])} }}]\n',
        cat.PROFILES,
        '[[area]]\nid = "NET"\nname = "Werksnetz"\n',
    ]
    out += [f"[[area]]\nid = {_s(a)}\nname = {_s(n)}\n" for a, n in b.areas]
    out += [_line_toml(line) for line in b.lines]
    out += [_ci_toml(ci) for ci in b.infra]
    for line in b.lines:
        out.append(f"# --- {line.name} ---\n")
        out += [_ci_toml(ci) for ci in line.cis]
    return "\n".join(out)


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_s(i) for i in items) + "]"


def _line_toml(line: GenLine) -> str:
    parts = [
        f"[[line]]\nid = {_s(line.id)}\nname = {_s(line.name)}\narea = {_s(line.area)}",
        f"cost_per_hour = {line.cost_per_hour}\nunits_per_shift = {line.units_per_shift}",
        f"product = {_s(line.product)}\nshifts = {_list(line.shifts)}",
    ]
    if line.running_tag:
        parts.append(f"running_tag = {_s(line.running_tag)}")
    return "\n".join(parts) + "\n"


def _ci_toml(ci: GenCi) -> str:
    parts = [
        f"[[ci]]\nid = {_s(ci.id)}\nname = {_s(ci.name)}\nkind = {_s(ci.kind)}",
        f"parent = {_s(ci.parent)}",
    ]
    if ci.criticality != "stops_line":
        parts.append(f"criticality = {_s(ci.criticality)}")
    if ci.profile:
        parts.append(f"profile = {_s(ci.profile)}")
    if ci.firmware:
        parts.append(f"firmware = {_s(ci.firmware)}")
    if ci.vlan is not None:
        parts.append(f"vlan = {ci.vlan}")
    if ci.depends_on:
        parts.append(f"depends_on = {_list(ci.depends_on)}")
    if ci.members:
        parts.append(f"members = {_list(ci.members)}\nmin_up = {ci.min_up}")
    if ci.protocol == "opcua":
        parts.append(f'opcua = {{ endpoint = "opc.tcp://{ci.host}:{cat.PORTS["opcua"]}" }}')
    elif ci.protocol == "modbus":
        parts.append(
            f'modbus = {{ host = "{ci.host}", port = {cat.PORTS["modbus"]}, unit_id = 1 }}'
        )
    elif ci.protocol == "reach":
        parts.append(f'reach = {{ host = "{ci.host}" }}')
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.plant_gen", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--cis", type=int, default=10_000, help="entries in the plant (>= 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    try:
        text = generate_plant(args.cis, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.out}: {args.cis} entries, {len(text.encode()):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
