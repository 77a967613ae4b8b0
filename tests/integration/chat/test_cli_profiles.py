"""``agentcore-chat profile ...``, ``--profile``, ``AGENTCORE_PROFILE`` and ``status --all``
in new processes, against the embedded servers and the real keyring (issue 19)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import keyring
import pytest

from gui.auth.store import SERVICE, KeyringStore, account
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from tests.support.auth import approve_in_browser, make_session, sign_in_as

pytestmark = pytest.mark.keyring


def agentcore_chat(
    config: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``agentcore-chat --config CONFIG ARGS`` in a new process (it finds the test keyring)."""
    return subprocess.run(
        [sys.executable, "-m", "gui", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


async def cli(config: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(agentcore_chat, config, *args, **kwargs)  # type: ignore[arg-type]


def login(config: Path, stack: DemoStack, user: str, *flags: str) -> str:
    """``agentcore-chat [FLAGS] login``, approved as ``user`` in the "browser"; its stdout.

    Blocking: run it in a thread.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "gui", "--config", str(config), *flags, "login", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        approve_in_browser(stack.idp, lines[3].strip(), user)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    return out


async def test_profile_add_with_only_the_gateway_url_reads_the_gateways_metadata(
    stack: DemoStack, tmp_path: Path
):
    config = tmp_path / "config.toml"
    gateway = stack.profile.gateway_url
    result = await cli(config, "profile", "add", "work", "--gateway-url", gateway)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Read the gateway's sign-in details from http://127.0.0.1:" in out
    assert f"sign-in server: {stack.idp.issuer}" in out
    assert "scopes: invoke:mcp" in out
    assert "Added profile work." in out
    assert "It is now the default profile (default was not set up)." in out
    assert "Still missing: the application's client id (--client-id ID)." in out
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["default_profile"] == "work"
    assert data["profiles"]["work"] == {"issuer": stack.idp.issuer, "gateway_url": gateway}


async def test_a_gateway_without_metadata_needs_the_provider_given(tmp_path: Path):
    config = tmp_path / "config.toml"
    with_nothing = "http://127.0.0.1:9/mcp"  # the discard port: nothing answers there
    result = await cli(config, "profile", "add", "work", "--gateway-url", with_nothing)
    assert result.returncode == 1
    assert "could not read the gateway's sign-in details" in result.stderr
    assert "--auth0-domain DOMAIN or --oidc-issuer URL" in result.stderr
    assert not config.exists()  # nothing saved


async def test_a_profile_is_added_signed_in_listed_used_and_removed_revoking(
    stack: DemoStack, tmp_path: Path
):
    config = tmp_path / "config.toml"
    gateway = stack.profile.gateway_url
    added = await cli(
        config,
        *("profile", "add", "work", "--gateway-url", gateway),
        *("--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE),
    )
    assert added.returncode == 0, added.stderr
    assert "Sign in with: agentcore-chat --profile work login" in added.stdout
    config.write_text(config.read_text() + 'model = "offline"\n')  # in [profiles.work]

    out = await asyncio.to_thread(login, config, stack, "alice", "--profile", "work")
    assert "Signed in as Alice Example" in out
    entry = account(stack.idp.issuer, DEMO_CLIENT_ID, "work")
    try:
        listed = await cli(config, "profile", "list")
        assert listed.returncode == 0, listed.stderr
        lines = listed.stdout.splitlines()
        assert lines[0].startswith("  default  not set up (no provider or client id)")
        assert lines[0].endswith("(no gateway)")
        assert lines[1].startswith("* work")
        assert "Alice Example <alice@example.com>" in lines[1] and lines[1].endswith(gateway)

        tools = await cli(config, "tools", env={"AGENTCORE_PROFILE": "work"})
        assert tools.returncode == 0, tools.stderr
        assert "people___getProfile" in tools.stdout

        status = await cli(config, "status", "--all")
        assert status.returncode == 0, status.stderr
        assert status.stdout.splitlines() == [
            "default: Not set up (no provider or client id).",
            f"work (default): Signed in as Alice Example <alice@example.com> at {stack.idp.issuer}",
        ]
        used = await cli(config, "profile", "use", "default")
        assert used.stdout.strip() == "Default profile: default."
        assert (await cli(config, "status")).returncode == 2  # default is not set up
        assert (await cli(config, "--profile", "work", "status")).returncode == 0

        removed = await cli(config, "profile", "remove", "work")
        assert removed.returncode == 0, removed.stderr
        assert removed.stdout.splitlines() == [
            "Signed out. The sign-in was revoked.",
            "Removed profile work.",
        ]
        assert keyring.get_password(SERVICE, entry) is None
        assert "profiles" not in tomllib.loads(config.read_text(encoding="utf-8"))
        unknown = await cli(config, "--profile", "work", "status")
        assert unknown.returncode == 2
        assert "there is no profile 'work' (profiles: default)" in unknown.stderr
    finally:
        await KeyringStore().delete(stack.idp.issuer, DEMO_CLIENT_ID, profile="work")


OLD_CONFIG = """\
# AgentCore Chat settings, from before profiles
issuer = "{issuer}"
client_id = "{client_id}"   # from the dashboard
audience = "{audience}"
gateway_url = "{gateway}"
model = "offline"

[always_allow]
"{gateway}" = ["people___getProfile"]
"""


async def test_an_old_single_profile_config_and_its_sign_in_work_unchanged(
    stack: DemoStack, tmp_path: Path
):
    config = tmp_path / "config.toml"
    text = OLD_CONFIG.format(
        issuer=stack.idp.issuer,
        client_id=DEMO_CLIENT_ID,
        audience=DEMO_AUDIENCE,
        gateway=stack.profile.gateway_url,
    )
    config.write_text(text, encoding="utf-8")
    # Signed in the way the app did before profiles: the keyring keyed by issuer + client.
    store = KeyringStore()
    before = make_session(stack.idp, store)
    await sign_in_as(before, stack.idp, "alice")
    await before.aclose()
    try:
        status = await cli(config, "status")
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith("Signed in as Alice Example")
        called = await cli(config, "call", "people___getProfile", "--args", '{"name": "neruneruo"}')
        assert called.returncode == 0, called.stderr
        listed = await cli(config, "profile", "list")
        assert listed.stdout.splitlines() == [
            f"* default  Alice Example <alice@example.com>  {stack.profile.gateway_url}"
        ]
        assert config.read_text(encoding="utf-8") == text  # nothing rewritten
    finally:
        await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)
