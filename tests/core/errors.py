"""What the service tests read from a refusal."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def codes(
    error: pytest.ExceptionInfo[ValidationError], field: str = NON_FIELD_ERRORS
) -> list[str | None]:
    """The codes of the errors raised for `field` (the whole record by default)."""
    return [e.code for e in error.value.update_error_dict({}).get(field, [])]
