"""The freedesktop entry, the icons and ``scripts/install-desktop.sh`` (fast; no bundle needed)."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.support.ci import require

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "resources" / "agentcore-chat.desktop"
ICONS = ROOT / "resources" / "icons"
INSTALL = ROOT / "scripts" / "install-desktop.sh"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_entry_names_the_app_icon_and_window_class() -> None:
    entry = desktop_entry(ENTRY)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "AgentCore Chat"
    assert entry["Icon"] == "agentcore-chat"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Network;Chat;"
    # setDesktopFileName("agentcore-chat") (gui/ui/startup/app.py) sets the window class on X11
    # (WM_CLASS "agentcore-chat", "agentcore-chat") and the app id on Wayland.
    assert entry["StartupWMClass"] == "agentcore-chat"


def test_entry_is_valid() -> None:
    require(shutil.which("desktop-file-validate") is not None, "desktop-file-validate")
    result = subprocess.run(
        ["desktop-file-validate", "--no-hints", str(ENTRY)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("size", SIZES)
def test_hicolor_png_has_its_size(size: int) -> None:
    assert png_size(ICONS / "hicolor" / f"{size}x{size}" / "apps" / "agentcore-chat.png") == (
        size,
        size,
    )


def test_scalable_icon_and_platform_icons_exist() -> None:
    svg = ICONS / "hicolor" / "scalable" / "apps" / "agentcore-chat.svg"
    assert svg.read_bytes() == (ROOT / "gui/ui/assets/icons/agentcore-chat.svg").read_bytes()
    assert (ICONS / "agentcore-chat.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ICONS / "agentcore-chat.icns").read_bytes()[:4] == b"icns"


def install(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(INSTALL), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(data)},
        check=True,
    )


def test_install_desktop_installs_entry_and_icons_for_the_user(tmp_path: Path) -> None:
    bundle = ROOT / "dist" / "agentcore-chat" / "agentcore-chat"
    expected = bundle if bundle.exists() else ROOT / ".venv" / "bin" / "agentcore-chat"
    if not expected.exists():
        pytest.skip("neither the bundle nor the venv's agentcore-chat exists")

    install(tmp_path)

    entry = desktop_entry(tmp_path / "applications" / "agentcore-chat.desktop")
    assert entry["Exec"] == str(expected)
    assert entry["TryExec"] == str(expected)
    assert entry["Icon"] == "agentcore-chat"
    for size in SIZES:
        assert (tmp_path / f"icons/hicolor/{size}x{size}/apps/agentcore-chat.png").is_file()
    assert (tmp_path / "icons/hicolor/scalable/apps/agentcore-chat.svg").is_file()

    install(tmp_path, "--uninstall")

    assert not (tmp_path / "applications" / "agentcore-chat.desktop").exists()
    assert not list((tmp_path / "icons").rglob("agentcore-chat.*"))
