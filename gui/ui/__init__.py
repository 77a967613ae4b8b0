"""The window: the only room that imports Qt.

startup/      QApplication on a qasync loop, the first paint, signals, the smoke test
views/        pages and dialogs that lay out and show (``views/X.py``)
controllers/  QObjects that own a view, await the cores and decide (``controllers/X.py``)
widgets/      small reusable widgets (cards, transcript, composer, tools panel, QR)
markdown, theme, i18n, icon   rendering and look shared by the views

The window takes its sessions and stores from ``gui.services``; it never builds one.
"""
