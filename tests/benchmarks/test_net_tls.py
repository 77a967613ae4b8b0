"""TLS figures (printed, not asserted): what trusting the OS store costs, and where.

For one new TLS connection, with ``gui.net.ssl_context()`` (on Linux: the OS store
loaded once) and with ``truststore.SSLContext`` (on Linux: re-reads the CA bundle
in every ``wrap_bio``/``wrap_socket``):

- its latency, for httpx2 (the gateway's client) and requests (sign-in);
- the longest the event loop was blocked meanwhile (anyio runs a non-stdlib
  context's ``wrap_bio`` in a worker thread, so truststore's re-read is latency,
  not a frozen GUI loop);
- building the context (once per process, off the loop) and importing truststore.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from gui import net
from gui.demo.idp import DemoIdp
from tests.support.figures import report
from tests.support.tls import LocalCA

pytestmark = pytest.mark.benchmark


class LoopBlock:
    """The longest stretch the loop went without running a 1 ms ticker (≈ blocking time)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LoopBlock:
        self._task = asyncio.create_task(self._tick())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now


async def _per_connection(ctx: ssl.SSLContext, url: str, n: int) -> tuple[list[float], list[float]]:
    """(latency, loop blocked) in ms for ``n`` requests, each on a new httpx2 connection."""
    latency, blocked = [], []
    for _ in range(n):
        # A new client each time: a new connection, so a new handshake.
        async with httpx2.AsyncClient(verify=ctx, trust_env=False) as client:
            async with LoopBlock() as block:
                started = time.perf_counter()
                response = await client.get(url)
                latency.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        blocked.append(block.longest * 1000)
    return latency, blocked


def _requests_per_connection(ctx: ssl.SSLContext, url: str, n: int) -> list[float]:
    """Latency in ms of ``n`` requests through gui.auth.http's adapter (the idp closes each)."""
    import requests

    from gui.auth.http import TrustAdapter

    class Adapter(TrustAdapter):
        def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs["ssl_context"] = ctx
            super(TrustAdapter, self).init_poolmanager(*args, **kwargs)

    session = requests.Session()
    session.mount("https://", Adapter())
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        assert session.get(url, timeout=10).status_code == 200
        samples.append((time.perf_counter() - started) * 1000)
    session.close()
    return samples


async def test_loop_time_blocked_by_a_new_tls_connection(tmp_path: Path):
    import truststore

    ca = LocalCA(tmp_path)
    bundle = ca.bundle_with_system_store(tmp_path / "bundle.pem")
    with DemoIdp(interval=0, tls=ca.issue()) as idp:
        url = f"{idp.issuer}.well-known/openid-configuration"
        ours = net.ssl_context(str(ca.ca_file))
        theirs = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        theirs.load_verify_locations(cafile=str(ca.ca_file))
        await _per_connection(ours, url, 2)  # warm up
        for label, ctx in (
            ("gui.net.ssl_context (store loaded once)", ours),
            ("truststore.SSLContext (re-reads the store)", theirs),
        ):
            latency, blocked = await _per_connection(ctx, url, 20)
            report(f"httpx2 new TLS connection latency, {label}", latency)
            report(f"httpx2 new TLS connection, loop blocked, {label}", blocked)
            sync = await asyncio.to_thread(_requests_per_connection, ctx, url, 20)
            report(f"requests new TLS connection latency, {label}", sync)
    print(f"(system bundle for reference: {bundle.stat().st_size // 1024} KB of PEM)")


def test_building_the_context_and_importing_truststore():
    samples = []
    for _ in range(10):
        net.ssl_context.cache_clear()
        started = time.perf_counter()
        net.ssl_context()
        samples.append((time.perf_counter() - started) * 1000)
    net.ssl_context.cache_clear()
    report("gui.net.ssl_context() build (once per process, off the loop)", samples)

    imports = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import ssl, truststore"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr.splitlines()
        line = next(line for line in out if line.rstrip().endswith("| truststore"))
        imports.append(int(line.split("|")[1]) / 1000)
    report("import truststore after ssl (cumulative, fresh process)", imports)
