"""The lifecycle steps of price notices, objections, rewards and reward shares, declared once
for their pages and the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import (
    NOTICE_MOVES,
    NOTICED_PRICING,
    OBJECTION_MOVES,
    REWARD_MOVES,
    NoticeStatus,
    ObjectionOutcome,
    RewardStatus,
)
from .forms import (
    AddShareForm,
    ApproveRewardForm,
    ConcludeNoticeForm,
    DecideObjectionForm,
    PayForm,
    PostNoticeForm,
    RaiseObjectionForm,
    RejectRewardForm,
    WithdrawNoticeForm,
)

POST_NOTICE = Transition(
    name="post",
    label=_("Post the notice"),
    service=services.notice_post,
    target="notice",
    form=PostNoticeForm,
    offered_from=NOTICE_MOVES.into(NoticeStatus.POSTED),
    offered_when=lambda notice: notice.pricing in NOTICED_PRICING,
)
RAISE_OBJECTION = Transition(
    name="raise-objection",
    label=_("Record an objection"),
    service=services.notice_object,
    target="notice",
    form=RaiseObjectionForm,
    offered_from={NoticeStatus.POSTED},
)
CONCLUDE_NOTICE = Transition(
    name="conclude",
    label=_("Conclude the notice"),
    service=services.notice_conclude,
    target="notice",
    form=ConcludeNoticeForm,
    offered_from=NOTICE_MOVES.into(NoticeStatus.CONCLUDED),
    # An agreed price concludes once posted; a price found on an exchange or at auction from
    # its draft.
    offered_when=lambda notice: (
        notice.status == NoticeStatus.POSTED or notice.pricing not in NOTICED_PRICING
    ),
)
WITHDRAW_NOTICE = Transition(
    name="withdraw",
    label=_("Withdraw the notice"),
    service=services.notice_withdraw,
    target="notice",
    form=WithdrawNoticeForm,
    offered_from=NOTICE_MOVES.into(NoticeStatus.WITHDRAWN),
)
NOTICE_STEPS = (POST_NOTICE, RAISE_OBJECTION, CONCLUDE_NOTICE, WITHDRAW_NOTICE)

DECIDE_OBJECTION = Transition(
    name="decide",
    label=_("Decide the objection"),
    service=services.objection_decide,
    target="objection",
    form=DecideObjectionForm,
    offered_from=OBJECTION_MOVES.into(ObjectionOutcome.UPHELD),
)
OBJECTION_STEPS = (DECIDE_OBJECTION,)

ADD_SHARE = Transition(
    name="add-share",
    label=_("Add a contributor's share"),
    service=services.reward_add_share,
    target="reward",
    form=AddShareForm,
    offered_from={RewardStatus.PROPOSED},
)
APPROVE_REWARD = Transition(
    name="approve",
    label=_("Approve"),
    service=services.reward_approve,
    target="reward",
    form=ApproveRewardForm,
    offered_from=REWARD_MOVES.into(RewardStatus.APPROVED),
)
REJECT_REWARD = Transition(
    name="reject",
    label=_("Reject"),
    service=services.reward_reject,
    target="reward",
    form=RejectRewardForm,
    offered_from=REWARD_MOVES.into(RewardStatus.REJECTED),
)
PAY_REWARD = Transition(
    name="pay",
    label=_("Record the payment of every share"),
    service=services.reward_pay,
    target="reward",
    form=PayForm,
    offered_from=REWARD_MOVES.into(RewardStatus.PAID),
)
REWARD_STEPS = (ADD_SHARE, APPROVE_REWARD, REJECT_REWARD, PAY_REWARD)

PAY_SHARE = Transition(
    name="pay",
    label=_("Record the payment"),
    service=services.share_pay,
    target="share",
    form=PayForm,
    offered_when=lambda share: (
        share.paid_on is None and share.reward.status == RewardStatus.APPROVED
    ),
)
SHARE_STEPS = (PAY_SHARE,)
