"""Whether the installation's mail reaches people, or only its console."""

from __future__ import annotations

from django.conf import settings

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_reaches_people() -> bool:
    """False while mail is only printed (the console backend, the default without
    LIAISON_EMAIL_HOST) or sent to no server: an invitation's link is then handed over by the
    staff, and the hourly reminders wait for a mail server rather than count as told."""
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if backend == CONSOLE_BACKEND:
        return False
    return not (
        backend == SMTP_BACKEND and getattr(settings, "EMAIL_HOST", "") in {"", "localhost"}
    )
