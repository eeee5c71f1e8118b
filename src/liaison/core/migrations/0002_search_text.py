"""PostgreSQL: the function the search indexes are built on (core.textsearch). Nothing on
SQLite."""

from typing import Any

from django.db import migrations

from liaison.core.textsearch import CREATE_BIGRAMS_FUNCTION, DROP_BIGRAMS_FUNCTION


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_BIGRAMS_FUNCTION)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_BIGRAMS_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
