"""Load test: respondents answer at once through gunicorn; no acknowledged save is lost.

    .venv/bin/python -m benchmarks.load --respondents 200 --db sqlite|postgresql
    .venv/bin/python -m benchmarks.load --respondents 200 --db sqlite --kill-at 0.4

Starts gunicorn (``gunicorn.conf.py``, 4 workers by default, production mode) on a free
port of 127.0.0.1 against a fresh database (SQLite in WAL mode, or a new PostgreSQL
database on ``TEST_DATABASE_URL``), creates an open round of the bundled questionnaire
and one invitation per respondent through the services, then runs every respondent in
a thread of plain ``http.client`` requests: open the link, consent, open page 1 for the
CSRF token, then save answers through the autosave endpoint (JSON) and one page through
its form. Every acknowledged save is written down; afterwards each one must be in the
database. ``--kill-at F`` sends SIGKILL to gunicorn's master and workers once a fraction
F of the saves are acknowledged, checks the database while the server is down, starts it
again and lets the respondents finish (they retry a refused request).

Bounded: loopback only, at most ``--timeout`` seconds of answering, 60 s per request.
Exit status 0 when nothing was lost, no server error happened and no invitation token
appears in gunicorn's logs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from tests.databases import Unavailable, fresh_postgres

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = ROOT / "questionnaires" / "parliament-hr-gender.yaml"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
SLUG = "load-round"
#: Seconds a single request may take.
REQUEST_TIMEOUT = 60
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of ``kind`` (``sqlite`` or ``postgresql``),
    removed afterwards (the SQLite file lives in ``folder``)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'load.db'}"
        return
    with fresh_postgres() as url:
        yield url


@dataclass(frozen=True)
class Invited:
    token: str
    role: str


@dataclass(frozen=True)
class Site:
    """What the respondents need: the round's slug and each one's invitation."""

    database_url: str
    secret_key: str
    slug: str
    invited: tuple[Invited, ...]


def prepare(database_url: str, respondents: int, secret_key: str | None = None) -> Site:
    """Migrate the database, load the bundled questionnaire, open a round and invite
    ``respondents`` people (MPs and staff, their profile set), through the services."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from selfassess import create_app, instrument
    from selfassess.extensions import db
    from selfassess.services import invitations, rounds
    from selfassess.services.instruments import load_definition

    secret_key = secret_key or secrets.token_hex(32)
    app = create_app(
        {"SELFASSESS_ENV": "production", "SECRET_KEY": secret_key, "DATABASE_URL": database_url}
    )
    with app.app_context():
        upgrade()
        definition, issues = instrument.load(QUESTIONNAIRE)
        assert definition is not None, [str(issue) for issue in issues]
        version = load_definition(definition, source_name=QUESTIONNAIRE.name).version
        round_ = rounds.create_round(SLUG, version.instrument.key, version=version.version)
        rounds.open_round(SLUG)
        people = [_person(definition, number) for number in range(respondents)]
        issued = invitations.create_invitations(round_, people)
        db.session.commit()  # services flush; this setup is the edge that commits
        # The statistics a database in service has (PostgreSQL's autovacuum gathers them
        # within a minute of a load), not the guesses of one just loaded.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return Site(database_url, secret_key, SLUG, tuple(Invited(i.token, i.role) for i in issued))


def _person(definition: Any, number: int) -> dict[str, Any]:
    """An MP or a staff member with every profile field of their role set."""
    role = definition.role_keys[number % len(definition.role_keys)]
    profile = {
        spec.key: spec.options[number % len(spec.options)].code
        for spec in definition.profile
        if role in spec.roles and spec.options
    }
    return {"label": f"respondent {number}", "role": role, "profile": profile}


# -- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class GunicornServer:
    """gunicorn with ``gunicorn.conf.py`` in its own process group, logging to a file."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        log: Path,
        *,
        workers: int = 4,
        port: int | None = None,
    ) -> None:
        self.app, self.log, self.workers = app, log, workers
        self.port = port or free_port()
        self.env = {
            **os.environ,
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        """Start gunicorn and wait until ``/healthz`` answers 200."""
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), self.app],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: one killpg reaches all
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}: see {self.log}"
                )
            if self.healthy():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s")

    def healthy(self) -> bool:
        try:
            status, _headers, _body = request("127.0.0.1", self.port, "GET", "/healthz", timeout=5)
        except OSError:
            return False
        return status == 200

    def group(self) -> list[int]:
        """Processes of the server's group: the master and its workers."""
        assert self.process is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.process.pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return sorted(found)

    def workers_pids(self) -> list[int]:
        assert self.process is not None
        return [pid for pid in self.group() if pid != self.process.pid]

    def kill(self) -> list[int]:
        """SIGKILL to the master and every worker at once; returns the pids killed."""
        assert self.process is not None
        killed = self.group()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while self.group() and time.monotonic() < deadline:
            time.sleep(0.05)
        return killed

    def stop(self) -> None:
        """A graceful stop (SIGTERM), a hard one after 30 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def __enter__(self) -> GunicornServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def server_env(site: Site, **extra: str) -> dict[str, str]:
    """The environment of a production server on the site's database."""
    return {
        "SELFASSESS_ENV": "production",
        "SECRET_KEY": site.secret_key,
        "DATABASE_URL": site.database_url,
        **extra,
    }


# -- a respondent's browser -------------------------------------------------------------------


def request(
    host: str,
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on a new connection: (status, headers, body)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        return reply.status, reply.headers, reply.read()
    finally:
        connection.close()


class Refused(Exception):
    """The server answered a save with a status the respondent did not expect."""

    def __init__(self, status: int, method: str, path: str, body: bytes) -> None:
        super().__init__(f"{status} on {method} {path}: {body[:200]!r}")
        self.status = status


class Browser:
    """Cookies and the CSRF token of one respondent; retries while the server is down."""

    def __init__(self, port: int, stats: Stats, deadline: float) -> None:
        self.port, self.stats, self.deadline = port, stats, deadline
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def send(
        self, method: str, path: str, body: bytes | None = None, kind: str = ""
    ) -> tuple[int, str, bytes]:
        """(status, Location, body); a refused or broken connection is tried again."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = kind
            headers["X-CSRFToken"] = self.csrf
        while True:
            started = time.perf_counter()
            try:
                status, reply, data = request("127.0.0.1", self.port, method, path, body, headers)
            except (OSError, http.client.HTTPException):
                self.stats.add(connection_errors=1)
                if time.monotonic() > self.deadline:
                    raise
                time.sleep(0.25)
                continue
            self.stats.latency(time.perf_counter() - started, save=body is not None)
            self.stats.add(requests=1, server_errors=int(status >= 500))
            self._keep(reply.get_all("Set-Cookie") or [])
            return status, reply.get("Location", ""), data

    def expect(self, method: str, path: str, status: int, **options: Any) -> tuple[str, bytes]:
        got, location, data = self.send(method, path, **options)
        if got != status:
            raise Refused(got, method, path, data)
        match = CSRF.search(data.decode("utf-8", "replace"))
        if match:
            self.csrf = match.group(1)
        return location, data

    def _keep(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or (morsel["expires"] and not morsel.value):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


# -- what is sent, acknowledged and found -----------------------------------------------------


@dataclass
class Stats:
    """Counters shared by the respondent threads."""

    requests: int = 0
    server_errors: int = 0
    refused: int = 0
    connection_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, count in counts.items():
                setattr(self, name, getattr(self, name) + count)

    def latency(self, seconds: float, *, save: bool) -> None:
        if save:
            with self.lock:
                self.latencies.append(seconds)


#: (invitation token, question key, "value" or "comment")
Key = tuple[str, str, str]


class Ledger:
    """Every save attempt in order, per answer part, and whether it was acknowledged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.attempts: dict[Key, list[list[Any]]] = {}
        self.sent = 0
        self.acknowledged = 0

    def attempt(self, parts: dict[Key, str]) -> list[list[Any]]:
        entries = [[value, False] for value in parts.values()]
        with self.lock:
            for key, entry in zip(parts, entries, strict=True):
                self.attempts.setdefault(key, []).append(entry)
            self.sent += len(entries)
        return entries

    def acknowledge(self, entries: list[list[Any]]) -> None:
        with self.lock:
            for entry in entries:
                entry[1] = True
            self.acknowledged += len(entries)

    def check(self, stored: dict[Key, str]) -> tuple[int, int, list[str]]:
        """(answer parts acknowledged at least once, those found, a line per one lost).

        A part is found when the database holds its last acknowledged value, or a value
        sent after it (a save the server committed but could not acknowledge before it
        was killed)."""
        expected, found, lost = 0, 0, []
        with self.lock:
            for key, attempts in self.attempts.items():
                acked = [i for i, (_value, ok) in enumerate(attempts) if ok]
                if not acked:
                    continue
                expected += 1
                allowed = {value for value, _ok in attempts[acked[-1] :]}
                if stored.get(key) in allowed:
                    found += 1
                else:
                    lost.append(
                        f"{key[0][:6]}…/{key[1]}/{key[2]}: acknowledged "
                        f"{attempts[acked[-1]][0]!r}, stored {stored.get(key)!r}"
                    )
        return expected, found, lost


def stored_answers(database_url: str, site: Site) -> dict[Key, str]:
    """Every answer part in the database, by the token of the invitation it belongs to:
    a draft of an anonymous round is found as its link finds it (the invitation's key,
    unsealed with the token), an identified round's through the invitation's pointer."""
    import sqlalchemy as sa

    from selfassess.models import Answer, Invitation, Response
    from selfassess.services.anonymity import draft_key, key_from_token
    from selfassess.services.invitations import token_hash

    by_hash = {token_hash(i.token): i.token for i in site.invited}
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            invitations = conn.execute(
                sa.select(Invitation.token_hash, Invitation.key_by_token, Invitation.response_id)
            ).all()
            rows = conn.execute(
                sa.select(
                    Response.id, Response.draft_key, Answer.question, Answer.value, Answer.comment
                ).join(Answer, Answer.response_id == Response.id)
            ).all()
    finally:
        engine.dispose()
    by_locator: dict[object, str] = {}
    for digest, sealed, response_id in invitations:
        token = by_hash.get(digest)
        if token is None:
            continue
        if response_id is not None:
            by_locator[response_id] = token
        if sealed:
            by_locator[draft_key(key_from_token(sealed, token))] = token
    stored: dict[Key, str] = {}
    for response_id, locator, question, value, comment in rows:
        token = by_locator.get(locator) or by_locator.get(response_id)
        if token is not None:
            stored[(token, question, "value")] = value
            stored[(token, question, "comment")] = comment or ""
    return stored


class Answers:
    """Valid answers for a role's questions, in the canonical form the database keeps."""

    def __init__(self, definition: Any, role: str, rng: random.Random) -> None:
        from selfassess.respond.pages import pages_for
        from selfassess.services.responses import applicable

        self.definition, self.rng = definition, rng
        self.questions = applicable(definition, role)
        self.pages = pages_for(definition, role)

    def value(self, question: Any) -> tuple[Any, str]:
        """(what the browser sends, what the database stores)."""
        from selfassess.instrument.answers import format_point

        rng = self.rng
        if question.type == "scale":
            scale = self.definition.scale_of(question)
            codes = [format_point(p.value) for p in scale.points] + list(scale.missing_codes)
            code = rng.choice(codes)
            return code, code
        if question.type in ("choice", "multi"):
            options = [o.code for o in question.options]
            chosen = [c for c in options if rng.random() < 0.5] or options[:1]
            if question.type == "choice":
                return chosen[0], chosen[0]
            return chosen, ";".join(chosen)
        if question.type == "number":
            low = int(question.min if question.min is not None else 0)
            high = int(question.max if question.max is not None else 1000)
            number = rng.randint(low, high)
            return str(number), format_point(float(number))
        words = f"answer {rng.randrange(10**9)}"
        return words, words

    def comment(self) -> str:
        return f"evidence {self.rng.randrange(10**9)}"


def answer_round(
    browser: Browser,
    site: Site,
    invited: Invited,
    answers: Answers,
    ledger: Ledger,
    saves: int,
) -> None:
    """One respondent: enter, consent, then ``saves`` autosaves and one page saved."""
    slug = site.slug
    browser.expect("GET", f"/r/{invited.token}", 302)
    browser.expect("GET", f"/r/{slug}/consent", 200)
    browser.expect("POST", f"/r/{slug}/consent", 302, **_form({"csrf_token": browser.csrf}))
    browser.expect("GET", f"/r/{slug}/page/1", 200)
    page_post_at = answers.rng.randrange(saves + 1)
    for number in range(saves + 1):
        if number == page_post_at:
            _save_page(browser, site, invited, answers, ledger)
        else:
            _autosave(browser, site, invited, answers, ledger)


def _form(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": urllib.parse.urlencode(fields, doseq=True).encode(),
        "kind": "application/x-www-form-urlencoded",
    }


def _autosave(
    browser: Browser, site: Site, invited: Invited, answers: Answers, ledger: Ledger
) -> None:
    chosen = answers.rng.sample(answers.questions, answers.rng.randint(1, 3))
    items, parts = [], {}
    for question in chosen:
        sent, stored = answers.value(question)
        item = {"question": question.key, "value": sent}
        parts[(invited.token, question.key, "value")] = stored
        if question.comment and answers.rng.random() < 0.5:
            item["comment"] = parts[(invited.token, question.key, "comment")] = answers.comment()
        items.append(item)
    payload = items[0] if len(items) == 1 else {"answers": items}
    entries = ledger.attempt(parts)
    _location, body = browser.expect(
        "POST",
        f"/r/{site.slug}/autosave",
        200,
        body=json.dumps(payload).encode(),
        kind="application/json",
    )
    saved = set(json.loads(body)["saved"])
    if saved != {q.key for q in chosen}:
        raise Refused(200, "POST", "autosave", body)
    ledger.acknowledge(entries)


def _save_page(
    browser: Browser, site: Site, invited: Invited, answers: Answers, ledger: Ledger
) -> None:
    """Page 2 saved with its form: every question answered (and commented)."""
    from selfassess.respond.forms import answer_name, comment_name

    page = answers.pages[1]
    fields: dict[str, Any] = {"csrf_token": browser.csrf, "go": "next"}
    parts = {}
    for question in page.questions:
        sent, stored = answers.value(question)
        fields[answer_name(question.key)] = sent
        parts[(invited.token, question.key, "value")] = stored
        if question.comment:
            fields[comment_name(question.key)] = answers.comment()
            parts[(invited.token, question.key, "comment")] = fields[comment_name(question.key)]
    entries = ledger.attempt(parts)
    location, _ = browser.expect("POST", f"/r/{site.slug}/page/2", 302, **_form(fields))
    if not location.endswith(f"/r/{site.slug}/page/3"):
        raise Refused(302, "POST", f"page/2 -> {location}", b"")
    ledger.acknowledge(entries)


# -- the run ----------------------------------------------------------------------------------


@dataclass
class Report:
    database: str
    respondents: int
    workers: int
    duration: float
    stats: Stats
    #: Answer parts (a value or a comment) sent and acknowledged, counting repeats.
    sent: int
    acknowledged: int
    #: Distinct parts acknowledged at least once, and those the database holds.
    expected: int
    found: int
    lost: list[str]
    failures: list[str]
    tokens_in_logs: int
    redacted_in_logs: int
    #: With a kill: pids killed, acknowledged parts then, found while the server was down,
    #: seconds until /healthz answered again.
    killed: list[int] = field(default_factory=list)
    acknowledged_at_kill: int = 0
    expected_at_kill: int = 0
    found_at_kill: int = 0
    lost_at_kill: list[str] = field(default_factory=list)
    restart_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.lost
            and not self.lost_at_kill
            and not self.failures
            and self.stats.server_errors == 0
            and self.stats.refused == 0
            and self.found == self.expected > 0
            and self.found_at_kill == self.expected_at_kill
            and self.tokens_in_logs == 0
            # Refused connections are expected only while a killed server is down.
            and (bool(self.killed) or self.stats.connection_errors == 0)
        )

    def lines(self) -> list[str]:
        stats = self.stats
        ordered = sorted(stats.latencies) or [0.0]
        p50 = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        lines = [
            f"load: {self.respondents} respondents, {self.database}, gunicorn {self.workers} workers",
            f"  requests        {stats.requests:,} in {self.duration:.1f} s "
            f"({stats.requests / max(self.duration, 1e-9):.0f}/s); save latency p50 {p50:.0f} ms, "
            f"p99 {p99:.0f} ms",
            f"  answers         sent {self.sent:,}, acknowledged {self.acknowledged:,} "
            f"({self.expected:,} distinct), found {self.found:,}, lost {len(self.lost)}",
            f"  errors          server {stats.server_errors}, refused {stats.refused}, "
            f"connection {stats.connection_errors}, respondents failed {len(self.failures)}",
            f"  logs            {self.tokens_in_logs} invitation tokens, "
            f"{self.redacted_in_logs} lines redacted",
        ]
        if self.killed:
            lines.append(
                f"  hard kill       SIGKILL to {len(self.killed)} processes (master and "
                f"{len(self.killed) - 1} workers) at {self.acknowledged_at_kill:,} acknowledged "
                f"answers; while down found {self.found_at_kill:,} of "
                f"{self.expected_at_kill:,} distinct, lost {len(self.lost_at_kill)}; "
                f"/healthz again after {self.restart_seconds:.1f} s"
            )
        lines += [f"  LOST {line}" for line in (self.lost_at_kill + self.lost)[:20]]
        lines += [f"  FAILED {line}" for line in self.failures[:20]]
        lines.append("  OK" if self.ok else "  NOT OK")
        return lines


def run(
    respondents: int = 200,
    database: str = "sqlite",
    *,
    workers: int = 4,
    saves: int = 10,
    kill_at: float | None = None,
    timeout: float = 300,
    seed: int = 1,
    folder: Path | None = None,
    env: dict[str, str] | None = None,
) -> Report:
    """The whole load test (see the module's docstring); raises :class:`Unavailable`
    when the database server cannot be reached."""
    from selfassess import instrument

    definition, _issues = instrument.load(QUESTIONNAIRE)
    with tempfile.TemporaryDirectory(prefix="selfassess-load-") as scratch:
        work = folder or Path(scratch)
        with fresh_database(database, work) as url:
            site = prepare(url, respondents)
            log = work / "gunicorn.log"
            server = GunicornServer(
                "selfassess.wsgi:app", server_env(site, **(env or {})), log, workers=workers
            )
            server.start()
            try:
                report = _answer(site, server, definition, saves, kill_at, timeout, seed)
            finally:
                server.stop()
            text = log.read_text(errors="replace")
            report.tokens_in_logs = sum(i.token in text for i in site.invited)
            report.redacted_in_logs = text.count("/r/[redacted]")
            report.database = database
            return report


def _answer(
    site: Site,
    server: GunicornServer,
    definition: Any,
    saves: int,
    kill_at: float | None,
    timeout: float,
    seed: int,
) -> Report:
    stats, ledger, failures = Stats(), Ledger(), []
    started = time.monotonic()
    deadline = started + timeout

    def respondent(number: int, invited: Invited) -> None:
        browser = Browser(server.port, stats, deadline)
        answers = Answers(definition, invited.role, random.Random(seed * 100_003 + number))
        try:
            answer_round(browser, site, invited, answers, ledger, saves)
        except Refused as error:
            stats.add(refused=1)
            failures.append(str(error))
        except Exception as error:  # connection errors past the deadline, bad replies
            failures.append(f"{type(error).__name__}: {error}")

    threads = [
        threading.Thread(target=respondent, args=(n, invited), daemon=True)
        for n, invited in enumerate(site.invited)
    ]
    for thread in threads:
        thread.start()
    report_kill: dict[str, Any] = {}
    if kill_at is not None:
        planned = len(site.invited) * saves * 2  # about two answer parts per save
        while ledger.acknowledged < kill_at * planned and any(t.is_alive() for t in threads):
            time.sleep(0.01)
        report_kill = _kill_and_restart(site, server, ledger)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT)
    duration = time.monotonic() - started
    expected, found, lost = ledger.check(stored_answers(site.database_url, site))
    if any(thread.is_alive() for thread in threads):
        failures.append("some respondents had not finished by the deadline")
    return Report(
        database="",
        respondents=len(site.invited),
        workers=server.workers,
        duration=duration,
        stats=stats,
        sent=ledger.sent,
        acknowledged=ledger.acknowledged,
        expected=expected,
        found=found,
        lost=lost,
        failures=failures,
        tokens_in_logs=0,
        redacted_in_logs=0,
        **report_kill,
    )


def _kill_and_restart(site: Site, server: GunicornServer, ledger: Ledger) -> dict[str, Any]:
    """SIGKILL the server; check the database while it is down; start it again."""
    killed = server.kill()
    with ledger.lock:  # nothing can be acknowledged any more: the server is gone
        at_kill = ledger.acknowledged
    expected, found, lost = ledger.check(stored_answers(site.database_url, site))
    down = time.monotonic()
    server.start()
    return {
        "killed": killed,
        "acknowledged_at_kill": at_kill,
        "expected_at_kill": expected,
        "found_at_kill": found,
        "lost_at_kill": lost,
        "restart_seconds": time.monotonic() - down,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--saves", type=int, default=10, help="autosaves per respondent")
    parser.add_argument("--kill-at", type=float, help="SIGKILL gunicorn at this fraction")
    parser.add_argument("--timeout", type=float, default=300, help="seconds of answering")
    parser.add_argument("--redis", help="RATELIMIT_STORAGE_URI for the server, e.g. redis://…")
    args = parser.parse_args(argv)
    if not 1 <= args.respondents <= 1000:
        parser.error("--respondents: 1 to 1000 (the machine is shared)")
    env = {"SELFASSESS_RATELIMIT_STORAGE_URI": args.redis} if args.redis else {}
    try:
        report = run(
            args.respondents,
            args.db,
            workers=args.workers,
            saves=args.saves,
            kill_at=args.kill_at,
            timeout=args.timeout,
            env=env,
        )
    except Unavailable as error:
        print(f"load: {error}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
