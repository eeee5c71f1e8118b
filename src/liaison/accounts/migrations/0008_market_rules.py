"""The market's rules, for roles made before brokers, market events and open calls; and the
technology broker's role, for installations made before it.

A role made after this (a new installation) has them from `accounts.roles.DEFAULT_ROLES`; a
role that already names a record type of a rule keeps what its administrator made of it.
"""

from django.db import migrations

ALL = ["view", "add", "change", "delete"]
COMMISSION = ["brokers.commissionpayment"]
APPLICATIONS = ["opencalls.callapplication", "opencalls.callattachment", "opencalls.callreview"]
EVENTS = ["market.marketevent", "market.eventachievement", "market.eventneed"]

RULES = {
    "staff": [(COMMISSION + APPLICATIONS, ALL, "all")],
    "center_manager": [(APPLICATIONS, ["view", "add", "change"], "centers")],
    "researcher": [
        (["opencalls.opencall"], ["view"], "all"),
        (APPLICATIONS, ["view", "add", "change"], "own"),
    ],
    "enterprise": [
        (EVENTS, ["view"], "all"),
        (["market.eventattendance"], ["view", "add", "change"], "organization"),
        (["opencalls.opencall"], ["view"], "all"),
        (APPLICATIONS, ["view", "add", "change"], "organization"),
    ],
    "leadership": [(COMMISSION, ["view"], "all")],
    "administrator": [(APPLICATIONS, ALL, "all"), (COMMISSION, ALL, "all")],
}
BROKER = "Technology broker"


def add_rules(apps, schema_editor):
    from liaison.accounts.roles import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    Rule = apps.get_model("accounts", "Rule")
    for kind, rules in RULES.items():
        for role in Role.objects.filter(kind=kind).exclude(name=BROKER):
            named = {t for rule in Rule.objects.filter(role=role) for t in rule.record_types}
            for record_types, actions, scope in rules:
                if named.isdisjoint(record_types):
                    Rule.objects.create(
                        role=role, record_types=record_types, actions=actions, scope=scope
                    )
    spec = next(spec for spec in DEFAULT_ROLES if spec["name"] == BROKER)
    role, created = Role.objects.get_or_create(
        kind=spec["kind"],
        name=spec["name"],
        defaults={
            "clearance": spec["clearance"],
            "sees_contacts": spec["sees_contacts"],
            "description": spec["description"],
        },
    )
    if created:
        for record_types, actions, scope in spec["rules"]:
            Rule.objects.create(
                role=role, record_types=list(record_types), actions=list(actions), scope=scope
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_incubation_training_rules")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
