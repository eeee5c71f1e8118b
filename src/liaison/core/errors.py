"""The errors services raise; pages show them under the field, the API as 400 or 409."""

from django.core.exceptions import ValidationError


class StaleEditError(ValidationError):
    """Someone else saved the record after it was loaded; the edit is refused, not applied."""

    def __init__(self, *, model_name: str, pk: object, expected: int, current: int | None) -> None:
        from django.utils.translation import gettext as _

        self.expected_version = expected
        self.current_version = current
        if current is None:
            message = _("This %(model)s no longer exists; it was deleted by someone else.") % {
                "model": model_name
            }
        else:
            message = _(
                "Someone else saved this %(model)s meanwhile (your copy is version %(expected)s, "
                "the saved one is version %(current)s). Reload it and apply your change again."
            ) % {"model": model_name, "expected": expected, "current": current}
        super().__init__(message, code="stale")
