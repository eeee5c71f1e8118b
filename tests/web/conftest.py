from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    # A request in Chinese leaves Chinese active in the thread; the next test starts afresh.
    yield
    translation.activate("en")
