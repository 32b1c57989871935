"""Errors a service raises for a user to read: a clear sentence, never a traceback."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out; ``str(error)`` says why, for the user."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        #: One line per problem, when there are several (e.g. validation errors).
        self.problems = problems or []


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass
