"""The window's controllers: QObjects that own a view, await the cores and decide.

Each ``controllers/X.py`` drives ``views/X.py`` (or, for approval, elicitation and
step-up, the cards in gui/ui/widgets/); background tasks are kept by ``tasks.TaskKeeper``.
"""
