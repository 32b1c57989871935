"""The two clients of ``bench_web``: Debian's ``wrk`` driven by a Lua script, and a
threaded stdlib client when wrk is missing. Both send ``connections`` keep-alive
connections' worth of requests for a number of seconds, each request taking the next
respondent's cookie and CSRF token, and give the same :class:`Result`."""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The autosave's question, and the values the requests cycle through.
QUESTION = "rep-women-share"
VALUES = ("1", "2", "3", "4", "5", "dk")


@dataclass(frozen=True)
class Session:
    cookie: str
    csrf: str


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    #: CPU time of the gunicorn workers per request (other jobs on the machine barely
    #: move it, unlike requests/s).
    cpu_ms: float = 0.0
    #: CPU time of the database server's processes per request (PostgreSQL's; SQLite
    #: runs inside the workers, so it is part of ``cpu_ms``).
    db_cpu_ms: float = 0.0
    #: Workers that did a share of the work (over a tenth of an even share of the CPU):
    #: wrk's keep-alive connections stay with the worker that accepted them, and a
    #: worker that accepted none idles through the whole measurement.
    busy_workers: int = 0
    #: This path's requests/s over the bare endpoint's in the same round.
    ratio: float = 1.0


# -- wrk --------------------------------------------------------------------------------------

LUA = """
local sessions = %(sessions)s
local values = %(values)s
local mode, path, counter = "bare", "/bare", 0

function init(args)
  mode, path = args[1], args[2]
end

function request()
  counter = counter + 1
  local s = sessions[(counter %% #sessions) + 1]
  if mode == "autosave" then
    local body = string.format('{"question":"%(question)s","value":"%%s"}',
                               values[(counter %% #values) + 1])
    return wrk.format("POST", path, {["Cookie"] = s.cookie, ["X-CSRFToken"] = s.csrf,
                                     ["Content-Type"] = "application/json"}, body)
  elseif mode == "page" then
    return wrk.format("GET", path, {["Cookie"] = s.cookie})
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def lua(sessions: list[Session]) -> str:
    def table(items: Iterable[str]) -> str:
        return "{" + ", ".join(items) + "}"

    quoted = table(
        f"{{cookie = {json.dumps(s.cookie)}, csrf = {json.dumps(s.csrf)}}}" for s in sessions
    )
    return LUA % {
        "sessions": quoted,
        "values": table(json.dumps(v) for v in VALUES),
        "question": QUESTION,
    }


def wrk(
    wrk_path: str, script: Path, port: int, mode: str, path: str, seconds: int, connections: int
) -> Result:
    command = [
        wrk_path,
        "--threads", "2",
        "--connections", str(connections),
        "--duration", f"{seconds}s",
        "--timeout", "10s",
        "--script", str(script),
        f"http://127.0.0.1:{port}",
        "--", mode, path,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    return Result(
        mode,
        found["requests"] / (found["duration_us"] / 1e6),
        found["p50_us"] / 1000,
        found["p99_us"] / 1000,
        found["requests"],
        found["errors"],
    )


# -- the stdlib client, when wrk is missing ---------------------------------------------------


def threaded(
    sessions: list[Session], port: int, mode: str, path: str, seconds: int, connections: int
) -> Result:
    """``connections`` threads, each on one keep-alive connection, for ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, count = [], 0
        while time.monotonic() < end:
            session = sessions[(number + count) % len(sessions)]
            value = VALUES[count % len(VALUES)]
            count += 1
            headers, body = {"Cookie": session.cookie}, None
            if mode == "autosave":
                body = json.dumps({"question": QUESTION, "value": value})
                headers |= {"X-CSRFToken": session.csrf, "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                connection.request("POST" if body else "GET", path, body=body, headers=headers)
                reply = connection.getresponse()
                reply.read()
                ok = reply.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]
    return Result(
        mode,
        len(latencies) / duration,
        ordered[len(ordered) // 2] * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        len(latencies),
        errors[0],
    )
