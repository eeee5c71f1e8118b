"""Centers, named by their Chinese name; a sub-center comes after its parent.

Centers come right after the agreements (a center names its founding agreement) and before the
achievements, needs and services that name their center.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from liaison.centers.models import Center

from .. import widgets as cells
from ..columns import KindsResource
from ..registry import register
from ..resources import natural_key
from . import agreements  # noqa: F401  (agreements and signing events are named first)

natural_key(
    Center,
    lambda: cells.NaturalKey(
        Center,
        resolve=lambda values: cells.unique_map(
            Center.objects.filter(name_zh__in=values), lambda c: c.name_zh
        ),
        render=lambda center: center.name_zh,
        unknown=lambda: _("No center is called “%(value)s”."),
        ambiguous=lambda: _("Several centers are called “%(value)s”."),
    ),
)


class CenterResource(KindsResource):
    headers = {
        "parent": ("Parent center (Chinese name)", "上级中心（中文名称）"),
        "founding_agreement": ("Founding agreement (number)", "成立协议（编号）"),
        "established_at": (
            "Established or unveiled at (date and Chinese title of the signing event)",
            "成立或揭牌活动（日期和中文标题）",
        ),
    }

    class Meta(KindsResource.Meta):
        model = Center
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "status",
            "parent",
            "founding_agreement",
            "established_on",
            "established_at",
            "focus_areas",
            "description",
        )
        import_id_fields = ("name_zh",)

    def export_rows(self, user: Any) -> Iterable[list[Any]]:
        """Parents before their sub-centers, so the file imports in its own order."""
        centers = list(self.export_queryset(user))
        parents = {center.pk: center.parent_id for center in centers}

        def depth(pk: int | None) -> int:
            steps = 0
            while pk is not None and steps < len(parents):
                pk = parents.get(pk)
                steps += 1
            return steps

        for center in sorted(centers, key=lambda c: (depth(c.parent_id), c.pk)):
            yield self.export_resource(center)


register("centers", CenterResource, order=51)
