"""Connecting a view's signals to a controller's slots by name, as Qt's connectSlotsByName does.

A controller names the slot for ``view.sign_in_clicked`` ``_on_view_sign_in_clicked``;
:func:`connect_by_name` connects every such pair, so a list of ``connect`` lines
per view is not written (and cannot drift from the slots). A slot whose signal the
view lacks raises at once, so a renamed signal fails on the first construction,
not silently.

May import the standard library only (the signals are duck-typed), so any controller
and any test can use it.
"""

from __future__ import annotations

from typing import Any


def connect_by_name(source: Any, receiver: object, prefix: str) -> list[str]:
    """Connect ``source.<signal>`` to each ``receiver._on_<prefix>_<signal>``; the signals' names.

    Raises AttributeError naming the slot when ``source`` has no such signal.
    """
    start = f"_on_{prefix}_"
    connected = []
    for name in sorted(_vars_of(type(receiver))):
        if not name.startswith(start):
            continue
        signal_name = name[len(start) :]
        signal = getattr(source, signal_name, None)
        if signal is None or not hasattr(signal, "connect"):
            raise AttributeError(
                f"{type(receiver).__name__}.{name}: {type(source).__name__} has no signal "
                f"{signal_name!r}"
            )
        signal.connect(getattr(receiver, name))
        connected.append(signal_name)
    return connected


def _vars_of(cls: type) -> set[str]:
    """The attribute names ``cls`` and its Python bases define (not Qt's own)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith(("PySide6", "Shiboken", "builtins")):
            continue
        names.update(vars(klass))
    return names
