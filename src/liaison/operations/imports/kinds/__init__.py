"""The kinds of record imported and exported, one module per group of them; each registers
its kinds with `registry.register` and the natural key other kinds name its records by."""
