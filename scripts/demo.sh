#!/usr/bin/env bash
# The demo: builds the provider, starts the local SCM emulator with three purchased
# certificates and DNS validation on, and applies examples/demo in one apply: the
# application, its DNS validation records published to the emulator, and the wait until
# the certificate is issued. It prints the records and the status, shows that a second
# plan is empty, destroys (the issued certificate stays in the account), and stops the
# emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

terraform_bin=$(scripts/ensure-terraform.sh)
export CHECKPOINT_DISABLE=1

work=$root/.demo
rm -rf "$work"
mkdir -p "$work/bin" "$work/config"
cp examples/demo/main.tf "$work/config/"

echo "== Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-scm" .
go build -o "$work/bin/scm-emulator" ./internal/cmd/scm-emulator
# The demo's configuration publishes DNS records with the emulator's publish command.
export PATH="$work/bin:$PATH"

export HW_ACCESS_KEY=DEMOACCESSKEY0000001
export HW_SECRET_KEY=demo-secret-key
"$work/bin/scm-emulator" -dns-validation -seeds examples/demo/certificates.json -url-file "$work/url" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "the emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1; }
export HW_SCM_ENDPOINT=$(cat "$work/url")
echo "== Emulator listening on $HW_SCM_ENDPOINT"

# dev_overrides runs the provider just built, without terraform init (which would ask
# the registry, unreachable offline).
TF_CLI_CONFIG_FILE=$(scripts/dev-overrides.sh "$work/bin")
export TF_CLI_CONFIG_FILE
tf() { "$terraform_bin" -chdir="$work/config" "$@"; }

echo "== terraform apply: apply for the certificate, publish its records, wait for issuance"
tf apply -auto-approve -no-color 2>&1 | grep -v -e "Provider development overrides" -e "^ - registry" -e "^│" -e "^╷" -e "^╵" -e "^$" || true
[ "$(tf output -raw status)" = ISSUED ] || { echo "the certificate is not ISSUED" >&2; exit 1; }
echo "== What the emulator saw, in order"
scm-emulator events

echo "== terraform plan (a second plan must be empty)"
set +e
tf plan -detailed-exitcode -no-color >"$work/plan.log" 2>&1
plan_status=$?
set -e
if [ "$plan_status" -ne 0 ]; then
  cat "$work/plan.log" >&2
  echo "the second plan is not empty (exit code $plan_status)" >&2
  exit 1
fi
echo "No changes: the configuration matches the application the service holds."

echo "== terraform destroy (an issued certificate stays in the account)"
tf destroy -auto-approve -no-color 2>&1 | grep -E "Destroy complete|Error|remains in the account" || true

echo "== Stopping the emulator"
kill "$emulator_pid"
wait "$emulator_pid" 2>/dev/null || true
trap - EXIT
grep "requests served" "$work/emulator.log" || true
echo "Demo finished."
