from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    """The people of DESIGN.md's table of users; a role's kind says what its assignments name."""

    STAFF = "staff", _("Office staff")
    CENTER_MANAGER = "center_manager", _("Center manager")
    RESEARCHER = "researcher", _("Researcher or expert")
    ENTERPRISE = "enterprise", _("Enterprise user")
    LEADERSHIP = "leadership", _("Leadership")
    ADMINISTRATOR = "administrator", _("Administrator")


class Scope(models.TextChoices):
    """Which records a rule of a role reaches, for the person it is assigned to."""

    ALL = "all", _("All records")
    CENTERS = "centers", _("Their centers' records")
    ORGANIZATION = "organization", _("Their organization's records")
    OWN = "own", _("Their own records")


class AuditKind(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    LOGIN = "login", _("Signed in")
    LOGOUT = "logout", _("Signed out")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    PERMISSION = "permission", _("Permission changed")
    INVITATION = "invitation", _("Invitation")
    API = "api", _("API request")
    TOKEN = "token", _("API token")
