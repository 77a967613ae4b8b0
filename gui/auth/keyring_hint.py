"""What to tell someone whose Linux machine has no Secret Service keyring (SSH, WSL, servers).

Without one, ``keyring`` falls back to its ``fail`` backend: the sign-in works for
the running process but cannot be remembered, and there is deliberately no
plain-text fallback. The hint names commands checked on Debian with the
``dbus`` and ``gnome-keyring`` packages: ``dbus-run-session`` (no D-Bus session
needed beforehand) and ``gnome-keyring-daemon --unlock``, which reads the
keyring's password from stdin and creates the keyring on first use.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

# The commands, each one shell line; the tests run exactly these.
START_DBUS = "dbus-run-session -- bash"
UNLOCK_KEYRING = (
    "read -rsp 'Keyring password: ' PW; echo; "
    "printf '%s' \"$PW\" | gnome-keyring-daemon --unlock --components=secrets; unset PW"
)
SECRET_SERVICE_HINT = "\n".join(
    [
        "No Secret Service keyring is running, so your sign-in cannot be remembered.",
        "To have one, start it (Debian/Ubuntu packages: dbus, gnome-keyring), then sign in:",
        f"  {START_DBUS}",
        "      (only without a D-Bus session: DBUS_SESSION_BUS_ADDRESS unset or stale)",
        f"  {UNLOCK_KEYRING}",
        "  agentcore-chat login",
        "Next time, run the first two again with the same password: your sign-in is found.",
    ]
)


def secret_service_missing() -> bool:
    """True on Linux when ``keyring`` found no usable backend (blocking: imports and probes)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import keyring
        from keyring.backends import fail

        return isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception as exc:  # a broken keyring set-up is not this hint's business
        log.debug("Keyring probe failed: %s", type(exc).__name__)
        return False


def secret_service_hint() -> str | None:
    """The hint, when it applies here (blocking)."""
    return SECRET_SERVICE_HINT if secret_service_missing() else None
