#!/usr/bin/env bash
# A module test against the local SCM emulator, without a cloud account: it starts the
# emulator, applies main.tf, drives the reviews (one certificate issued, one refused)
# from the script, reads the emulator's counters, and checks what the module and the
# service hold at each step. Copy it for your own modules.
#
# Needs on PATH: terraform (or $TERRAFORM) and scm-emulator (go install
# github.com/scmteam/terraform-provider-scm/internal/cmd/scm-emulator@latest, or build it
# from this repository). With SKIP_INIT=1 it does not run terraform init (for a provider
# installed by dev_overrides), only terraform get for the local module.
set -euo pipefail
cd "$(dirname "$0")"
terraform=${TERRAFORM:-terraform}

work=$(mktemp -d)
cp -r main.tf modules "$work/"
export HW_ACCESS_KEY=TESTACCESSKEY0000001 HW_SECRET_KEY=test-secret-key
scm-emulator -seeds certificates.json -url-file "$work/url" >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
export HW_SCM_ENDPOINT=$(cat "$work/url") SCM_EMULATOR_URL=$(cat "$work/url")

tf() { "$terraform" -chdir="$work" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_output() { [ "$(tf output -raw "$1")" = "$2" ] || fail "output $1 is $(tf output -raw "$1"), want $2"; }
# status_of reads a certificate's status from the emulator's control API.
status_of() { scm-emulator call GET "/_emulator/certificates/$1" | grep -o '"status":"[A-Z_]*"' | cut -d'"' -f4; }
# count reads one of the emulator's counters.
count() { scm-emulator call GET /_emulator/counts | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }

if [ "${SKIP_INIT:-}" = 1 ]; then tf get >/dev/null; else tf init -input=false >/dev/null; fi

echo "-- apply: both applications are submitted and under review"
tf apply -auto-approve -input=false >/dev/null
expect_output www_status CHECKING
expect_output shop_status CHECKING
[ "$(tf output -json shop_records)" = '{"cart.example.com":"_dnsauth.cart.example.com","shop.example.com":"_dnsauth.shop.example.com"}' ] ||
  fail "shop_records = $(tf output -json shop_records)"
[ "$(count applications)" = 2 ] || fail "the service accepted $(count applications) applications, want 2"

echo "-- the reviews end: www is issued, shop refused; a refresh shows both"
scm-emulator issue scs0000000000www
scm-emulator refuse scs000000000shop
tf apply -refresh-only -auto-approve -input=false >/dev/null
expect_output www_status ISSUED
expect_output shop_status UNPASSED

echo "-- a refused application is applied for again with -replace"
tf apply -auto-approve -input=false -replace=module.shop.scm_certificate_application.this >/dev/null
expect_output shop_status CHECKING
[ "$(count applications)" = 3 ] || fail "the service accepted $(count applications) applications, want 3"

echo "-- destroy while the gateway throttles a third of the requests"
scm-emulator call PUT /_emulator/faults '{"throttle_rate":0.3}' >/dev/null
tf destroy -auto-approve -input=false >/dev/null
[ "$(status_of scs000000000shop)" = PAID ] || fail "shop is $(status_of scs000000000shop) after destroy, want PAID (withdrawn)"
[ "$(status_of scs0000000000www)" = ISSUED ] || fail "www is $(status_of scs0000000000www) after destroy, want ISSUED (kept)"

echo "PASS: module test against the emulator ($(count requests) requests, $(count throttled) throttled)"
