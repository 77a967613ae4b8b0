"""Sign-in core: OIDC discovery, the device flow and the browser sign-in, token checks, the
session and its store.

No Qt; asyncio with blocking calls (``requests``, ``keyring``) in threads.

oidc           discovery (``/.well-known/openid-configuration``), refused when unsafe
device_flow    RFC 8628: ``request_code()`` and an awaitable ``poll()``
browser_flow   RFC 8252 + PKCE: the authorization URL, the redirect judged, the code exchange
loopback       the one-shot HTTP listener on 127.0.0.1 the browser comes back to
tokens         the token answer and JWT checks (JWKS signature, iss, aud, exp)
session        ``AuthSession``: resume, refresh (single flight, cross-process lock), sign-out
shared_token   the refresh token in memory kept in step with the stored one (lock held)
store          the refresh token in the OS keyring (or memory), per profile; ``SignInStore``
resource_metadata  what a gateway publishes about its sign-in (RFC 9728), checked
refresh_lock   the per-profile OS file lock around read-refresh-store
http           the one ``requests`` session (TLS, proxies) and its error mapping
keyring_hint   the commands that start a Secret Service when none runs

May import ``gui.config``, ``gui.errors``, ``gui.net``, ``gui.untrusted``, ``gui.aio``.
"""
