"""The facilitated panel on the web: sessions, the session screen, the panel's results."""
