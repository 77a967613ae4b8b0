"""The window's controllers: QObjects that own a view, await the cores and decide.

Each ``controllers/X.py`` drives ``views/X.py`` (or, for approval, elicitation and
step-up, the cards in gui/ui/widgets/); ``profiles.py`` drives the window view's list of
profiles in the Account menu. Background tasks are kept by ``tasks.TaskKeeper``;
``services.py`` is the protocol of what the window needs from the composition root.
"""
