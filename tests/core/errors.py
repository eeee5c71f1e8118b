"""What the tests read from a refusal: a service's error codes, a page's messages."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def codes(
    error: pytest.ExceptionInfo[ValidationError], field: str = NON_FIELD_ERRORS
) -> list[str | None]:
    """The codes of the errors raised for `field` (the whole record by default)."""
    return [e.code for e in error.value.update_error_dict({}).get(field, [])]


def messages_of(response: Any) -> list[str]:
    """The messages (success, refusal) a page's request left for the next page to show."""
    return [str(m) for m in get_messages(response.wsgi_request)]
