"""gunicorn settings for selfassess (``gunicorn -c gunicorn.conf.py selfassess.wsgi:app``).

Every value can be overridden with the matching GUNICORN_* environment variable
read below, or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Requests of a slow client are buffered by the reverse proxy, not by a worker.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# The request line only: invitation tokens live in paths, so no full URLs with query
# strings and no referrers are logged.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
max_requests = 2000
max_requests_jitter = 200
