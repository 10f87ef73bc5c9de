"""The `plantconsole` command: parses arguments and hands over to a command module.

Conventions: results on stdout, errors on stderr, exit 0 on success, 1 when
the command failed (bad plant file, unreachable target, ...), 2 on bad usage.
No command ever ends in a traceback for a problem a user can cause.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from app import __version__
from app.commands import (
    demo_commands,
    diagnose_commands,
    incident_commands,
    monitor_commands,
    plant_commands,
    register_commands,
    run_commands,
    trust_commands,
)

log = logging.getLogger("plantconsole")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plantconsole",
        description="PlantConsole: OT service management console for the shop floor.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    plant_commands.register(commands)
    monitor_commands.register(commands)
    demo_commands.register(commands)
    run_commands.register(commands)
    register_commands.register(commands)
    trust_commands.register(commands)
    diagnose_commands.register(commands)
    incident_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # Protocol libraries log every refused connection; the console reports those itself.
        for noisy in ("asyncua", "pymodbus"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
