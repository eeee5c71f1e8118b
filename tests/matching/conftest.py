from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings

from liaison.matching import signals, storage


@pytest.fixture(autouse=True)
def index_dir(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """Each test its own matching index, so no test sees another's documents."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    storage.forget_readers()
    signals.discard_pending()
    yield settings.MATCHING_INDEX_DIR
    storage.forget_readers()


@pytest.fixture
def jobs(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> Callable[[], AbstractContextManager[list[Callable[[], Any]]]]:
    """Run the index jobs that records' changes queue, as their transactions commit.

    Tests run inside a transaction that never commits; this runs the on-commit callbacks
    (Huey runs the jobs at once in tests) when the `with` block ends.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
