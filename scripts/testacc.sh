#!/usr/bin/env bash
# make testacc: the unit and acceptance tests (TF_ACC=1, race detector on) on one CLI,
# against in-process SCM emulators, or against the real cloud when SCM_ACC_CERTIFICATE_ID
# and credentials are set (see README).
#
#   scripts/testacc.sh [CLI [PACKAGE...]]
#
# CLI is a Terraform or OpenTofu binary (default: TF_ACC_TERRAFORM_PATH, else the newest
# Terraform found); PACKAGE defaults to ./... . OpenTofu runs with
# TF_ACC_PROVIDER_HOST=registry.opentofu.org, where it looks for the provider. The
# output is one line for the CLI (tests passed, skipped and failed, and the time), then
# each skipped test with its reason, and on a failure everything but the passing tests.
#
# -parallel 4: the acceptance tests mostly wait for the CLI's processes, and go test's
# default (GOMAXPROCS, 2 here) left a core idle; measured on 2 cores, 27-33 s instead of
# 33-46 s for the provider package.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-$(scripts/ensure-terraform.sh newest)}
shift || true
packages=("${@:-./...}")

name=Terraform
if grep -q '^OpenTofu' <<<"$("$cli" version 2>/dev/null)"; then # read whole: see kind_of in ensure-terraform.sh
  name=OpenTofu
  export TF_ACC_PROVIDER_HOST=${TF_ACC_PROVIDER_HOST:-registry.opentofu.org}
fi
version=$("$cli" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p')

log=$(mktemp)
trap 'rm -f "$log" "${empty_config:-}"' EXIT
# The machine's TF_CLI_CONFIG_FILE may name a file that does not exist.
if [ ! -f "${TF_CLI_CONFIG_FILE:-/nonexistent}" ]; then
  empty_config=$(mktemp)
  export TF_CLI_CONFIG_FILE=$empty_config
fi

start=$(date +%s)
status=0
TF_ACC=1 CHECKPOINT_DISABLE=1 TF_ACC_TERRAFORM_PATH=$cli \
  go test -race -count=1 -parallel 4 -timeout 30m -v "${packages[@]}" >"$log" 2>&1 || status=$?
seconds=$(($(date +%s) - start))

count() { grep -c -E -- "^ *--- $1" "$log" || true; }
echo "$name $version: $(count PASS) passed, $(count SKIP) skipped, $(count FAIL) failed, in ${seconds} s (${packages[*]})"
# go test -v prints a test's reason for skipping before its SKIP line, and heads the log
# lines of parallel tests with "=== NAME <test>": a test's reason is its own last line
# (the last line of the whole log was another test's, now and then).
awk '/^=== (RUN|PAUSE|CONT|NAME) / { current = $3 }
     /^ +[^ ]+_test\.go:[0-9]+: / { line = $0; sub(/^ *[^ ]+:[0-9]+: /, "", line); reason[current] = line }
     /^ *--- SKIP: / { print "  skipped " $3 ": " reason[$3] }' "$log" | sort
if [ "$status" -ne 0 ]; then
  grep -v -E '^(=== (RUN|PAUSE|CONT|NAME)|\s*--- PASS)' "$log" >&2
  echo "$name $version: tests failed" >&2
fi
exit "$status"
