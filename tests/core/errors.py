"""What the service tests read from a refusal."""

from django.core.exceptions import NON_FIELD_ERRORS


def codes(error, field=NON_FIELD_ERRORS):
    """The codes of the errors raised for `field` (the whole record by default)."""
    return [e.code for e in error.value.update_error_dict({}).get(field, [])]
