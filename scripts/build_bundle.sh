#!/usr/bin/env bash
# Build the one-folder PlantConsole bundle on Linux — the one documented build command:
#
#   scripts/build_bundle.sh            -> dist/PlantConsole/ and dist/PlantConsole.sbom.cdx.json
#   scripts/build_bundle.sh --fresh    the same from a newly made build venv
#
# The build venv (build/venv) holds exactly what requirements.lock pins (hash-checked)
# plus this project; it is made anew whenever the lock file changes. The CycloneDX SBOM
# of that venv — what the bundle is built from — is written beside the bundle.
# Environment: PYTHON (default python3, 3.11+), PLANTCONSOLE_DEBUG_CONSOLE=1 (see build.spec).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
PYTHON=${PYTHON:-python3}
VENV=build/venv
TOOLS=build/sbom-venv
DIST=dist
fresh=0
[ "${1:-}" = "--fresh" ] && fresh=1

lock_id() { sha256sum "$1" | cut -c1-16; }

make_venv() {  # make_venv DIR LOCKFILE: a venv holding exactly the lock's pins
  local dir=$1 lock=$2 id
  id=$(lock_id "$lock")
  if [ "$fresh" = 1 ] || [ "$(cat "$dir/.lock-id" 2>/dev/null)" != "$id" ]; then
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade --no-deps pip >/dev/null
    "$dir/bin/python" -m pip install -q --require-hashes --no-deps -r "$lock"
    echo "$id" > "$dir/.lock-id"
  fi
}

echo "== build venv from requirements.lock"
make_venv "$VENV" requirements.lock
# The project itself (not hash-pinned: it is this checkout); no build isolation, so no
# download beyond the lock (setuptools comes from the lock, through PyInstaller).
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall .
"$VENV/bin/python" -m pip check

echo "== translations (.ts -> .qm)"
"$VENV/bin/python" scripts/translations.py build

echo "== PyInstaller"
build_start=$(date +%s)
# PYI_LOG_LEVEL=INFO: PyInstaller's own timestamps (ms since start) per step, to see where
# the build's time goes; the full log is kept in build/pyinstaller.log either way.
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level "${PYI_LOG_LEVEL:-WARN}" \
  --distpath "$DIST" --workpath build/pyinstaller build.spec 2>&1 | tee build/pyinstaller.log
build_s=$(( $(date +%s) - build_start ))

echo "== SBOM (CycloneDX JSON)"
make_venv "$TOOLS" packaging/sbom-requirements.lock
"$TOOLS/bin/cyclonedx-py" environment --output-format JSON --output-reproducible \
  --mc-type application --output-file "$DIST/PlantConsole.sbom.cdx.json" "$VENV/bin/python"

size_mb=$(du -sm "$DIST/PlantConsole" | cut -f1)
echo "bundle: $DIST/PlantConsole (${size_mb} MB), SBOM: $DIST/PlantConsole.sbom.cdx.json"
echo "PyInstaller ${build_s} s, whole build $(( $(date +%s) - start )) s"
