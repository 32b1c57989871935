"""The express path: a respondent's two commonest requests without the app's floor.

Opening a questionnaire page (a plain GET) and the autosave of an answer are nearly every
request a respondent makes. Through the whole app each pays a floor several times its own
work: URL routing, every ``before_request`` hook (the rate limiter, the account guard,
the grant check loading the round, its version and the response as ORM objects), and
the ORM around each statement (issue 16: 0.09x a bare Flask endpoint).

:class:`Express` is WSGI middleware in front of the app. It recognises those two requests
by their address and serves them below Flask (``respond/wire.py``: the session cookie and
the CSRF token as Flask and Flask-WTF sign them, reads on the DBAPI cursor, pools of its
own), with the grant, the round and the version read in one statement, the page filled
from its skeleton (``respond/page_cache.py``) and the autosave checked and written by the
same code as the ordinary path (``autosaving.reply``, ``responses.save_draft``).

It serves only the plain case: a draft granted to this browser in an open round, an
instrument already loaded by this process, a skeleton already built. Anything else
(no grant or a revoked one, a submitted response, a flashed message, a refused token,
a closed round, a first visit, an error) is *declined*: the request goes on to the app
unchanged, which answers it as it always has. So the express path can be wrong only by
declining too often, never by answering differently; tests compare the two answers.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from babel import Locale
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import CompoundSelect, Connection, Select, bindparam, cast, null, select, union_all
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from selfassess.extensions import choose_locale
from selfassess.instrument.model import Definition
from selfassess.models import Answer, InstrumentVersion, Response, ResponseState, Round, RoundState
from selfassess.models.instruments import built_definition
from selfassess.respond import autosaving, express_save, page_cache, wire
from selfassess.respond import express_grants as grants
from selfassess.respond.pages import pages_for
from selfassess.services import admission, responses
from selfassess.services.errors import Conflict

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: The two addresses (below the blueprint's ``/r``); a page number fits PostgreSQL's integer.
PAGE = re.compile(r"/r/([^/]+)/page/([1-9][0-9]{0,8})")
AUTOSAVE = re.compile(r"/r/([^/]+)/autosave")
#: The environ key that says which path served a request (read by tests and benchmarks).
SERVED = "selfassess.express"
#: Answers of saved autosaves kept (:meth:`Express._saved`): one per question.
ANSWERS_KEPT = 4096

_rounds, _versions, _responses = Round.__table__, InstrumentVersion.__table__, Response.__table__
_answers = Answer.__table__
_invitations = admission._invitations
#: The round of a slug with its version, and the response a browser's grant for that
#: round names, with whether an invitation behind it is revoked: one statement (what
#: ``admission.round_and_grant`` loads as ORM objects for every other respondent page).
GRANTED = (
    select(
        _rounds.c.state.label("round_state"),
        _rounds.c.title,
        _rounds.c.titles,
        _rounds.c.anonymous,
        _versions.c.id.label("version_id"),
        _versions.c.content_hash,
        _responses.c.state,
        _responses.c.role,
        _responses.c.reopened,
        _responses.c.preset,
        admission.revoked(_invitations.c.id == bindparam("invitation_id")).label("revoked"),
    )
    .select_from(
        _rounds.join(_versions, _versions.c.id == _rounds.c.version_id).join(
            _responses, _responses.c.round_id == _rounds.c.id
        )
    )
    .where(
        _rounds.c.id == bindparam("round_id"),
        _rounds.c.slug == bindparam("slug"),
        _responses.c.id == bindparam("response_id"),
    )
)


class Express:
    """WSGI middleware: the questionnaire page and the autosave on the express path when
    it can serve them, everything else (and anything it declines) on ``wsgi_app``."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.signing = wire.Signing(app)
        self.pools = wire.Pools(app)
        self.remembered = grants.Remembered()
        #: The JSON answer of a saved autosave, by the question saved (:meth:`_saved`).
        self._answers: dict[tuple[str, ...], tuple[bytes, str]] = {}
        app.extensions["express"] = self

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        served: Any = None
        if "\x00" in path or not self._serves():  # the app answers
            pass
        elif method == "GET" and (found := PAGE.fullmatch(path)):
            served = self._guarded(environ, self.page, found[1], int(found[2]))
        elif (
            method == "POST"
            and (found := AUTOSAVE.fullmatch(path))
            and wire.buffered(environ, self.app.config["MAX_CONTENT_LENGTH"])
        ):
            served = self._guarded(environ, self.autosave, found[1])
        environ[SERVED] = served is not None
        if served is None:
            if isinstance(environ.get("wsgi.input"), io.BytesIO):
                environ["wsgi.input"].seek(0)
            return self.wsgi_app(environ, start_response)
        return served(environ, start_response)  # type: ignore[no-any-return]

    def _serves(self) -> bool:
        """Whether the express path is on and nothing configured needs the app's hooks on
        every request: trusted hosts (Flask checks the Host header), default rate limits
        (Flask-Limiter counts every request)."""
        config = self.app.config
        return bool(
            config["RESPOND_EXPRESS"]
            and not config.get("TRUSTED_HOSTS")
            and not config.get("RATELIMIT_DEFAULT")
            and not config.get("RATELIMIT_APPLICATION")
        )

    def _guarded(self, environ: WSGIEnvironment, handler: Callable[..., Any], *args: Any) -> Any:
        """``handler``'s response, or ``None``: declined, or failed (the app answers it, or
        shows its own error page)."""
        try:
            return handler(environ, *args)
        except Exception:
            self.app.logger.warning("express path declined %s", environ["PATH_INFO"], exc_info=True)
            return None

    # -- the questionnaire page: no request context, two reads -----------------------------

    def page(self, environ: WSGIEnvironment, slug: str, number: int) -> wire.Reply | None:
        """A questionnaire page from its skeleton (``views.page`` on a plain GET, served
        from a skeleton by ``page_cache.usable``'s rules)."""
        config = self.app.config
        session = self.signing.session(environ)
        if (
            session is None
            or not config["RESPOND_PAGE_CACHE"]
            or environ.get("QUERY_STRING")
            or "_flashes" in session
            or "_user_id" in session
            or not isinstance(session.get("csrf_token"), str)  # the app would make one
        ):
            return None
        with self.pools.reading() as connection:
            grant, saved = self._confirmed(
                connection, grants.held(session, slug), _GRANTED_AND_SAVED
            )
        if grant is None or grant.row["preset"] is None:  # an old response: the app
            return None
        definition = built_definition(grant.row["content_hash"])
        if definition is None:
            return None
        answers = {row["question"]: responses.Saved(row["value"], row["comment"]) for row in saved}
        all_pages = pages_for(definition, grant.draft.role)
        if number > len(all_pages):
            return None
        lang = self._lang(environ, session)
        row = grant.row
        asked = page_cache.Asked(
            definition,
            row["version_id"],
            row["content_hash"],
            grant.key.round_id,
            slug,
            row["title"],
            row["titles"],
            grant.draft.role,
            row["reopened"],
            bool(responses.profile_fields(definition, grant.draft.role, row["preset"])),
            lang,
        )
        html = page_cache.filled(
            asked,
            all_pages[number - 1],
            all_pages,
            answers,
            csrf_token=self.signing.token(session),
            script_root=environ.get("SCRIPT_NAME", "").rstrip("/"),
        )
        if html is None:
            return None
        return wire.Reply(html.encode(), "text/html; charset=utf-8", environ)

    # -- the autosave: its checks, then the ordinary path's code, or one write ------------

    def autosave(self, environ: WSGIEnvironment, slug: str) -> wire.Reply | None:
        """An autosave (``views.autosave``): served only when it is saved; any refusal
        goes to the app, which says why in the respondent's language."""
        session = self.signing.session(environ)
        if session is None or not self.signing.passes(environ, session):
            return None
        payload = wire.payload(environ)
        if payload is None:
            return None
        lang = self._lang(environ, session)
        with self.pools.reading() as connection:
            grant = self._granted(connection, session, slug, remembered=True)
            if grant is None:
                return None
            definition = built_definition(grant.row["content_hash"])
            if definition is None:
                return None
            role = grant.draft.role
            # A kept check needs no app context (the commonest autosave: a click); only
            # a fresh one does (gettext, the forms). The write needs none.
            checked = autosaving.kept(payload, definition, role, lang)
            if checked is None:
                with self._in(lang):
                    checked = autosaving.check(payload, definition, role, lang)
            body, status = autosaving.answer(
                checked, lambda changes: self._save(connection, grant, definition, changes)
            )
        if status != 200:  # refused, with nothing written
            self.remembered.forget(grant)
            return None
        return self._saved(tuple(body["saved"]), environ)

    @contextmanager
    def _in(self, lang: str) -> Iterator[None]:
        """The app's context in ``lang``: for what gettext or the forms need."""
        with self.app.app_context(), force_locale(_locale(lang)):
            yield

    def _saved(self, questions: tuple[str, ...], environ: WSGIEnvironment) -> wire.Reply:
        """The answer of a saved autosave: the app's own JSON, byte for byte, made once
        per question saved alone (an instrument's code: nothing a respondent typed)."""
        made = self._answers.get(questions) if len(questions) == 1 else None
        if made is None:
            response = self.app.json.response({"saved": list(questions)})
            made = (response.get_data(), response.content_type)
            if len(questions) == 1 and len(self._answers) < ANSWERS_KEPT:
                self._answers[questions] = made
        return wire.Reply(made[0], made[1], environ)

    def _save(
        self,
        reader: Connection,
        grant: grants.Grant,
        definition: Definition,
        changes: list[responses.Change],
    ) -> None:
        """Write ``changes``: one answer in one statement on the reading connection
        (PostgreSQL, in autocommit), or in a transaction of the writing pool (SQLite),
        each checking the grant again (``respond/express_save.py``); anything else with
        the ordinary path's write, after the same check has locked the draft in its
        transaction."""
        one_statement = reader.dialect.name == "postgresql"
        if one_statement and express_save.save_one(
            reader, grant.guard, grant.draft, definition, changes
        ):
            return
        with self.pools.writing() as writer:
            if not one_statement and express_save.save_one(
                writer, grant.guard, grant.draft, definition, changes
            ):
                return
            if not express_save.touch(writer, grant.guard, grant.draft):
                raise Conflict("this response can no longer be changed here")
            responses.save_draft(grant.draft, definition, changes, on=writer)

    def _lang(self, environ: WSGIEnvironment, session: dict[str, Any]) -> str:
        """The interface language, as the app's locale selector chooses it."""
        accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        return choose_locale(session.get("lang"), accepted, self.app.config["LANGUAGES"])

    # -- what both read ---------------------------------------------------------------------

    def _granted(
        self,
        connection: Connection,
        session: dict[str, Any],
        slug: str,
        *,
        remembered: bool = False,
    ) -> grants.Grant | None:
        """The draft this browser's session grants in the open round of ``slug``;
        ``remembered``: one this process read lately will do (for a write that checks it
        again)."""
        held = grants.held(session, slug)
        if remembered:
            for key, invitation_id in held:
                if (grant := self.remembered.get(key, invitation_id)) is not None:
                    return grant
        return self._confirmed(connection, held, _GRANTED)[0]

    def _confirmed(
        self,
        connection: Connection,
        held: list[tuple[grants.GrantKey, int | None]],
        statement: wire.Statement,
    ) -> tuple[grants.Grant | None, list[dict[str, Any]]]:
        """The first grant of ``held`` that the database confirms (``statement``'s row
        of it: :data:`GRANTED`'s), and the other rows ``statement`` read with it; or
        ``None`` (and no rows)."""
        for key, invitation_id in held:
            found = statement.rows(connection, {**key._asdict(), "invitation_id": invitation_id})
            row = next((row for row in found if row["version_id"] is not None), None)
            if row is None:
                continue
            if (
                row["round_state"] is not RoundState.OPEN
                or row["state"] is not ResponseState.DRAFT
                or row["revoked"]
            ):
                return None, []
            grant = grants.Grant(key, invitation_id, row)
            self.remembered.keep(grant)
            return grant, [other for other in found if other is not row]
        return None, []


def _with_answers(granted: Select[Any]) -> CompoundSelect:
    """``granted``'s row, then the granted response's answers (``responses.SAVED``), in
    one statement: each row holds the other's columns empty (a page's one round trip)."""
    answers = [responses.SAVED.selected_columns[name] for name in ("question", "value", "comment")]

    def empty(column: Any) -> Any:
        return cast(null(), column.type).label(column.key)

    return union_all(
        granted.add_columns(*(empty(column) for column in answers)),
        # Only the answers of a response of this round (that of a grant held for another
        # round is not even read).
        select(*(empty(column) for column in granted.selected_columns), *answers)
        .select_from(
            _answers.join(_responses, _responses.c.id == _answers.c.response_id).join(
                _rounds, _rounds.c.id == _responses.c.round_id
            )
        )
        .where(
            responses.SAVED.whereclause,  # type: ignore[arg-type]
            _rounds.c.id == bindparam("round_id"),
            _rounds.c.slug == bindparam("slug"),
        ),
    )


_GRANTED = wire.Statement(GRANTED)
#: The page's one read: its grant (:data:`GRANTED`) and the response's answers.
_GRANTED_AND_SAVED = wire.Statement(_with_answers(GRANTED))


@functools.cache
def _locale(lang: str) -> Locale:
    """``lang`` parsed once (``force_locale`` takes a parsed locale as it is)."""
    return Locale.parse(lang)
