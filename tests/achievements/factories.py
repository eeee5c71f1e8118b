import datetime
from typing import Any

import factory

from liaison.accounts.models import User
from liaison.achievements.choices import AchievementKind, Stage
from liaison.achievements.models import Achievement
from liaison.achievements.services import achievement_record_stage
from liaison.centers.choices import AppointmentRole
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory


class AchievementFactory(factory.django.DjangoModelFactory[Achievement]):
    """An achievement at the research stage with no history; add stages with the services."""

    class Meta:
        model = Achievement

    title_zh = factory.Sequence(lambda n: f"可降解镁合金血管支架{n}")
    title_en = factory.Sequence(lambda n: f"Biodegradable magnesium alloy stent {n}")
    kind = AchievementKind.MEDICAL_DEVICE
    description = "A biodegradable magnesium alloy vascular stent with a drug-eluting coating."


def make_stent(by: User) -> dict[str, Any]:
    """A stent of a center with a chief scientist: an inventor, a venture owning it, two stages."""
    center = CenterFactory.create()
    chief = PersonFactory.create(name_en="Chief Scientist")
    AppointmentFactory.create(
        center=center,
        person=chief,
        role=AppointmentRole.CHIEF_SCIENTIST,
        starts_on=datetime.date(2023, 5, 6),
    )
    achievement = AchievementFactory.create(title_en="Magnesium stent", center=center)
    inventor = PersonFactory.create(name_en="Inventor Bo")
    achievement.inventors.add(inventor)
    venture = OrganizationFactory.create(name_en="Stent Venture Co.")
    achievement.owners.add(venture)
    prototype = achievement_record_stage(
        achievement=achievement, stage=Stage.PROTOTYPE, reached_on=datetime.date(2021, 3, 1), by=by
    )
    pilot = achievement_record_stage(
        achievement=achievement, stage=Stage.PILOT, reached_on=datetime.date(2022, 3, 1), by=by
    )
    return {
        "achievement": achievement,
        "center": center,
        "chief": chief,
        "inventor": inventor,
        "venture": venture,
        "prototype": prototype,
        "pilot": pilot,
    }
