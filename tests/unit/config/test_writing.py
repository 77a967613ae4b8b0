"""The config file written safely (issue 17, item 6).

A tool name with DEL made ``config.toml`` invalid TOML (every command failed, and the
next Settings save dropped every "always allow" answer); writes went through a fixed
``config.tmp`` without a lock, so two processes answering "always" lost each other's
answers. Now: TOML written by tomlkit (keeping the person's comments and layout),
non-printable tool names refused, a unique temporary file + fsync + rename, under a
file lock, re-reading the file inside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from gui.config import Profile, load_profile
from gui.config.writing import RememberedInConfig, read_always_allowed, save_profile
from gui.errors import ConfigError

GATEWAY = "https://gw.example.com/mcp"

PERSONS_FILE = """\
# My settings for the work tenant
client_id = "abc"   # from the Auth0 dashboard

# The gateway the team set up
gateway_url = "https://gw.example.com/mcp"
language = "ja"

[always_allow]
# read-only, fine
"https://gw.example.com/mcp" = ["people___getProfile"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "tool",
    [
        pytest.param("tickets___delete\x7fTicket", id="DEL"),
        pytest.param("tickets___\x9bdelete", id="C1 CSI"),
        pytest.param("tickets___delete\nTicket", id="newline"),
        pytest.param("tickets___\u202edelete", id="bidi override"),
        pytest.param("", id="empty"),
    ],
)
def test_always_for_a_non_printable_tool_name_is_refused_and_the_file_stays_valid(
    tmp_path: Path, tool: str
):
    path = write(tmp_path, PERSONS_FILE)
    before = path.read_text(encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        RememberedInConfig(GATEWAY, path).add(tool)

    assert "cannot be always allowed" in caught.value.message
    assert tool not in caught.value.message or not tool  # shown escaped, not raw
    assert path.read_text(encoding="utf-8") == before
    tomllib.loads(path.read_text(encoding="utf-8"))
    assert load_profile(path=path, environ={}).client_id == "abc"
    assert read_always_allowed(GATEWAY, path) == ["people___getProfile"]


def test_always_keeps_the_persons_comments_and_layout(tmp_path: Path):
    path = write(tmp_path, PERSONS_FILE)

    RememberedInConfig(GATEWAY, path).add("tickets___createTicket")

    text = path.read_text(encoding="utf-8")
    assert text.startswith('# My settings for the work tenant\nclient_id = "abc"   # from')
    assert "# The gateway the team set up\n" in text and "# read-only, fine\n" in text
    assert read_always_allowed(GATEWAY, path) == ["people___getProfile", "tickets___createTicket"]


def test_saving_settings_keeps_comments_and_changes_only_what_changed(tmp_path: Path):
    path = write(tmp_path, PERSONS_FILE)
    profile = load_profile(path=path, environ={})

    save_profile(Profile(**{**profile.__dict__, "client_id": "xyz", "language": ""}), path)

    text = path.read_text(encoding="utf-8")
    assert 'client_id = "xyz"   # from the Auth0 dashboard' in text
    assert "# The gateway the team set up\n" in text and "language" not in text
    assert text.index("client_id") < text.index("gateway_url") < text.index("[always_allow]")
    assert read_always_allowed(GATEWAY, path) == ["people___getProfile"]
    assert load_profile(path=path, environ={}).client_id == "xyz"


def test_a_new_file_is_valid_and_user_only(tmp_path: Path):
    path = tmp_path / "new" / "config.toml"
    save_profile(Profile(issuer="https://login.example.com/", client_id='q"\\'), path)
    RememberedInConfig(GATEWAY, path).add("a___b")
    assert load_profile(path=path, environ={}).client_id == 'q"\\'
    assert read_always_allowed(GATEWAY, path) == ["a___b"]
    assert [p.name for p in path.parent.iterdir() if p.name != "config.toml.lock"] == [
        "config.toml"
    ]


def test_a_fixed_temporary_name_in_the_way_does_not_stop_a_write(tmp_path: Path):
    path = write(tmp_path, 'client_id = "abc"\n')
    (tmp_path / "config.tmp").mkdir()  # what the old fixed name would collide with
    RememberedInConfig(GATEWAY, path).add("a___b")
    assert read_always_allowed(GATEWAY, path) == ["a___b"]


ANSWERING = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from gui.config.writing import RememberedInConfig

    path, who, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    remembered = RememberedInConfig("https://gw.example.com/mcp", path)
    for i in range(count):
        remembered.add(f"{who}___tool{i}")
    """
)


def test_two_processes_answering_always_at_once_both_survive(tmp_path: Path):
    path = write(tmp_path, PERSONS_FILE)
    go = tmp_path / "go"
    count = 25
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ANSWERING, str(path), who, str(count), str(go)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("window", "terminal")
    ]
    time.sleep(0.3)  # both started and waiting for the same moment
    go.touch()
    errors = [proc.communicate(timeout=60)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], errors

    tools = set(read_always_allowed(GATEWAY, path))
    expected = {f"{who}___tool{i}" for who in ("window", "terminal") for i in range(count)}
    assert expected - tools == set()
    assert "people___getProfile" in tools
    assert "# My settings for the work tenant" in path.read_text(encoding="utf-8")
