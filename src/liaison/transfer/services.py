"""Writes to the transfer side's records; see the app's models."""

from __future__ import annotations

from liaison.core import permissions

from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare

# A price notice is posted inside the institute for all to read: the roles' "*" reach it.
permissions.scoped(
    PriceNotice, organization="agreement__organizations", center="achievement__center"
)
permissions.scoped(
    PriceObjection,
    organization="notice__agreement__organizations",
    center="notice__achievement__center",
)
# Income, costs and rewards are confidential: outside "*", named for the roles that handle
# them (accounts.roles MONEY_MODELS); a researcher sees only their own share of a reward.
permissions.scoped(Income, center="achievement__center", domain=False)
permissions.scoped(Cost, center="achievement__center", domain=False)
permissions.scoped(RewardPolicy, domain=False)
permissions.scoped(Reward, center="achievement__center", domain=False)
permissions.scoped(
    RewardShare, center="reward__achievement__center", own="person__user", domain=False
)
