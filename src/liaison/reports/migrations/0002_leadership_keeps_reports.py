"""Leadership keeps the reports it states: its roles made before saved reports existed get the rule.

A role made after this (a new installation) has it from `accounts.roles.DEFAULT_ROLES`.
"""

from django.db import migrations

RECORD_TYPE = "reports.savedreport"


def add_rule(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Rule = apps.get_model("accounts", "Rule")
    for role in Role.objects.filter(kind="leadership"):
        if any(RECORD_TYPE in rule.record_types for rule in Rule.objects.filter(role=role)):
            continue
        Rule.objects.create(
            role=role, record_types=[RECORD_TYPE], actions=["add", "change", "delete"], scope="own"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
