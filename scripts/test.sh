#!/usr/bin/env bash
# make check, which CI runs: static checks, docs, lint, then on every CLI of the matrix
# (scripts/ensure-terraform.sh matrix: Terraform 1.5.7, the oldest supported, built from
# source when missing; every other Terraform found; every OpenTofu found) the unit and
# acceptance tests, the examples' validation and the module-test example; then the demo.
# The newest Terraform runs `make testacc` exactly (every package); the others run the
# packages that hold acceptance tests, two CLIs at a time. One line per CLI says what
# ran, what was skipped and why, and how long its tests took.
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

# The suites run two CLIs at a time: on 2 cores that took 84 s for Terraform 1.5.7 and
# OpenTofu 1.12.6 together, against 101 s one after the other (the acceptance tests wait
# on the CLIs' processes much of the time). Each suite's output is kept apart and shown
# when both are done; the examples and the module-test example then run for each CLI.
summary=$work/summary
mapfile -t clis <<<"$matrix"
suite() {
  local n=$1 kind version cli
  read -r kind version cli <<<"${clis[$n]}"
  if [ "$kind $version" = "terraform $newest_version" ]; then
    scripts/testacc.sh "$cli" >"$work/suite-$n" 2>&1
  else
    scripts/testacc.sh "$cli" ./internal/provider/ ./internal/noopprovider/ >"$work/suite-$n" 2>&1
  fi
}
for ((first = 0; first < ${#clis[@]}; first += 2)); do
  pair=("$first")
  if ((first + 1 < ${#clis[@]})); then pair+=("$((first + 1))"); fi
  started=$(date +%s)
  echo "== tests on $(for n in "${pair[@]}"; do read -r kind version _ <<<"${clis[$n]}"; printf '%s %s, ' "$kind" "$version"; done | sed 's/, $//'), at once"
  pids=()
  for n in "${pair[@]}"; do suite "$n" & pids+=("$!"); done
  failed=0
  for i in "${!pair[@]}"; do wait "${pids[$i]}" || failed=1; done
  for n in "${pair[@]}"; do cat "$work/suite-$n"; done
  if [ "$failed" -ne 0 ]; then exit 1; fi
  for n in "${pair[@]}"; do
    read -r kind version cli <<<"${clis[$n]}"
    echo "== $kind $version: examples, module-test example"
    examples=$(TF_ACC_TERRAFORM_PATH=$cli scripts/check-examples.sh 2>&1) || { echo "$examples" >&2; exit 1; }
    grep -E '^ *skip' <<<"$examples" | sed -E 's/^ */  /' || true
    scripts/example-module-test.sh "$cli" >"$work/module.log" 2>&1 || { cat "$work/module.log" >&2; exit 1; }
    {
      line=$(head -n 1 "$work/suite-$n")
      echo "${line% (*}; examples valid, module test passed (${line##* (}"
      tail -n +2 "$work/suite-$n" | grep -E '^  skipped' || true
      grep -E '^ *skip' <<<"$examples" | sed -E 's/^ *skip/  examples skipped/' || true
    } >>"$summary"
  done
  echo "   ($(($(date +%s) - started)) s for the pair)"
done

echo "== the demo"
scripts/demo.sh >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
tail -n 1 "$work/demo.log"

echo "== summary: every CLI of the matrix"
cat "$summary"
