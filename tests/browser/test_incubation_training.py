"""Incubation and joint training on the pages, as the office works (issue 21).

The office admits a spin-off of an achievement to the incubation center, records the round
it raised and a milestone, graduates it, and the center's funnel moves; it records a student
trained jointly under the all-round agreement with Ningbo University, with a supervisor at
each side, and the agreement's page counts them. Then the same pages in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Locator, Page, expect

from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.centers.choices import CenterKind
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound
from liaison.incubation.choices import IncubationStatus
from liaison.incubation.models import Incubation
from liaison.organizations.choices import OrganizationKind
from liaison.training.models import Trainee
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.centers.factories import CenterFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

from .steps import choose_record, step

CENTER_ZH = "科技创新孵化中心"
CENTER_EN = "Science and Technology Innovation Incubation Center"
COMPANY_EN = "Wenzhou Magnesium Medical"


def _in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(msgid))


def _funnel(page: Page, *, chinese: bool = False) -> Locator:
    """The center page's funnel, from admission to graduation."""
    heading = "From admission to graduation"
    name = _in_chinese(heading) if chinese else heading
    funnel = page.locator("div").filter(has=page.get_by_role("heading", name=name, exact=True))
    expect(funnel.last).to_be_visible()
    return funnel.last


def test_a_spin_off_graduates_and_a_student_trains_under_the_ningbo_agreement(
    staff_page: Page, live_server: Any
) -> None:
    page = staff_page
    today = timezone.localdate()
    institute = InstituteFactory.create()
    center = CenterFactory.create(kind=CenterKind.INCUBATION, name_zh=CENTER_ZH, name_en=CENTER_EN)
    achievement = AchievementFactory.create(
        title_zh="可降解镁合金血管支架", title_en="Biodegradable magnesium stent"
    )
    OrganizationFactory.create(name_zh="温州镁合金医疗科技有限公司", name_en=COMPANY_EN)
    ningbo = OrganizationFactory.create(
        name_zh="宁波大学", name_en="Ningbo University", kind=OrganizationKind.UNIVERSITY
    )
    agreement = AgreementFactory.create(
        kind=AgreementKind.FRAMEWORK,
        title_zh="宁波大学全面合作协议",
        title_en="All-round cooperation agreement with Ningbo University",
        status=AgreementStatus.SIGNED,
        signed_on=today.replace(year=today.year - 1),
    )
    AgreementPartyFactory.create(
        agreement=agreement, organization=institute, role=PartyRole.INSTITUTE
    )
    AgreementPartyFactory.create(agreement=agreement, organization=ningbo, role=PartyRole.PARTNER)
    mentor = PersonFactory.create(name_zh="陈导师", name_en="Chen Mentor")
    AffiliationFactory.create(person=mentor, organization=institute)
    professor = PersonFactory.create(name_zh="王教授", name_en="Wang Professor")
    AffiliationFactory.create(person=professor, organization=ningbo)
    PersonFactory.create(name_zh="林同学", name_en="Lin Student")
    day = today.replace(day=1).isoformat()

    # The center's funnel before: nobody admitted.
    page.goto(reverse("centers:center_detail", args=(center.pk,)))
    expect(_funnel(page)).to_contain_text("Admitted: 0")

    # The office admits the spin-off, founded on the achievement.
    page.goto(reverse("incubation:incubation_add"))
    choose_record(page.locator(".field-organization"), "镁合金", COMPANY_EN)
    choose_record(page.locator(".field-center"), "孵化", CENTER_EN)
    page.locator("#id_origin").select_option(value="spin_off")
    choose_record(page.locator(".field-achievement"), "镁合金", "Biodegradable magnesium stent")
    page.locator("#id_admitted_on").fill(day)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY_EN)
    incubation = Incubation.objects.get()
    assert (incubation.achievement, incubation.center) == (achievement, center)

    step(page, "Start incubating", lambda p: p.locator("#action-form input[type=date]").fill(day))

    def first_customer(p: Page) -> None:
        p.locator("#action-form select").first.select_option(value="first_customer")
        p.locator("#action-form input[type=date]").fill(today.isoformat())

    step(page, "Record a milestone", first_customer)
    assert incubation.milestones.count() == 1

    # Its angel round, recorded and closed.
    page.goto(reverse("financing:financinground_add"))
    choose_record(page.locator(".field-venture"), "镁合金", COMPANY_EN)
    page.locator("#id_kind").select_option(value="angel")
    page.locator("#id_amount").fill("3000000")
    page.locator("#id_announced_on").fill(day)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Created")
    step(
        page,
        "Record the closing",
        lambda p: p.locator("#action-form input[type=date]").fill(today.isoformat()),
    )
    assert FinancingRound.objects.get().status == RoundStatus.CLOSED

    page.goto(reverse("incubation:incubation_detail", args=(incubation.pk,)))
    step(
        page,
        "Graduate",
        lambda p: p.locator("#action-form input[type=date]").fill(today.isoformat()),
    )
    incubation.refresh_from_db()
    assert incubation.status == IncubationStatus.GRADUATED

    # The center's funnel moved, and the financing its companies raised shows.
    page.goto(reverse("centers:center_detail", args=(center.pk,)))
    funnel = _funnel(page)
    expect(funnel).to_contain_text("Admitted: 1")
    expect(funnel).to_contain_text("Graduated: 1")
    expect(page.locator("main")).to_contain_text("1 closed round")

    # A student trained jointly under the Ningbo University agreement, supervised at both sides.
    page.goto(reverse("training:trainee_add"))
    choose_record(page.locator(".field-person"), "林同学", "Lin Student")
    choose_record(
        page.locator(".field-agreement"), "宁波大学", f"{agreement.number} {agreement.title_en}"
    )
    page.locator("#id_level").select_option(value="master")
    page.locator("#id_starts_on").fill(day)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lin Student")
    trainee = Trainee.objects.get()

    def supervisor_of(name: str, side: str) -> Callable[[Page], None]:
        def fill(p: Page) -> None:
            choose_record(p.locator("#action-form .field-supervisor"), name.split()[0], name)
            p.locator("#action-form select[name=side]").select_option(value=side)

        return fill

    for supervisor, side in (("Chen Mentor", "institute"), ("Wang Professor", "partner")):
        step(page, "Add a supervisor", supervisor_of(supervisor, side))
    assert trainee.supervisions.count() == 2

    page.goto(reverse("agreements:agreement_detail", args=(agreement.pk,)))
    expect(page.get_by_role("heading", name="Joint training by year")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 in training")

    # The same pages in Chinese.
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name=_in_chinese("Joint training by year"))).to_be_visible()
    page.goto(reverse("centers:center_detail", args=(center.pk,)))
    expect(page.get_by_role("heading", level=1)).to_contain_text(CENTER_ZH)
    funnel = _funnel(page, chinese=True)
    expect(funnel).to_contain_text(re.compile(re.escape(_in_chinese("Graduated")) + r".*1"))
    page.goto(reverse("incubation:incubation_detail", args=(incubation.pk,)))
    expect(page.locator("main")).to_contain_text("温州镁合金医疗科技有限公司")
    expect(page.locator("main")).to_contain_text(_in_chinese("Graduated"))
