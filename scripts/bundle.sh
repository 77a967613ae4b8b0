#!/usr/bin/env bash
# Builds the windowed one-folder app with PyInstaller: dist/agentcore-chat/agentcore-chat.
#   scripts/bundle.sh            (make bundle)
# Uses the project's virtual environment (PYTHON=... to use another interpreter that has
# PyInstaller). The spec and what it bundles are described in packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
SPEC=packaging/agentcore-chat.spec
NAME=agentcore-chat

"$PYTHON" -c 'import PyInstaller' 2>/dev/null || {
    echo "PyInstaller is missing from $PYTHON: run 'make' targets, or pip install -e '.[dev]'" >&2
    exit 1
}

SECONDS=0
# build/pyinstaller keeps PyInstaller's analysis cache, so a rebuild takes a fraction of the
# first build; delete it (or run `make clean`) after changing the Python version.
"$PYTHON" -m PyInstaller --noconfirm --log-level "${PYINSTALLER_LOG_LEVEL:-WARN}" \
    --distpath dist --workpath build/pyinstaller "$SPEC"
took=$SECONDS

case "$(uname -s)" in
    Darwin) exe="dist/AgentCore Chat.app" ;;
    MINGW* | MSYS* | CYGWIN*) exe="dist/$NAME/$NAME.exe" ;;
    *) exe="dist/$NAME/$NAME" ;;
esac
[ -e "$exe" ] || { echo "PyInstaller finished but $exe is missing" >&2; exit 1; }
echo "Built $exe in ${took} s; dist/$NAME takes $(du -sh "dist/$NAME" | cut -f1)."
