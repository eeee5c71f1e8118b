"""Whether Liaison's database is there and migrated, checked by the commands that need it.

Without the check, a command run outside an installation's folder, or before its database
was migrated, dies in a traceback ("no such table") and SQLite leaves an empty database file
behind. The check looks for a SQLite file before anything connects, since connecting makes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def gettext_noop(message: str) -> str:
    """A message marked for the catalogue, untranslated (Django's own reads the settings)."""
    return message


# Kept untranslated here: the `liaison` command says it before Django's settings are loaded
# (they would make the data folder), where no translation can be looked up yet.
NO_DATABASE = gettext_noop(
    "No Liaison database in %(place)s: run `liaison up` (or `liaison migrate`) first, "
    "or set LIAISON_DATA_DIR."
)


def missing_database_file(database: Mapping[str, Any]) -> Path | None:
    """The SQLite file a database setting names, when it does not exist yet; else None."""
    if not str(database.get("ENGINE", "")).endswith("sqlite3"):
        return None
    name = str(database.get("NAME") or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    path = Path(name)
    return None if path.exists() else path


def _place(database: Mapping[str, Any]) -> str:
    if str(database.get("ENGINE", "")).endswith("sqlite3"):
        return str(Path(str(database["NAME"])).parent)
    return f"{database.get('NAME')} ({database.get('HOST') or 'localhost'})"


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def require_migrated_database(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse, with what to do in one line, when the database is missing or not migrated."""
    # The executor brings in the migration modules: only worth loading once a command runs.
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    database = connection.settings_dict
    if missing_database_file(database) is not None:
        raise CommandError(_(NO_DATABASE) % {"place": _place(database)})
    try:
        executor = MigrationExecutor(connection)
        unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as error:
        raise CommandError(
            _("Liaison cannot open its database %(place)s: %(error)s")
            % {"place": _place(database), "error": _first_line(error)}
        ) from error
    if unapplied:
        raise CommandError(
            ngettext(
                "The Liaison database in %(place)s lacks %(count)d migration: run `liaison "
                "migrate` (or `liaison up`) first.",
                "The Liaison database in %(place)s lacks %(count)d migrations: run `liaison "
                "migrate` (or `liaison up`) first.",
                unapplied,
            )
            % {"place": _place(database), "count": unapplied}
        )
