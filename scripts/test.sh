#!/usr/bin/env bash
# The project's whole test suite, as CI runs it: static checks, unit tests and
# acceptance tests (against the in-process SCM emulator, or the real cloud when
# SCM_ACC_CERTIFICATE_ID and credentials are set), with the race detector on.
set -euo pipefail
cd "$(dirname "$0")/.."

terraform_bin=$(scripts/ensure-terraform.sh)
export TF_ACC_TERRAFORM_PATH="$terraform_bin"
export PATH="$(dirname "$terraform_bin"):$PATH"
export CHECKPOINT_DISABLE=1
export TF_ACC=1
# The machine's TF_CLI_CONFIG_FILE may name a file that does not exist; use an empty one.
cli_config=$(mktemp)
trap 'rm -f "$cli_config"' EXIT
export TF_CLI_CONFIG_FILE="$cli_config"

echo "== Terraform: $("$terraform_bin" version | head -n 1)"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go generate (docs must match the schema)"
go generate ./...
if ! git diff --exit-code -- docs examples; then
  echo "go generate changed docs/ or examples/: run it and commit the result" >&2
  exit 1
fi
if [ -n "$(git ls-files --others --exclude-standard -- docs)" ]; then
  echo "go generate added files under docs/: commit them" >&2
  exit 1
fi

echo "== tfplugindocs validate"
go tool tfplugindocs validate --provider-name scm >/dev/null

echo "== examples: terraform fmt and validate with the built provider"
scripts/check-examples.sh

echo "== golangci-lint"
lint_version=2.15.0
lint_bin=$(go env GOPATH)/bin/golangci-lint
if ! "$lint_bin" version 2>/dev/null | grep -q "version $lint_version"; then
  echo "installing golangci-lint v$lint_version from the Go module proxy (a few minutes)..."
  GOFLAGS= go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$lint_version"
fi
"$lint_bin" run ./...

echo "== unit and acceptance tests (race detector on)"
go test -race -count=1 -timeout 30m ./...

echo "== fuzzing, a few seconds per target (crashers land in testdata/fuzz as regression seeds)"
for target in \
  "./internal/validate FuzzDomain" "./internal/validate FuzzEmail" "./internal/validate FuzzPhone" \
  "./internal/validate FuzzCountryCode" "./internal/validate FuzzCSR" \
  "./internal/scm FuzzDecode" "./internal/scm FuzzSignedRequestsVerify"; do
  set -- $target
  go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZ_TIME:-3s}" "$1"
done
