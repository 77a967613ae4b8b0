"""The window's controllers: QObjects that own a view, await the cores and decide.

Each ``controllers/X.py`` drives ``views/X.py`` (or, for approval, elicitation and
step-up, the cards in gui/ui/widgets/); ``profiles.py`` drives the window view's list of
profiles in the Account menu. Background tasks are kept by ``tasks.TaskKeeper``;
``services.py`` is the protocol of what the window needs from the composition root.

A controller that is mostly what it is handed is a dataclass over its QObject
(``@dataclass(eq=False, repr=False)``): the fields are its collaborators, typed and in
one place, and ``__post_init__`` does the rest of the set-up (``QObject.__init__`` first,
then timers, connections, state). Its Qt parent is the init-only ``owner``: a field
named ``parent`` would hide :meth:`QObject.parent`. ``eq=False`` keeps Qt's identity.
"""
