"""The window's views: pages and dialogs that lay out and show, and hold no logic.

Each ``views/X.py`` has its ``controllers/X.py``; views may import Qt and widgets only.
"""
