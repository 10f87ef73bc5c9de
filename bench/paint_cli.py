"""The command line the paint benchmarks share (bench_tree_paint, bench_topology_paint):
how many CIs, paints per round, rounds; --smoke for CI; --json instead of a table."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class PaintOptions:
    cis: int = 10_000
    repeats: int = 60
    rounds: int = 3


def paint_main(
    argv: Sequence[str] | None,
    *,
    prog: str,
    doc: str,
    default: PaintOptions,
    smoke: PaintOptions,
    run: Callable[[PaintOptions], Json],
    render: Callable[[Json], str],
) -> int:
    """Parse `argv`, run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n", 1)[0])
    parser.add_argument("--cis", type=int, default=default.cis)
    parser.add_argument("--repeats", type=int, default=default.repeats, help="per round")
    parser.add_argument("--rounds", type=int, default=default.rounds)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"{smoke.cis:,} CIs, {smoke.repeats} paints, {smoke.rounds} round(s)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    opts = smoke if args.smoke else PaintOptions(args.cis, args.repeats, args.rounds)
    result = run(opts)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0
