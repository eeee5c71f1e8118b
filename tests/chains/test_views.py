"""The industry chains' pages: lists, the map with its drill-down, the segment's suggestions,
placing from a segment and from an agreement's page, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.chains.choices import PlacementStatus, Position
from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.chains.factories import (
    ChainSegmentFactory,
    IndustryChainFactory,
    SegmentPlacementFactory,
    placed,
    suggested,
)
from tests.needs.factories import submitted
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import ObjectPageChecks, count_queries, pinned_queries


class TestIndustryChainPages(ObjectPageChecks):
    model = IndustryChain
    factory = IndustryChainFactory
    url_base = "chains:industrychain"
    stale_field = "region"
    stale_value = "宁波市"

    def valid_form_data(self) -> dict[str, Any]:
        return {"code": "FOOD", "name_zh": "食品", "name_en": "Food", "order": "4", "active": "on"}

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "code": "F" * 40}, "code"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return {"active": "false"}, self.make(active=False), self.make(active=True)


class TestChainSegmentPages(ObjectPageChecks):
    model = ChainSegment
    factory = ChainSegmentFactory
    url_base = "chains:chainsegment"
    stale_field = "name_en"
    stale_value = "Renamed meanwhile"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "chain": IndustryChainFactory.create().pk,
            "code": "RAW",
            "name_zh": "原材料",
            "position": Position.UPSTREAM,
            "order": "1",
            "keywords": "高分子\n壳聚糖",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "position": "sideways"}, "position"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return (
            {"position": Position.UPSTREAM},
            self.make(position=Position.UPSTREAM),
            self.make(position=Position.DOWNSTREAM),
        )


class TestSegmentPlacementPages(ObjectPageChecks):
    model = SegmentPlacement
    factory = SegmentPlacementFactory
    url_base = "chains:segmentplacement"
    stale_field = "note"
    stale_value = "Changed meanwhile"

    def make(self, **fields: Any) -> Any:
        return placed(OrganizationFactory.create(), **fields)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "segment": ChainSegmentFactory.create().pk,
            "organization": OrganizationFactory.create().pk,
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "agreement": AgreementFactory.create().pk}, "agreement"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return {"kind": "agreement"}, placed(AgreementFactory.create()), self.make()

    def shown_as(self, obj: Any) -> str:
        return str(obj.record)


@pytest.mark.django_db
def test_the_map_shows_each_segment_with_its_figures_linked_and_the_gaps(signed_in: Client) -> None:
    chain = IndustryChainFactory.create()
    segment = ChainSegmentFactory.create(chain=chain, name_zh="医用敷料", name_en="Dressings")
    need = submitted()
    placed(need, segment)
    response = signed_in.get(reverse("chains:industrychain_detail", args=(chain.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dressings" in html
    assert "table-danger" in html  # the gap
    assert 'id="chain-chart"' in html
    # The open needs' cell opens the list of exactly those needs.
    listed = signed_in.get(
        f"{reverse('chains:segmentplacement_list')}?segment={segment.pk}&status=accepted&kind=need&open_need=true"
    ).content.decode()
    assert need.title in listed


@pytest.mark.django_db
def test_the_map_page_queries_do_not_grow_with_segments(signed_in: Client) -> None:
    chain = IndustryChainFactory.create()
    url = reverse("chains:industrychain_detail", args=(chain.pk,))
    placed(submitted(), ChainSegmentFactory.create(chain=chain))
    _response, one = count_queries(signed_in, url)
    for _ in range(5):
        segment = ChainSegmentFactory.create(chain=chain)
        placed(submitted(), segment)
        center = CenterFactory.create()
        placed(center, segment)
        AppointmentFactory.create(center=center)
    _response, six = count_queries(signed_in, url)
    assert six == one
    assert six <= pinned_queries("chains:industrychain_detail")


@pytest.mark.django_db
def test_the_experts_drill_down_lists_the_segments_experts(signed_in: Client) -> None:
    segment = ChainSegmentFactory.create()
    center = CenterFactory.create()
    placed(center, segment)
    serving = AppointmentFactory.create(center=center).person
    other = AppointmentFactory.create().person
    html = signed_in.get(reverse("chains:segment_experts", args=(segment.pk,))).content.decode()
    assert serving.name_zh in html
    assert other.name_zh not in html


@pytest.mark.django_db
def test_a_suggestion_is_accepted_or_rejected_on_the_segment_page(
    signed_in: Client, staff_user: Any
) -> None:
    segment = ChainSegmentFactory.create()
    first = suggested(OrganizationFactory.create(), segment)
    second = suggested(OrganizationFactory.create(), segment)
    page = signed_in.get(reverse("chains:chainsegment_detail", args=(segment.pk,))).content.decode()
    assert "敷料" in page  # the matched word that explains it
    accept = reverse("chains:segmentplacement_decide", args=(first.pk, "accept"))
    response = signed_in.post(accept)
    assert response["Location"] == reverse("chains:chainsegment_detail", args=(segment.pk,))
    signed_in.post(reverse("chains:segmentplacement_decide", args=(second.pk, "reject")))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decided_by) == (PlacementStatus.ACCEPTED, staff_user)
    assert second.status == PlacementStatus.REJECTED


@pytest.mark.django_db
def test_staff_place_an_agreement_from_its_page(signed_in: Client) -> None:
    agreement = AgreementFactory.create()
    segment = ChainSegmentFactory.create()
    page = signed_in.get(
        reverse("agreements:agreement_detail", args=(agreement.pk,))
    ).content.decode()
    add = f"{reverse('chains:segmentplacement_add')}?agreement={agreement.pk}"
    assert add.replace("&", "&amp;") in page or add in page
    form = signed_in.get(add).content.decode()
    assert str(agreement) in form
    response = signed_in.post(add, {"segment": segment.pk, "agreement": agreement.pk})
    assert response.status_code == 302
    page = signed_in.get(
        reverse("agreements:agreement_detail", args=(agreement.pk,))
    ).content.decode()
    assert str(segment) in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [RoleKind.LEADERSHIP, RoleKind.CENTER_MANAGER])
def test_readers_see_the_map_but_neither_place_nor_decide(client: Client, role: str) -> None:
    segment = ChainSegmentFactory.create()
    pending = suggested(OrganizationFactory.create(), segment)
    client.force_login(UserFactory.create(role=role))
    assert (
        client.get(reverse("chains:industrychain_detail", args=(segment.chain_id,))).status_code
        == 200
    )
    assert client.get(reverse("chains:segmentplacement_add")).status_code == 403
    response = client.post(reverse("chains:segmentplacement_decide", args=(pending.pk, "accept")))
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == PlacementStatus.SUGGESTED


@pytest.mark.django_db
def test_an_enterprise_user_sees_no_chain(client: Client) -> None:
    segment = ChainSegmentFactory.create()
    organization = OrganizationFactory.create()
    client.force_login(UserFactory.create(role=RoleKind.ENTERPRISE, organization=organization))
    assert (
        client.get(reverse("chains:industrychain_detail", args=(segment.chain_id,))).status_code
        == 404
    )
    assert client.get(reverse("chains:segment_experts", args=(segment.pk,))).status_code == 404


@pytest.mark.django_db
def test_a_secret_need_placed_is_neither_counted_nor_listed_for_staff_not_assigned(
    signed_in: Client,
) -> None:
    segment = ChainSegmentFactory.create()
    need = submitted()
    type(need).objects.filter(pk=need.pk).update(confidentiality="secret")
    placement = placed(need, segment)
    listed = signed_in.get(f"{reverse('chains:segmentplacement_list')}?segment={segment.pk}")
    assert need.title not in listed.content.decode()
    detail = signed_in.get(reverse("chains:segmentplacement_detail", args=(placement.pk,)))
    assert detail.status_code == 404
