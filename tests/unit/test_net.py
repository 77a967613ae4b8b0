"""gui.net: the proxy decision (one rule for both HTTP stacks), the SSL context, TLS errors."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from gui import net
from gui.errors import CertificateError, ConfigError, NetworkError
from tests.support.tls import LocalCA

ROOT = Path(__file__).resolve().parents[2]

PROXY = "http://proxy.corp:3128"


@pytest.mark.parametrize(
    ("url", "environ", "expected"),
    [
        # scheme picks the variable; ALL_PROXY is the fallback
        ("https://idp.example.com/", {"HTTPS_PROXY": PROXY}, PROXY),
        ("https://idp.example.com/", {"HTTP_PROXY": PROXY}, None),
        ("http://127.0.0.1:8/", {"HTTP_PROXY": PROXY, "NO_PROXY": ""}, PROXY),
        ("https://idp.example.com/", {"ALL_PROXY": PROXY}, PROXY),
        ("https://idp.example.com/", {}, None),
        # lower case wins when both are set, as in curl and urllib
        ("https://a.example/", {"https_proxy": PROXY, "HTTPS_PROXY": "http://other:1"}, PROXY),
        ("https://a.example/", {"https_proxy": "", "HTTPS_PROXY": PROXY}, None),
        # a bare host:port is an http:// proxy
        ("https://a.example/", {"HTTPS_PROXY": "proxy.corp:3128"}, PROXY),
        # loopback goes direct while NO_PROXY is unset ...
        ("https://127.0.0.1:9/", {"HTTPS_PROXY": PROXY}, None),
        ("https://127.8.9.1:9/", {"HTTPS_PROXY": PROXY}, None),
        ("https://localhost:9/", {"HTTPS_PROXY": PROXY}, None),
        ("https://[::1]:9/", {"HTTPS_PROXY": PROXY}, None),
        # ... and is proxied when NO_PROXY is set without it (even empty)
        ("https://127.0.0.1:9/", {"HTTPS_PROXY": PROXY, "NO_PROXY": ""}, PROXY),
        ("https://localhost:9/", {"HTTPS_PROXY": PROXY, "no_proxy": ".corp"}, PROXY),
    ],
)
def test_proxy_for(url: str, environ: dict[str, str], expected: str | None):
    assert net.proxy_for(url, environ) == expected


@pytest.mark.parametrize(
    ("no_proxy", "host", "bypassed"),
    [
        ("*", "anything.example", True),
        ("example.com", "example.com", True),
        ("example.com", "api.example.com", True),
        ("example.com", "wwwexample.com", False),  # requests would say True; httpx False
        (".example.com", "example.com", True),
        ("*.example.com", "api.example.com", True),
        ("EXAMPLE.com", "Api.Example.COM", True),
        ("10.0.0.0/8", "10.1.2.3", True),
        ("10.0.0.0/8", "11.1.2.3", False),
        ("10.1.2.3", "10.1.2.3", True),
        ("::1", "[::1]", True),
        ("fd00::/8", "fd12::1", True),
        ("localhost, 127.0.0.1", "127.0.0.1", True),
        ("a.example b.example", "b.example", True),  # spaces separate too
        ("example.com:8443", "example.com", False),  # port given and different (443)
        ("example.com:443", "example.com", True),
        ("10.0.0.0/8", "ten.example", False),
        ("", "127.0.0.1", False),
    ],
)
def test_no_proxy_entries(no_proxy: str, host: str, bypassed: bool):
    environ = {"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}
    netloc = f"[{host}]" if ":" in host and not host.startswith("[") else host
    assert (net.proxy_for(f"https://{netloc}/", environ) is None) is bypassed


def test_a_socks_proxy_is_a_config_error_naming_the_variable():
    with pytest.raises(ConfigError, match=r"HTTPS_PROXY: socks5:// proxies are not supported"):
        net.proxy_for("https://a.example/", {"https_proxy": "socks5://p:1080"})


def test_proxy_label_hides_credentials():
    assert net.proxy_label("http://user:secret@proxy.corp:3128") == "proxy.corp:3128"


# --- SSL context ---------------------------------------------------------------------------


def test_the_context_verifies_and_is_built_once_per_ca_file(tmp_path: Path):
    ca = LocalCA(tmp_path)
    plain = net.ssl_context()
    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.check_hostname
    assert net.ssl_context() is plain  # shared: loading a store is not free
    with_ca = net.ssl_context(str(ca.ca_file))
    assert with_ca is not plain
    subjects = [dict(x[0] for x in c["subject"]) for c in with_ca.get_ca_certs()]
    assert {"commonName": ca.name} in subjects
    assert {"commonName": ca.name} not in [
        dict(x[0] for x in c["subject"]) for c in plain.get_ca_certs()
    ]


@pytest.mark.skipif(
    sys.platform in ("darwin", "win32"), reason="the native verifiers do not read SSL_CERT_FILE"
)
def test_the_context_reads_the_system_store_from_ssl_cert_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    ca = LocalCA(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca.ca_file))
    net.ssl_context.cache_clear()
    try:
        names = [dict(x[0] for x in c["subject"]) for c in net.ssl_context().get_ca_certs()]
    finally:
        net.ssl_context.cache_clear()
    assert {"commonName": ca.name} in names


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "does not exist"),
        ("", "holds no PEM certificate"),
        ("hello", "holds no PEM certificate"),
        ("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "not a valid"),
    ],
)
def test_a_bad_ca_file_is_a_config_error(tmp_path: Path, content: str | None, problem: str):
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError, match=problem) as caught:
        net.ssl_context(str(path))
    assert caught.value.setting == "ca_file"


def test_an_unreadable_ca_file_is_a_config_error(tmp_path: Path):
    path = LocalCA(tmp_path).ca_file
    path.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(ConfigError, match="cannot be read"):
            net.check_ca_file(str(path))
        return
    # Root reads anything (and CI runs as root): check in a process whose root has lost
    # the capabilities that override file permissions, so the mode counts again.
    check = (
        "import sys\n"
        "from gui.errors import ConfigError\n"
        "from gui.net import check_ca_file\n"
        "try:\n    check_ca_file(sys.argv[1])\n"
        "except ConfigError as exc:\n    print(exc.setting, exc.problem)\n"
    )
    no_override = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*no_override, sys.executable, "-c", check, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ca_file ") and "cannot be read" in result.stdout


def test_a_folder_is_not_a_ca_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="is a folder"):
        net.check_ca_file(str(tmp_path))


# --- errors --------------------------------------------------------------------------------


def _verify_error(code: int, message: str) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] {message}")
    error.verify_code = code
    error.verify_message = message
    return error


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (20, "unable to get local issuer certificate", "is not trusted. If your company"),
        (19, "self-signed certificate in certificate chain", "is not trusted"),
        (62, "Hostname mismatch, certificate is not valid for 'x'.", "for a different host"),
        (64, "IP address mismatch", "for a different host"),
        (10, "certificate has expired", "has expired or is not valid yet"),
        # as truststore reports the native verifiers (macOS errSec*, Windows CERT_E_*)
        (-67818, "“x” certificate is expired", "has expired or is not valid yet"),
        (-67602, "Host name mismatch", "for a different host"),
        (-2146762495, "A required certificate is not within its validity period", "expired"),
        (-2146762481, "The certificate's CN name does not match", "for a different host"),
        (-2146762487, "A certificate chain processed, but terminated in a root", "not trusted"),
    ],
)
def test_certificate_failures_become_one_clear_line(code: int, message: str, expected: str):
    # As requests wraps it: SSLError(MaxRetryError(reason=SSLError(SSLCertVerificationError)))
    inner = _verify_error(code, message)
    wrapped = RuntimeError("HTTPSConnectionPool(host=...): Max retries exceeded")
    wrapped.reason = OSError(inner)  # type: ignore[attr-defined]
    outer = ConnectionError(wrapped)
    error = net.tls_error(outer, "idp.example.com")
    assert isinstance(error, CertificateError)
    assert error.host == "idp.example.com"
    assert error.message.startswith("The certificate of idp.example.com ")
    assert expected in error.message
    assert "SSL" not in error.message and "verify" not in error.message.lower()


def test_a_certificate_failure_inside_an_exception_group_is_found():
    group = ExceptionGroup("tasks", [ValueError("x"), ExceptionGroup("inner", [_cause()])])
    assert isinstance(net.tls_error(group, "gw.example"), CertificateError)


def _cause() -> Exception:
    try:
        raise _verify_error(20, "unable to get local issuer certificate")
    except ssl.SSLError as exc:
        try:
            raise OSError("connect failed") from exc
        except OSError as outer:
            return outer


def test_other_tls_failures_are_a_network_error_without_ssl_words():
    error = net.tls_error(ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version"), "h.example")
    assert type(error) is NetworkError
    assert "secure connection to h.example" in error.message and "SSL" not in error.message


def test_no_tls_failure_no_error():
    assert net.tls_error(ConnectionRefusedError(111, "refused"), "h.example") is None
