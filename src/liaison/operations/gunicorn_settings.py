"""Gunicorn's settings for `liaison serve`; the command line sets the ones a person chooses.

Read by gunicorn's master process, which imports no Django: named on its command line
(`--config python:liaison.operations.gunicorn_settings`) so that a stray ./gunicorn.conf.py
in the working folder is never read instead.
"""

import os

wsgi_app = "liaison.wsgi:application"

# The application is loaded by each worker, not by the master: a graceful reload (SIGHUP)
# starts workers that load the code installed now, after an upgrade, and no database
# connection is ever shared across a fork.
preload_app = False

# The workers' heartbeat files in memory, not on a disk that may stall under load.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# No control socket in the home folder: several servers on one machine (and the tests') would
# share its one default path. Signals do the same (HUP reloads, TERM stops gracefully).
control_socket_disable = True

# The access log's usual fields, then the time the request took in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
