import pytest


@pytest.fixture
def staff_user(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user(
        username="staff", password="staff-pass-123", is_staff=True
    )
