"""The bundle: built from build.spec and run (slow, opt-in), and the packaging files' promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import REPO

LOCK = REPO / "requirements.lock"
ISS = REPO / "packaging" / "windows" / "PlantConsole.iss"
WORKFLOW = REPO / ".github" / "workflows" / "windows-build.yml"
APP_ID = "{{6F0C1E52-3B7A-4D2C-9E61-5A8F2B47C0D3}"


def _name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("PLANTCONSOLE_BUNDLE_TEST") != "1",
    reason="builds the PyInstaller bundle (minutes): set PLANTCONSOLE_BUNDLE_TEST=1",
)
@pytest.mark.timeout(1800)
def test_bundle_builds_and_runs_offscreen() -> None:
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "bundle_smoke.sh")],
        capture_output=True,
        text=True,
        timeout=1700,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "bundle smoke OK" in result.stdout
    assert re.search(r"bundle size: \d+ MB", result.stdout)
    assert (REPO / "dist" / "PlantConsole.sbom.cdx.json").is_file()


def test_lock_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = LOCK.read_text(encoding="utf-8")
    pinned = {_name(line) for line in text.splitlines() if re.match(r"^[A-Za-z0-9].*==", line)}
    wanted = {_name(dep) for dep in project["dependencies"]} | {"pyinstaller"}
    missing = sorted(wanted - pinned)
    assert missing == [], f"not in requirements.lock, run scripts/lock.sh: {missing}"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_lock_keeps_pyside_6_12_away_from_python_3_11() -> None:
    pins = re.findall(r"^pyside6-essentials==(\S+) ; (.+?) \\$", LOCK.read_text(), re.M)
    assert pins, "PySide6-Essentials must be pinned per Python version"
    for version, marker in pins:
        if version.startswith("6.12"):
            assert "python_full_version >= '3.12'" in marker


def test_installer_definition_keeps_its_promises() -> None:
    iss = ISS.read_text(encoding="utf-8")
    assert f"AppId={APP_ID}" in iss  # never changes: upgrades replace, one uninstall entry
    assert "PrivilegesRequired=admin" in iss and "DefaultDirName={autopf}" in iss
    assert 'Parameters: "demo"' in iss and "{group}\\{#AppName} Demo" in iss
    assert "{uninstallexe}" in iss
    # user data (platformdirs: %LOCALAPPDATA%) is never named, so never deleted
    for section in ("[UninstallDelete]", "[InstallDelete]"):
        body = iss.split(section, 1)[1].split("\n[", 1)[0]
        assert "{localappdata}" not in body and "{userappdata}" not in body


def test_windows_workflow_signs_only_with_secrets_and_says_so() -> None:
    flow = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in flow and 'python-version: "3.12"' in flow
    assert "scripts/build_bundle.ps1" in flow and "PlantConsole.iss" in flow
    assert "secrets.SIGNING_CERT_PFX" in flow and "secrets.SIGNING_CERT_PASSWORD" in flow
    assert "if: env.SIGNING_ENABLED == 'true'" in flow
    assert "NOT SIGNED" in flow and "::warning" in flow
    assert "upload-artifact" in flow and "sbom.cdx.json" in flow
    assert not re.search(r"^\s*if:.*secrets\.", flow, re.M)  # secrets are not visible in if:


def test_launcher_serves_the_simulator_when_frozen() -> None:
    """The demo starts `PlantConsole -m simulator serve ...`: the launcher must route it."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from widgets.launcher import main; "
            "sys.exit(main(['-m', 'simulator', '--help']))",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "serve" in result.stdout
