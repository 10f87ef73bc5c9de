"""`plantconsole diagnose TARGET` and `plantconsole browse TARGET`: remote diagnostics from
a shell, against a CI of the plant file or any OPC UA server / Modbus TCP device by URL.

Exit codes: 0 the target answers at protocol level; 1 it does not (or the run failed);
2 a target that is neither a CI nor an endpoint, or a bad option. Every run is audited in
the local JSONL file and queued in the console store's outbox (synced to the server by
the console), also while a console runs on that store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
from pathlib import Path
from typing import Any

from app.commands.plant_commands import load_or_report
from app.diagnostics.audit import FanoutSink, JsonlSink, StoreFileSink
from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.report import raw, render
from app.diagnostics.results import DiagnosticRun, Outcome
from app.diagnostics.roles import DiagnosticRefused
from app.diagnostics.target import Target, TargetError, default_pki_dir, parse_target
from app.paths import default_store_path
from app.secrets import SecretError
from models.cmdb import Plant

TARGET_HELP = (
    "a CI id of the plant file (needs --config), opc.tcp://HOST:PORT[/path], "
    "modbus://HOST:PORT?unit=N, HOST:PORT or HOST"
)


def seconds_arg(text: str) -> float:
    """A number of seconds > 0 (argparse type): 0 or less would give a false diagnosis."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def count_arg(text: str) -> int:
    """A whole number >= 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="plant file (TOML)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--timeout", type=seconds_arg, default=None, help="seconds per request")
    parser.add_argument(
        "--run-timeout",
        type=seconds_arg,
        default=30.0,
        help="seconds for the whole run (default 30)",
    )
    parser.add_argument(
        "--store", type=Path, default=None, help="console store whose outbox syncs the audit"
    )
    parser.add_argument("--lang", choices=["en", "de"], default="en")
    parser.add_argument("--user", default=None, help="OPC UA user name (URL targets)")
    parser.add_argument(
        "--password-ref", default=None, help="where the password lives: env:VAR or keyring:S/U"
    )


def register(commands: Any) -> None:
    diagnose = commands.add_parser(
        "diagnose",
        help="layered ping (ICMP, TCP, protocol) and PLC program status of a CI or endpoint",
        description="Layered ping and program status. Exit 0 when the target answers at "
        "protocol level, 1 when it does not, 2 for an unknown target. Read-only.",
    )
    diagnose.add_argument("target", help=TARGET_HELP)
    diagnose.add_argument("--attempts", type=count_arg, default=3, help="attempts per layer")
    diagnose.add_argument("--budget", action="store_true", help="also the OPC UA server budget")
    _common(diagnose)
    diagnose.set_defaults(handler=cmd_diagnose)

    browse = commands.add_parser(
        "browse",
        help="browse an OPC UA server's address space (read-only)",
        description="Print the address space below a node (default: Objects), with the "
        "current value and status of each variable.",
    )
    browse.add_argument("target", help="opc.tcp://HOST:PORT[/path] or an OPC UA CI id")
    browse.add_argument("--depth", type=count_arg, default=1, help="levels to print (default 1)")
    browse.add_argument("--node", default="i=85", help="start node id (default i=85, Objects)")
    _common(browse)
    browse.set_defaults(handler=cmd_browse)


def _prepare(args: argparse.Namespace) -> tuple[DiagnosticsCore, Target] | int:
    plant: Plant | None = None
    if args.config is not None:
        plant = load_or_report(args.config)
        if plant is None:
            return 2
    settings = Settings(
        run_timeout_s=args.run_timeout,
        request_timeout_s=args.timeout,
        attempts=getattr(args, "attempts", 3),
    )
    core = DiagnosticsCore(plant, audit=_audit(args), settings=settings, pki_dir=default_pki_dir())
    try:
        target = parse_target(
            args.target,
            plant,
            timeout_s=args.timeout,
            pki_dir=default_pki_dir(),
            user=args.user,
            password_ref=args.password_ref,
        )
    except (TargetError, SecretError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        if _maybe_ci(args):
            print(CI_HINT.format(target=args.target), file=sys.stderr)
        return 2
    return core, target


CI_HINT = "hint: is this a CI id? pass --config FILE (the plant file) to look up {target!r}"


def _maybe_ci(args: argparse.Namespace) -> bool:
    """A target without --config that could be a CI id (no scheme, no port, no dot)."""
    text = args.target.strip()
    return args.config is None and not any(c in text for c in ":/.") and text != "localhost"


def _audit(args: argparse.Namespace) -> FanoutSink:
    """JSONL always; the console store's outbox too (synced by the console)."""
    return FanoutSink(JsonlSink(), StoreFileSink(args.store or default_store_path()))


def _notes(core: DiagnosticsCore, runs: list[DiagnosticRun], args: argparse.Namespace) -> None:
    """What the user should know beside the report (on stderr: --json stays parseable)."""
    ping = runs[0].ping if runs else None
    if ping is not None and ping.verdict.code == "dns" and _maybe_ci(args):
        print(CI_HINT.format(target=args.target), file=sys.stderr)
    assert isinstance(core.audit, FanoutSink)
    for sink in core.audit.sinks:
        if isinstance(sink, StoreFileSink) and sink.note:
            print(f"note: {sink.note}", file=sys.stderr)


def _print(runs: list[DiagnosticRun], args: argparse.Namespace) -> None:
    if args.json:
        data = [raw(run) for run in runs]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
        return
    for index, run in enumerate(runs):
        if index:
            print()
        print(render(run, args.lang), end="")


def _exit_code(run: DiagnosticRun) -> int:
    if run.ping is not None:
        return 0 if run.ping.verdict.reachable else 1
    return 0 if run.outcome in (Outcome.OK, Outcome.PROBLEM) and run.result is not None else 1


def cmd_diagnose(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    core, target = prepared

    async def main() -> list[DiagnosticRun]:
        runs = [await core.ping(target, args.attempts)]
        ping = runs[0].ping
        if args.budget and target.protocol == "opcua" and ping and ping.verdict.reachable:
            runs.append(await core.server_budget(target))
        return runs

    try:
        runs = asyncio.run(main())
    except DiagnosticRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print(runs, args)
    _notes(core, runs, args)
    return _exit_code(runs[0])


def cmd_browse(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    core, target = prepared
    try:
        run = asyncio.run(core.browse(target, args.node, depth=max(1, args.depth)))
    except DiagnosticRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print([run], args)
    _notes(core, [run], args)
    if run.result is None:
        print(f"error: {run.error}", file=sys.stderr)
        return 1
    return 0
