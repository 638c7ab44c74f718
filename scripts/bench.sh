#!/usr/bin/env bash
# make bench: times the provider against a do-nothing provider and terraform_data on the
# local emulator, counts API requests per phase, and writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
terraform_bin=$(scripts/ensure-terraform.sh)
export CHECKPOINT_DISABLE=1
go run ./internal/cmd/scm-bench -terraform "$terraform_bin" "$@"
