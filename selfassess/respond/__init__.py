"""Respondents answer a round online (the ``respond`` blueprint)."""
