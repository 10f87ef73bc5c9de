"""`plantconsole trust list | add THUMBPRINT`: which OPC UA server certificates we accept.

An unknown server certificate is refused and kept under pki/rejected/; a person
checks its thumbprint (on the PLC's display or with its vendor) and trusts it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.commands.monitor_commands import pki_dir
from drivers.trust import list_rejected, list_trusted, trust


def register(commands: Any) -> None:
    parser = commands.add_parser("trust", help="list or trust OPC UA server certificates")
    sub = parser.add_subparsers(dest="trust_command", metavar="ACTION")
    sub.required = True
    listing = sub.add_parser("list", help="trusted and rejected server certificates")
    listing.set_defaults(handler=cmd_list)
    add = sub.add_parser("add", help="trust a rejected certificate by its thumbprint")
    add.add_argument("thumbprint", help="SHA-1 thumbprint, e.g. AB:CD:...")
    add.set_defaults(handler=cmd_add)


def cmd_list(args: argparse.Namespace) -> int:
    folder = pki_dir()
    for title, certs in (("trusted", list_trusted(folder)), ("rejected", list_rejected(folder))):
        print(f"{title} ({len(certs)}):")
        for cert in certs:
            print(f"  {cert.thumbprint}  {cert.subject}  valid until {cert.not_after[:10]}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    try:
        info = trust(pki_dir(), args.thumbprint)
    except (LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("run `plantconsole trust list` to see the rejected certificates", file=sys.stderr)
        return 1
    print(f"trusted {info.thumbprint} ({info.subject})")
    return 0
