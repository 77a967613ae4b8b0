"""The demo provider's HTTP face: a Starlette app routing each endpoint to the state machine.

::

    GET  /.well-known/openid-configuration   OIDC discovery
    GET  /.well-known/jwks.json              the signing key
    POST /oauth/device/code                  RFC 8628 device authorization
    POST /oauth/token                        device code, authorization code (PKCE) and
                                             refresh token grants
    POST /oauth/revoke                       RFC 7009 revocation
    GET  /userinfo                           the signed-in user
    GET|POST /activate                       the device flow's page (gui.demo.idp.pages)
    GET|POST /authorize                      the browser sign-in and consent page
                                             (gui.demo.idp.codes), then a redirect to the app
    GET  /                                   302 to /activate

Parameters arrive form-encoded (or as a JSON object, which Auth0 also accepts); a repeated
parameter is refused (RFC 6749 section 3.1). One small parser (``parse_form``) reads them:
``request.form()`` would need python-multipart, which only mcp brings in. Errors are OAuth
JSON with Auth0's statuses, unknown paths and methods included; every answer carries
``Cache-Control: no-store``.
The whole app sits behind ``gui.demo.idp.faults.FaultDoor``.

May import: starlette, ``gui.demo.idp.state``, ``gui.demo.idp.device``,
``gui.demo.idp.codes``, ``gui.demo.idp.pages``. No Qt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from gui.demo.idp import pages
from gui.demo.idp.codes import AUTHORIZATION_CODE_GRANT, AuthorizationCodes, PageError, Redirect
from gui.demo.idp.device import DEVICE_CODE_GRANT, DeviceCodes, normalize_user_code
from gui.demo.idp.state import REFRESH_TOKEN_GRANT, SCOPES_SUPPORTED, IdpState, OAuthError

logger = logging.getLogger(__name__)

_NO_STORE = {"Cache-Control": "no-store"}

Endpoint = Callable[[Request], Awaitable[Response]]


class FormError(Exception):
    """The request body could not be read as parameters."""


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """Form-encoded (or, as Auth0 also accepts, JSON) parameters; raises ``FormError``."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError("The request body is not UTF-8.") from exc
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError as exc:
            raise FormError("The request body is not valid JSON.") from exc
        if not isinstance(data, dict):
            raise FormError("The request body must be a JSON object.")
        return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    parsed = parse_qs(text, keep_blank_values=True)
    repeated = sorted(k for k, v in parsed.items() if len(v) > 1)
    if repeated:  # RFC 6749 section 3.1: parameters must not be repeated
        raise FormError(f"Repeated parameter: {', '.join(repeated)}")
    return {k: v[0] for k, v in parsed.items()}


def _json(
    status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(payload, status, headers={**_NO_STORE, **(headers or {})})


def _error(status: int, error: str, description: str, headers: Any = ()) -> JSONResponse:
    return _json(status, {"error": error, "error_description": description}, dict(headers))


async def _form(request: Request) -> dict[str, str]:
    try:
        return parse_form(await request.body(), request.headers.get("content-type", ""))
    except FormError as exc:
        raise OAuthError(400, "invalid_request", str(exc)) from None


def _answering(endpoint: Endpoint) -> Endpoint:
    """OAuth errors become their JSON answer; anything else a logged 500 ``server_error``."""

    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except OAuthError as exc:
            return _error(exc.status, exc.error, exc.description, exc.headers)
        except Exception:
            logger.exception("demo IdP failed to answer %s %s", request.method, request.url.path)
            return _error(500, "server_error", "Internal error.")

    return answer


def build_app(
    state: IdpState, issuer: Callable[[], str], devices: DeviceCodes, codes: AuthorizationCodes
) -> Starlette:
    """The provider's routes over ``state``, ``devices`` and ``codes``; ``issuer`` gives the
    issuer URL."""

    async def discovery(request: Request) -> Response:
        iss = issuer()
        doc: dict[str, Any] = {
            "issuer": iss,
            "authorization_endpoint": f"{iss}authorize",
            "device_authorization_endpoint": f"{iss}oauth/device/code",
            "token_endpoint": f"{iss}oauth/token",
            "userinfo_endpoint": f"{iss}userinfo",
            "jwks_uri": f"{iss}.well-known/jwks.json",
            "revocation_endpoint": f"{iss}oauth/revoke",
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "revocation_endpoint_auth_methods_supported": ["none"],
            "grant_types_supported": [
                DEVICE_CODE_GRANT,
                AUTHORIZATION_CODE_GRANT,
                REFRESH_TOKEN_GRANT,
            ],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
            "scopes_supported": list(SCOPES_SUPPORTED),
            "claims_supported": [
                "aud",
                "email",
                "email_verified",
                "exp",
                "iat",
                "iss",
                "name",
                "nickname",
                "sub",
            ],
        }
        if state.protected_resources:
            # RFC 9728 §4: what it issues tokens for; the app then sends RFC 8707 `resource`.
            doc["protected_resources"] = list(state.protected_resources)
        return _json(200, doc)

    async def jwks(request: Request) -> Response:
        return _json(200, {"keys": [state.key.jwk]})

    def redirect(answer: Redirect) -> Response:
        return RedirectResponse(answer.location, 302, headers=_NO_STORE)

    async def authorize_page(request: Request) -> Response:
        query = request.query_params
        repeated = sorted({k for k in query if len(query.getlist(k)) > 1})
        if repeated:  # RFC 6749 §3.1
            return pages.problem_page(f"Repeated parameter: {', '.join(repeated)}")
        try:
            pending = codes.authorize(dict(query))
        except PageError as exc:
            return pages.problem_page(str(exc))
        if isinstance(pending, Redirect):
            return redirect(pending)
        request_id, auth_request = pending
        return pages.authorize_page(
            request_id, auth_request.scope, list(state.users.values()), state.roles()
        )

    async def authorize_submit(request: Request) -> Response:
        form = await _form(request)
        action = form.get("action", "")
        if action not in ("allow", "deny"):
            return pages.problem_page("Choose Allow or Deny.")
        try:
            answer = codes.decide(
                form.get("request_id", ""), form.get("username"), approve=action == "allow"
            )
        except PageError as exc:
            return pages.problem_page(str(exc))
        return redirect(answer)

    async def device_code(request: Request) -> Response:
        return _json(200, devices.start(await _form(request)))

    async def token(request: Request) -> Response:
        form = await _form(request)
        grants = {DEVICE_CODE_GRANT: devices.exchange, AUTHORIZATION_CODE_GRANT: codes.exchange}
        grant = grants.get(form.get("grant_type", ""), state.token)
        # RFC 6749 section 5.1: token responses must not be cached.
        return _json(200, grant(form), {"Pragma": "no-cache"})

    async def revoke(request: Request) -> Response:
        state.revoke(await _form(request))
        return Response(status_code=200, headers=_NO_STORE)

    async def userinfo(request: Request) -> Response:
        return _json(200, state.userinfo(request.headers.get("authorization", "")))

    async def activate_page(request: Request) -> Response:
        user_code = request.query_params.get("user_code", "")
        typed = normalize_user_code(user_code) or user_code
        return pages.activate_page(typed, list(state.users.values()), state.roles())

    async def activate_submit(request: Request) -> Response:
        form = await _form(request)
        user_code, action = form.get("user_code", ""), form.get("action", "")
        if action not in ("approve", "deny"):
            return pages.failed_page("Choose Approve or Deny.", user_code)
        error = devices.decide(user_code, form.get("username"), approve=action == "approve")
        if error is not None:
            return pages.failed_page(error, user_code)
        if action == "deny":
            return pages.done_page("Sign-in denied", "The app was not signed in.")
        return pages.done_page("Approved", f"Approved as {state.users[form['username']].name}.")

    async def home(request: Request) -> Response:
        return RedirectResponse("/activate", 302, headers=_NO_STORE)

    def route(path: str, endpoint: Endpoint, method: str) -> Route:
        return Route(path, _answering(endpoint), methods=[method])

    routes = [
        route("/.well-known/openid-configuration", discovery, "GET"),
        route("/.well-known/jwks.json", jwks, "GET"),
        route("/authorize", authorize_page, "GET"),
        route("/authorize", authorize_submit, "POST"),
        route("/oauth/device/code", device_code, "POST"),
        route("/oauth/token", token, "POST"),
        route("/oauth/revoke", revoke, "POST"),
        route("/userinfo", userinfo, "GET"),
        route("/activate", activate_page, "GET"),
        route("/activate", activate_submit, "POST"),
        route("/", home, "GET"),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: _http_error})


async def _http_error(request: Request, exc: Exception) -> Response:
    """The router's own 404 and 405, as OAuth JSON like every other error."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return _error(405, "method_not_allowed", "Method not allowed.", (exc.headers or {}).items())
    if exc.status_code == 404:
        return _error(404, "not_found", "No such endpoint.")
    return _error(exc.status_code, "invalid_request", str(exc.detail))
