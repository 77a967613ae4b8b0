"""Small reusable widgets: they lay out and show, and hold no application logic."""
