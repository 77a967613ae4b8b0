"""TLS for the embedded servers (tests of corporate networks): a certificate and its key."""

from __future__ import annotations

import ssl
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerCert:
    """A server certificate chain (PEM) and its private key (PEM), as files."""

    certfile: str
    keyfile: str

    def server_context(self) -> ssl.SSLContext:
        """A server-side context presenting this certificate."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.certfile, self.keyfile)
        return ctx
