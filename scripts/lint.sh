#!/usr/bin/env bash
# Runs the pinned golangci-lint, installing it from the Go module proxy when the one in
# Go's bin directory is another version (a few minutes the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.15.0
lint=$(go env GOPATH)/bin/golangci-lint
if [[ $("$lint" version 2>/dev/null) != *"version $version "* ]]; then
  echo "installing golangci-lint v$version..." >&2
  GOFLAGS= go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$version" >&2
fi
exec "$lint" run "$@" ./...
