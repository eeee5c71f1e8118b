from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import audit_admin  # noqa: F401  (the audit log, read-only)
from .models import User

admin.site.register(User, UserAdmin)
