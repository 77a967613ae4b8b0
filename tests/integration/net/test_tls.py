"""Sign-in and tool calls over TLS with a CA made in the test, in real `agentcore-chat` processes.

Trusted through the store the app reads (``SSL_CERT_FILE``: OpenSSL's default
verify path, which truststore uses on Linux) or through the extra CA setting;
untrusted, wrong-host and expired certificates give one clear line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support.net import call_args, cli_login, network_env, run_cli
from tests.support.tls import LocalCA

pytestmark = pytest.mark.keyring

SSL_WORDS = ("Traceback", "SSL", "CERTIFICATE_VERIFY", "certificate verify failed", "X509")
UNTRUSTED = "Error: The certificate of 127.0.0.1 is not trusted."
HINT = "install its CA in the system store or set the extra CA file in Settings (ca_file)"


def assert_no_ssl_words(stderr: str) -> None:
    for word in SSL_WORDS:
        assert word not in stderr, stderr


async def test_trusted_through_the_system_store_sign_in_and_a_tool_call_work(
    tls_stack: DemoStack, ca: LocalCA, tmp_path: Path
):
    bundle = ca.bundle_with_system_store(tmp_path / "system-plus-test-ca.pem")
    env = network_env(SSL_CERT_FILE=str(bundle))
    ca_file = str(ca.ca_file)

    login = await cli_login(tls_stack.idp, env=env, verify=ca_file)
    assert login.returncode == 0, login.stderr
    assert "Signed in as Alice Example" in login.stdout
    assert tls_stack.idp.issuer.startswith("https://")

    call = await run_cli(tls_stack.idp, *call_args(tls_stack), env=env)
    assert call.returncode == 0, call.stderr
    assert json.loads(call.stdout)["age"] == 30
    assert tls_stack.gateway is not None and tls_stack.gateway.url.startswith("https://")
    assert tls_stack.gateway.call_count("people___getProfile") == 1


@pytest.mark.parametrize("how", ["flag", "env"])
async def test_trusted_through_the_extra_ca_setting(tls_stack: DemoStack, ca: LocalCA, how: str):
    ca_file = str(ca.ca_file)
    flags = ["--ca-file", ca_file] if how == "flag" else []
    env = network_env(AGENTCORE_CA_FILE=ca_file if how == "env" else None)

    login = await cli_login(tls_stack.idp, *flags, env=env, verify=ca_file)
    assert login.returncode == 0, login.stderr

    call = await run_cli(tls_stack.idp, *call_args(tls_stack, *flags), env=env)
    assert call.returncode == 0, call.stderr
    assert json.loads(call.stdout)["department"] == "development"


async def test_untrusted_sign_in_server_gives_the_clear_message(tls_stack: DemoStack):
    login = await cli_login(tls_stack.idp, env=network_env())
    assert login.returncode == 1
    assert UNTRUSTED in login.stderr and HINT in login.stderr
    assert_no_ssl_words(login.stderr)
    assert "Open this link" not in login.stdout  # it stopped at discovery


async def test_untrusted_gateway_gives_the_clear_message(
    ca: LocalCA, tmp_path: Path, forget_sign_in: list[str]
):
    """The sign-in server is trusted (the extra CA), the gateway's certificate is not."""
    other = LocalCA(tmp_path / "other", name="Some Other CA")
    idp = DemoIdp(interval=0, tls=ca.issue("idp"))
    with DemoStack(idp=idp, tls=other.issue("gateway"), ca_file=str(ca.ca_file)) as stack:
        forget_sign_in.append(stack.idp.issuer)
        flags = ["--ca-file", str(ca.ca_file)]
        login = await cli_login(idp, *flags, env=network_env(), verify=str(ca.ca_file))
        assert login.returncode == 0, login.stderr

        call = await run_cli(idp, *call_args(stack, *flags), env=network_env())
    assert call.returncode == 1
    assert UNTRUSTED in call.stderr and HINT in call.stderr
    assert_no_ssl_words(call.stderr)


@pytest.mark.parametrize(
    ("hosts", "expired", "expected"),
    [
        (("example.org",), False, "The certificate of 127.0.0.1 is for a different host name."),
        (("127.0.0.1", "localhost"), True, "The certificate of 127.0.0.1 has expired"),
    ],
)
async def test_wrong_host_or_expired_certificate_gets_its_own_clear_line(
    ca: LocalCA, hosts: tuple[str, ...], expired: bool, expected: str
):
    cert = ca.issue("odd", hosts=hosts, expired=expired)
    with DemoIdp(interval=0, tls=cert) as idp:
        login = await cli_login(idp, "--ca-file", str(ca.ca_file), env=network_env())
    assert login.returncode == 1
    assert f"Error: {expected}" in login.stderr
    assert_no_ssl_words(login.stderr)


async def test_a_missing_ca_file_is_named_before_anything_connects(tmp_path: Path):
    with DemoIdp(interval=0) as idp:
        missing = tmp_path / "corp-ca.pem"
        result = await run_cli(idp, "--ca-file", str(missing), "status", env=network_env())
    assert result.returncode == 2
    assert f"Error: ca_file: '{missing}' does not exist" in result.stderr
