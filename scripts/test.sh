#!/usr/bin/env bash
# The project's whole test suite, as CI runs it: static checks, docs, examples, unit
# tests, and the acceptance tests on the oldest Terraform the provider supports (v1.5.7,
# built from source when missing) and on the newest one found, with the race detector
# on. Acceptance tests run against in-process SCM emulators, or against the real cloud
# when SCM_ACC_CERTIFICATE_ID and credentials are set (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

oldest=$(scripts/ensure-terraform.sh oldest)
newest=$(scripts/ensure-terraform.sh newest)
version_of() { "$1" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p'; }

# The newest Terraform comes first on PATH, for go generate, tfplugindocs and the examples.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$newest" "$work/bin/terraform"
export PATH="$work/bin:$PATH"
export CHECKPOINT_DISABLE=1
# The machine's TF_CLI_CONFIG_FILE may name a file that does not exist; use an empty one.
touch "$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc"

echo "== Terraform: oldest $(version_of "$oldest") ($oldest), newest $(version_of "$newest") ($newest)"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go generate (docs must match the schema)"
scripts/generate.sh >/dev/null
if ! git diff --exit-code -- docs examples; then
  echo "go generate changed docs/ or examples/: run it and commit the result" >&2
  exit 1
fi
if [ -n "$(git ls-files --others --exclude-standard -- docs)" ]; then
  echo "go generate added files under docs/: commit them" >&2
  exit 1
fi

echo "== tfplugindocs validate"
go tool tfplugindocs validate --provider-name scm >/dev/null 2>&1 || go tool tfplugindocs validate --provider-name scm

echo "== examples: terraform fmt and validate with the built provider"
TF_ACC_TERRAFORM_PATH=$newest scripts/check-examples.sh

echo "== golangci-lint"
scripts/lint.sh

echo "== unit tests, and the emulator's and client's own tests (race detector on)"
go test -race -count=1 -timeout 15m $(go list ./... | grep -v /internal/provider$)

# provider_tests runs the provider package's tests, unit and acceptance, with one
# Terraform; it prints what was skipped and why, and everything but passing tests on a
# failure.
#
# -parallel 4: the acceptance tests mostly wait for Terraform's processes, and go test's
# default (GOMAXPROCS, 2 here) left a core idle; measured on 2 cores, 27-33 s instead of
# 33-46 s, and 35-41 s instead of 42-56 s with another process keeping one core busy.
provider_tests() {
  local terraform=$1 log=$work/provider-$2.log
  echo "== provider: unit and acceptance tests on Terraform $(version_of "$terraform") (race detector on)"
  if ! TF_ACC=1 TF_ACC_TERRAFORM_PATH=$terraform go test -race -count=1 -parallel 4 -timeout 30m -v ./internal/provider/ >"$log" 2>&1; then
    grep -v -E '^(=== (RUN|PAUSE|CONT)|\s*--- PASS)' "$log" >&2
    return 1
  fi
  # go test -v prints a test's reason for skipping on the line before its SKIP line.
  grep -B1 -E -- '--- SKIP' "$log" | grep -v -E '^(--$|=== )' | sed 's/^ */  /' || true
  tail -n 1 "$log"
}
provider_tests "$newest" newest
if [ "$(version_of "$oldest")" != "$(version_of "$newest")" ]; then
  provider_tests "$oldest" oldest
else
  echo "== only Terraform $(version_of "$oldest") was found: the tests and examples that need v1.10 or later (ephemeral resources) were skipped, as listed above"
fi

echo "== examples/emulator-module-test on Terraform $(version_of "$newest") and $(version_of "$oldest")"
scripts/example-module-test.sh "$newest"
scripts/example-module-test.sh "$oldest"

echo "== the demo"
scripts/demo.sh >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
tail -n 1 "$work/demo.log"
