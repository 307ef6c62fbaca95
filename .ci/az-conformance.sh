#!/usr/bin/env bash
# Conformance of the azrs ARM emulator with the real Azure CLI.
#
# Installs azure-cli 2.91.0 from PyPI into target/az-venv (once; reused while it holds that
# version), builds target/debug/azrs-emulator, then, inside a network namespace that has
# only loopback (`unshare -n`, needs root), starts the emulator on a free port with a fresh
# state dir and drives the real `az` through the seed walkthrough: cloud register/set,
# service-principal login, feature register/list, provider register, group create,
# aks create --enable-managed-identity --generate-ssh-keys, aks get-credentials.
# Every step must exit 0.
#
# Usage: .ci/az-conformance.sh [--keep-going]
#   --keep-going  run every step even after a failure (to see all that is missing)
# Environment:
#   AZ_CONFORMANCE_OUT  where to copy the run's logs (default target/az-conformance)
#   PYTHON              interpreter for the venv (default python3)
#
# Output: one line per step (`ok`/`FAIL`), the requests az made (from the emulator's
# requests.jsonl), and on failure the step's stdout/stderr. Exit 0 iff every step passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/target/az-venv"
AZ_VERSION="2.91.0"
OUT="${AZ_CONFORMANCE_OUT:-$ROOT/target/az-conformance}"
EMULATOR="$ROOT/target/debug/azrs-emulator"

KEEP_GOING=0
INSIDE=0
for arg in "$@"; do
  case "$arg" in
    --keep-going) KEEP_GOING=1 ;;
    --inside-netns) INSIDE=1 ;;
    *) echo "usage: $0 [--keep-going]" >&2; exit 2 ;;
  esac
done

az_installed() {
  [[ -x "$VENV/bin/az" ]] &&
    "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('azure-cli') != '$AZ_VERSION')" 2>/dev/null
}

if [[ "$INSIDE" == 0 ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "az-conformance: needs root for 'unshare -n' (a loopback-only network namespace)" >&2
    exit 2
  fi
  if az_installed; then
    echo "az-conformance: azure-cli $AZ_VERSION already in $VENV"
  else
    echo "az-conformance: installing azure-cli $AZ_VERSION into $VENV (takes minutes)"
    "${PYTHON:-python3}" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "azure-cli==$AZ_VERSION"
    az_installed || { echo "az-conformance: azure-cli $AZ_VERSION did not install" >&2; exit 1; }
  fi
  (cd "$ROOT" && cargo build --quiet --bin azrs-emulator)
  exec unshare -n -- bash "${BASH_SOURCE[0]}" --inside-netns "$@"
fi

# ---- inside the loopback-only namespace ----
ip link set lo up

WORK="$(mktemp -d)"
STATE="$WORK/state"
EMU_PID=""
cleanup() {
  if [[ -n "$EMU_PID" ]]; then
    kill -TERM "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  rm -rf "$OUT"
  mkdir -p "$OUT"
  cp -r "$WORK/logs" "$OUT/" 2>/dev/null || true
  cp "$STATE/requests.jsonl" "$STATE/emulator.json" "$OUT/" 2>/dev/null || true
  cp "$WORK/emulator.err" "$OUT/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Only what this script sets may influence az or the emulator.
while IFS= read -r name; do unset "$name"; done < <(
  env | sed -n 's/^\(AZURE_[A-Za-z0-9_]*\|IDENTITY_[A-Za-z0-9_]*\|MSI_[A-Za-z0-9_]*\|ARM_[A-Za-z0-9_]*\|AZRS_[A-Za-z0-9_]*\)=.*/\1/p'
)
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE KUBECONFIG \
  HTTP_PROXY HTTPS_PROXY http_proxy https_proxy NO_PROXY no_proxy || true

mkdir -p "$WORK/home" "$WORK/azure" "$WORK/logs"
"$EMULATOR" --port 0 --state-dir "$STATE" --retry-after 0 \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!

URL=""
for _ in $(seq 1 300); do
  if [[ -s "$WORK/emulator.out" ]]; then
    line="$(head -n 1 "$WORK/emulator.out")"
    URL="${line#listening on }"
    break
  fi
  kill -0 "$EMU_PID" 2>/dev/null || break
  sleep 0.1
done
if [[ ! "$URL" =~ ^https://127\.0\.0\.1:[0-9]+$ ]]; then
  echo "az-conformance: emulator did not announce its URL" >&2
  cat "$WORK/emulator.err" >&2
  exit 1
fi
echo "az-conformance: emulator at $URL"

info() {
  "$VENV/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$STATE/emulator.json" "$1"
}
TENANT="$(info tenantId)"
CLIENT_ID="$(info clientId)"
CLIENT_SECRET="$(info clientSecret)"

export HOME="$WORK/home"
export AZURE_CONFIG_DIR="$WORK/azure"
export REQUESTS_CA_BUNDLE="$STATE/ca.pem"
export AZURE_CORE_INSTANCE_DISCOVERY=false
export AZURE_CORE_COLLECT_TELEMETRY=false
export AZURE_CORE_NO_COLOR=true
export PATH="$VENV/bin:$PATH"
cd "$WORK"

FAILED=0
N=0
step() {
  N=$((N + 1))
  local log="$WORK/logs/$(printf '%02d' "$N")"
  local mark
  mark="$(wc -l 2>/dev/null <"$STATE/requests.jsonl" || echo 0)"
  local rc=0
  timeout 900 "$@" >"$log.out" 2>"$log.err" </dev/null || rc=$?
  echo "$*" >"$log.cmd"
  if [[ "$rc" == 0 ]]; then
    echo "ok   [$N] $*"
  else
    FAILED=1
    echo "FAIL [$N] $* (exit $rc)"
    echo "----- stdout:"; cat "$log.out"
    echo "----- stderr:"; tail -n 40 "$log.err"
    echo "----- requests of this step:"
    requests_since "$mark"
    if [[ "$KEEP_GOING" == 0 ]]; then exit 1; fi
  fi
}

# Prints `METHOD path?query -> status [fault]` for log lines after line $1.
requests_since() {
  tail -n "+$(( $1 + 1 ))" "$STATE/requests.jsonl" 2>/dev/null | "$VENV/bin/python" -c '
import json, sys, urllib.parse
for line in sys.stdin:
    e = json.loads(line)
    q = urllib.parse.urlencode(e.get("query") or {})
    extra = " [fault %s]" % e["fault"] if "fault" in e else ""
    print("  %s %s%s -> %s%s" % (e["method"], e["path"], "?" + q if q else "", e.get("status", "dropped"), extra))
'
}

step az cloud register --name Emu --endpoint-resource-manager "$URL/"
step az cloud set --name Emu
step az login --service-principal --username "$CLIENT_ID" --password "$CLIENT_SECRET" --tenant "$TENANT"
step az feature register --name MSIPreview --namespace Microsoft.ContainerService
step az feature list -o table --query "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}"
step az provider register --namespace Microsoft.ContainerService
step az group create --name myResourceGroup --location westus2
step az aks create -g MyResourceGroup -n MyManagedCluster --enable-managed-identity --generate-ssh-keys
step az aks get-credentials --resource-group myResourceGroup --name MyManagedCluster --file "$WORK/kubeconfig"
step test -s "$WORK/kubeconfig"

echo "az-conformance: requests az made:"
requests_since 0
if [[ "$FAILED" == 0 ]]; then
  echo "az-conformance: all steps passed"
else
  echo "az-conformance: FAILED (logs in $OUT)"
  exit 1
fi
