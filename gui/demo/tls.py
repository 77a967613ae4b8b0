"""TLS for the embedded servers (tests of corporate networks): a certificate and its key.

``gui.demo.runner`` hands the two files to uvicorn. May import: the standard library only.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerCert:
    """A server certificate chain (PEM) and its private key (PEM), as files."""

    certfile: str
    keyfile: str

    def server_context(self) -> ssl.SSLContext:
        """A server-side context presenting this certificate (for a test's own server)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.certfile, self.keyfile)
        return ctx
