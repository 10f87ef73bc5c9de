"""The `plantconsole` command: parses arguments and hands over to a command module.

Conventions: results on stdout, errors on stderr, exit 0 on success, 1 when
the command failed (bad plant file, unreachable target, ...), 2 on bad usage.
No command ever ends in a traceback for a problem a user can cause.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from app import __version__

log = logging.getLogger("plantconsole")

# The modules under app.commands, in the order their commands appear in --help, and
# the commands each registers. A command's module is imported only when it runs: most
# pull in heavy libraries (SQLAlchemy and alembic, asyncua, httpx), and `check-config`
# or the window must not wait for all of them.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "plant_commands": ("check-config", "import", "impact", "tree"),
    "monitor_commands": ("status",),
    "demo_commands": ("demo",),
    "run_commands": ("run",),
    "register_commands": ("register", "trust-server"),
    "trust_commands": ("trust",),
    "diagnose_commands": ("diagnose", "browse"),
    "incident_commands": ("incidents", "handover"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given `argv` that names one, only that command's.

    (--help, no command or an unknown one: all of them, for the list and the error.)
    """
    parser = argparse.ArgumentParser(
        prog="plantconsole",
        description="PlantConsole: OT service management console for the shop floor.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for module in _modules_for(argv):
        importlib.import_module(f"app.commands.{module}").register(commands)
    return parser


def _modules_for(argv: Sequence[str] | None) -> list[str]:
    everything = list(COMMAND_MODULES)
    if argv is None:
        return everything
    for arg in argv:
        if arg.startswith("-"):
            if arg in ("-h", "--help"):
                return everything
            continue  # a global flag (-v, --version): none takes a value
        return [m for m, names in COMMAND_MODULES.items() if arg in names] or everything
    return everything


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
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
