"""app.cli imports a command's module only when that command runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import cli

HEAVY = ("sqlalchemy", "alembic", "asyncua", "httpx", "PySide6")


def test_a_plant_command_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from app import cli\n"
        "args = cli.build_parser(['check-config', 'x.toml']).parse_args(['check-config', 'x.toml'])\n"
        "assert args.command == 'check-config'\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_help_and_unknown_commands_still_list_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    every = [name for names in cli.COMMAND_MODULES.values() for name in names]
    with pytest.raises(SystemExit):
        cli.build_parser(["--help"]).parse_args(["--help"])
    listed = capsys.readouterr().out
    assert all(name in listed for name in every)
    with pytest.raises(SystemExit) as exited:
        cli.main(["chek-config", "x.toml"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert cli._modules_for(["-v", "tree", "--config", "p.toml"]) == ["plant_commands"]
    assert cli._modules_for(["demo", "--help"]) == ["demo_commands"]
    assert cli._modules_for([]) == list(cli.COMMAND_MODULES)


def test_every_registered_command_is_in_the_table() -> None:
    """A command added to a module but not to COMMAND_MODULES would be unreachable."""
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert subparsers.choices is not None
    assert set(subparsers.choices) == {n for ns in cli.COMMAND_MODULES.values() for n in ns}


def test_the_window_module_loads_pyqtgraph_only_with_the_first_trend() -> None:
    """pyqtgraph is a noticeable part of the start-up: it loads with the first plot."""
    code = (
        "import sys\n"
        "import widgets.main_window\n"
        "import widgets.trends\n"
        "assert 'pyqtgraph' not in sys.modules\n"
        "from widgets.trends import TagPlot\n"
        "assert 'pyqtgraph' in sys.modules and TagPlot.__name__ == 'TagPlot'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
