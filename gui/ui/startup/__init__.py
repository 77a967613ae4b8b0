"""The window's start-up: paint first, then load the rest off the GUI thread.

app              ``run()``: the steps in order, each a frame's work at most
first_paint      waits for the first paint (and times it)
while_painting   runs work in a thread while Qt keeps painting
closing          SIGINT/SIGTERM/SIGHUP close the window; exit at once after shutdown
errors           the excepthook, the loop's exception handler, the error dialog
smoke            ``--smoke-test``: time to first paint, modules found
import_hook      skips PySide6's source scan on every import (a private hook, tested)
single_instance  one window per user: a local socket that brings it forward
language_hint    the ``language`` line of the settings file, read before Qt's first frame
"""
