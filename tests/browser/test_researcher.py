"""A researcher, on a phone, keeps their expertise up to date and accepts a need proposed to them."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from liaison.accounts.choices import RoleKind
from liaison.needs.choices import CandidateKind, Decision
from liaison.needs.models import MatchCandidate
from liaison.needs.services import need_propose_candidates
from tests.accounts.factories import UserFactory
from tests.needs.factories import triaged
from tests.people.factories import PersonFactory

PHONE: ViewportSize = {"width": 390, "height": 844}
PASSWORD = "researcher-pass-123"
NEED_TITLE = "Wound dressing coating that survives sterilization"


def test_researcher_signs_in_edits_their_expertise_and_accepts_a_need(page: Page) -> None:
    user = UserFactory.create(role=RoleKind.RESEARCHER, username="ru", password=PASSWORD)
    person = PersonFactory.create(user=user, name_en="Researcher Ru", expertise=["丝素蛋白"])
    need = triaged()
    need.title = NEED_TITLE
    need.save()
    need_propose_candidates(
        need=need, candidates=[{"kind": CandidateKind.EXPERT, "person": person}], by=None
    )
    page.set_viewport_size(PHONE)

    page.goto("/")
    page.get_by_label("Username").fill("ru")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("people:me")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Researcher Ru")

    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_label("Expertise keywords").fill("丝素蛋白、形状记忆合金")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.locator(".liaison-expertise")).to_contain_text("形状记忆合金")

    page.get_by_role("button", name=f"Accept {NEED_TITLE}").click()

    expect(page.get_by_role("status")).to_contain_text(f"You accepted “{NEED_TITLE}”.")
    expect(page.locator("#matches")).to_contain_text("Accepted")
    expect(page.get_by_role("button", name=f"Decline {NEED_TITLE}")).to_have_count(0)
    # One column at a phone's width: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    person.refresh_from_db()
    assert person.expertise == ["丝素蛋白", "形状记忆合金"]
    candidate = MatchCandidate.objects.get(need=need, person=person)
    assert candidate.decision == Decision.ACCEPTED
    assert candidate.decided_by == user
