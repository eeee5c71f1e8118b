"""The page of a request that failed: 503 while the database (or Redis) cannot be reached, 500
for anything else.

Django calls `server_error` (the project's `handler500`) for every uncaught exception, raised
by a view or by a middleware (the session, the signed-in user), while the exception is still
being handled. A database being restarted or failed over is no error of Liaison's: people are
told the service is briefly unavailable and to try again, with `Retry-After`, and a load
balancer or a script sees a 503 it may retry, not a 500. Once the database answers again,
the next request reconnects by itself (`CONN_HEALTH_CHECKS` in the production settings).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 5


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    # Lost or refused connections: Django wraps the driver's as OperationalError (a server
    # shutting down, starting up or unreachable) or InterfaceError (a connection closed
    # under it). Redis holds the cache, the sessions and the job queue in production.
    errors: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency of Liaison
        return errors
    return (*errors, RedisConnectionError, RedisTimeoutError)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503, in the person's language: the database cannot be reached just now."""
    if request.path.startswith("/api/"):
        # The API's one error shape (liaison.api.errors).
        response: HttpResponse = JsonResponse(
            {
                "status": 503,
                "code": "unavailable",
                "detail": _(
                    "Liaison cannot reach its database just now. Try again in a few seconds."
                ),
            },
            status=503,
        )
    else:
        # A template of its own, needing no context: base.html reads the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's handler500: 503 when the database or Redis is unreachable, else 500."""
    error = sys.exc_info()[1]
    if isinstance(error, _unavailable_errors()):
        return service_unavailable(request)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
