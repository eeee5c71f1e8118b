"""The API's settings from the environment: a wrong one stops Liaison with one clear line."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from liaison.settings.base import env_rate


def test_the_request_rate_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_API_RATE", " 30/hour ")
    assert env_rate("LIAISON_API_RATE", "1200/minute") == "30/hour"
    monkeypatch.delenv("LIAISON_API_RATE")
    assert env_rate("LIAISON_API_RATE", "1200/minute") == "1200/minute"


@pytest.mark.parametrize("rate", ["abc", "0/minute", "100", "100/fortnight", "-5/second"])
def test_a_rate_that_is_not_one_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, rate: str
) -> None:
    monkeypatch.setenv("LIAISON_API_RATE", rate)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_rate("LIAISON_API_RATE", "1200/minute")
    assert str(refused.value) == (
        "LIAISON_API_RATE must be a number of requests per second, minute, hour or day, like "
        f"1200/minute (it is “{rate}”)."
    )
