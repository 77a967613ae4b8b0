#!/bin/sh
# Save a PNG of every page of the window to screenshots/ (make screenshots).
# Runs under a virtual X server so fonts and scaling are those of a real desktop.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export AGENTCORE_CHAT_INSTANCE="agentcore-chat-screenshots-$$"
export QT_QPA_PLATFORM=xcb
# The demo keeps its sign-in in memory; no keyring is needed.
exec xvfb-run -a -s "-screen 0 1280x900x24 -dpi 96" "$PY" scripts/screenshots.py "$@"
