#!/usr/bin/env bash
# Build the bundle (scripts/build_bundle.sh) and run it as a user would, offscreen:
#   --version; check-config on the bundled demo plant; the window (first start: the
#   welcome page) opening and closing cleanly; the demo (simulator + console window).
# Prints the bundle size (MB) and the start time. Used by .ci/run and
# tests/packaging/test_bundle.py. SKIP_BUILD=1 reuses an existing dist/PlantConsole.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/PlantConsole
EXE=$BUNDLE/PlantConsole

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -x "$EXE" ]; then
  scripts/build_bundle.sh
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
trap 'exit 143' TERM  # .ci/run ends this run on failure: clean up on the way out
trap 'exit 130' INT
export PLANTCONSOLE_HOME=$home QT_QPA_PLATFORM=offscreen
fail() { echo "bundle smoke FAILED: $*" >&2; exit 1; }

# The pids of `$EXE -m MODULE` children started by this run (their PLANTCONSOLE_HOME is
# ours: a bundle another run started is not counted), after up to 5 s for them to end.
left_running() {
  local pids="" pid
  for _ in $(seq 50); do
    pids=""
    for pid in $(pgrep -f "$EXE -m $1" || true); do
      if grep -zqxF "PLANTCONSOLE_HOME=$home" "/proc/$pid/environ" 2>/dev/null; then
        pids="$pids $pid"
      fi
    done
    [ -z "$pids" ] && return 1
    sleep 0.1
  done
  echo "$pids"
}

echo "== --version"
version=$("$EXE" --version) || fail "--version exited $?"
echo "$version"
case "$version" in plantconsole\ [0-9]*) ;; *) fail "unexpected version text: $version";; esac
case "$version" in *+source*) fail "no package metadata in the bundle: $version";; esac

echo "== check-config on the bundled demo plant"
"$EXE" check-config "$BUNDLE/_internal/resources/demo_plant.toml" || fail "check-config"

echo "== first start: the welcome page, offscreen, closed after 2 s"
t0=$(date +%s.%N)
"$EXE" --smoke-exit-after 2 2> "$home/welcome.err" || { cat "$home/welcome.err" >&2; fail "welcome exited $?"; }
t1=$(date +%s.%N)
grep -q "smoke: window shown after" "$home/welcome.err" || { cat "$home/welcome.err" >&2; fail "no window"; }
shown_at=$(sed -n 's/.*window shown after .* at \([0-9.]*\) .*/\1/p' "$home/welcome.err")
grep -q "WelcomePage" "$home/welcome.err" || fail "first start did not show the welcome page"
[ -s "$home/logs/plantconsole.log" ] || fail "no log file in the user log folder"

echo "== demo: simulator in the bundle + console window, closed after 3 s"
d0=$(date +%s.%N)
timeout 180 "$EXE" demo --smoke-exit-after 3 2> "$home/demo.err" || { cat "$home/demo.err" >&2; fail "demo exited $?"; }
d1=$(date +%s.%N)
grep -q "smoke: window shown after .*MainWindow" "$home/demo.err" || { cat "$home/demo.err" >&2; fail "no console window"; }
demo_at=$(sed -n 's/.*window shown after .* at \([0-9.]*\) .*/\1/p' "$home/demo.err")
if pids=$(left_running simulator); then fail "the demo left its simulator running:$pids"; fi
if pids=$(left_running server); then fail "the demo left its embedded server running:$pids"; fi

size_mb=$(du -sm "$BUNDLE" | cut -f1)
printf 'bundle size: %s MB\n' "$size_mb"
printf 'start time: welcome page shown %.2f s after launch; whole run %.2f s (2 s open)\n' \
  "$(echo "$shown_at - $t0" | bc)" "$(echo "$t1 - $t0" | bc)"
printf 'demo: console window shown %.2f s after launch (simulator started first); whole run %.2f s (3 s open)\n' \
  "$(echo "$demo_at - $d0" | bc)" "$(echo "$d1 - $d0" | bc)"
echo "bundle smoke OK"
