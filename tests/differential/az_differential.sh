#!/usr/bin/env bash
# Runs a plan of az and azrs commands against one azrs-emulator, inside a loopback-only
# network namespace, for the trials of tests/differential (session.rs).
#
# Usage (as root): az_differential.sh PYTHON EMULATOR AZRS PLAN OUT
#   PYTHON    the az venv's interpreter (az runs as `PYTHON -m azure.cli`)
#   EMULATOR  target/debug/azrs-emulator;  AZRS  target/debug/azrs
#   PLAN      one step a line: `ID<TAB>az|azrs<TAB>arg<TAB>arg...`; in args `@URL@` becomes the
#             emulator's URL, `@OUT@` the OUT dir, `@TENANT@`/`@CLIENT_ID@`/`@CLIENT_SECRET@`
#             the emulator's login values
#   OUT       existing directory; gets ID.rc, ID.out, ID.err per step, ID.nreq (how many lines
#             the emulator's request log had after the step: the emulator logs a request before
#             answering it, so lines between two counts are that step's requests), `url`, `emulator.json`,
#             the emulator's `requests.jsonl`, and `home/`, `azure/` (HOME, AZURE_CONFIG_DIR)
# Both tools share HOME, AZURE_CONFIG_DIR and REQUESTS_CA_BUNDLE; nothing else from the caller's
# environment reaches them, except AZ_DIFFERENTIAL_PATH_PREFIX: directories put before
# /usr/bin:/bin on both tools' PATH (fake helper programs such as kubelogin). Exit 0 when every step ran (whatever its exit code), 1 otherwise.
set -euo pipefail

if [[ "${1:-}" != --inside ]]; then
  exec unshare -n -- bash "${BASH_SOURCE[0]}" --inside "$@"
fi
shift
PYTHON="$1" EMULATOR="$2" AZRS="$3" PLAN="$4" OUT="$5"

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

# Retry-After 1 (with 0 az falls back to its 30 s poll interval) and no InProgress polls.
env -i PATH=/usr/bin:/bin "$EMULATOR" --port 0 --state-dir "$STATE" --retry-after 1 --lro-polls 0 \
  >"$OUT/emulator.out" 2>"$OUT/emulator.err" &
EMU_PID=$!
URL=""
for _ in $(seq 1 300); do
  if [[ -s "$OUT/emulator.out" ]]; then
    line="$(head -n 1 "$OUT/emulator.out")"
    URL="${line#listening on }"
    break
  fi
  kill -0 "$EMU_PID" 2>/dev/null || break
  sleep 0.1
done
if [[ ! "$URL" =~ ^https://127\.0\.0\.1:[0-9]+$ ]]; then
  echo "az_differential: emulator did not announce its URL" >&2
  cat "$OUT/emulator.err" >&2
  exit 1
fi
echo "$URL" >"$OUT/url"
cp "$STATE/emulator.json" "$OUT/emulator.json"
info() { "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$STATE/emulator.json" "$1"; }
TENANT="$(info tenantId)" CLIENT_ID="$(info clientId)" CLIENT_SECRET="$(info clientSecret)"

cd "$OUT"
while IFS=$'\t' read -r -a step; do
  [[ ${#step[@]} -ge 2 ]] || continue
  id="${step[0]}" tool="${step[1]}"
  args=()
  for a in "${step[@]:2}"; do
    a="${a//@URL@/$URL}" a="${a//@OUT@/$OUT}" a="${a//@TENANT@/$TENANT}"
    a="${a//@CLIENT_ID@/$CLIENT_ID}" a="${a//@CLIENT_SECRET@/$CLIENT_SECRET}"
    args+=("$a")
  done
  case "$tool" in
    az) cmd=("$PYTHON" -m azure.cli) ;;
    azrs) cmd=("$AZRS") ;;
    *) echo "az_differential: unknown tool '$tool' in step $id" >&2; exit 1 ;;
  esac
  rc=0
  env -i PATH="${AZ_DIFFERENTIAL_PATH_PREFIX:+$AZ_DIFFERENTIAL_PATH_PREFIX:}/usr/bin:/bin" HOME="$OUT/home" AZURE_CONFIG_DIR="$OUT/azure" \
    REQUESTS_CA_BUNDLE="$STATE/ca.pem" AZURE_CORE_INSTANCE_DISCOVERY=false \
    AZURE_CORE_COLLECT_TELEMETRY=false PYTHONDONTWRITEBYTECODE=1 \
    timeout 300 "${cmd[@]}" "${args[@]}" >"$OUT/$id.out" 2>"$OUT/$id.err" </dev/null || rc=$?
  echo "$rc" >"$OUT/$id.rc"
  if [[ -f "$STATE/requests.jsonl" ]]; then wc -l <"$STATE/requests.jsonl" >"$OUT/$id.nreq"; else echo 0 >"$OUT/$id.nreq"; fi
done <"$PLAN"
cp "$STATE/requests.jsonl" "$OUT/requests.jsonl" 2>/dev/null || true
