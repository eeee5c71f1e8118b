from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework / all-round cooperation")
    JOINT_CENTER = "joint_center", _("Joint center")
    TECH_DEVELOPMENT = "tech_development", _("Technology development contract")
    TECH_TRANSFER = "tech_transfer", _("Technology transfer contract")
    TECH_LICENSING = "tech_licensing", _("Technology licensing contract")
    TECH_CONSULTING = "tech_consulting", _("Technology consulting contract")
    TECH_SERVICE = "tech_service", _("Technology service contract")
    TALENT_TRAINING = "talent_training", _("Talent training")
    INCUBATION = "incubation", _("Incubation")
    INVESTMENT = "investment", _("Investment")
    MOU = "mou", _("Memorandum of understanding")


# The five technical-contract types of China's Civil Code (book III, chapter 20).
TECHNICAL_CONTRACT_KINDS = frozenset(
    {
        AgreementKind.TECH_DEVELOPMENT,
        AgreementKind.TECH_TRANSFER,
        AgreementKind.TECH_LICENSING,
        AgreementKind.TECH_CONSULTING,
        AgreementKind.TECH_SERVICE,
    }
)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# The allowed moves of an agreement's status: for each status, those it is reached from.
# draft → under review → signed → in force → completed | expired | terminated
AGREEMENT_MOVES = Moves(
    {
        AgreementStatus.UNDER_REVIEW: {AgreementStatus.DRAFT},
        AgreementStatus.SIGNED: {AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW},
        AgreementStatus.IN_FORCE: {AgreementStatus.SIGNED},
        AgreementStatus.COMPLETED: {AgreementStatus.IN_FORCE},
        AgreementStatus.EXPIRED: {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE},
        AgreementStatus.TERMINATED: {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE},
    }
)
# Read from the table: not signed yet is where signing starts from; signed is every other
# status; ended is where no move leads on.
UNSIGNED_STATUSES = AGREEMENT_MOVES.into(AgreementStatus.SIGNED)
SIGNED_STATUSES = frozenset(str(s) for s in AgreementStatus) - UNSIGNED_STATUSES
ENDED_STATUSES = AGREEMENT_MOVES.final(AgreementStatus)
# Signed and not ended yet: its expiry and milestones matter. In the order of the choices.
RUNNING_STATUSES = tuple(s for s in AgreementStatus if s in SIGNED_STATUSES - ENDED_STATUSES)


class PartyRole(models.TextChoices):
    INSTITUTE = "institute", _("The institute")
    PARTNER = "partner", _("Partner")
    CLIENT = "client", _("Client")
    CONTRACTOR = "contractor", _("Contractor")
    LICENSOR = "licensor", _("Licensor")
    LICENSEE = "licensee", _("Licensee")
    INVESTOR = "investor", _("Investor")
    WITNESS = "witness", _("Witness")
    # A technology broker (an organization acting as intermediary, 居间) who brought the parties
    # together, on commission.
    INTERMEDIARY = "intermediary", _("Intermediary")


# The technical-contract registration (技术合同认定登记) ------------------------------------


class RegistrationStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    APPLIED = "applied", _("Applied for")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")


# prepared → applied → registered | not registered (the registry's decision)
REGISTRATION_MOVES = Moves(
    {
        RegistrationStatus.APPLIED: {RegistrationStatus.PREPARED},
        RegistrationStatus.REGISTERED: {RegistrationStatus.APPLIED},
        RegistrationStatus.NOT_REGISTERED: {RegistrationStatus.APPLIED},
    }
)
DECIDED_REGISTRATION_STATUSES = REGISTRATION_MOVES.final(RegistrationStatus)


class RegistrationDecision(models.TextChoices):
    """The registry's two answers, the statuses a decision moves an application to."""

    REGISTERED = RegistrationStatus.REGISTERED.value, _("Registered as a technical contract")
    NOT_REGISTERED = RegistrationStatus.NOT_REGISTERED.value, _("Not registered")


class RegistrationContractType(models.TextChoices):
    """The contract type on the registration form; which ones a version of the rules knows is
    in `registration_forms`."""

    DEVELOPMENT = "development", _("Technology development")
    TRANSFER = "transfer", _("Technology transfer")
    LICENSING = "licensing", _("Technology licensing")
    CONSULTING = "consulting", _("Technology consulting")
    SERVICE = "service", _("Technology service")
    BROKERAGE = "brokerage", _("Technology brokerage")
