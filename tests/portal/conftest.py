"""An organization with its enterprise user signed in, another organization beside it, and
uploaded files kept in a folder of the test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory

# The smallest real PDF: what the attachment tests upload.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def enterprise(db: None) -> Organization:
    return OrganizationFactory.create(name_en="Yiding Dressings", name_zh="伊鼎医用敷料")


@pytest.fixture
def other_enterprise(db: None) -> Organization:
    return OrganizationFactory.create(name_en="Ouhai Valves", name_zh="瓯海阀门")


@pytest.fixture
def contact(enterprise: Organization) -> User:
    return UserFactory.create(role=RoleKind.ENTERPRISE, organization=enterprise)


@pytest.fixture
def other_contact(other_enterprise: Organization) -> User:
    return UserFactory.create(role=RoleKind.ENTERPRISE, organization=other_enterprise)


@pytest.fixture
def portal(client: Client, contact: User) -> Client:
    """The test client, signed in as the enterprise's contact."""
    client.force_login(contact)
    return client
