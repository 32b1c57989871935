"""The respondent fixtures (a new browser, an invitation), shared with these tests."""

from tests.integration.respond.conftest import invite, web_client

__all__ = ["invite", "web_client"]
