"""gunicorn's settings for this site. gunicorn reads ./gunicorn.conf.py itself when
started from the project folder, as the README's deployment and bench/run do; an
option on the command line wins over the same one here.

Sync workers, one request at a time each, as gunicorn advises behind a proxy that
buffers: the README's nginx reads a whole request before passing it on and a whole
answer before sending it, so a slow phone ties up the proxy, never a worker. Sync
workers close each connection after its answer, so the proxy opens one per request
(nginx's default towards its upstreams); on one machine, a keep-alive gthread worker
answered the health check only about 8% faster, with a worse p95, which is not worth
a worker whose threads each hold a database connection.
"""

import multiprocessing
import os

# About 2 x cores + 1, gunicorn's rule of thumb; WEB_CONCURRENCY sets it.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that runs longer than this is killed and its worker replaced.
timeout = 30
