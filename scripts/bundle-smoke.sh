#!/usr/bin/env bash
# Smoke test of the PyInstaller bundle, for CI (make bundle-smoke):
#   1. builds dist/agentcore-chat/ when it is missing or older than its sources;
#   2. starts it with --smoke-test offscreen: the window must paint and the app exit 0;
#      prints the bundle's size and its time to first paint next to the unbundled app's;
#   3. runs tests/packaging (pytest -m bundle): the frozen CLI signs in against the demo
#      server with a real Secret Service, lists the gateway's tools, asks the agent, and
#      loads each model provider.
# SMOKE_RUNS=N starts each app N times (default 3) and reports the median.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
name=agentcore-chat
exe=dist/$name/$name
runs=${SMOKE_RUNS:-3}

# Build when there is no bundle, or when its sources changed since it was built.
if [ ! -x "$exe" ] || [ -n "$(find pyproject.toml gui packaging -newer "$exe" -type f \
    \( -name '*.py' -o -name '*.spec' -o -name '*.toml' -o -name '*.qm' -o -name '*.svg' \
    -o -name '*.png' -o -name '*.qss' -o -name '*.html' \) ! -path '*/__pycache__/*' |
    head -n 1)" ]; then
    scripts/bundle.sh
fi

# A private runtime, temp and config folder: a running copy of the app (single instance)
# or the user's settings must not change the result.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$scratch/run TMPDIR=$scratch \
    XDG_CONFIG_HOME=$scratch/config XDG_CACHE_HOME=$scratch/cache XDG_STATE_HOME=$scratch/state \
    AGENTCORE_CHAT_INSTANCE=agentcore-chat-smoke-$$

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs "$@" --smoke-test $runs times; prints "<median paint ms> <median wall ms> <all paints>".
measure() {
    local paints=() walls=() out start end paint
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        if ! out=$("$@" --smoke-test 2>&1); then
            echo "FAILED: $* --smoke-test" >&2
            echo "$out" >&2
            return 1
        fi
        end=$(date +%s%N)
        paint=$(printf '%s\n' "$out" | sed -n 's/^first paint: \([0-9]*\) ms$/\1/p')
        if [ -z "$paint" ]; then
            echo "FAILED: $* --smoke-test did not report its first paint:" >&2
            echo "$out" >&2
            return 1
        fi
        if printf '%s\n' "$out" | grep -q "heavy modules loaded before paint"; then
            printf '%s\n' "$out" | grep "heavy modules" >&2
        fi
        paints+=("$paint")
        walls+=($(((end - start) / 1000000)))
    done
    echo "$(printf '%s\n' "${paints[@]}" | median) $(printf '%s\n' "${walls[@]}" | median)" \
        "${paints[*]}"
}

read -r bundled_paint bundled_wall bundled_all < <(measure "$exe" || echo FAIL)
[ "$bundled_paint" != FAIL ] || exit 1
read -r venv_paint venv_wall venv_all < <(measure "$PYTHON" -m gui.ui.startup.app || echo FAIL)
[ "$venv_paint" != FAIL ] || exit 1

echo "Bundle:       dist/$name ($(du -sh "dist/$name" | cut -f1))"
printf '%-13s %-26s %s\n' "" "first paint (median)" "process start to exit (median)"
printf '%-13s %-26s %s\n' "bundled" "$bundled_paint ms" "$bundled_wall ms"
printf '%-13s %-26s %s\n' "unbundled" "$venv_paint ms" "$venv_wall ms"
echo "(first paints over $runs runs: bundled ${bundled_all// /, }; unbundled ${venv_all// /, })"
echo

# The CLI, the keyring backends, the gateway client, the agent and the model providers, frozen.
# tests/conftest.py starts a private D-Bus with gnome-keyring for these.
"$PYTHON" -m pytest tests/packaging -m bundle -v -p no:randomly
