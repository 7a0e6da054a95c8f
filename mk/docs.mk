# README.md and docs/: what they name must exist (tests/docs/claims.t: workloads,
# options, make targets, files, links; README's workload table complete). The per-arch
# table is checked by tests/arch/table.t (scripts/arch-table).
CHECK_TESTS += $(sort $(wildcard tests/docs/*.t))
