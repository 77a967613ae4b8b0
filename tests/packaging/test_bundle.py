"""The PyInstaller bundle, run as a user would run it (``make bundle`` first).

Skipped unless ``dist/agentcore-chat/agentcore-chat`` exists (or
``AGENTCORE_CHAT_BUNDLE`` names another build), so a plain ``pytest`` stays
fast, and skipped when ``gui/``, ``packaging/`` or ``pyproject.toml`` changed
after the build (``make bundle-smoke`` rebuilds then). Each test starts the
frozen executable as a subprocess with the test session's private D-Bus and
gnome-keyring (tests/conftest.py), and fails on any sign that something was
left out of the bundle: an ImportError, a missing package's metadata, a
missing data file, a traceback.

What it covers, beyond "the window shows":
- the keyring backends are found by entry point and Secret Service is used
  (the frozen ``login`` writes an entry this process reads back);
- the sign-in core over HTTP with JWT validation (cryptography);
- the gateway client and the embedded MCP server (mcp, httpx2, uvicorn,
  starlette) and the Strands agent, through ``--demo ask``;
- each model provider's import and client set-up (boto3 + botocore's Bedrock
  model, anthropic, openai), up to a connection refused on a dead port.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.stacks import StackFactory, demo_stack

if TYPE_CHECKING:
    from gui.demo.stack import DemoStack

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(
    os.environ.get("AGENTCORE_CHAT_BUNDLE") or ROOT / "dist" / "agentcore-chat" / "agentcore-chat"
)
DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused
LEFT_OUT = re.compile(
    r"Traceback|ImportError|ModuleNotFoundError|No module named|PackageNotFoundError"
    r"|FileNotFoundError|DataNotFoundError|UnknownServiceError|No such file"
)


BUILT_FROM = {".py", ".spec", ".toml", ".qm", ".svg", ".png", ".qss", ".html"}


def newer_source() -> Path | None:
    """A source file changed since the bundle was built (the bundle would test old code)."""
    built = BUNDLE.stat().st_mtime
    sources = [
        ROOT / "pyproject.toml",
        *(ROOT / "gui").rglob("*"),
        *(ROOT / "packaging").rglob("*"),
    ]
    return next(
        (
            path
            for path in sources
            if path.suffix in BUILT_FROM
            and "__pycache__" not in path.parts
            and path.stat().st_mtime > built
        ),
        None,
    )


STALE = newer_source() if BUNDLE.exists() and "AGENTCORE_CHAT_BUNDLE" not in os.environ else None
pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not BUNDLE.exists(), reason=f"no bundle at {BUNDLE}: run `make bundle`"),
    pytest.mark.skipif(
        STALE is not None, reason=f"the bundle is older than {STALE}: run `make bundle`"
    ),
]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the frozen app; fail on anything that says a module or file was left out."""
    result = subprocess.run(
        [str(BUNDLE), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    output = result.stdout + result.stderr
    assert not LEFT_OUT.search(output), f"{args}: exit {result.returncode}\n{output}"
    return result


def profile_flags(stack: DemoStack) -> list[str]:
    """The global flags that point the CLI at a demo stack."""
    profile = stack.profile
    return [
        "--issuer",
        profile.issuer,
        "--client-id",
        profile.client_id,
        "--audience",
        profile.audience,
        "--gateway-url",
        profile.gateway_url,
    ]


def frozen_login(stack: DemoStack) -> str:
    """Sign in with the frozen ``login``, approving the code as Alice; returns its output."""
    proc = subprocess.Popen(
        [str(BUNDLE), *profile_flags(stack), "login", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    watchdog = threading.Timer(90, proc.kill)  # never hang the test run on a stuck login
    watchdog.start()
    try:
        lines: list[str] = []
        for line in proc.stdout:
            lines.append(line)
            if len(lines) >= 2 and lines[-2].startswith("Check that the page shows this code"):
                stack.idp.approve(line.strip(), "alice")
                break
        out, err = proc.communicate(timeout=60)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = "".join(lines) + out
    assert proc.returncode == 0, output + err
    assert not LEFT_OUT.search(output + err), output + err
    return output + err


@pytest.fixture(scope="module")
def frozen_login_stack(secret_service: str, module_demo_stack_factory: StackFactory) -> DemoStack:
    """The demo servers, in this process, that the frozen ``login`` signed Alice in to.

    Polls paced as a provider paces them: the frozen app waits as it does in use.
    """
    started = module_demo_stack_factory(fast_polls=False)
    frozen_login(started)
    return started


def test_smoke_test_shows_the_window_and_exits() -> None:
    # Its own single-instance name: a copy of the app already running must not answer for it.
    env = {"QT_QPA_PLATFORM": "offscreen", "AGENTCORE_CHAT_INSTANCE": f"bundle-test-{os.getpid()}"}
    result = run("--smoke-test", env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"first paint: \d+ ms", result.stdout), result.stdout


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("login", "status", "logout", "ask"):
        assert command in result.stdout


def test_status_uses_the_secret_service_when_nobody_is_signed_in() -> None:
    result = run("--issuer", f"{DEAD}/", "--client-id", "nobody", "status")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Not signed in." in result.stdout
    assert "keyring" not in result.stderr.lower(), result.stderr  # no "keyring unavailable"


async def test_status_reports_a_network_error_for_a_stored_sign_in() -> None:
    from gui.auth.store import KeyringStore, StoredSignIn

    store = KeyringStore()
    await store.save(f"{DEAD}/", "stored", StoredSignIn(refresh_token="rt-test"))
    try:
        result = run("--issuer", f"{DEAD}/", "--client-id", "stored", "status")
    finally:
        await store.delete(f"{DEAD}/", "stored")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Cannot connect to 127.0.0.1:9" in result.stderr


async def test_login_is_remembered_in_the_secret_service(frozen_login_stack: DemoStack) -> None:
    import keyring

    from gui.auth.store import KeyringStore

    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    profile = frozen_login_stack.profile
    assert await KeyringStore().load(profile.issuer, profile.client_id) is not None
    result = run(*profile_flags(frozen_login_stack), "status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Signed in as"), result.stdout


async def test_logout_forgets_the_sign_in(secret_service: str) -> None:
    from gui.auth.store import KeyringStore

    with demo_stack(fast_polls=False) as own:
        frozen_login(own)
        result = run(*profile_flags(own), "logout")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Signed out. The sign-in was revoked." in result.stdout
        assert await KeyringStore().load(own.profile.issuer, own.profile.client_id) is None


def test_gateway_tools_are_listed(frozen_login_stack: DemoStack) -> None:
    result = run(*profile_flags(frozen_login_stack), "tools")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "people___listDepartments" in result.stdout


def test_demo_ask_runs_the_agent_against_the_embedded_gateway() -> None:
    result = run("--demo", "ask", "How many people work in each department?")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "listDepartments" in result.stdout
    assert "| design | 2 |" in result.stdout


@pytest.mark.parametrize(
    ("model", "env"),
    [
        pytest.param(
            "bedrock:anthropic.claude-test",
            {
                "AWS_ACCESS_KEY_ID": "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": DEAD,
                "AWS_MAX_ATTEMPTS": "1",
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            },
            id="bedrock",
        ),
        pytest.param(
            "anthropic:claude-test",
            {"ANTHROPIC_API_KEY": "test", "ANTHROPIC_BASE_URL": DEAD},
            id="anthropic",
        ),
        pytest.param(
            "openai:gpt-test",
            {"OPENAI_API_KEY": "test", "OPENAI_BASE_URL": f"{DEAD}/v1"},
            id="openai",
        ),
    ],
)
def test_model_provider_loads_and_reaches_the_network(
    frozen_login_stack: DemoStack, model: str, env: dict[str, str]
) -> None:
    result = run(
        *profile_flags(frozen_login_stack), "--model", model, "ask", "hello", env=env, timeout=180
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Cannot reach" in result.stderr, result.stderr  # got as far as the network
