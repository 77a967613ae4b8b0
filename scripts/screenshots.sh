#!/bin/sh
# Save a PNG of every page of the window to screenshots/ (make screenshots).
# Runs under a virtual X server so fonts and scaling are those of a real desktop.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export AGENTCORE_CHAT_INSTANCE="agentcore-chat-screenshots-$$"
export QT_QPA_PLATFORM=xcb
# The demo keeps its sign-in in memory; no keyring is needed. Settings and saved
# conversations go to a fresh folder, so every tour starts from the same state.
TOUR_HOME=$(mktemp -d)
trap 'rm -rf "$TOUR_HOME"' EXIT
export XDG_CONFIG_HOME="$TOUR_HOME/config" XDG_DATA_HOME="$TOUR_HOME/data" XDG_STATE_HOME="$TOUR_HOME/state"
xvfb-run -a -s "-screen 0 1280x900x24 -dpi 96" "$PY" scripts/screenshots.py "$@"
