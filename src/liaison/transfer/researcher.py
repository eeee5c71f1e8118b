"""The researcher's own page: "Your rewards", their own shares only (never the whole reward)."""

from __future__ import annotations

from typing import Any

from liaison.core.permissions import user_may
from liaison.people.researcher import PageSection, add_section

from .models import RewardShare
from .selectors import own_reward_shares

SHOWN = 20


def own_rewards(*, user: Any, person: Any) -> list[RewardShare] | None:
    """Up to `SHOWN` of the user's own reward shares; None (no section) if their roles show none."""
    if not user_may(user, "view", RewardShare):
        return None
    return list(own_reward_shares(user=user)[:SHOWN])


add_section(
    PageSection(key="rewards", template="transfer/me_rewards.html", data=own_rewards, order=40)
)
