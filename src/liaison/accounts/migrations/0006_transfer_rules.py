"""The transfer core's rules, for roles made before disclosures, patents, income and rewards.

A role made after this (a new installation) has them from `accounts.roles.DEFAULT_ROLES`; a
role that already names a record type of a rule keeps what its administrator made of it.
"""

from django.db import migrations

DISCLOSURES = [
    "disclosures.disclosure",
    "disclosures.disclosureinventor",
    "disclosures.disclosurefunding",
    "disclosures.disclosureattachment",
]
PATENTS = ["patents.patent", "patents.feepayment", "patents.officeaction"]
MONEY = [
    "transfer.income",
    "transfer.cost",
    "transfer.rewardpolicy",
    "transfer.reward",
    "transfer.rewardshare",
]
ALL = ["view", "add", "change", "delete"]

RULES = {
    "staff": [(MONEY, ALL, "all")],
    "center_manager": [(DISCLOSURES + PATENTS, ALL, "centers")],
    "researcher": [
        (DISCLOSURES, ["view", "add", "change"], "own"),
        (["disclosures.disclosureevent"], ["view"], "own"),
        (["patents.patent"], ["view"], "own"),
        (["transfer.rewardshare"], ["view"], "own"),
    ],
    "leadership": [(MONEY, ["view"], "all")],
    "administrator": [(MONEY, ALL, "all")],
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
    dependencies = [("accounts", "0005_alter_auditevent_kind")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
