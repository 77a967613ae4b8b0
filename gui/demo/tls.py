"""TLS for the embedded servers (tests of corporate networks): a certificate and its key.

``gui.demo.runner`` hands the two files to uvicorn. May import: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerCert:
    """A server certificate chain (PEM) and its private key (PEM), as files."""

    certfile: str
    keyfile: str
