import factory

from liaison.achievements.choices import AchievementKind
from liaison.achievements.models import Achievement


class AchievementFactory(factory.django.DjangoModelFactory[Achievement]):
    """An achievement at the research stage with no history; add stages with the services."""

    class Meta:
        model = Achievement

    title_zh = factory.Sequence(lambda n: f"可降解镁合金血管支架{n}")
    title_en = factory.Sequence(lambda n: f"Biodegradable magnesium alloy stent {n}")
    kind = AchievementKind.MEDICAL_DEVICE
    description = "A biodegradable magnesium alloy vascular stent with a drug-eluting coating."
