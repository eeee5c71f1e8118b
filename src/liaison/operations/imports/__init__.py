"""Imports from XLSX and CSV and exports in the same format, written through the services.

- `widgets`: cells read into values and written back (dates, amounts, choices, records by
  their natural keys);
- `resources`: `KindResource`, the django-import-export resource every kind derives from, with
  the lifecycle walk;
- `registry`: the kinds and their order; `kinds/`: one module per group of kinds;
- `books`: files read into sheets, workbooks written (templates, exports);
- `runs`: one import, all or nothing, its dry run and its report.

How to add a kind: see `docs/architecture.md` and the kinds in `kinds/organizations.py`.
"""
