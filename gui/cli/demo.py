"""``agentcore-chat --demo COMMAND``: the commands against the embedded local servers.

The servers are started (and stopped) by :class:`gui.services.AppServices`, the
same way as for the window's demo; this module says where they are, signs in to
them without a browser for ``tools``, ``call`` and ``ask`` (approved as Alice, who
has the gateway role), and names the demo's history, which survives the demo's
changing ports. Imports ``gui.config``, ``gui.cli.terminal`` and, for its client id
only, ``gui.demo.idp``; no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.cli.terminal import Console
from gui.config import Profile

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.demo.stack import DemoStack
    from gui.services import AppServices


async def start(services: AppServices, term: Console, *, chat: bool) -> Profile:
    """Start the demo servers, say where they are, and return their profile.

    ``chat``: the command signs in by itself (:func:`sign_in`); otherwise the person
    approves in the browser and is told who may.
    """
    profile = await services.prepare(Profile())
    stack = _stack(services)
    if chat:
        term.note(
            f"Demo servers: sign-in at {stack.profile.issuer}, "
            f"gateway at {stack.profile.gateway_url}"
        )
    else:
        term.note(f"Demo sign-in server at {stack.profile.issuer}")
        term.note("Approve as 'Alice' (has the gateway role) or 'Bob' (does not).")
    return profile


async def sign_in(services: AppServices, profile: Profile, term: Console) -> AuthSession:
    """Run the device flow and approve it as Alice without a browser."""
    session = services.auth_session(profile)
    try:
        code = await session.start_sign_in()
        term.note(f"Sign-in link: {code.link}")
        term.note(f"Code: {code.user_code}")
        term.note("Demo only: approving it automatically as Alice (who has the gateway role).")
        _stack(services).idp.approve(code.user_code, "alice")
        await session.wait_for_approval(code)
    except BaseException:
        await session.aclose()
        raise
    return session


def history_profile() -> Profile:
    """A profile whose history is the demo's (the demo's ports change; its key does not)."""
    from gui.demo.idp import DEMO_CLIENT_ID  # the provider itself loads jwt: not for `history`

    return Profile(
        issuer="http://127.0.0.1/", client_id=DEMO_CLIENT_ID, gateway_url="http://127.0.0.1/mcp"
    )


def _stack(services: AppServices) -> DemoStack:
    stack = services.stack
    if stack is None:
        raise RuntimeError("the demo servers are not running (AppServices.prepare starts them)")
    return stack
