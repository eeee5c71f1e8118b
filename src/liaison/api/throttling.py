"""How many requests a caller makes a minute (LIAISON_API_RATE, 1200/minute unless told),
counted per token, per signed-in user, or per address for anonymous callers, in the default
cache (one process's memory in tests and the embedded server, Redis in production)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class CallerRateThrottle(SimpleRateThrottle):
    """Over the rate, a 429 with Retry-After."""

    scope = "caller"

    def get_rate(self) -> str | None:
        # Read when asked, not when DRF was imported, so that a changed setting counts.
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope or "")
        return str(rate) if rate else None

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            ident = f"token:{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
