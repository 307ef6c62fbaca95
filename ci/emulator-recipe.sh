#!/usr/bin/env bash
# The README's "The emulator in CI" recipe as one script, step for step: start azrs-emulator in
# the background, wait for its `listening on` line, point azrs at it (cloud register, cloud set,
# service-principal login with the emulator's default credentials), then run commands. .ci/run
# runs it, so the documented recipe cannot rot.
#
# AZRS and AZRS_EMULATOR_BIN name the binaries (default: `azrs` and `azrs-emulator` on PATH);
# EMULATOR_BIND is the address it listens on (default 127.0.0.1; a shared emulator on a CI
# host's private test network binds that network's address).
set -euo pipefail
AZRS="${AZRS:-azrs}"
EMULATOR="${AZRS_EMULATOR_BIN:-azrs-emulator}"
BIND="${EMULATOR_BIND:-127.0.0.1}"

work="$(mktemp -d)"
export AZURE_CONFIG_DIR="$work/config"
"$EMULATOR" --bind "$BIND" --port 0 --state-dir "$work/emulator" >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# Wait (at most 30 s) for the first line: `listening on https://ADDRESS:PORT`.
url=""
for _ in $(seq 300); do
  url="$(sed -n 's/^listening on //p' "$work/emulator.out")"
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "emulator-recipe: azrs-emulator did not start:" >&2
  cat "$work/emulator.err" >&2
  exit 1
fi

export REQUESTS_CA_BUNDLE="$work/emulator/ca.pem"
"$AZRS" cloud register --name Emulator --endpoint-resource-manager "$url/"
"$AZRS" cloud set --name Emulator
"$AZRS" login --service-principal -u 00000000-0000-4000-8000-0000000a9901 \
  -p fake-client-secret --tenant 00000000-0000-4000-8000-00000000face -o none
"$AZRS" group create --name ci-recipe-rg --location westus2 -o none
name="$("$AZRS" group show --name ci-recipe-rg --query name -o tsv)"
if [ "$name" != "ci-recipe-rg" ]; then
  echo "emulator-recipe: expected the group back, got '$name'" >&2
  exit 1
fi
echo "emulator-recipe: ok ($url)"
