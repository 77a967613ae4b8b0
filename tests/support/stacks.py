"""The one way tests start the demo servers (sign-in server + MCP gateway) in this process.

``demo_stack(**options)`` is a context manager; ``StackFactory`` starts as many as a test
needs and stops them together (the ``demo_stack_factory`` fixtures in tests/conftest.py).
Every option is named for why a test wants it, and the defaults are what most tests want:
polls not slowed down, plain http, the demo tools only, hour-long access tokens.

The fixtures built on it (one meaning per name):

- ``stack`` (tests/conftest.py): fresh servers for one test, with the test tools.
- ``shared_stack`` (tests/gui/conftest.py): one for the whole session's window tests.
- ``module_stack`` (tests/gui/conftest.py): one per chat-pane module, with the test tools.
- ``tls_stack`` / ``http_stack`` (tests/integration/net/conftest.py), ``frozen_login_stack``
  (tests/packaging/test_bundle.py).

Servers in another process (for benchmarks that must not share our GIL) are
tests/support/remote_stack.py. May import gui.demo (lazily: collecting the unit tests
must not load the MCP server) and tests.support.tls.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.demo.stack import DemoStack
    from tests.support.tls import LocalCA

PACED_POLL_INTERVAL = 1  # seconds between polls when a test wants them paced as in use


@contextmanager
def demo_stack(
    *,
    test_tools: bool = False,
    fast_polls: bool = True,
    tls: LocalCA | None = None,
    access_token_ttl: int = 3600,
) -> Iterator[DemoStack]:
    """Start the sign-in server and the gateway on loopback ports; stop both afterwards.

    - ``test_tools``: the gateway also serves ``diagnostics___*`` (sleep, fail, a big
      result, consent and capability probes), for tests that provoke slow, failing or
      asking calls.
    - ``fast_polls``: the sign-in server does not ask clients to wait between polls, so a
      test's sign-in takes no longer than its approval. False: polls paced as a provider
      paces them (``PACED_POLL_INTERVAL``), for an unmodified app (the frozen bundle's
      ``login``) that waits as it does in use.
    - ``tls``: serve both over https, with certificates for 127.0.0.1 signed by this CA
      (one no system trusts); the gateway trusts it for its own calls to the server.
    - ``access_token_ttl``: seconds an access token lives, for tests of its renewal.
    """
    from gui.demo.idp import DemoIdp
    from gui.demo.stack import DemoStack

    cert = tls.issue() if tls is not None else None
    idp = DemoIdp(
        interval=0 if fast_polls else PACED_POLL_INTERVAL,
        access_token_ttl=access_token_ttl,
        tls=cert,
    )
    ca_file = str(tls.ca_file) if tls is not None else None
    with DemoStack(idp=idp, test_tools=test_tools, tls=cert, ca_file=ca_file) as stack:
        yield stack


class StackFactory:
    """Calling it starts a demo stack (``demo_stack``'s options); ``close()`` stops them all."""

    def __init__(self) -> None:
        self._started = ExitStack()

    def __call__(
        self,
        *,
        test_tools: bool = False,
        fast_polls: bool = True,
        tls: LocalCA | None = None,
        access_token_ttl: int = 3600,
    ) -> DemoStack:
        return self._started.enter_context(
            demo_stack(
                test_tools=test_tools,
                fast_polls=fast_polls,
                tls=tls,
                access_token_ttl=access_token_ttl,
            )
        )

    def close(self) -> None:
        """Stop every stack this factory started, the last started first."""
        self._started.close()


@contextmanager
def stack_factory() -> Iterator[StackFactory]:
    """A factory whose stacks all stop when the block ends (a fixture's scope)."""
    factory = StackFactory()
    try:
        yield factory
    finally:
        factory.close()
