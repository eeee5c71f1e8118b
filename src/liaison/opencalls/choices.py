from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.moves import Moves


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", pgettext_lazy("open call", "Closed")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


# draft → published → closed → awarded, or cancelled before it is awarded. A call is awarded
# by selecting a team (`application_select`), while it takes applications or once closed.
CALL_MOVES = Moves(
    {
        CallStatus.PUBLISHED: {CallStatus.DRAFT},
        CallStatus.CLOSED: {CallStatus.PUBLISHED},
        CallStatus.AWARDED: {CallStatus.PUBLISHED, CallStatus.CLOSED},
        CallStatus.CANCELLED: {CallStatus.DRAFT, CallStatus.PUBLISHED, CallStatus.CLOSED},
    }
)
# Read from the table: a call that has ended (awarded or cancelled), and the live ones (one
# per need); a call takes applications while it is published.
ENDED_CALL_STATUSES = CALL_MOVES.final(CallStatus.values)
LIVE_CALL_STATUSES = frozenset(CallStatus.values) - ENDED_CALL_STATUSES
OPEN_CALL_STATUSES = CALL_MOVES.into(CallStatus.CLOSED)


class ConsentMethod(models.TextChoices):
    PORTAL = "portal", _("On the portal, by the enterprise's user")
    LETTER = "letter", _("Signed letter")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("In a meeting, minuted")
    OTHER = "other", _("Other")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("A researcher")
    CENTER = "center", _("A center")
    ORGANIZATION = "organization", _("An outside organization")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# submitted → shortlisted → selected | not selected, or withdrawn by the applicant before
# the decision. One application per call is selected.
APPLICATION_MOVES = Moves(
    {
        ApplicationStatus.SHORTLISTED: {ApplicationStatus.SUBMITTED},
        ApplicationStatus.SELECTED: {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED},
        ApplicationStatus.NOT_SELECTED: {
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SHORTLISTED,
        },
        ApplicationStatus.WITHDRAWN: {ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED},
    }
)
DECIDED_APPLICATION_STATUSES = APPLICATION_MOVES.final(ApplicationStatus.values)
PENDING_APPLICATION_STATUSES = frozenset(ApplicationStatus.values) - DECIDED_APPLICATION_STATUSES


class ReviewSide(models.TextChoices):
    ENTERPRISE = "enterprise", _("The enterprise")
    OFFICE = "office", _("The office")


class Recommendation(models.TextChoices):
    SELECT = "select", _("Select this team")
    SHORTLIST = "shortlist", _("Shortlist")
    DECLINE = "decline", _("Do not select")
