"""A need's files and conversation on the staff's pages: download through the permission
check, and the office's question posted from the need's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import writes
from liaison.core.permissions import user_may
from liaison.core.views import generic

from .attachments import MESSAGE_MAX_LENGTH
from .models import NeedAttachment, NeedMessage, TechnicalNeed


def attachment_response(attachment: NeedAttachment) -> FileResponse:
    """The stored file, downloaded (never shown in the page) as the type it was checked to be,
    under the name it was uploaded as."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An enterprise's confidential file stays out of shared caches and the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response


class NeedAttachmentDownloadView(generic.BaseObjectView):
    """A need's file, for whoever may see the need's attachments; a 404 for anyone else."""

    queryset = NeedAttachment.objects.all()

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        return attachment_response(self.get_object())


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_MAX_LENGTH,
    )


def conversation_context(need: TechnicalNeed, user: Any) -> dict[str, Any]:
    """A need's attachments and messages as `user` may see them, for the staff's need page."""
    attachments = list(
        NeedAttachment.objects.restrict(user, "view")
        .filter(need=need)
        .select_related("uploaded_by")
        .order_by("created_at", "pk")
    )
    conversation = list(
        NeedMessage.objects.restrict(user, "view")
        .filter(need=need)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    return {
        "need_attachments": attachments,
        "need_messages": conversation,
        "message_form": MessageForm() if user_may(user, "add", NeedMessage) else None,
        "message_url": reverse("needs:needmessage_add", args=(need.pk,)),
    }


class NeedMessagePostView(generic.BaseObjectView):
    """The office's question (or any message) on a need, posted from the need's page."""

    queryset = TechnicalNeed.objects.all()
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        need = self.get_object("view")
        url = reverse("needs:technicalneed_detail", args=(need.pk,))
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    writes.create(
                        NeedMessage, by=request.user, need=need, body=form.cleaned_data["body"]
                    )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Message posted."))
                return HttpResponseRedirect(f"{url}#conversation")
        else:
            for field_errors in form.errors.values():
                for problem in field_errors:
                    messages.error(request, str(problem))
        return HttpResponseRedirect(f"{url}#conversation")
