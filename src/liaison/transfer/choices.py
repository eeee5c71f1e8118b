from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class PricingMethod(models.TextChoices):
    """How the price of a transfer, licence or investment was set (Art. 18 of the 2015 law)."""

    AGREEMENT = "agreement", _("Agreed between the parties")
    EXCHANGE = "exchange", _("Listed on a technology exchange")
    AUCTION = "auction", _("Auction")


# An agreed price is noticed inside the institute; a price found on an exchange or at auction
# is public by the way it was found, so the record keeps only its evidence.
NOTICED_PRICING = frozenset({PricingMethod.AGREEMENT})


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# draft → posted → concluded | withdrawn; a price found on an exchange or at auction is
# concluded from the draft, with its evidence (no notice period).
NOTICE_MOVES = Moves(
    {
        NoticeStatus.POSTED: {NoticeStatus.DRAFT},
        NoticeStatus.CONCLUDED: {NoticeStatus.DRAFT, NoticeStatus.POSTED},
        NoticeStatus.WITHDRAWN: {NoticeStatus.DRAFT, NoticeStatus.POSTED},
    }
)


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


OBJECTION_MOVES = Moves(
    {
        ObjectionOutcome.UPHELD: {ObjectionOutcome.PENDING},
        ObjectionOutcome.DISMISSED: {ObjectionOutcome.PENDING},
    },
    field="outcome",
)


class IncomeKind(models.TextChoices):
    TRANSFER = "transfer", _("Transfer price")
    LICENCE = "licence", _("Licence fee")
    ROYALTY = "royalty", _("Royalty")
    EQUITY = "equity", _("Equity (shares or contribution formed)")
    DIVIDEND = "dividend", _("Dividend or sale of shares")
    OTHER = "other", _("Other")


class CostKind(models.TextChoices):
    AGENT = "agent", _("Patent agent")
    EVALUATION = "evaluation", _("Evaluation")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class RewardBasis(models.TextChoices):
    """What a reward rests on: the three cases of Art. 45, and the patent rules' grant bonus."""

    TRANSFER_LICENCE = "transfer_licence", _("Transfer or licence: net income")
    EQUITY = "equity", _("Equity investment: shares or contribution formed")
    IMPLEMENTATION = "implementation", _("Own or cooperative implementation: operating profit")
    GRANT_BONUS = "grant_bonus", _("Patent granted: bonus")


class RewardRegime(models.TextChoices):
    """Which statutory regime an institute's policy follows (it chooses and documents it)."""

    TRANSFORMATION_LAW = (
        "transformation_law",
        _("Law on Promoting the Transformation of S&T Achievements, Art. 45"),
    )
    PATENT_RULES = "patent_rules", _("Patent Law Implementing Rules: one reward, two remunerations")


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


# proposed → approved (by someone other than the proposer) → paid (when every share is);
# proposed → rejected.
REWARD_MOVES = Moves(
    {
        RewardStatus.APPROVED: {RewardStatus.PROPOSED},
        RewardStatus.PAID: {RewardStatus.APPROVED},
        RewardStatus.REJECTED: {RewardStatus.PROPOSED},
    }
)
