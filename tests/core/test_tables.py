"""The project's patch of django-tables2: signatures remembered once per function."""

from typing import Any

from django_tables2 import utils

from liaison.core import tables


class _Columns:
    def render_value(self, value: Any, record: Any) -> str:
        return f"{value}:{record}"

    def render_all(self, **kwargs: Any) -> str:
        return ",".join(sorted(kwargs))

    @classmethod
    def render_kind(cls, record: Any) -> str:
        return str(record)


def test_the_remembered_signature_is_the_one_django_tables2_works_out() -> None:
    columns = _Columns()
    for fn in (
        columns.render_value,
        columns.render_all,
        _Columns.render_kind,
        _Columns.render_value,
        lambda value: value,
        len,
    ):
        assert utils.signature is tables._remembered_signature
        assert utils.signature(fn) == tables._signature(fn)
        assert utils.signature(fn) == tables._signature(fn)  # and when remembered


def test_cells_are_called_with_the_arguments_they_ask_for() -> None:
    columns = _Columns()
    given = {"value": 1, "record": "r", "table": None}

    assert utils.call_with_appropriate(columns.render_value, given) == "1:r"
    assert utils.call_with_appropriate(columns.render_all, given) == "record,table,value"
    assert utils.call_with_appropriate(_Columns.render_kind, {"record": 2}) == "2"
    assert utils.call_with_appropriate(columns.render_value, {"value": 1}) is None
