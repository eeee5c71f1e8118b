from django.db import migrations


def install(apps, schema_editor):
    from liaison.accounts.roles import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    Rule = apps.get_model("accounts", "Rule")
    for spec in DEFAULT_ROLES:
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
    dependencies = [("accounts", "0002_roles_invitations_audit")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
