"""Runs the sign-in for the sign-in page: the device flow, or this computer's browser.

``SignInController`` awaits an :class:`~gui.auth.session.AuthSession` and turns
its results and typed errors into what :class:`~gui.ui.views.sign_in.SignInPage`
shows. A sign-in is one asyncio task: Cancel, Esc, closing the window or a new
profile cancel that task, and polling stops (or the browser's loopback listener
closes). The profile's ``sign_in_method`` picks the primary button; when the page is
shown the provider's discovery says which ways it offers (no device endpoint: only the
browser), and a device sign-in the provider turns out not to offer continues in the
browser.

The verification link and the authorization page come from the provider: they reach
the opener only when :func:`gui.untrusted.is_openable_link` allows it (https, or http
on loopback, and a host that is what it seems); any other link is shown with a warning
saying why and never opened. The page names the host as the browser resolves it. A link on another
registrable domain than the issuer (:func:`gui.untrusted.other_site`) is shown with a
warning and not opened at once: the person opens it with the button if they expect it.

May import Qt, the sign-in page, gui.errors and gui.untrusted; the auth core only
for types.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import KW_ONLY, InitVar, dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

from gui.errors import (
    AccessDenied,
    AppError,
    BrowserSignInTimedOut,
    CertificateError,
    CodeExpired,
    DeviceFlowUnavailable,
    NetworkError,
)
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.wiring import connect_by_name
from gui.ui.views.sign_in import SignInPage
from gui.untrusted import is_openable_link, link_host, link_refusal, other_site

if TYPE_CHECKING:
    from gui.auth.browser_flow import BrowserSignIn
    from gui.auth.device_flow import DeviceCode
    from gui.auth.session import AuthSession
    from gui.auth.tokens import Identity

Opener = Callable[[str], object]

log = logging.getLogger(__name__)


def open_in_browser(url: str) -> bool:
    """The default opener: the system's default browser."""
    return QDesktopServices.openUrl(QUrl(url))


@dataclass(eq=False, repr=False)
class SignInController(QObject):
    """Runs a sign-in for the page; emits ``signed_in(identity)`` when it succeeds."""

    signed_in = Signal(object)

    page: SignInPage
    session: AuthSession | None = None  # set_session() changes it (another profile)
    _: KW_ONLY
    opener: Opener = open_in_browser  # the one door from a link to the browser
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self.code: DeviceCode | None = None
        #: The browser sign-in under way (its ``url`` is the page the browser was sent to).
        self.pending: BrowserSignIn | None = None
        self._deadline = 0.0  # monotonic time the browser sign-in gives up
        self._method = "device"  # the way of the last sign-in started (for Try again)
        self._learned = False  # the provider's ways in have been looked up
        self._tasks = TaskKeeper()
        self._task: asyncio.Task[None] | None = None  # the sign-in under way
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_timeout)
        connect_by_name(self.page, self, "page")
        self._error: AppError | None = None  # the one shown, to describe again in a new language
        if self.session is not None:
            self._show_profile(self.session)

    @property
    def busy(self) -> bool:
        """True while a code is being requested or polled for, or the browser is awaited."""
        return self._task is not None and not self._task.done()

    def set_session(self, session: AuthSession | None) -> None:
        """Use another session (a new profile); any sign-in under way is cancelled."""
        self.session = None
        self.cancel()
        self.session = session
        if session is not None:
            self._show_profile(session)

    def begin(self) -> None:
        """Start a sign-in the way the primary button does."""
        self._start(self.page.primary_method())

    def cancel(self, notice: str = "") -> None:
        """Stop polling (or waiting for the browser) now and go back to the buttons."""
        self._tasks.cancel_all()
        self._task = None
        self._timer.stop()
        self.code = None
        self.pending = None
        self.page.show_start(notice)
        self._learn_methods()

    def _show_profile(self, session: AuthSession) -> None:
        self.page.set_provider(session.profile.provider_name)
        self.page.set_methods(preferred=session.profile.sign_in_method, device=True, browser=True)
        self._learned = False

    def _learn_methods(self) -> None:
        """Once per session, while the buttons show: which ways in the provider offers."""
        if self.session is None or self._learned:
            return
        self._learned = True
        self._tasks.spawn(self._offered_methods(self.session))

    async def _offered_methods(self, session: AuthSession) -> None:
        try:
            metadata = await session.metadata()
        except AppError as exc:  # said again, in place, when the person signs in
            log.info("Discovery failed; offering both ways in: %s", exc.message)
            self._learned = False
            return
        except asyncio.CancelledError:
            self._learned = False  # cancelled with the page's work: look again next time
            raise
        if session is self.session:
            self.page.set_methods(
                device=metadata.offers_device_flow, browser=metadata.offers_browser_flow
            )

    async def shutdown(self) -> None:
        """Cancel a sign-in under way and wait until its task has ended."""
        self._task = None
        self._timer.stop()
        self._tasks.cancel_all()
        await self._tasks.wait()

    # -- slots --------------------------------------------------------------------------------

    def _start(self, method: str) -> None:
        """Sign in the ``device`` or ``browser`` way, unless a sign-in is under way."""
        if self.session is None or self.busy:
            return
        self._method = method
        self.page.show_requesting()
        way = self._browser_sign_in if method == "browser" else self._device_sign_in
        self._task = self._tasks.spawn(
            self._see_through(way(self.session)), on_error=self._on_sign_in_failed
        )

    def _on_page_sign_in_clicked(self) -> None:
        self._start("device")

    def _on_page_browser_clicked(self) -> None:
        self._start("browser")

    def _on_page_retry_clicked(self) -> None:
        self._start(self._method)  # the way that failed

    def _on_page_cancel_clicked(self) -> None:
        self.cancel()

    def _on_page_copy_clicked(self) -> None:
        if self.code is not None:
            QGuiApplication.clipboard().setText(self.code.user_code)
            self.page.copy_button.setText(self.tr("Copied"))
            # With the page as context: no call into a page that is gone by then.
            QTimer.singleShot(1500, self.page, self.page.retranslate)

    def _on_page_language_changed(self) -> None:
        if self._error is not None and self.page.current_panel() == "error":
            self.page.show_error(*describe_sign_in_error(self._error))

    def _on_page_open_link_clicked(self) -> None:
        if self.code is not None:
            self._open(self.code.link)
        elif self.pending is not None:
            self._open(self.pending.url)

    def _open(self, link: str) -> None:
        # The one door from a provider's link to the browser.
        if is_openable_link(link):
            self.opener(link)
        else:
            reason = link_refusal(link)
            log.warning("Not opening the sign-in link to %s: %s", link_host(link), reason)

    def _on_timer_timeout(self) -> None:
        if self.code is not None:
            self.page.set_seconds_left(self.code.expires_at() - time.monotonic())
        elif self.pending is not None:
            self.page.set_seconds_left(self._deadline - time.monotonic())

    # -- the flow -----------------------------------------------------------------------------

    async def _see_through(self, sign_in: Coroutine[Any, Any, Identity]) -> None:
        """Await one way of signing in; then ``signed_in``, or its error shown in place."""
        try:
            identity = await sign_in
        except AppError as exc:
            self._end()
            self._error = exc
            self.page.show_error(*describe_sign_in_error(exc))
            return
        self._end()
        self.signed_in.emit(identity)

    def _end(self) -> None:
        self._timer.stop()
        self.code = None
        self.pending = None

    async def _device_sign_in(self, session: AuthSession) -> Identity:
        try:
            code = await session.start_sign_in()
        except DeviceFlowUnavailable:
            # The provider offers only the browser: that is how this sign-in goes on.
            self.page.set_methods(device=False, browser=True)
            self._method = "browser"
            return await self._browser_sign_in(session)
        self.code = code
        refusal = link_refusal(code.link)
        elsewhere = other_site(code.link, session.profile.issuer)
        self.page.show_code(
            code.user_code,
            code.link,
            openable=refusal is None,
            refusal=refusal,
            host=link_host(code.link),
            other_site=elsewhere,
        )
        self._on_timer_timeout()
        self._timer.start()
        if elsewhere is None:
            self._open(code.link)  # at once: the person should not have to click twice
        else:
            log.warning("The sign-in link is on %s, the issuer on %s", *elsewhere)
        return await session.wait_for_approval(code)

    async def _browser_sign_in(self, session: AuthSession) -> Identity:
        pending = await session.start_browser_sign_in()
        self.pending = pending
        self._deadline = time.monotonic() + pending.within
        self.page.show_browser_wait(pending.url, openable=is_openable_link(pending.url))
        self._on_timer_timeout()
        self._timer.start()
        self._open(pending.url)
        return await session.wait_for_browser(pending)

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        # Not one of ours: show something sensible in place (the keeper reports it).
        self.page.show_error(self.tr("Sign-in did not finish"), str(exc) or type(exc).__name__)


# Sign-ins that ran out of time: a title, and what to do (SignInController's words).
_RAN_OUT: dict[type[AppError], tuple[str, str]] = {
    CodeExpired: (
        QT_TRANSLATE_NOOP("SignInController", "The code expired"),
        QT_TRANSLATE_NOOP(
            "SignInController", "The code was not approved in time. Try again to get a new one."
        ),
    ),
    BrowserSignInTimedOut: (
        QT_TRANSLATE_NOOP("SignInController", "The browser did not come back"),
        QT_TRANSLATE_NOOP(
            "SignInController",
            "The sign-in page was closed or left unanswered. Try again to open it anew.",
        ),
    ),
}


def describe_sign_in_error(exc: AppError) -> tuple[str, str]:
    """A title and a message for an error the sign-in flow raised."""
    if isinstance(exc, AccessDenied):
        return (
            QCoreApplication.translate("SignInController", "Access denied"),
            QCoreApplication.translate(
                "SignInController", "The sign-in provider refused: %1"
            ).replace("%1", exc.reason),
        )
    for kind, (title, advice) in _RAN_OUT.items():
        if isinstance(exc, kind):
            return (
                QCoreApplication.translate("SignInController", title),
                QCoreApplication.translate("SignInController", advice),
            )
    if isinstance(exc, CertificateError):  # reached, but its certificate failed: say so
        title = QCoreApplication.translate(
            "SignInController", "Cannot connect securely to the sign-in server"
        )
        return title, exc.message
    if isinstance(exc, NetworkError):
        title = QCoreApplication.translate("SignInController", "Cannot reach the sign-in server")
        return title, exc.message
    return QCoreApplication.translate("SignInController", "Sign-in did not finish"), exc.message
