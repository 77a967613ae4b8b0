#!/usr/bin/env bash
# Installs the Debian packages a mode needs, when they are missing.
#   scripts/system-deps.sh run    Qt's libraries for a real window
#   scripts/system-deps.sh test   plus the keyring, D-Bus, Xvfb, Chromium and desktop-file-utils
#                                 the tests use (none of them may be skipped for want of a tool)
set -euo pipefail
mode=${1:-run}

qt="libegl1 libgl1 libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon0 libx11-6
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0
    libxcb-randr0 libxcb-render-util0 libxcb-xinerama0 libxcb-image0 fonts-dejavu-core"
test_only="dbus gnome-keyring xvfb chromium fonts-noto-cjk imagemagick desktop-file-utils"

wanted=$qt
[ "$mode" = test ] && wanted="$qt $test_only"

missing=()
for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
