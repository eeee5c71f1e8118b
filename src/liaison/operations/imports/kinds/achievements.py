"""Achievements and their dated stage history.

An achievement is named by its Chinese title. Its stage is not a column of its own: each row of
the stage history records, through `achievement_record_stage`, the stage it reached on a day,
oldest first, as the office records it on the achievement's page (a stage before the current
one only with "went back" ticked; never back in time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from liaison.achievements.choices import stages_before
from liaison.achievements.models import Achievement, StageEntry
from liaison.achievements.services import achievement_record_stage
from liaison.core import permissions
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .. import widgets as cells
from ..columns import KindsResource, ManyKeys
from ..registry import register
from ..resources import key_widget, natural_key
from . import centers  # noqa: F401  (centers are named first)

natural_key(
    Achievement,
    lambda: cells.NaturalKey(
        Achievement,
        resolve=lambda values: cells.unique_map(
            Achievement.objects.filter(title_zh__in=values), lambda a: a.title_zh
        ),
        render=lambda achievement: achievement.title_zh,
        unknown=lambda: _("No achievement has the Chinese title “%(value)s”."),
        ambiguous=lambda: _("Several achievements have the Chinese title “%(value)s”."),
    ),
)

OWNERS_HEADER = (
    "Owners (credit codes or Chinese names, separated by semicolons)",
    "权利人（信用代码或中文名称，以分号分隔）",
)
INVENTORS_HEADER = (
    "Inventors (name and organization, separated by semicolons)",
    "发明人（姓名和单位，以分号分隔）",
)


class AchievementResource(KindsResource):
    owners = Field(
        attribute="owners", column_name="owners", widget=ManyKeys(key_widget(Organization))
    )
    inventors = Field(
        attribute="inventors", column_name="inventors", widget=ManyKeys(key_widget(Person))
    )
    headers = {
        "center": ("Center (Chinese name)", "中心（中文名称）"),
        "owners": OWNERS_HEADER,
        "inventors": INVENTORS_HEADER,
    }

    class Meta(KindsResource.Meta):
        model = Achievement
        fields = (
            "title_zh",
            "title_en",
            "kind",
            "description",
            "keywords",
            "center",
            "owners",
            "inventors",
            "trl",
            "transfer_mode",
            "patent_number",
        )
        import_id_fields = ("title_zh",)

    def export_queryset(self, user: Any) -> Any:
        return (
            super()
            .export_queryset(user)
            .prefetch_related("owners", "inventors__affiliations__organization")
            .order_by("pk")
        )


register("achievements", AchievementResource, order=52)


class StageEntryResource(KindsResource):
    going_back = Field(column_name="going_back", widget=cells.Boolean())
    headers = {
        "achievement": ("Achievement (Chinese title)", "成果（中文标题）"),
        "going_back": ("Went back to an earlier stage", "退回较早阶段"),
    }
    step_columns = ("going_back",)

    class Meta(KindsResource.Meta):
        model = StageEntry
        fields = ("achievement", "stage", "reached_on", "evidence", "going_back")
        import_id_fields = ("achievement", "stage", "reached_on")

    def create(self, values: dict[str, Any]) -> StageEntry:
        """The stage recorded as the achievement's page records it, moving its current stage."""
        achievement, reached_on = values.get("achievement"), values.get("reached_on")
        missing = {}
        if achievement is None:
            missing["achievement"] = _("Name the achievement whose stage this is.")
        if reached_on is None:
            missing["reached_on"] = _("Give the day the stage was reached.")
        if achievement is None or reached_on is None:
            raise ValidationError(missing)
        permissions.refuse_unless(self.run.user, "change", achievement)
        return achievement_record_stage(
            achievement=achievement,
            stage=values.get("stage", ""),
            reached_on=reached_on,
            evidence=values.get("evidence", ""),
            going_back=bool(self._values.get("going_back")),
            by=self.run.user,
        )

    def update(self, record: Any, changes: dict[str, Any]) -> StageEntry:
        raise ValidationError(
            {
                name: ValidationError(
                    _(
                        "A stage of an achievement's history stays as it was recorded; record "
                        "the stage it reached next instead."
                    )
                )
                for name in changes
            }
        )

    def export_queryset(self, user: Any) -> Any:
        return super().export_queryset(user).order_by("achievement_id", "reached_on", "pk")

    def export_rows(self, user: Any) -> Iterable[list[Any]]:
        previous: dict[int, str] = {}
        for entry in self.iter_queryset(self.export_queryset(user)):
            before = previous.get(entry.achievement_id)
            entry.went_back = before is not None and entry.stage in stages_before(before)
            previous[entry.achievement_id] = entry.stage
            yield self.export_resource(entry)

    def dehydrate_going_back(self, entry: StageEntry) -> bool:
        return bool(getattr(entry, "went_back", False))


register("achievement-stages", StageEntryResource, order=53)
