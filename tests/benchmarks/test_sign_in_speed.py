"""Sign-in figures (printed, not asserted): approval-to-token latency, silent
sign-in at start, and the cold start of ``agentcore-chat status``."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import time

import pytest

from gui.auth.device_flow import SAFETY_MARGIN
from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from tests.support.auth import approve_in_browser, cli_command, profile_for
from tests.support.figures import report

pytestmark = pytest.mark.benchmark

TAIL = 0.9  # the percentile each figure prints besides the median


async def test_approval_to_token_latency_interval_1s():
    store = KeyringStore()
    samples = []
    rng = random.Random(8628)
    with DemoIdp(interval=1) as idp:
        for _ in range(20):
            # The app's real poll margin, so the figure is what a user waits.
            session = AuthSession(profile_for(idp), store=store, poll_margin=SAFETY_MARGIN)
            code = await session.start_sign_in()
            waiting = asyncio.ensure_future(session.wait_for_approval(code))
            await asyncio.sleep(rng.uniform(0.0, 2.0))  # the person takes a while
            await asyncio.to_thread(approve_in_browser, idp, code.user_code, "alice")
            approved = time.perf_counter()
            await asyncio.wait_for(waiting, 10)
            samples.append((time.perf_counter() - approved) * 1000)
            await session.aclose()
        await store.delete(idp.issuer, DEMO_CLIENT_ID)
    report("approval-to-token latency (interval 1 s, 20 sign-ins)", samples, tail=TAIL)


async def test_silent_sign_in_at_start():
    store = KeyringStore()
    with DemoIdp(interval=0) as idp:
        first = AuthSession(profile_for(idp), store=store, poll_margin=0.01)
        code = await first.start_sign_in()
        waiting = asyncio.ensure_future(first.wait_for_approval(code))
        idp.approve(code.user_code, "alice")
        await waiting
        reads, resumes = [], []
        for _ in range(20):
            t0 = time.perf_counter()
            await store.load(idp.issuer, DEMO_CLIENT_ID)
            reads.append((time.perf_counter() - t0) * 1000)
            session = AuthSession(profile_for(idp), store=store, http=HttpClient())
            t0 = time.perf_counter()
            assert await session.resume() is not None
            resumes.append((time.perf_counter() - t0) * 1000)
            await session.aclose()
        await store.delete(idp.issuer, DEMO_CLIENT_ID)
    report("keyring read", reads, tail=TAIL)
    report("silent sign-in (keyring read + discovery + refresh + JWT checks)", resumes, tail=TAIL)


def test_status_command_cold_start():
    with DemoIdp(interval=0) as idp:
        args = cli_command(idp, "status")
        signed_out = []
        for _ in range(5):
            t0 = time.perf_counter()
            done = subprocess.run(args, capture_output=True, env=dict(os.environ), check=False)
            signed_out.append((time.perf_counter() - t0) * 1000)
            assert done.returncode == 1
        asyncio.run(_sign_in(idp))
        signed_in = []
        for _ in range(5):
            t0 = time.perf_counter()
            done = subprocess.run(args, capture_output=True, env=dict(os.environ), check=False)
            signed_in.append((time.perf_counter() - t0) * 1000)
            assert done.returncode == 0, done.stderr
        asyncio.run(KeyringStore().delete(idp.issuer, DEMO_CLIENT_ID))
    report("`agentcore-chat status` cold start, nobody signed in", signed_out, tail=TAIL)
    report("`agentcore-chat status` cold start, silent refresh", signed_in, tail=TAIL)


async def _sign_in(idp: DemoIdp) -> None:
    session = AuthSession(profile_for(idp), store=KeyringStore(), poll_margin=0.01)
    code = await session.start_sign_in()
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    idp.approve(code.user_code, "alice")
    await waiting
    await session.aclose()
