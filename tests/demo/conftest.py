from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from liaison.demo.loader import DemoSummary, load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    """The demo institute at scale 1, loaded once per module and rolled back after it.

    Each test still runs in its own savepoint inside this transaction (the `db` fixture),
    so a test that writes leaves the demo as it was for the next one.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo(scale=1, progress=False)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
