"""A real HTTP proxy (pproxy, from PyPI) on loopback carries sign-in and gateway traffic.

What the proxy carried is read from its own log (``-v``: one line per connection,
``http CLIENT -> HOST:PORT``). The demo sign-in server closes the connection after
every answer, so each of its requests (discovery, device code, token, JWKS) is a
connection of its own and a line of its own.

Loopback is not proxied unless ``NO_PROXY`` is set (see gui/net.py), so these
tests set ``NO_PROXY`` empty to send loopback traffic through the proxy.
"""

from __future__ import annotations

import json

import pytest

from gui.demo.stack import DemoStack
from tests.support.net import Pproxy, call_args, cli_login, free_port, network_env, run_cli
from tests.support.tls import LocalCA

pytestmark = pytest.mark.keyring


def host_port(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


async def test_https_proxy_carries_sign_in_and_gateway_traffic(
    tls_stack: DemoStack, ca: LocalCA, proxy: Pproxy
):
    """The corporate case: https servers reached through HTTPS_PROXY (CONNECT tunnels)."""
    ca_file = str(ca.ca_file)
    env = network_env(HTTPS_PROXY=proxy.url, NO_PROXY="")
    idp, gateway = host_port(tls_stack.idp.issuer), host_port(tls_stack.profile.gateway_url)

    login = await cli_login(tls_stack.idp, "--ca-file", ca_file, env=env, verify=ca_file)
    assert login.returncode == 0, login.stderr
    after_login = proxy.targets()
    # discovery, device authorization, >= 1 token poll, JWKS: one connection each
    assert after_login.count(idp) >= 4, after_login
    assert set(after_login) == {idp}

    call = await run_cli(tls_stack.idp, *call_args(tls_stack, "--ca-file", ca_file), env=env)
    assert call.returncode == 0, call.stderr
    assert json.loads(call.stdout)["age"] == 30
    during_call = proxy.targets()[len(after_login) :]
    assert idp in during_call  # resume: discovery, refresh, JWKS
    assert gateway in during_call  # the MCP session
    assert set(during_call) == {idp, gateway}


async def test_http_proxy_carries_plain_http_traffic(http_stack: DemoStack, proxy: Pproxy):
    env = network_env(HTTP_PROXY=proxy.url, NO_PROXY="")
    idp, gateway = host_port(http_stack.idp.issuer), host_port(http_stack.profile.gateway_url)

    login = await cli_login(http_stack.idp, env=env)
    assert login.returncode == 0, login.stderr
    call = await run_cli(http_stack.idp, *call_args(http_stack), env=env)
    assert call.returncode == 0, call.stderr
    carried = proxy.targets()
    assert carried.count(idp) >= 4 and gateway in carried, carried


@pytest.mark.parametrize(
    "no_proxy", [None, "127.0.0.1", "localhost,127.0.0.0/8"], ids=["unset", "ip", "cidr"]
)
async def test_no_proxy_is_honoured_by_both_stacks(
    http_stack: DemoStack, proxy: Pproxy, no_proxy: str | None
):
    env = network_env(HTTP_PROXY=proxy.url, HTTPS_PROXY=proxy.url, NO_PROXY=no_proxy)
    login = await cli_login(http_stack.idp, env=env)
    assert login.returncode == 0, login.stderr
    call = await run_cli(http_stack.idp, *call_args(http_stack), env=env)
    assert call.returncode == 0, call.stderr
    assert proxy.targets() == []


async def test_a_proxy_that_is_down_is_named_for_sign_in_and_for_the_gateway(
    http_stack: DemoStack,
):
    """Both stacks really use the proxy they are given: with it gone, each says so."""
    dead = f"http://127.0.0.1:{free_port()}"
    idp, gateway = host_port(http_stack.idp.issuer), host_port(http_stack.profile.gateway_url)

    login = await cli_login(http_stack.idp, env=network_env(HTTP_PROXY=dead, NO_PROXY=""))
    assert login.returncode == 1
    assert f"Error: Cannot reach {idp} through the proxy {host_port(dead)}." in login.stderr

    # Signed in (directly), then only the sign-in server is exempt from the dead proxy (by port).
    assert (await cli_login(http_stack.idp, env=network_env())).returncode == 0
    env = network_env(HTTP_PROXY=dead, NO_PROXY=idp)
    call = await run_cli(http_stack.idp, *call_args(http_stack), env=env)
    assert call.returncode == 1
    assert (
        f"Error: Cannot reach the gateway at {gateway} through the proxy {host_port(dead)}."
        in call.stderr
    )
    assert "Traceback" not in call.stderr
