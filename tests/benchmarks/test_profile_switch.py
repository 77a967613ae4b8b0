"""Time to switch profiles in the window: the click in the Account menu until the other
profile's tools are listed (printed, not asserted; issue 19).

Two profiles on two sign-in servers and gateways, each in its own process
(:class:`RemoteStack`: in-process servers would share our GIL and be measured too),
signed in beforehand in the real keyring. The real window, controllers and chat core
on the Qt loop, the offline model. Measured two ways:

- **cold**: the first switch to a profile whose sign-in the window has not resumed
  yet (the menu was not opened): the keyring read and a silent refresh are in it;
- **warm**: switching back and forth afterwards, the sessions kept by the profile list
  (or resumed when the menu opened): the old chat closes, the new one connects to its
  gateway and lists its tools, the sidebar opens the profile's history.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.config import DEFAULT_PROFILE, Profile, load_profile
from gui.demo.idp import DEMO_CLIENT_ID
from gui.services import AppServices
from tests.support.remote_stack import RemoteStack
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = [pytest.mark.benchmark, pytest.mark.gui, pytest.mark.keyring]

ROUNDS = 6
OTHER = "other"
OTHER_ONLY_TOOL = "diagnostics___sleep"  # listed by the other gateway only


def settings(profile: Profile) -> str:
    return (
        f'issuer = "{profile.issuer}"\nclient_id = "{profile.client_id}"\n'
        f'audience = "{profile.audience}"\ngateway_url = "{profile.gateway_url}"\n'
        'model = "offline"\n'
    )


async def sign_in(services: AppServices, profile: Profile, stack: RemoteStack) -> None:
    """Signed in as a login leaves it: remembered in the keyring under the profile."""
    store = services.sign_in_store(profile)
    auth = AuthSession(profile, store=store, http=HttpClient(), poll_margin=0.01)
    try:
        code = await auth.start_sign_in()
        stack.approve(code.user_code)
        await auth.wait_for_approval(code)
    finally:
        await auth.aclose()


def listed(h: Harness, other: bool) -> bool:
    """The chat page is up with the tools of the profile wanted."""
    page = h.window.chat_page
    if page is None or h.window.current_page() is not page:
        return False
    tools = {tool.name for tool in page.tools_panel.model.tools()}
    return bool(tools) and (OTHER_ONLY_TOOL in tools) is other


async def switch(h: Harness, name: str) -> float:
    """Click profile ``name`` in the Account menu; milliseconds until its tools are listed."""
    action = h.window.profile_action(name)
    assert action is not None
    began = time.perf_counter()
    action.trigger()
    await wait_until(lambda: listed(h, name == OTHER), 30, f"{name}'s tools")
    elapsed = (time.perf_counter() - began) * 1000
    await wait_until(lambda: h.controller.idle, 10, "the switch to settle")
    return elapsed


def report(name: str, samples: list[float]) -> None:
    print(
        f"\n{name}: median {statistics.median(samples):.0f} ms, "
        f"min {min(samples):.0f} ms, max {max(samples):.0f} ms (n={len(samples)})"
    )


async def test_time_to_switch_profiles_in_the_window(qtbot: Any) -> None:
    folder = Path(tempfile.mkdtemp(prefix="profile-switch-"))
    config = folder / "config.toml"
    store = KeyringStore()
    with RemoteStack() as first, RemoteStack(test_tools=True) as second:
        config.write_text(
            settings(first.profile) + f"\n[profiles.{OTHER}]\n" + settings(second.profile),
            encoding="utf-8",
        )
        profiles = {
            name: load_profile(config, environ={}, overrides={"profile": name})
            for name in (DEFAULT_PROFILE, OTHER)
        }
        services = AppServices(store=store, config_path=config)
        await sign_in(services, profiles[DEFAULT_PROFILE], first)
        await sign_in(services, profiles[OTHER], second)
        h = Harness(
            qtbot,
            profiles[DEFAULT_PROFILE],
            store,
            history_path=folder / "history.sqlite3",
            config_path=config,
        )
        try:
            await h.controller.start()
            await wait_until(lambda: listed(h, False) and h.controller.idle, 30, "the chat")
            await wait_until(lambda: len(h.window.profile_actions) == 2, 10, "the menu")
            cold = await switch(h, OTHER)
            cold_back = await switch(h, DEFAULT_PROFILE)
            warm: list[float] = []
            for _ in range(ROUNDS):
                warm.append(await switch(h, OTHER))
                warm.append(await switch(h, DEFAULT_PROFILE))
        finally:
            await h.close()
            for profile in profiles.values():
                await services.sign_in_store(profile).delete(profile.issuer, DEMO_CLIENT_ID)
    print(
        f"\nprofile switch, click to the other profile's tools listed: "
        f"cold (first switch, sign-in resumed on the way) {cold:.0f} ms; "
        f"first switch back (session kept) {cold_back:.0f} ms"
    )
    report("profile switch, warm (sessions kept), click to tools listed", warm)
