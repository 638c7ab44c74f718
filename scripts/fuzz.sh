#!/usr/bin/env bash
# Explores every fuzz target for FUZZ_TIME each (default 1m). A failing input is written
# to the package's testdata/fuzz: commit it with the fix, and from then on every `go test`
# (so CI) runs it as a regression seed.
#
# CI runs the seeds only: fuzzing explores at random, and a gate that fails by chance is
# worse than none. Run this before a change to the validators, the decoder or the signing.
set -euo pipefail
cd "$(dirname "$0")/.."

for target in \
  "./internal/validate FuzzDomain" "./internal/validate FuzzEmail" "./internal/validate FuzzPhone" \
  "./internal/validate FuzzCountryCode" "./internal/validate FuzzCSR" "./internal/validate FuzzPrivateKey" \
  "./internal/scm FuzzDecode" "./internal/scm FuzzSignedRequestsVerify" "./internal/scm FuzzParsePolicy" \
  "./internal/scm FuzzParseTime"; do
  set -- $target
  echo "== $2 for ${FUZZ_TIME:-1m}"
  go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZ_TIME:-1m}" "$1"
done
