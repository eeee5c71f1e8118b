"""What the record pickers save: forms drawn with them and with plain selects, and the lookup.

    .venv/bin/python benchmarks/pickers.py [--scale 100] [--repeat 20] [--database-url URL]

Uses the demo database of benchmarks/pages.py (created and loaded the first time). For each
form choosing among many records it draws the form as a new record's page does, once with
its pickers and once with every picker swapped back to the plain select Django would give
(every record an option), and prints the median ms, the queries and the size of the HTML
of each, and their ratio. Then it times the lookup page the pickers ask while a person types.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ensure_database, load_demo_once, parse_args, setup_django


def measure(draw: Callable[[], str], repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draw()
    with CaptureQueriesContext(connection) as queries:
        html = draw()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        draw()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), len(html)


def plain(form: Any) -> Any:
    """`form` with its pickers swapped for the selects Django draws by default."""
    from django import forms

    from liaison.core.forms import RecordSelect
    from liaison.core.widgets import RecordSelectMultiple

    for field in form.fields.values():
        if isinstance(field.widget, RecordSelectMultiple):
            field.widget = forms.SelectMultiple(choices=field.choices)
        elif isinstance(field.widget, RecordSelect):
            field.widget = forms.Select(choices=field.choices)
    return form


def main() -> None:
    args = parse_args()
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/liaison_bench_scale{args.scale}"
    ensure_database(url)
    setup_django(url)
    load_demo_once(args.scale)

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from liaison.achievements.forms import AchievementForm
    from liaison.centers.forms import AppointForm
    from liaison.centers.models import Center
    from liaison.financing.forms import FinancingRoundForm
    from liaison.organizations.models import Organization
    from liaison.people.forms import AddAffiliationForm

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", password="bench-pass-123")
    center = Center.objects.order_by("pk").first()
    forms_to_draw: dict[str, Callable[[], Any]] = {
        "achievement": lambda: AchievementForm(user=user),
        "financing round": lambda: FinancingRoundForm(user=user),
        "affiliation": lambda: AddAffiliationForm(user=user),
        "appointment": lambda: AppointForm(user=user, record=center),
    }
    print(f"{Organization.objects.count()} organizations; medians of {args.repeat} draws")
    print(
        f"{'form':<18}{'pickers ms':>11}{'q':>4}{'KB':>7}{'selects ms':>12}{'q':>4}{'KB':>7}{'ratio':>7}"
    )
    for name, make in forms_to_draw.items():
        picked = measure(lambda make=make: make().as_div(), args.repeat)
        listed = measure(lambda make=make: plain(make()).as_div(), args.repeat)
        print(
            f"{name:<18}{picked[0]:>11.1f}{picked[1]:>4}{picked[2] / 1024:>7.1f}"
            f"{listed[0]:>12.1f}{listed[1]:>4}{listed[2] / 1024:>7.1f}"
            f"{listed[0] / picked[0]:>7.0f}"
        )

    client = Client()
    client.force_login(user)
    lookups = {
        "organizations '科技'": ("organizations.organization", "科技"),
        "organizations 'tech'": ("organizations.organization", "tech"),
        "people '王'": ("people.person", "王"),
        "achievements '支架'": ("achievements.achievement", "支架"),
    }
    print(f"\n{'lookup (several)':<28}{'ms':>8}")
    for name, (model, term) in lookups.items():
        path = reverse("lookup", args=(model,))
        params = {"field": "f", "f__lookup": term, "multiple": "1"}

        # Its queries are not counted: a request clears the connection's log when it starts.
        def ask(path: str = path, params: dict[str, str] = params) -> str:
            return str(client.get(path, params).content.decode())

        ms, _count, _size = measure(ask, args.repeat)
        print(f"{name:<28}{ms:>8.1f}")


if __name__ == "__main__":
    main()
