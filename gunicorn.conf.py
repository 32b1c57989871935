"""gunicorn settings for selfassess (``gunicorn -c gunicorn.conf.py selfassess.wsgi:app``).

Every value can be overridden with the matching GUNICORN_* environment variable read
below, or on the command line. See docs/deploy.md for the whole deployment.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from selfassess.logs import add_filter

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
# Threads (the gthread worker): a request waiting on the database does not hold a
# whole process, and browsers' keep-alive connections are served.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Requests of a slow client are buffered by the reverse proxy, not by a worker. Only the
# proxy's address may set the scheme with X-Forwarded-Proto (the app's PROXY_FIX
# setting then trusts X-Forwarded-For for the client's address).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
# The request line only: no query strings and no referrers are logged.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The app is imported once by the master and forked (copy-on-write memory, workers start
# at once, a recycled worker costs nothing). Nothing connects at import time: each worker
# opens its own database connections. Code upgrades therefore need a restart, not HUP.
preload_app = True
# Recycle a worker now and then (leaks in third-party code); 0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# No control socket: it sits at one path per user, so two servers on a machine would
# share it, and nothing here uses gunicornc.
control_socket_disable = True


class RedactingLogger(Logger):
    """gunicorn's logger with invitation tokens and other URL secrets redacted from the
    access and error logs (``selfassess.logs``)."""

    def setup(self, cfg):  # type: ignore[no-untyped-def]
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            add_filter(log)


logger_class = RedactingLogger


def pre_fork(server, worker):  # type: ignore[no-untyped-def]
    """Move everything the preloaded app made into the collector's permanent generation:
    a worker's full collections then walk only what requests make (they walked the whole
    imported app, a pause that set the respondent pages' p99: 214 -> 70 ms, issue 16).
    And collect the youngest objects every 50,000 allocations rather than 700: a request
    makes a few thousand, nearly all freed by reference counting (the autosave's CPU per
    request fell by about 5 %; a worker keeps a few MB more at most)."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
