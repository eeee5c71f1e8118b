"""Incubation and joint training's rules, for roles made before incubated companies and trainees.

A role made after this (a new installation) has them from `accounts.roles.DEFAULT_ROLES`; a
role that already names a record type of a rule keeps what its administrator made of it.
"""

from django.db import migrations

INCUBATION = [
    "incubation.incubation",
    "incubation.incubationmilestone",
    "incubation.incubationresource",
]
TRAINING = ["training.trainee", "training.supervision"]
ALL = ["view", "add", "change", "delete"]

RULES = {
    "center_manager": [(INCUBATION + TRAINING, ALL, "centers")],
    # An incubated company sees its own record at the incubator; a student their own training.
    "enterprise": [(INCUBATION, ["view"], "organization")],
    "researcher": [(TRAINING, ["view"], "own")],
}


def add_rules(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Rule = apps.get_model("accounts", "Rule")
    for kind, rules in RULES.items():
        for role in Role.objects.filter(kind=kind):
            named = {t for rule in Rule.objects.filter(role=role) for t in rule.record_types}
            for record_types, actions, scope in rules:
                if named.isdisjoint(record_types):
                    Rule.objects.create(
                        role=role, record_types=record_types, actions=actions, scope=scope
                    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_transfer_rules")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
