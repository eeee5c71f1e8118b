"""An enterprise's technical problem is submitted and triaged; a service is recorded and counted."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from liaison.needs.choices import NeedStatus
from liaison.needs.models import ServiceRecord, TechnicalNeed
from tests.centers.factories import CenterFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory

from .steps import choose_record, dashboard_figure, step

NEED_TITLE = "医用敷料抗菌涂层的长期稳定性"
LOCAL_SERVED = "Local organizations served"


def test_office_submits_a_need_and_triages_it_to_a_center(staff_page: Page) -> None:
    page = staff_page
    OrganizationFactory.create(
        name_zh="浙江伊鼎医用敷料有限公司", name_en="Zhejiang Yiding Medical Dressing"
    )
    CenterFactory.create(name_en="Biomedical Materials Center", name_zh="生物医用材料中心")
    page.goto(reverse("needs:technicalneed_add"))
    page.get_by_label("Title", exact=True).fill(NEED_TITLE)
    choose_record(page.locator(".field-organization"), "伊鼎", "Zhejiang Yiding Medical Dressing")
    page.get_by_label("Description", exact=True).fill(
        "敷料的银离子抗菌涂层在储存六个月后效果下降，希望找到稳定涂层的工艺。"
    )
    page.get_by_label("Biomaterials").check()
    page.get_by_label("Submitted on", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(NEED_TITLE)
    need = TechnicalNeed.objects.get(title=NEED_TITLE)
    assert need.status == NeedStatus.SUBMITTED

    step(
        page,
        "Triage",
        lambda form: choose_record(
            form.locator(".field-assigned_center"), "Biomedical", "Biomedical Materials Center"
        ),
    )

    expect(page.get_by_text("Triaged", exact=True).first).to_be_visible()
    need.refresh_from_db()
    assert need.status == NeedStatus.TRIAGED
    assert need.assigned_center is not None
    assert need.assigned_center.name_en == "Biomedical Materials Center"


def test_service_to_a_local_enterprise_raises_the_dashboard_figure(staff_page: Page) -> None:
    page = staff_page
    InstituteFactory.create()
    OrganizationFactory.create(name_zh="温州瓯海阀门厂", name_en="Ouhai Valve Works", city="温州市")
    before = dashboard_figure(page, LOCAL_SERVED)

    page.goto(reverse("needs:servicerecord_add"))
    page.get_by_label("Title", exact=True).fill("阀门密封材料耐腐蚀检测")
    page.get_by_label("Kind", exact=True).select_option(label="Testing and analysis")
    choose_record(page.locator(".field-organization"), "阀门", "Ouhai Valve Works")
    page.get_by_label("Delivered on", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("阀门密封材料耐腐蚀检测")
    assert ServiceRecord.objects.filter(organization__name_en="Ouhai Valve Works").count() == 1
    assert dashboard_figure(page, LOCAL_SERVED) == before + 1
