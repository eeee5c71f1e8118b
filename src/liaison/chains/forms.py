from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .models import ChainSegment, IndustryChain, SegmentPlacement

SEGMENT_SEARCH = ("code", "name_zh", "name_en", "chain__name_zh", "chain__code")


class IndustryChainForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = IndustryChain
        fields = ("code", "name_zh", "name_en", "region", "order", "active", "description")


class ChainSegmentForm(ObjectForm):
    list_fields = ("keywords",)

    class Meta(ObjectForm.Meta):
        model = ChainSegment
        fields = (
            "chain",
            "code",
            "name_zh",
            "name_en",
            "position",
            "order",
            "description",
            "keywords",
        )


class SegmentPlacementForm(ObjectForm):
    """One record on one segment: the form offers the six kinds, the service takes exactly one."""

    class Meta(ObjectForm.Meta):
        model = SegmentPlacement
        fields = (
            "segment",
            "organization",
            "need",
            "achievement",
            "center",
            "agreement",
            "person",
            "note",
        )
        widgets = {
            # Segments, organizations, needs, people: searched, never listed in full.
            "segment": RecordSelect(ChainSegment, SEGMENT_SEARCH),
            "organization": RecordSelect(
                Organization, ("name_zh", "name_en", "credit_code", "aliases__json")
            ),
            "need": RecordSelect(TechnicalNeed, ("title",)),
            "achievement": RecordSelect(Achievement, ("title_zh", "title_en", "patent_number")),
            "center": RecordSelect(Center, ("name_zh", "name_en")),
            "agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
            "person": RecordSelect(Person, ("name_zh", "name_en")),
        }


class DecisionForm(TransitionForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
