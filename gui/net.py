"""How the app reaches servers: whose certificates it trusts and which proxy carries it.

Both HTTP stacks take these decisions from here, so sign-in and gateway traffic
behave the same on a corporate network::

    gui/auth/http.py     requests: discovery, device code, token, JWKS, revoke ┐
                                                                            ├─► ssl_context(ca_file)
    gui/gateway/           httpx2: the MCP session ───────────────────────────┤   proxy_for(url)
                                                                            └─► tls_error(exc, host)

**Trust.** The operating system's certificate store, so a company's TLS-inspecting
proxy CA installed there just works: on macOS and Windows through ``truststore``
(the native verifier: Keychain, CryptoAPI). On Linux truststore only points
OpenSSL at its default verify paths (which honour ``SSL_CERT_FILE`` and
``SSL_CERT_DIR``) or, failing those, the distribution's bundle, and it re-reads
that bundle in *every* handshake: +40 ms per new httpx2 connection and +100 ms
per requests connection here (tests/benchmarks/test_net_tls.py), and the demo
and many providers close connections often. There we load the very same
locations once into a plain context instead (5 ms per new connection).
The optional extra CA file (setting ``ca_file``) is added on top, never instead.
Not ``truststore.inject_into_ssl()``: that would swap ``ssl.SSLContext`` for the
whole process (uvicorn, boto3, strands' providers) behind their backs.

**Proxy.** ``HTTPS_PROXY`` / ``HTTP_PROXY`` (then ``ALL_PROXY``) by the URL's scheme,
``NO_PROXY`` for the exceptions; the lower-case spelling wins when both are set,
as in curl and urllib. ``NO_PROXY`` entries are host names (matching the name and
its subdomains; a leading ``.`` or ``*.`` is the same), IP addresses, CIDR
ranges, optionally ``:port``, or ``*`` for everything. **Loopback rule:** when
``NO_PROXY`` is not set at all, loopback hosts (localhost, 127.0.0.0/8, ::1) go
direct: a proxy elsewhere cannot reach this computer's loopback. When it *is*
set, even empty, it is taken as written. Both stacks are told the decision
explicitly (requests' ``trust_env`` off, httpx2's ``trust_env`` off) rather than
left to agree: they do not (``NO_PROXY=example.com`` bypasses
``wwwexample.com`` in requests but not in httpx, and requests also reads the
Windows registry and macOS settings).

**Errors.** A certificate that fails verification becomes
:class:`~gui.errors.CertificateError` naming the host and what to do; other TLS
failures a :class:`~gui.errors.NetworkError`. Never the SSL library's words.

``ssl`` and ``truststore`` are imported on first use: the window shows first. Of the app,
imports only :mod:`gui.errors` (its ``causes`` walk finds the SSL error inside whatever a
stack raised) and :mod:`gui.untrusted` (the loopback rule).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from gui.errors import CertificateError, ConfigError, NetworkError, causes
from gui.untrusted import is_loopback_host

if TYPE_CHECKING:
    import ssl

CA_FILE_SETTING = "ca_file"
UNTRUSTED_HINT = (
    "If your company inspects TLS, install its CA in the system store "
    "or set the extra CA file in Settings (ca_file)."
)
# Where truststore looks on Linux when OpenSSL's defaults are empty (truststore._openssl).
_CA_FILE_CANDIDATES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)
# Verification codes that say something other than "not trusted": OpenSSL's X509_V_ERR_*
# (x509_vfy.h), macOS Security's errSec*, Windows' CERT_E_* (as truststore reports them).
_OUT_OF_DATE_CODES = {9, 10, -67818, -67819, 0x800B0101, 0x800B0101 - (1 << 32)}
_WRONG_HOST_CODES = {62, 64, -67602, 0x800B010F, 0x800B010F - (1 << 32)}
_OUT_OF_DATE_WORDS = ("expired", "not yet valid", "validity period")
_WRONG_HOST_WORDS = ("mismatch", "does not match", "cn name")
_DEFAULT_PORTS = {"http": 80, "https": 443}


# --- trust ------------------------------------------------------------------------------------


def check_ca_file(path: str) -> str:
    """Validate the ``ca_file`` setting: a readable PEM file. Raises ConfigError."""
    expanded = os.path.expanduser(path)
    try:
        with open(expanded, "rb") as f:
            head = f.read(1 << 20)
    except FileNotFoundError:
        raise ConfigError(CA_FILE_SETTING, f"{path!r} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(CA_FILE_SETTING, f"{path!r} is a folder, not a PEM file") from None
    except OSError as exc:
        raise ConfigError(CA_FILE_SETTING, f"{path!r} cannot be read ({exc.strerror})") from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise ConfigError(
            CA_FILE_SETTING, f"{path!r} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        )
    return expanded


@functools.lru_cache(maxsize=4)
def ssl_context(ca_file: str = "") -> ssl.SSLContext:
    """The client TLS context: the OS store plus ``ca_file`` (PEM) when given.

    Built once per ``ca_file`` (loading a store costs tens of milliseconds; call it
    off the GUI loop) and shared: an SSLContext is safe to use from many threads.
    Raises ConfigError when ``ca_file`` is missing, unreadable or not PEM.
    """
    import ssl

    extra = check_ca_file(ca_file) if ca_file else None
    if sys.platform in ("darwin", "win32"):
        import truststore

        ctx: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        _load_linux_store(ctx)
    if extra is not None:
        try:
            ctx.load_verify_locations(cafile=extra)
        except ssl.SSLError:
            raise ConfigError(
                CA_FILE_SETTING, f"{ca_file!r} is not a valid PEM certificate file"
            ) from None
    return ctx


def _load_linux_store(ctx: ssl.SSLContext) -> None:
    """What truststore does on Linux, once: OpenSSL's defaults, else the distribution bundle."""
    import ssl

    defaults = ssl.get_default_verify_paths()
    capath = defaults.capath
    has_dir = (
        bool(capath) and os.path.isdir(capath) and any(_is_hashed(n) for n in os.listdir(capath))
    )
    if defaults.cafile or has_dir:
        ctx.set_default_verify_paths()
        return
    for candidate in _CA_FILE_CANDIDATES:
        if os.path.isfile(candidate):
            ctx.load_verify_locations(cafile=candidate)
            return


def _is_hashed(name: str) -> bool:
    # OpenSSL's c_rehash names: 8 hex digits, a dot, a digit ("3513523f.0").
    stem, dot, digit = name.partition(".")
    return len(stem) == 8 and dot == "." and digit.isdigit() and _is_hex(stem)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


# --- proxy ------------------------------------------------------------------------------------


def _env(environ: Mapping[str, str], name: str) -> str | None:
    """The variable in lower case if set, else in upper case; None when neither is set."""
    if name.lower() in environ:
        return environ[name.lower()]
    return environ.get(name.upper())


def proxy_for(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy URL to reach ``url`` through, or None to connect directly.

    Raises ConfigError for a proxy variable the app cannot use (e.g. socks5://).
    """
    env = os.environ if environ is None else environ
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host or bypasses_proxy(host, parts.port or _DEFAULT_PORTS.get(scheme), env):
        return None
    for name in (f"{scheme}_proxy", "all_proxy"):
        value = (_env(env, name) or "").strip()
        if value:
            return _checked_proxy(name.upper(), value)
    return None


def bypasses_proxy(host: str, port: int | None, environ: Mapping[str, str]) -> bool:
    """True when ``NO_PROXY`` (or, when it is unset, the loopback rule) says go direct."""
    no_proxy = _env(environ, "no_proxy")
    if no_proxy is None:
        return is_loopback_host(host)
    host = host.strip("[]").lower()
    return any(_matches(entry, host, port) for entry in _entries(no_proxy))


def _entries(no_proxy: str) -> Iterator[str]:
    for raw in no_proxy.replace(" ", ",").split(","):
        entry = raw.strip().lower()
        if entry:
            yield entry


def _matches(entry: str, host: str, port: int | None) -> bool:
    if entry == "*":
        return True
    name, entry_port = _split_port(entry)
    if entry_port is not None and entry_port != port:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        try:
            return address in ipaddress.ip_network(name, strict=False)
        except ValueError:
            return False  # a name entry never matches an address
    name = name.removeprefix("*").removeprefix(".")
    return bool(name) and (host == name or host.endswith("." + name))


def _split_port(entry: str) -> tuple[str, int | None]:
    """``host:port`` / ``[v6]:port`` / bare entry, without misreading a bare IPv6 address."""
    if entry.startswith("["):
        addr, _, rest = entry[1:].partition("]")
        port = rest.removeprefix(":")
        return addr, int(port) if port.isdigit() else None
    if entry.count(":") == 1:
        name, _, port = entry.partition(":")
        if port.isdigit():
            return name, int(port)
    return entry, None


def _checked_proxy(variable: str, value: str) -> str:
    if "://" not in value:
        value = f"http://{value}"  # curl's reading of "proxy.corp:3128"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigError(
            variable, f"{parts.scheme}:// proxies are not supported; give an http:// proxy"
        )
    if not parts.hostname:
        raise ConfigError(variable, "names no proxy host; give e.g. http://proxy.example.com:3128")
    return value


def proxy_label(proxy: str) -> str:
    """The proxy's host and port for messages: never its user name or password."""
    return urlsplit(proxy).netloc.rpartition("@")[2]


# --- errors -----------------------------------------------------------------------------------


def tls_error(exc: BaseException, host: str) -> NetworkError | None:
    """The clear error for a TLS failure somewhere inside ``exc``; None when it is not one."""
    import ssl

    fallback: NetworkError | None = None
    for inner in causes(exc):
        if isinstance(inner, ssl.SSLCertVerificationError):
            return certificate_error(host, inner)
        if isinstance(inner, ssl.SSLError) and fallback is None:
            if "CERTIFICATE_VERIFY_FAILED" in str(inner):
                return CertificateError(host, untrusted_message(host))
            fallback = NetworkError(
                f"Cannot set up a secure connection to {host}. "
                "Check that the address is right and uses https:// only where the server has TLS."
            )
    return fallback


def untrusted_message(host: str) -> str:
    """The words for a certificate no trusted CA vouches for."""
    return f"The certificate of {host} is not trusted. {UNTRUSTED_HINT}"


def certificate_error(host: str, exc: ssl.SSLCertVerificationError) -> CertificateError:
    """One clear line for a failed verification: untrusted, wrong host, or out of date."""
    code = getattr(exc, "verify_code", None)
    words = f"{getattr(exc, 'verify_message', '')} {exc}".lower()
    if code in _WRONG_HOST_CODES or any(w in words for w in _WRONG_HOST_WORDS):
        return CertificateError(
            host,
            f"The certificate of {host} is for a different host name. Check the address; "
            "if it is right, the server (or a proxy in between) presents the wrong certificate.",
        )
    if code in _OUT_OF_DATE_CODES or any(w in words for w in _OUT_OF_DATE_WORDS):
        return CertificateError(
            host,
            f"The certificate of {host} has expired or is not valid yet. Check this computer's "
            "date and time; if they are right, the server's certificate must be renewed.",
        )
    return CertificateError(host, untrusted_message(host))
