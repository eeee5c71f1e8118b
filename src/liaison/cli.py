"""The `liaison` command: Django's management commands under the product's name."""

import os
import sys

EMBEDDED_SETTINGS = "liaison.settings.embedded"
# The commands that read or fill an installation's database (see core.database).
NEEDS_DATABASE = frozenset(
    {
        "figures",
        "demo",
        "index",
        "match",
        "report",
        "backup",
        "chains",
        "suggest_placements",
        "import",
        "export",
    }
)


def _needs_database(args: list[str]) -> bool:
    if not args or args[0] not in NEEDS_DATABASE or {"-h", "--help"} & set(args):
        return False
    if args[0] == "import" and "--template" in args:
        return False  # a template is written from the kinds alone
    if args[:2] == ["index", "follow"]:
        return False  # a replica copies the writer's index files and reads no record
    # `liaison match evaluate` on BEIR files builds an index of its own from them.
    return not (args[0] == "match" and "evaluate" in args and "--judgments" not in args)


def missing_database(args: list[str]) -> str | None:
    """Why `liaison <args>` cannot run, when it needs a database the embedded default lacks.

    Checked before Django loads the embedded settings, which make the data folder as they
    load (its secret key, its job queue): a command that would only find no database there
    would leave a stray folder behind.
    """
    if os.environ.get("DJANGO_SETTINGS_MODULE") != EMBEDDED_SETTINGS or not _needs_database(args):
        return None
    from liaison.core.database import NO_DATABASE, missing_database_file
    from liaison.settings.base import DATABASES

    missing = missing_database_file(DATABASES["default"])
    if missing is None:
        return None
    return NO_DATABASE % {"place": missing.parent}


def settings_refusal() -> str | None:
    """Why the settings refuse to load (production without its secret key, say), or None."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings module)
    except ImproperlyConfigured as error:
        return str(error)
    return None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", EMBEDDED_SETTINGS)
    args = sys.argv[1:]
    refusal = missing_database(args)
    if refusal is not None:
        # As Django says a command's refusal, and with its exit status.
        sys.exit(f"CommandError: {refusal}")
    # Said in one line, not in the traceback Django's command runner would show for it.
    refusal = settings_refusal()
    if refusal is not None:
        print(refusal, file=sys.stderr)
        sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["liaison", *args])


if __name__ == "__main__":
    main()
