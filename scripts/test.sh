#!/usr/bin/env bash
# make check, which CI runs: static checks, docs, lint, then on every CLI of the matrix
# (scripts/ensure-terraform.sh matrix: Terraform 1.5.7, the oldest supported, built from
# source when missing; every other Terraform found; every OpenTofu found) the unit and
# acceptance tests, the examples' validation and the module-test example; then the demo.
# The newest Terraform runs `make testacc` exactly (every package); the others run the
# packages that hold acceptance tests. One line per CLI says what ran, what was skipped
# and why, and how long it took.
#
# CLIs that cannot be downloaded or built here come unpacked from SCM_CLI_DIR (see
# scripts/ensure-terraform.sh); .ci/run points it at ../shared/cli when that exists.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CHECKPOINT_DISABLE=1
# The machine's TF_CLI_CONFIG_FILE may name a file that does not exist; use an empty one.
touch "$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc"

scripts/ensure-terraform.sh oldest >/dev/null # built first when missing, so that its build is not timed below
matrix=$(scripts/ensure-terraform.sh matrix)
newest=$(scripts/ensure-terraform.sh newest-terraform)
newest_version=$("$newest" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p')

echo "== CLI matrix (kind, version, path); the newest Terraform generates the docs and runs make testacc"
sed 's/^/  /' <<<"$matrix"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go generate with Terraform (docs must match the schema)"
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

echo "== golangci-lint"
scripts/lint.sh

# Every CLI, one after another: two at a time took longer on 2 cores (see README).
summary=$work/summary
while read -r kind version cli; do
  echo "== $kind $version: tests, examples, module-test example"
  started=$(date +%s)
  if [ "$kind $version" = "terraform $newest_version" ]; then
    scripts/testacc.sh "$cli" | tee "$work/line"
  else
    scripts/testacc.sh "$cli" ./internal/provider/ ./internal/noopprovider/ | tee "$work/line"
  fi
  examples=$(TF_ACC_TERRAFORM_PATH=$cli scripts/check-examples.sh 2>&1) || { echo "$examples" >&2; exit 1; }
  grep -E '^ *skip' <<<"$examples" | sed -E 's/^ */  /' || true
  scripts/example-module-test.sh "$cli" >"$work/module.log" 2>&1 || { cat "$work/module.log" >&2; exit 1; }
  {
    head -n 1 "$work/line" | sed "s/, in [0-9]* s/&; examples valid, module test passed; $(($(date +%s) - started)) s in all/"
    tail -n +2 "$work/line"
    grep -E '^ *skip' <<<"$examples" | sed -E 's/^ *skip/  examples skipped/' || true
  } >>"$summary"
done <<<"$matrix"

echo "== the demo"
scripts/demo.sh >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
tail -n 1 "$work/demo.log"

echo "== summary: every CLI of the matrix"
cat "$summary"
