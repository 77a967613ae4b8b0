#!/usr/bin/env bash
# Adds AgentCore Chat to the current user's application menu (make install-desktop).
#   scripts/install-desktop.sh              install (or update) the entry and the icons
#   scripts/install-desktop.sh --uninstall  remove them again
# Writes only under ${XDG_DATA_HOME:-~/.local/share}: applications/agentcore-chat.desktop
# and icons/hicolor/<size>/apps/agentcore-chat.{png,svg}. The entry starts the bundle
# built by `make bundle` when there is one, else the virtual environment's command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
name=agentcore-chat
entry=$data/applications/$name.desktop
icons=$data/icons/hicolor

refresh_caches() {
    # Menus pick the change up sooner with fresh caches; neither tool is required.
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [ -d "$icons" ]; then
        gtk-update-icon-cache -q -f -t "$icons" || true
    fi
}

if [ "${1:-}" = --uninstall ]; then
    rm -f "$entry"
    rm -f "$icons"/*/apps/$name.png "$icons"/scalable/apps/$name.svg
    refresh_caches
    echo "Removed $entry and the $name icons under $icons."
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

if [ -x "$root/dist/$name/$name" ]; then
    program=$root/dist/$name/$name
elif [ -x "$root/.venv/bin/$name" ]; then
    program=$root/.venv/bin/$name
else
    echo "Nothing to start: run 'make bundle' (or 'make demo' once, for the venv) first." >&2
    exit 1
fi

# Exec is a command line: quote the path when it has anything but safe characters, escaping
# \ " ` $ inside the quotes; then (string escaping) double every backslash and every %.
exec_value=$program
if [[ ! $program =~ ^[A-Za-z0-9/._+-]+$ ]]; then
    quoted=$(printf '%s' "$program" | sed -e 's/[\\"`$]/\\&/g')
    exec_value="\"$quoted\""
fi
exec_value=$(printf '%s' "$exec_value" | sed -e 's/\\/\\\\/g' -e 's/%/%%/g')
tryexec_value=$(printf '%s' "$program" | sed -e 's/\\/\\\\/g')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tmp=$work/$name.desktop
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        Exec=*) printf 'Exec=%s\n' "$exec_value" ;;
        TryExec=*) printf 'TryExec=%s\n' "$tryexec_value" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$root/resources/$name.desktop" >"$tmp"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate --no-hints "$tmp"
fi
mkdir -p "$data/applications"
cp "$tmp" "$entry.new"
chmod 644 "$entry.new"
mv "$entry.new" "$entry"

for dir in "$root"/resources/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$dir")")
    mkdir -p "$icons/$size/apps"
    cp "$dir"/$name.* "$icons/$size/apps/"
done
refresh_caches

echo "Installed $entry"
echo "  starts: $program"
echo "  icons:  $icons/{16x16 ... 512x512,scalable}/apps/"
