"""No serious or critical axe-core violation on any page shape, in either language.

A page shape is a route of the pages (each app's list, record, form, step panel, chart page…)
or an admin page (its index, an app's index, every model's changelist and change form, and
one of each of its other pages). The routes are read from the URL configuration, so a new
page is audited as soon as it is routed, and one this module cannot open (a new keyword
argument) fails with its name instead of going unaudited. One browser, one server and one
load of the demo institute serve every page; each page is loaded once per language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Count, Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, AgreementAttachment
from liaison.centers.models import Center
from liaison.core.exports import ExportJob
from liaison.core.steps import Transition
from liaison.demo.loader import load_demo
from liaison.disclosures.models import Disclosure, DisclosureAttachment
from liaison.needs.choices import Decision
from liaison.needs.models import TechnicalNeed
from liaison.opencalls.models import CallApplication, CallAttachment
from liaison.operations.imports.jobs import FINISHED, ImportJob
from liaison.operations.imports.runs import KindReport, Report
from liaison.organizations.models import Organization
from liaison.patents.choices import Jurisdiction, OfficeActionKind, PatentStatus
from liaison.patents.models import OfficeAction, Patent
from liaison.patents.services import office_action_create
from liaison.reports import catalogue
from liaison.reports.periods import Period

from .axe import blocking_violations, describe, with_axe
from .conftest import log_in

# Routes that answer with no page of their own to audit: files, exports, the pickers' and
# panels' fragments (audited inside the pages that load them), and the targets of forms.
NOT_PAGES = {
    "set_language",
    "favicon",
    "lookup",
    "export_download",
    "agreements:agreementattachment_download",
    "agreements:contractregistration_certificate",
    "disclosures:disclosureattachment_download",
    "disclosures:inventor_lookup",
    "patents:feepayment_download",
    "transfer:rewardpolicy_download",
    "matching:need_candidates",
    "matching:need_find",
    "matching:candidate_decide",
    # The industry chains' suggestion and decision buttons: answers to a form.
    "matching:chain_suggest",
    "matching:segment_suggest",
    "chains:segmentplacement_decide",
    # Answers to a form or a file, no page of their own.
    "people:me_accept",
    "people:me_decline",
    "needs:needattachment_download",
    "needs:needmessage_add",
    "portal:need_message",
    "portal:need_attach",
    "portal:need_withdraw",
    "portal:need_rate",
    "opencalls:callattachment_download",
    "portal:opencall_consent",
    "portal:opencall_apply",
    "portal:application_review",
    "portal:application_withdraw",
    "portal:invitation_revoke",
    # An enterprise's own records and a one-time link: walked as an enterprise user by
    # tests/browser/test_portal.py.
    "portal:accept",
    "portal:need",
    "portal:agreement",
    "portal:opencall",
    # An event's registration form (walked by tests/browser/test_market_journey.py) and the
    # answer to a registration's cancel button.
    "portal:market_register",
    "portal:market_cancel",
    # A report's files, its save, a job of it and a saved one: walked by
    # tests/browser/test_report.py.
    "report_file",
    "annual_report_file",
    "report_save",
    "saved_report",
    "saved_report_file",
    "report_job",
    "report_job_download",
    # Imports: a template's file, the answers to the export and confirm buttons.
    "operations:import_template",
    "operations:export_all",
    "operations:import_confirm",
}
# The API answers programs in JSON; of its addresses only the tokens page is a page (its
# documentation is walked by tests/browser/test_api_docs.py).
API_PAGES = {"api:token_list"}

LANGUAGES = ("en", "zh-hans")


def _routes() -> Iterator[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every named route of the pages, the admin's left out."""

    def walk(resolver: URLResolver, namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = ":".join(n for n in (namespace, pattern.namespace) if n)
                yield from walk(pattern, inner)
            elif pattern.name:
                yield ":".join(n for n in (namespace, pattern.name) if n), pattern

    yield from walk(get_resolver(), "")


def _page_routes() -> dict[str, URLPattern]:
    return {
        name: pattern
        for name, pattern in _routes()
        if name not in NOT_PAGES
        and not name.endswith("_export")
        and (not name.startswith("api:") or name in API_PAGES)
    }


def _view_model(pattern: URLPattern) -> type[Model]:
    view_class: Any = pattern.callback.view_class  # type: ignore[attr-defined]
    return view_class.queryset.model


def _richest(model: type[Model]) -> Model:
    """The record of `model` whose page shows the most: panels full, lists long."""
    chosen: dict[type[Model], Callable[[], Model | None]] = {
        Center: lambda: Center.objects.filter(name_en="Biomedical Materials Center").first(),
        Organization: lambda: Organization.objects.filter(is_institute=True).first(),
        # Undecided candidates: their evidence and Accept/Reject buttons are on the page.
        TechnicalNeed: lambda: (
            TechnicalNeed.objects.filter(candidates__decision=Decision.PENDING)
            .order_by("pk")
            .first()
        ),
        Agreement: lambda: (
            Agreement.objects.filter(attachments__isnull=False).order_by("pk").first()
        ),
        Achievement: lambda: (
            Achievement.objects.annotate(n=Count("stage_history")).order_by("-n", "pk").first()
        ),
    }
    record = chosen[model]() if model in chosen else model._default_manager.order_by("pk").first()
    assert record is not None, f"the demo institute has no {model.__name__}"
    return record


def _offering(model: type[Model], transition: Transition) -> Model:
    """A record the step is offered for, so its panel shows as a person meets it."""
    for record in model._default_manager.order_by("pk").iterator():
        if transition.offered_for(record):
            return record
    return _richest(model)


def app_pages(user: Any) -> dict[str, str]:
    """Every page shape of the app, by route name (a step: `route step`), to its address."""
    pages: dict[str, str] = {}
    for name, pattern in _page_routes().items():
        keys = set(pattern.pattern.converters)
        if name.endswith("_action"):
            model = _view_model(pattern)
            view_class: Any = pattern.callback.view_class  # type: ignore[attr-defined]
            for transition in view_class.actions:
                record = _offering(model, transition)
                pages[f"{name} {transition.name}"] = reverse(
                    name, args=(record.pk, transition.name)
                )
        elif keys == {"pk"}:
            model = (
                Organization
                if name in {"organizations:organization_timeline", "portal:invitations"}
                else _view_model(pattern)
            )
            pages[name] = reverse(name, args=(_richest(model).pk,))
        elif name == "figure":
            # Each kind of record a figure lists has columns of its own: one figure of each.
            shown: dict[type[Model], str] = {}
            for metric in catalogue.latest():
                rows = metric.rows(Period.as_of(datetime.date.today()), catalogue.SYSTEM, None)
                shown.setdefault(rows.model, metric.key)
            for key in shown.values():
                pages[f"{name} {key}"] = reverse(name, args=(key,))
        elif name == "export_job":
            job = ExportJob.new(user_id=user.pk, format="csv", filename="needs", total=4000)
            pages[name] = reverse(name, args=(job.token,))
        elif name == "operations:import_job":
            pages[name] = reverse(name, args=(refused_dry_run(user).token,))
        elif name.endswith("_list"):
            # Five rows show a list's shape as well as fifty, in a tenth of axe's time.
            pages[name] = reverse(name) + "?per_page=5"
        elif name == "search":
            pages[name] = reverse(name) + "?q=wound"
        else:
            assert not keys, f"{name} takes {keys}: say here which record it opens"
            pages[name] = reverse(name)
    return pages


def refused_dry_run(user: Any) -> ImportJob:
    """An import's dry run with a refused row: its counts, its errors and the form again."""
    job = ImportJob.new(
        user_id=user.pk, filename="institute.xlsx", extension="xlsx", content=b"", language="en"
    )
    rows = [
        {"row": 2, "action": "created", "record": "甲科技有限公司", "errors": []},
        {"row": 3, "action": "refused", "record": "", "errors": [("Kind", "“x” is not a kind.")]},
    ]
    kinds = [
        KindReport(key="organizations", title="organizations", sheet="organizations", rows=rows)
    ]
    job.report = Report(dry_run=True, kinds=kinds).as_dict()
    job.state = FINISHED
    job.save()
    return job


def admin_pages() -> dict[str, str]:
    """The admin's index, an app's index, each model's changelist and change form, and one
    page of each other kind the admin has (add, history, delete, a lifecycle step)."""
    pages = {"admin:index": reverse("admin:index")}
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        # A few rows (a filter on the model's own field, which the admin allows) show the
        # changelist's shape as well as a page of fifty.
        pages[f"{info}_changelist"] = reverse(f"{info}_changelist") + "?id__lte=3"
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            pages[f"{info}_change"] = reverse(f"{info}_change", args=(record.pk,))
    need = _richest(TechnicalNeed)
    need_admin = "admin:needs_technicalneed"
    pages["admin:app_list"] = reverse("admin:app_list", args=("needs",))
    pages["admin add"] = reverse("admin:organizations_organization_add")
    pages["admin history"] = reverse(f"{need_admin}_history", args=(need.pk,))
    pages["admin delete"] = reverse(f"{need_admin}_delete", args=(need.pk,))
    solve = next(t for t in admin.site._registry[TechnicalNeed].transitions if t.name == "solve")  # type: ignore[attr-defined]
    solvable = _offering(TechnicalNeed, solve)
    pages["admin step"] = reverse(f"{need_admin}_transition", args=(solvable.pk, "solve"))
    pages["admin password change"] = reverse("admin:password_change")
    return pages


def test_axe_reports_a_field_without_a_label(page: Page, axe_js: str) -> None:
    # The check itself must be able to fail: a bare input is a critical violation.
    page.set_content('<html lang="en"><title>t</title><main><input type="text"></main></html>')

    violations = blocking_violations(page, axe_js)

    assert "label" in {v["id"] for v in violations}, describe(violations)


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_has_no_serious_violation(
    browser: Browser, live_server: Any, axe_js: str, language: str
) -> None:
    context = _context(browser, live_server, language)
    page = context.new_page()
    page.goto(reverse("login"))

    violations = blocking_violations(page, axe_js)

    context.close()
    assert not violations, describe(violations)


def _context(browser: Browser, live_server: Any, language: str) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(8_000)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    return context


def _audit(
    context: BrowserContext, pages: dict[str, str], axe_js: str, language: str
) -> dict[str, str]:
    """The blocking violations of each page (name → description), one load per page."""
    found: dict[str, str] = {}
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    for name, url in pages.items():
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # an empty error answer is no page to audit
            found[f"{name} [{language}] {url}"] = error.message.splitlines()[0]
            page.goto("about:blank")
            continue
        assert response is not None
        if response.status >= 400:
            found[f"{name} [{language}] {url}"] = f"answered {response.status}"
            continue
        if page.locator("html").get_attribute("lang") != language:
            found[f"{name} [{language}] {url}"] = "not in the language asked for"
            continue
        violations = blocking_violations(page, axe_js)
        if violations:
            found[f"{name} [{language}] {url}"] = describe(violations)
    assert not errors, "script errors on the pages:\n" + "\n".join(errors)
    return found


def test_every_page_shape_has_no_serious_violation_in_either_language(
    browser: Browser, live_server: Any, axe_js: str
) -> None:
    load_demo(scale=1, progress=False)
    agreement = Agreement.objects.order_by("pk").first()
    assert agreement is not None
    AgreementAttachment.objects.create(
        agreement=agreement, file=ContentFile(b"%PDF-1.4\n", name="contract.pdf")
    )
    # The demo's disclosures carry no documents: one, for the document's page.
    disclosure = Disclosure.objects.order_by("pk").first()
    assert disclosure is not None
    DisclosureAttachment.objects.create(
        disclosure=disclosure,
        title="实验记录",
        file=ContentFile(b"%PDF-1.4\n", name="notes.pdf"),
    )
    # The demo's applications to open calls carry no documents: one, for the document's page.
    application = CallApplication.objects.order_by("pk").first()
    assert application is not None
    CallAttachment.objects.create(
        application=application, title="技术方案", file=ContentFile(b"%PDF-1.4\n", name="plan.pdf")
    )
    if not OfficeAction.objects.exists():
        # The demo's applications have no office action on record: one, for its pages.
        office_action_create(
            by=None,
            patent=Patent.objects.filter(status=PatentStatus.PENDING, jurisdiction=Jurisdiction.CN)
            .order_by("pk")
            .first(),
            kind=OfficeActionKind.FIRST_OPINION,
            issued_on=datetime.date.today() - datetime.timedelta(days=20),
            summary="权利要求1不具备创造性。",
        )
    user = get_user_model().objects.create_superuser(username="auditor", password="x")
    pages = {**app_pages(user), **admin_pages()}
    found: dict[str, str] = {}

    for language in LANGUAGES:
        context = _context(browser, live_server, language)
        with_axe(context, axe_js)
        log_in(context, user, live_server.url)
        found |= _audit(context, pages, axe_js, language)
        context.close()

    assert not found, f"{len(found)} of {2 * len(pages)} pages:\n" + "\n".join(
        f"{name}:\n{text}" for name, text in found.items()
    )


def test_form_with_errors_has_no_serious_violation(staff_page: Page, axe_js: str) -> None:
    staff_page.goto(reverse("organizations:organization_add"))
    staff_page.get_by_role("button", name="Save").click()
    expect(staff_page.get_by_text("Please correct the errors below.")).to_be_visible()

    violations = blocking_violations(staff_page, axe_js)

    assert not violations, describe(violations)
