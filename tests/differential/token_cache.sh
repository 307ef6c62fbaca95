#!/usr/bin/env bash
# The `token_cache` differential trials that az_differential.sh's one-step-at-a-time plans
# cannot express, inside a loopback-only network namespace with one azrs-emulator, az 2.91 and
# azrs sharing HOME, AZURE_CONFIG_DIR and REQUESTS_CA_BUNDLE:
#
#   concurrent  az registers the cloud and logs in as the emulator's service principal; the
#               access tokens of az's MSAL cache are emptied (so every process fetches one and
#               writes the cache under az's lock) and entries no one here owns are added; then
#               4 az and 16 azrs run `group list` at once. OUT gets az-N.rc/.out/.err and
#               azrs-N.rc/.out/.err, `cache.json` (the cache afterwards) and `lockfile-left`
#               when a lock file was left behind.
#   browser     a person's browser sign-in both ways, `BROWSER` being browser.py (it hands the
#               authorize answer to the loopback redirect): az login, azrs group list, azrs
#               logout, azrs login, az group list. OUT gets STEP.rc/.out/.err/.nreq per step
#               (nreq: lines in the emulator's request log after the step).
#
# Usage (as root): token_cache.sh PYTHON EMULATOR AZRS OUT concurrent|browser
# OUT also gets the emulator's `requests.jsonl`. Exit 0 when the setup worked (whatever the
# processes did), 1 otherwise.
set -euo pipefail

if [[ "${1:-}" != --inside ]]; then
  exec unshare -n -- bash "${BASH_SOURCE[0]}" --inside "$@"
fi
shift
PYTHON="$1" EMULATOR="$2" AZRS="$3" OUT="$4" MODE="$5"
BROWSER_PY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/browser.py"

ip link set lo up
STATE="$OUT/state"
mkdir -p "$OUT/home" "$OUT/azure" "$STATE"
EMU_PID=""
cleanup() {
  if [[ -n "$EMU_PID" ]]; then
    kill -TERM "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

env -i PATH=/usr/bin:/bin "$EMULATOR" --port 0 --state-dir "$STATE" --retry-after 1 --lro-polls 0 \
  >"$OUT/emulator.out" 2>"$OUT/emulator.err" &
EMU_PID=$!
URL=""
for _ in $(seq 1 300); do
  if [[ -s "$OUT/emulator.out" ]]; then
    URL="$(head -n 1 "$OUT/emulator.out")"
    URL="${URL#listening on }"
    break
  fi
  kill -0 "$EMU_PID" 2>/dev/null || break
  sleep 0.1
done
[[ "$URL" =~ ^https://127\.0\.0\.1:[0-9]+$ ]] || { echo "token_cache: no emulator URL" >&2; exit 1; }
info() { "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$STATE/emulator.json" "$1"; }

run() {
  env -i PATH=/usr/bin:/bin HOME="$OUT/home" AZURE_CONFIG_DIR="$OUT/azure" \
    REQUESTS_CA_BUNDLE="$STATE/ca.pem" AZURE_CORE_INSTANCE_DISCOVERY=false \
    AZURE_CORE_COLLECT_TELEMETRY=false PYTHONDONTWRITEBYTECODE=1 BROWSER="$BROWSER_PY" \
    timeout 300 "$@" </dev/null
}
AZ=("$PYTHON" -m azure.cli)
run "${AZ[@]}" cloud register --name Emu --endpoint-resource-manager "$URL/" >/dev/null
run "${AZ[@]}" cloud set --name Emu >/dev/null 2>&1

if [[ "$MODE" == browser ]]; then
  step() {
    local id="$1"; shift
    local rc=0
    run "$@" >"$OUT/$id.out" 2>"$OUT/$id.err" || rc=$?
    echo "$rc" >"$OUT/$id.rc"
    wc -l <"$STATE/requests.jsonl" >"$OUT/$id.nreq"
  }
  wc -l <"$STATE/requests.jsonl" >"$OUT/setup.nreq"
  step login-az "${AZ[@]}" login
  step list "$AZRS" group list
  step logout "$AZRS" logout
  step login-azrs "$AZRS" login
  step az-list "${AZ[@]}" group list
  cp "$STATE/requests.jsonl" "$OUT/requests.jsonl"
  exit 0
fi

run "${AZ[@]}" login --service-principal -u "$(info clientId)" -p "$(info clientSecret)" \
  --tenant "$(info tenantId)" >/dev/null

"$PYTHON" - "$OUT/azure/msal_token_cache.json" <<'PY'
import json, sys
path = sys.argv[1]
cache = json.load(open(path))
cache["AccessToken"] = {}
cache["RefreshToken"] = {"someone-else": {"credential_type": "RefreshToken", "secret": "kept",
    "home_account_id": "a.b", "environment": "login.example",
    "client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "target": "x"}}
cache["Future"] = {"k": {"v": 1}}
with open(path, "w") as f:
    json.dump(cache, f, indent=4)
PY

pids=()
for i in 1 2 3 4; do
  ( rc=0; run "${AZ[@]}" group list >"$OUT/az-$i.out" 2>"$OUT/az-$i.err" || rc=$?; echo "$rc" >"$OUT/az-$i.rc" ) &
  pids+=($!)
done
for i in $(seq 1 16); do
  ( rc=0; run "$AZRS" group list >"$OUT/azrs-$i.out" 2>"$OUT/azrs-$i.err" || rc=$?; echo "$rc" >"$OUT/azrs-$i.rc" ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done

cp "$OUT/azure/msal_token_cache.json" "$OUT/cache.json"
if [[ -e "$OUT/azure/msal_token_cache.json.lockfile" ]]; then touch "$OUT/lockfile-left"; fi
cp "$STATE/requests.jsonl" "$OUT/requests.jsonl" 2>/dev/null || true
