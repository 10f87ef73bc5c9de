#!/usr/bin/env bash
# Re-pin every dependency with hashes (after changing pyproject.toml's dependencies):
#   requirements.lock                   the app + PyInstaller (what the bundle is built from)
#   packaging/sbom-requirements.lock    the SBOM tool (its own venv, not in the SBOM)
# One universal lock for Linux and Windows, Python 3.11+ (markers keep PySide6 6.12 off 3.11).
# Needs uv (`pip install uv`); `--upgrade` takes the newest allowed versions.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-uv}
common=(--universal --generate-hashes --python-version 3.11 --quiet
        --custom-compile-command "scripts/lock.sh")
"$UV" pip compile "${common[@]}" "$@" pyproject.toml packaging/build-requirements.in \
  -o requirements.lock
"$UV" pip compile "${common[@]}" "$@" packaging/sbom-requirements.in \
  -o packaging/sbom-requirements.lock
echo "locked: requirements.lock ($(grep -c '==' requirements.lock) pins)," \
  "packaging/sbom-requirements.lock ($(grep -c '==' packaging/sbom-requirements.lock) pins)"
