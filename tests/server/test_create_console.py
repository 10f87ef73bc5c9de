"""`plantconsole-server create-console` makes sure the user automatic incidents are
written as (`system`) may write them at the console's site: without it the server
refused every auto-raised incident until plant IT created that user by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from server.db.engine import read
from server.identity import SYSTEM_USER, best_role, grants_of
from server.security.roles import Role


def create_console(database: str, console_id: str, site: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "server", "create-console", console_id, "--site", site]
    return subprocess.run(
        [*cmd, "--database", database], capture_output=True, text=True, timeout=60, check=True
    )


def system_role(database: str, site: str) -> Role | None:
    engine = create_engine(database)
    try:
        with read(engine) as conn:
            return best_role(grants_of(conn, [SYSTEM_USER])[SYSTEM_USER], site)
    finally:
        engine.dispose()


def test_create_console_makes_system_a_technician_at_each_site(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'server.sqlite'}"
    first = create_console(database, "CR1-PC", "WN")
    assert "user 'system'" in first.stderr and len(first.stdout.split()) == 1
    assert system_role(database, "WN") == Role.TECHNICIAN
    again = create_console(database, "CR1-PC", "WN")  # renewing says nothing more
    assert "user 'system'" not in again.stderr
    create_console(database, "CR2-PC", "WS")
    assert system_role(database, "WN") == Role.TECHNICIAN
    assert system_role(database, "WS") == Role.TECHNICIAN
