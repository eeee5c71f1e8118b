from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "agreements"

urlpatterns = [
    *object_urls(
        "agreement",
        list=views.AgreementListView,
        detail=views.AgreementView,
        edit=views.AgreementEditView,
        delete=views.AgreementDeleteView,
    ),
    *object_urls(
        "agreementattachment",
        detail=views.AgreementAttachmentView,
        edit=views.AgreementAttachmentEditView,
        delete=views.AgreementAttachmentDeleteView,
        prefix="attachments/",
    ),
    path(
        "attachments/<int:pk>/download/",
        views.AgreementAttachmentDownloadView.as_view(),
        name="agreementattachment_download",
    ),
    *object_urls(
        "contractregistration",
        list=views.ContractRegistrationListView,
        detail=views.ContractRegistrationView,
        edit=views.ContractRegistrationEditView,
        delete=views.ContractRegistrationDeleteView,
        prefix="registrations/",
    ),
    path(
        "registrations/<int:pk>/certificate/",
        views.ContractRegistrationCertificateView.as_view(),
        name="contractregistration_certificate",
    ),
    *object_urls("paymentmilestone", detail=views.PaymentMilestoneView, prefix="milestones/"),
    *object_urls(
        "signingevent",
        list=views.SigningEventListView,
        detail=views.SigningEventView,
        edit=views.SigningEventEditView,
        delete=views.SigningEventDeleteView,
        prefix="signing-events/",
    ),
    path(
        "signing-events/<int:pk>/programme/",
        views.SigningEventProgrammeView.as_view(),
        name="signingevent_programme",
    ),
]
