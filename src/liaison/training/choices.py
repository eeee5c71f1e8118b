from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class TraineeLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's student")
    MASTER = "master", _("Master's student")
    DOCTORATE = "doctorate", _("Doctoral student")
    POSTDOC = "postdoc", _("Postdoctoral researcher")
    OTHER = "other", _("Other trainee")


class TraineeStatus(models.TextChoices):
    IN_TRAINING = "in_training", _("In training")
    GRADUATED = "graduated", _("Graduated")
    WITHDREW = "withdrew", _("Withdrew")


# in training → graduated | withdrew: both are the end of a training, dated by `ends_on`.
TRAINEE_MOVES = Moves(
    {
        TraineeStatus.GRADUATED: {TraineeStatus.IN_TRAINING},
        TraineeStatus.WITHDREW: {TraineeStatus.IN_TRAINING},
    }
)
ENDED_TRAINEE_STATUSES = TRAINEE_MOVES.final(TraineeStatus)


class SupervisionSide(models.TextChoices):
    INSTITUTE = "institute", _("The institute")
    PARTNER = "partner", _("Partner")
