"""The asyncio loop on Qt's event loop: qasync's, with its last round of events on the loop.

qasync's ``run_until_complete`` stops the loop and then lets Qt process its pending
events once more. asyncio has no running loop by then, so a task those events resume
(a worker thread's answer for an icon being loaded, say) fails with "no running event
loop". :class:`QtLoop` stays the running loop for that last round, and only for it.

May import asyncio and qasync (load it after PySide6: qasync binds to the Qt it finds).
"""

from __future__ import annotations

import asyncio
from typing import Any

import qasync


class QtLoop(qasync.QEventLoop):
    """qasync's ``QEventLoop``; the events it processes after stopping still see the loop."""

    _finishing = False  # inside run_until_complete
    _kept = False  # the running loop was set again for qasync's last round

    def run_until_complete(self, future: Any) -> Any:
        """As qasync's, with the last round of Qt events run as the loop's own."""
        self._finishing = True
        try:
            return super().run_until_complete(future)
        finally:
            self._finishing = False
            if self._kept:
                self._kept = False
                asyncio.events._set_running_loop(None)

    def _after_run_forever(self) -> None:
        super()._after_run_forever()
        if self._finishing:
            # run_forever has just unset the running loop; qasync's last round comes next.
            asyncio.events._set_running_loop(self)
            self._kept = True
