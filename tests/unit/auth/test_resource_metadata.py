"""A gateway's protected resource metadata (RFC 9728), read as untrusted input (issue 19).

Real sockets against a canned loopback server: where the metadata is looked for, and
every way a hostile or broken answer is refused.
"""

from __future__ import annotations

import json
import time

import pytest

from gui.auth.resource_metadata import (
    MAX_DOCUMENT,
    discover,
    metadata_urls,
    parse_challenge,
    parse_metadata,
)
from gui.errors import NetworkError, ProtocolError
from tests.support.http_server import Canned, canned_server, refused_port

ISSUER = "https://tenant.us.auth0.com/"


def document(resource: str, **extra: object) -> bytes:
    doc = {"resource": resource, "authorization_servers": [ISSUER]}
    doc.update(extra)
    return json.dumps(doc).encode()


def test_the_well_known_places_are_the_path_variant_then_the_root():
    assert metadata_urls("https://gw.example.com/mcp") == [
        "https://gw.example.com/.well-known/oauth-protected-resource/mcp",
        "https://gw.example.com/.well-known/oauth-protected-resource",
    ]
    assert metadata_urls("https://gw.example.com/") == [
        "https://gw.example.com/.well-known/oauth-protected-resource"
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, {}),
        ('Basic realm="x"', {}),
        (
            'Bearer resource_metadata="https://gw/.well-known/oauth-protected-resource"',
            {"resource_metadata": "https://gw/.well-known/oauth-protected-resource"},
        ),
        (
            'Bearer error="insufficient_scope", scope="a b", error_description="need \\"a\\""',
            {"error": "insufficient_scope", "scope": "a b", "error_description": 'need "a"'},
        ),
        ('Basic realm="x", Bearer scope=tools:read', {"scope": "tools:read"}),
        ("bearer Scope=a,Scope=b", {"scope": "a"}),  # case-insensitive; the first one counts
        ("Bearer " + "x" * 10_000, {}),  # garbage, bounded
    ],
)
def test_a_bearer_challenge_is_read_as_parameters(header: str | None, expected: dict[str, str]):
    assert parse_challenge(header) == expected


async def test_the_401_challenge_says_where_the_metadata_is():
    with canned_server({}) as server:
        gateway = server.url + "/mcp"
        server.answers["/mcp"] = Canned(
            401,
            headers={"WWW-Authenticate": f'Bearer resource_metadata="{server.url}/meta/here"'},
        )
        server.answers["/meta/here"] = Canned(body=document(gateway, scopes_supported=["x:y"]))
        found = await discover(gateway)
    assert found.issuer == ISSUER
    assert found.scopes_supported == ("x:y",)
    assert found.source == server.url + "/meta/here"
    assert [path for _, path in server.requests] == ["/mcp", "/meta/here"]


async def test_without_a_challenge_the_path_variant_then_the_root_are_tried():
    with canned_server({}) as server:
        gateway = server.url + "/mcp"
        server.answers["/.well-known/oauth-protected-resource"] = Canned(body=document(gateway))
        found = await discover(gateway)
    assert found.authorization_servers == (ISSUER,)
    assert [path for _, path in server.requests] == [
        "/mcp",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource",
    ]


async def test_a_gateway_that_publishes_nothing_says_to_give_the_details():
    with canned_server({}) as server, pytest.raises(ProtocolError, match="publishes no sign-in"):
        await discover(server.url + "/mcp")


async def test_a_redirect_is_not_followed():
    with canned_server({}) as server:
        gateway = server.url + "/mcp"
        moved = Canned(302, headers={"Location": server.url + "/elsewhere"})
        server.answers["/.well-known/oauth-protected-resource/mcp"] = moved
        server.answers["/.well-known/oauth-protected-resource"] = moved
        server.answers["/elsewhere"] = Canned(body=document(gateway))
        with pytest.raises(ProtocolError, match="publishes no sign-in"):
            await discover(gateway)
    assert ("GET", "/elsewhere") not in server.requests


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ({"resource": "https://evil.example.com/mcp"}, "describes 'https://evil.example.com/mcp'"),
        ({"authorization_servers": ["http://login.example.com/"]}, "plain http://"),
        ({"authorization_servers": ["https://u:p@login.example.com/"]}, "user name or password"),
        ({"authorization_servers": "https://login.example.com/"}, "wrong form"),
        ({"authorization_servers": [ISSUER] * 11}, "too many"),
        ({"scopes_supported": ["a b"]}, "bad scope 'a b'"),
        ({"scopes_supported": ['say"hi']}, "bad scope"),
        ({"scopes_supported": ["x" * 201]}, "bad scope"),
        ({"scopes_supported": [f"s{i}" for i in range(51)]}, "wrong form"),
    ],
)
def test_a_document_that_cannot_be_trusted_is_refused(doc: dict[str, object], problem: str):
    gateway = "https://gw.example.com/mcp"
    full = {"resource": gateway, "authorization_servers": [ISSUER], **doc}
    with pytest.raises(ProtocolError, match=problem.replace("(", r"\(")):
        parse_metadata(gateway, full, "https://gw.example.com/.well-known/x")


def test_the_resource_may_differ_in_case_of_host_and_a_trailing_slash():
    found = parse_metadata(
        "https://gw.example.com/mcp",
        {"resource": "https://GW.example.com/mcp/", "authorization_servers": [ISSUER]},
        "src",
    )
    assert found.issuer == ISSUER


async def test_a_document_for_another_resource_is_refused_with_the_reason():
    with canned_server({}) as server:
        gateway = server.url + "/mcp"
        server.answers["/.well-known/oauth-protected-resource/mcp"] = Canned(
            body=document("https://attacker.example.com/mcp")
        )
        with pytest.raises(ProtocolError, match=r"attacker\.example\.com"):
            await discover(gateway)


async def test_an_oversized_document_is_not_read():
    with canned_server({}) as server:
        gateway = server.url + "/mcp"
        huge = document(gateway, padding="x" * MAX_DOCUMENT)
        server.answers["/.well-known/oauth-protected-resource/mcp"] = Canned(body=huge)
        with pytest.raises(ProtocolError, match="larger than 64 KB"):
            await discover(gateway)


@pytest.mark.parametrize(
    ("pointed", "problem"),
    [
        ("http://metadata.example.com/x", "plain http://"),
        ("ftp://127.0.0.1/x", "not an http"),
        ("https://127.0.0.1/" + "x" * 3000, "too long"),
    ],
)
async def test_a_challenge_pointing_somewhere_unsafe_is_refused(pointed: str, problem: str):
    with canned_server({}) as server:
        server.answers["/mcp"] = Canned(
            401, headers={"WWW-Authenticate": f'Bearer resource_metadata="{pointed}"'}
        )
        with pytest.raises(ProtocolError, match=problem):
            await discover(server.url + "/mcp")
        assert len(server.requests) == 1  # nothing fetched from there


@pytest.mark.parametrize(
    "gateway", ["http://gw.example.com/mcp", "https://u:p@gw.example.com/mcp", "gw/mcp"]
)
async def test_an_unsafe_gateway_url_is_refused_before_any_request(gateway: str):
    with pytest.raises(ProtocolError, match="gateway URL"):
        await discover(gateway)


async def test_an_unreachable_gateway_is_a_network_error():
    with pytest.raises(NetworkError, match="Cannot connect"):
        await discover(f"http://127.0.0.1:{refused_port()}/mcp")


async def test_a_gateway_that_does_not_answer_times_out():
    with canned_server({"/mcp": Canned(401, delay=3.0)}) as server:
        started = time.monotonic()
        with pytest.raises(NetworkError, match=r"did not answer within 0\.3 seconds"):
            await discover(server.url + "/mcp", request_timeout=0.3)
        assert time.monotonic() - started < 2.5
