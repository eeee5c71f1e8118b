"""`liaison up`: from a fresh checkout to a running institute, in one command.

It makes the data folder, brings the database up to date, loads the demo institute into a
database that holds no organization yet, creates an administrator when there is no user
(the demo's documented login with the demo, else one with a generated password, shown once),
queues a build of the matching index when the demo was loaded or there is none, and serves
Liaison with waitress (static files by whitenoise, straight from the installed packages:
nothing is collected or compiled at start). The background jobs (index updates, exports)
run in threads of the same process, so the embedded default needs no second program.

LIAISON_DEMO_SCALE (default 1) multiplies the demo's synthetic volume; 0 starts without
the demo institute.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import secrets
import signal
import socket
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.utils.translation import gettext as _

from liaison.demo.accounts import DEMO_PASSWORD  # the documented login of the demo
from liaison.demo.loader import load_demo
from liaison.matching import jobs, storage
from liaison.organizations.models import Organization

DEMO_USERNAME = "admin"
# The administrator of an installation without the demo: same name, a password of its own.
ADMIN_USERNAME = DEMO_USERNAME
DEMO_SCALE_VARIABLE = "LIAISON_DEMO_SCALE"
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


@dataclasses.dataclass(frozen=True)
class Prepared:
    """What `prepare` found and did."""

    demo_loaded: bool
    admin_created: bool
    index_built: bool = False
    # The generated password of the administrator just created without the demo; it is
    # stored only as a hash, so this is the one time it can be told.
    admin_password: str | None = None


def demo_scale() -> int:
    """The demo's scale from LIAISON_DEMO_SCALE: 1 unless set; 0 skips the demo."""
    raw = os.environ.get(DEMO_SCALE_VARIABLE, "1").strip() or "1"
    try:
        scale = int(raw)
    except ValueError:
        scale = -1
    if scale < 0:
        raise CommandError(
            _("%(variable)s must be a whole number, 0 or more (it is “%(value)s”).")
            % {"variable": DEMO_SCALE_VARIABLE, "value": raw}
        )
    return scale


def make_data_folders() -> None:
    """The data folder and the folders for uploads and static files inside it."""
    for folder in (settings.DATA_DIR, settings.MEDIA_ROOT, settings.STATIC_ROOT):
        Path(folder).mkdir(parents=True, exist_ok=True)


def prepare(*, scale: int = 1, stdout: Any = None) -> Prepared:
    """Make the data folder, migrate, load the demo into an empty database, add an admin.

    The demo loader writes its summary to `stdout`, if given.
    """
    make_data_folders()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("assets", optional=True, stdout=stdout)

    users = get_user_model()._default_manager
    # Asked before the demo loads: the demo may bring accounts of its own.
    had_users = users.exists()
    demo_loaded = False
    if scale > 0 and not Organization.objects.exists():
        try:
            load_demo(scale=scale, stdout=stdout)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        demo_loaded = True
    # The demo is written in bulk, without the signals that keep the index fresh. The build
    # is a job, so the pages answer meanwhile (a search waits for it; see matching.storage).
    index_built = demo_loaded or storage.live_path() is None
    if index_built:
        jobs.rebuild_index()

    admin_created = False
    admin_password = None
    if not had_users and not users.filter(username=ADMIN_USERNAME).exists():
        # The published demo login only beside the demo's invented records: an installation
        # for real data must not start with a password printed in the README.
        if demo_loaded:
            password = DEMO_PASSWORD
        else:
            password = admin_password = secrets.token_urlsafe(12)
        users.create_superuser(username=ADMIN_USERNAME, email="", password=password)
        admin_created = True
    return Prepared(
        demo_loaded=demo_loaded,
        admin_created=admin_created,
        index_built=index_built,
        admin_password=admin_password,
    )


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to `host`:`port` and listening, which `serving` then serves Liaison on.

    The port is claimed before the preparation, so a busy one is told at once; the server
    (and its application) are made only after it: whitenoise lists the static files when the
    application is made, and the preparation is what fetches the front-end packages.
    """
    try:
        family, kind, proto, _name, sockaddr = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listener = socket.socket(family, kind, proto)
    except OSError as error:
        raise CommandError(
            _("Liaison cannot listen on %(host)s:%(port)s: %(error)s")
            % {"host": host, "port": port, "error": error.strerror or error}
        ) from error
    try:
        # As waitress does: a port left in TIME_WAIT by a server just stopped is usable again.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(sockaddr)
        listener.listen(1024)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                _(
                    "Port %(port)s on %(host)s is already in use, perhaps by another Liaison. "
                    "Stop that program or choose another port: liaison up --port %(other)s"
                )
                % {"port": port, "host": host, "other": port + 1}
            ) from error
        if error.errno == errno.EACCES:
            raise CommandError(
                _("Liaison may not use port %(port)s on %(host)s; choose a port above 1023.")
                % {"port": port, "host": host}
            ) from error
        raise CommandError(
            _("Liaison cannot listen on %(host)s:%(port)s: %(error)s")
            % {"host": host, "port": port, "error": error.strerror or error}
        ) from error
    return listener


def serving(listener: socket.socket) -> Any:
    """A waitress server for Liaison on the bound `listener`, not yet serving."""
    from waitress import create_server

    return create_server(get_wsgi_application(), sockets=[listener], threads=8)


def address(host: str, port: int) -> str:
    """The address to open in a browser for a server listening on `host`:`port`."""
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


JOB_THREADS = 2


def start_jobs() -> Any:
    """Consume the background jobs in threads of this process; None when jobs run at once."""
    from huey.consumer import Consumer
    from huey.contrib.djhuey import HUEY

    if HUEY.immediate:
        return None

    class InProcessConsumer(Consumer):
        def _set_signal_handlers(self) -> None:
            # The server owns Ctrl+C and SIGTERM; it stops the consumer on its way out.
            pass

    # A short idle poll: a change reaches the index within a second or two, and Ctrl+C
    # does not wait for a long back-off to end.
    consumer = InProcessConsumer(HUEY, workers=JOB_THREADS, worker_type="thread", max_delay=1.0)
    consumer.start()
    return consumer


def demo_login_works() -> bool:
    user = get_user_model()._default_manager.filter(username=DEMO_USERNAME).first()
    return user is not None and user.is_active and user.check_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = _(
        "Prepare the data folder and the database (with the demo institute when it is empty) "
        "and serve Liaison."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help=_("The port to listen on (default 8000).")
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help=_("The address to listen on (default 127.0.0.1, this computer only)."),
        )

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        scale = demo_scale()
        make_data_folders()
        # Claim the port first: a busy port is told at once, not after the preparation.
        listener = bind(host, port)
        try:
            self.stdout.write(
                _("Preparing the data folder %(path)s …") % {"path": settings.DATA_DIR}
            )
            prepared = prepare(scale=scale, stdout=self.stdout)
            server = serving(listener)
        except BaseException:
            listener.close()
            raise
        if prepared.admin_password is not None:
            self.stdout.write(
                self.style.WARNING(
                    _("Created the administrator %(username)s with the password %(password)s")
                    % {"username": ADMIN_USERNAME, "password": prepared.admin_password}
                )
            )
            self.stdout.write(
                _(
                    "It is shown only this once: sign in and change it at %(url)s "
                    "(Administration, Change password)."
                )
                % {"url": address(host, port) + "admin/password_change/"}
            )
        elif prepared.admin_created:
            self.stdout.write(_("Created the demo administrator."))
        if prepared.index_built:
            self.stdout.write(_("The matching index is being built in the background."))
        consumer = start_jobs()
        try:
            self.serve(server, host, port)
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    def serve(self, server: Any, host: str, port: int) -> None:
        url = address(host, port)
        if demo_login_works():
            banner = _(
                "Liaison is running at %(url)s  — sign in as %(username)s / %(password)s"
            ) % {
                "url": url,
                "username": DEMO_USERNAME,
                "password": DEMO_PASSWORD,
            }
        else:
            banner = _("Liaison is running at %(url)s  — sign in with your account") % {"url": url}
        self.stdout.write(self.style.SUCCESS(banner))
        if host not in WILDCARD_HOSTS and host not in settings.ALLOWED_HOSTS:
            self.stdout.write(
                self.style.WARNING(
                    _("Add %(host)s to LIAISON_ALLOWED_HOSTS, or requests to it will be refused.")
                    % {"host": host}
                )
            )
        self.stdout.write(_("Press Ctrl+C to stop."))
        self.stdout.flush()

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
        self.stdout.write(_("Liaison stopped."))
