from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.moves import Moves


class Position(models.TextChoices):
    """Where a segment sits in its chain, from raw materials to the end user."""

    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


# The map reads the positions in this order, left to right.
POSITION_ORDER = tuple(Position.values)


class PlacedKind(models.TextChoices):
    """The kind of record a placement puts on a segment: the field of it that is filled."""

    ORGANIZATION = "organization", _("Organization")
    NEED = "need", _("Technical need")
    ACHIEVEMENT = "achievement", _("Achievement")
    CENTER = "center", _("Center")
    AGREEMENT = "agreement", _("Agreement")
    PERSON = "person", _("Expert")


# Each kind and the field of the placement that names its record (the same word).
PLACED_FIELDS = tuple(PlacedKind.values)


class PlacementSource(models.TextChoices):
    BY_HAND = "by_hand", _("By hand")
    IMPORT = "import", pgettext_lazy("placement source", "Import")
    SUGGESTED = "suggested", _("Suggested by matching")


class PlacementStatus(models.TextChoices):
    SUGGESTED = "suggested", pgettext_lazy("placement status", "Suggested")
    ACCEPTED = "accepted", pgettext_lazy("placement status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("placement status", "Rejected")


# suggested → accepted | rejected. A record placed by hand or by import is accepted at once (a
# person placed it); a rejected suggestion stays, so the engine does not suggest it again.
PLACEMENT_MOVES = Moves(
    {
        PlacementStatus.ACCEPTED: {PlacementStatus.SUGGESTED},
        PlacementStatus.REJECTED: {PlacementStatus.SUGGESTED},
    }
)
PENDING_STATUSES = PLACEMENT_MOVES.into(PlacementStatus.ACCEPTED)
