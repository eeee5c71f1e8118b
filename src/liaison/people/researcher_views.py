"""The researcher's own page: their profile, the needs proposed to them, their achievements.

Everything is read for the signed-in user through `restrict`, so it shows only their own
records; the profile is saved through the person's update service (`core.writes.update`),
which checks that they may change it, and an answer through the needs' `candidate_respond`
(`people.researcher.match_source`).
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.forms import form_fields
from liaison.core.history import last_change
from liaison.core.permissions import may
from liaison.core.steps import add_service_error
from liaison.core.versioning import stale_message

from .choices import Honour
from .models import Person
from .researcher import home_is_own_page, match_source, page_sections, person_of
from .researcher_forms import ResearcherProfileForm

UNLINKED_TEMPLATE = "people/me_unlinked.html"
# The most of each the page lists; the rest are on the needs' and achievements' lists, which
# show a researcher only theirs.
MATCHES_SHOWN = 50
ACHIEVEMENTS_SHOWN = 20


def _unlinked(request: HttpRequest) -> HttpResponse:
    """What an account that is no person's (staff, most often) is told instead of a page."""
    # A researcher's home is this page: no link back to it.
    home_url = None if home_is_own_page(request.user) else reverse("home")
    return render(request, UNLINKED_TEMPLATE, {"home_url": home_url})


class MeView(LoginRequiredMixin, View):
    """The researcher's home: their profile, the needs proposed to them, their achievements."""

    template_name = "people/me.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        person = person_of(user)
        if person is None:
            return _unlinked(request)
        labels = dict(Honour.choices)
        source = match_source()
        # One row more than shown says whether there are more, without a count.
        matches = source.read(user=user, limit=MATCHES_SHOWN + 1) if source is not None else None
        achievements = list(
            person.achievements.restrict(user, "view").order_by("-stage_since", "-pk")[
                : ACHIEVEMENTS_SHOWN + 1
            ]
        )
        context = {
            "person": person,
            "honours": [labels.get(h, h) for h in person.honours],
            "affiliations": list(
                person.affiliations.restrict(user, "view")
                .select_related("organization")
                .order_by("-is_primary", "-starts_on", "pk")
            ),
            "edit_url": reverse("people:me_profile") if may(user, "change", person) else None,
            "matches": matches[:MATCHES_SHOWN] if matches is not None else None,
            "more_matches_url": reverse("needs:technicalneed_list")
            if matches is not None and len(matches) > MATCHES_SHOWN
            else None,
            "achievements": achievements[:ACHIEVEMENTS_SHOWN],
            "more_achievements_url": (
                f"{reverse('achievements:achievement_list')}?inventor={person.pk}"
                if len(achievements) > ACHIEVEMENTS_SHOWN
                else None
            ),
            "sections": [
                {"template": section.template, "data": data}
                for section in page_sections()
                if (data := section.data(user=user, person=person)) is not None
            ],
        }
        return render(request, self.template_name, context)


class MeProfileView(LoginRequiredMixin, View):
    """The researcher edits their own profile; a copy someone else saved meanwhile is refused."""

    template_name = "people/me_profile.html"

    def get_person(self) -> Person | None:
        person = person_of(self.request.user)
        if person is not None and not may(self.request.user, "change", person):
            # They see it but may not change it: as for any record, not there to change.
            raise Http404
        return person

    def get(self, request: HttpRequest) -> HttpResponse:
        person = self.get_person()
        if person is None:
            return _unlinked(request)
        return self.render_form(ResearcherProfileForm(instance=person, user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        person = self.get_person()
        if person is None:
            return _unlinked(request)
        form = ResearcherProfileForm(data=request.POST, instance=person, user=request.user)
        if form.is_valid():
            # The service gets the record as stored and the changes, not the form's copy.
            stored = Person._base_manager.get(pk=person.pk)
            try:
                with transaction.atomic():
                    writes.update(
                        stored,
                        by=request.user,
                        version=form.cleaned_data.get("loaded_version"),
                        **form_fields(form, Person),
                    )
            except StaleEditError:
                form.add_error(
                    None, ValidationError(stale_message(Person, person.pk), code="stale")
                )
            except ValidationError as error:
                add_service_error(cast(forms.Form, form), error, Person)
            else:
                messages.success(request, _("Your profile is saved."))
                return HttpResponseRedirect(reverse("people:me"))
        return self.render_form(form, status=400)

    def render_form(self, form: forms.ModelForm[Person], status: int = 200) -> HttpResponse:
        stale = form.has_error(NON_FIELD_ERRORS, "stale")
        current = Person._base_manager.filter(pk=form.instance.pk).first() if stale else None
        context = {
            "object": form.instance,
            "form": form,
            "stale": stale,
            "stale_change": last_change(current) if current is not None else None,
            "cancel_url": reverse("people:me"),
        }
        return render(self.request, self.template_name, context, status=status)


class MeAnswerView(LoginRequiredMixin, View):
    """The researcher accepts or declines a need they are proposed for, then sees their page."""

    accept = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = match_source()
        if source is None:
            raise Http404
        try:
            version: int | None = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            answered = source.answer(user=request.user, pk=pk, accept=self.accept, version=version)
        except ObjectDoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                (_("You accepted “%(need)s”.") if self.accept else _("You declined “%(need)s”."))
                % {"need": answered.need},
            )
        return HttpResponseRedirect(f"{reverse('people:me')}#matches")
