#!/usr/bin/env bash
# Conformance of the azrs ARM emulator with the real Azure CLI.
#
# Installs azure-cli 2.91.0 from PyPI into target/az-venv (once; reused while it holds that
# version), builds target/debug/azrs-emulator, then, inside a network namespace that has
# only loopback (`unshare -n`, needs root), starts the emulator on a free port with a fresh
# state dir and drives the real `az` through the walkthrough of
# ../shared/spec/reference/az-walkthrough-output.txt, in its order: version, cloud
# register/set, service-principal login, extension list, feature register/list, provider
# register, group create, aks create --enable-managed-identity --generate-ssh-keys,
# aks get-credentials.
#
# Checks, each reported per step:
#   1. every step exits 0;
#   2. its exit code, stdout and stderr equal the reference transcript's once the run's
#      values are normalised (URL, temp paths, GUIDs/eTags/hashes the server derives, the
#      generated SSH key), and the written kubeconfig equals the reference's the same way;
#   3. the requests az sent during the step (method, path, api-version, JSON or form body)
#      equal the reference's (az-walkthrough-requests.jsonl). Not compared: the api-version of AKS
#      operation polls (taken verbatim from the server's Azure-AsyncOperation URL; the
#      reference's double used the cluster api-version, real AKS and this emulator use
#      2016-03-30), and doubled slashes in paths (az asks for `//metadata/endpoints`).
# The reference lives in $AZ_CONFORMANCE_REFERENCE or ../shared/spec/reference (beside the
# clone, as in CI); when it is absent, checks 2 and 3 are skipped with a notice.
#
# Then a person signs in, in a fresh config dir (no reference transcript exists for it): az
# registers the cloud, `az login --use-device-code` (the emulator approves after one
# `authorization_pending` poll, `--device-code-interval 1`), `az group list` and
# `az account show` as that user, `az logout`, then the browser `az login` with `BROWSER`
# set to a script that fetches the authorize URL and posts its form_post answer to az's
# loopback server, and `az account show`/`az group list` again. Checks: every step exits 0;
# az prints the emulator's device-code message; `az account show` names the test user of
# emulator.json as a `user`; the browser got az's success page; and none of the tokens az
# cached (`msal_token_cache.json` secrets) appear in the emulator's requests.jsonl or
# stderr. Then the refusals, each against an emulator of its own: a declined and an expired
# device code (`--device-code-outcome`) and a refresh token left unused too long
# (`--refresh-token-lifetime 4`, `--token-lifetime 2`, 5 s of sleep) must make az exit 1 with
# Entra's AADSTS line. Redacted copies of what az wrote (`azureProfile.json`, `msal_token_cache.json`)
# after each login go to $AZ_CONFORMANCE_OUT/az-user-login/{device-code,browser}/ (the
# shapes in tests/fixtures/az-user-login/ come from there).
#
# Usage: .ci/az-conformance.sh [--keep-going]
#   --keep-going    run every step even after a failure (to see all that is missing)
#   --install-only  only make sure the venv holds azure-cli 2.91.0 (tests that cross-check
#                   with the real az use it), then exit
# Environment:
#   AZ_CONFORMANCE_OUT  where to copy the run's logs (default target/az-conformance)
#   PYTHON              interpreter for the venv (default python3)
#   AZ_CONFORMANCE_REFERENCE  folder with az-walkthrough-{output.txt,requests.jsonl}
#
# Output: one line per step (`ok`/`FAIL`), the requests az made (from the emulator's
# requests.jsonl), on failure the step's stdout/stderr, then the reference comparison
# (diffs on mismatch). Exit 0 iff every step passed and matched the reference.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/target/az-venv"
AZ_VERSION="2.91.0"
OUT="${AZ_CONFORMANCE_OUT:-$ROOT/target/az-conformance}"
REFERENCE="${AZ_CONFORMANCE_REFERENCE:-$ROOT/../shared/spec/reference}"
EMULATOR="$ROOT/target/debug/azrs-emulator"

KEEP_GOING=0
INSIDE=0
INSTALL_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --keep-going) KEEP_GOING=1 ;;
    --install-only) INSTALL_ONLY=1 ;;
    --inside-netns) INSIDE=1 ;;
    *) echo "usage: $0 [--keep-going] [--install-only]" >&2; exit 2 ;;
  esac
done

az_installed() {
  [[ -x "$VENV/bin/az" ]] &&
    "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('azure-cli') != '$AZ_VERSION')" 2>/dev/null
}

die() { echo "az-conformance: $*" >&2; exit 1; }

if [[ "$INSIDE" == 0 ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "az-conformance: needs root for 'unshare -n' (a loopback-only network namespace)" >&2
    exit 2
  fi
  for tool in unshare ip timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing (util-linux, iproute2, coreutils)"
  done
  if az_installed; then
    echo "az-conformance: azure-cli $AZ_VERSION already in $VENV"
  else
    PY="${PYTHON:-python3}"
    command -v "$PY" >/dev/null 2>&1 || die "'$PY' not found; set PYTHON to a Python 3.10+ interpreter"
    echo "az-conformance: installing azure-cli $AZ_VERSION into $VENV (takes minutes)"
    # A half-written venv from an interrupted run would pass for an installed one.
    rm -rf "$VENV"
    "$PY" -m venv "$VENV" ||
      die "'$PY -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
    if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      --retries 5 --timeout 60 "azure-cli==$AZ_VERSION"; then
      rm -rf "$VENV"
      die "pip could not install azure-cli==$AZ_VERSION from PyPI (see above)"
    fi
    az_installed || { rm -rf "$VENV"; die "azure-cli $AZ_VERSION did not install"; }
  fi
  [[ "$INSTALL_ONLY" == 1 ]] && exit 0
  (cd "$ROOT" && cargo build --quiet --bin azrs-emulator) || die "cargo build of azrs-emulator failed"
  unshare -n -- true 2>/dev/null ||
    die "'unshare -n' is not permitted here (a container without CAP_SYS_ADMIN?)"
  exec unshare -n -- bash "${BASH_SOURCE[0]}" --inside-netns "$@"
fi

# ---- inside the loopback-only namespace ----
ip link set lo up

WORK="$(mktemp -d)"
STATE="$WORK/state"
EMU_PID=""
EXTRA_PIDS=()
cleanup() {
  for pid in "$EMU_PID" "${EXTRA_PIDS[@]}"; do
    [[ -n "$pid" ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$OUT"
  mkdir -p "$OUT"
  cp -r "$WORK/logs" "$OUT/" 2>/dev/null || true
  cp "$STATE/requests.jsonl" "$STATE/emulator.json" "$OUT/" 2>/dev/null || true
  cp "$WORK/emulator.err" "$OUT/" 2>/dev/null || true
  cp -r "$WORK/az-user-login" "$OUT/" 2>/dev/null || true
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
# Retry-After 1 and one InProgress poll, as in the reference run (with 0, az falls back to
# its 30 s default poll interval).
"$EMULATOR" --port 0 --state-dir "$STATE" --retry-after 1 --lro-polls 2 --device-code-interval 1 \
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
  echo "$mark" >"$log.mark"
  printf '%s\0' "$@" >"$log.argv"
  local rc=0
  timeout 600 "$@" >"$log.out" 2>"$log.err" </dev/null || rc=$?
  echo "$rc" >"$log.rc"
  if [[ "$rc" == 0 ]]; then
    echo "ok   [$N] $*"
  else
    FAILED=1
    echo "FAIL [$N] $* (exit $rc$([[ "$rc" == 124 ]] && echo ', timed out'))"
    echo "----- stdout:"; cat "$log.out"
    echo "----- stderr:"; tail -n 40 "$log.err"
    echo "----- requests of this step:"
    requests_since "$mark"
    if [[ "$KEEP_GOING" == 0 ]]; then
      echo "az-conformance: FAILED at step $N (logs in $OUT; --keep-going runs the rest)" >&2
      exit 1
    fi
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

step az version
step az cloud register --name FakeAzureCloud --endpoint-resource-manager "$URL/"
step az cloud set --name FakeAzureCloud
step az login --service-principal --username "$CLIENT_ID" --password "$CLIENT_SECRET" --tenant "$TENANT"
step az extension list
step az feature register --name MSIPreview --namespace Microsoft.ContainerService
step az feature list -o table --query "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}"
step az provider register --namespace Microsoft.ContainerService
step az group create --name myResourceGroup --location westus2
step az aks create -g MyResourceGroup -n MyManagedCluster --enable-managed-identity --generate-ssh-keys
step az aks get-credentials --resource-group myResourceGroup --name MyManagedCluster --file "$WORK/kubeconfig"
cp "$WORK/kubeconfig" "$WORK/logs/kubeconfig" 2>/dev/null || true

echo "az-conformance: requests az made:"
requests_since 0

MATCHED=0
COMPARED="and matched the reference"
if [[ -f "$REFERENCE/az-walkthrough-output.txt" && -f "$REFERENCE/az-walkthrough-requests.jsonl" ]]; then
  echo "az-conformance: comparing with the reference in $REFERENCE"
  "$VENV/bin/python" - "$REFERENCE" "$WORK" "$STATE" "$URL" <<'PY' || MATCHED=1
"""Compares this run's steps with the reference transcript; see the script header."""
import difflib, json, re, shlex, sys
from pathlib import Path

ref_dir, work, state, url = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
logs = Path(work) / "logs"
info = json.loads((state / "emulator.json").read_text())
keep = {info["tenantId"], info["subscriptionId"], info["clientId"]}
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

def norm(text):
    text = text.replace(url, "https://127.0.0.1:8443")
    text = text.replace(work + "/home", "<HOME>").replace(work, "<WORKDIR>")
    text = GUID.sub(lambda m: m.group(0) if m.group(0) in keep else "<GUID>", text)
    text = re.sub(r'("eTag": )"[^"]*"', r'\1"<ETAG>"', text)
    text = re.sub(r'("resourceUid": )"[0-9a-f]+"', r'\1"<UID>"', text)
    text = re.sub(r"-000000-[0-9a-f]{8}\.", "-000000-<HASH>.", text)
    text = re.sub(r"ssh-rsa [A-Za-z0-9+/=]+", "ssh-rsa <KEY>", text)
    text = re.sub(r"token: fake-token-[0-9a-f]+", "token: fake-token-<HEX>", text)
    return text

# Reference transcript: "===== $ cmd" blocks, then "===== resulting <WORKDIR>/kubeconfig:".
raw = (ref_dir / "az-walkthrough-output.txt").read_text()
blocks = re.split(r"^===== ", raw, flags=re.M)[1:]
ref_steps, ref_kubeconfig = [], None
for b in blocks:
    if b.startswith("resulting "):
        # The file, then the blank line that ends every block.
        ref_kubeconfig = b.split("\n", 1)[1]
        if ref_kubeconfig.endswith("\n\n"):
            ref_kubeconfig = ref_kubeconfig[:-1]
        continue
    m = re.match(r"\$ (.*)\n----- exit=(\d+) [^\n]*\n----- stdout:\n(.*?)----- stderr:\n(.*)\Z", b, re.S)
    cmd, rc, out, err = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    ref_steps.append((cmd, rc, out, err[:-1] if err.endswith("\n\n") or err == "\n" else err))

def key(e):
    """METHOD path api-version, with what the server chooses left out."""
    path = re.sub(r"/{2,}", "/", e["path"])
    api = (e.get("query") or {}).get("api-version")
    op = re.match(r"(.*/providers/Microsoft\.ContainerService/locations/[^/]+/operations)/[^/]+$", path)
    if op:
        path, api = op.group(1) + "/<id>", "<server-chosen>"
    body = e.get("body")
    body = "" if body is None else " body=" + json.dumps(body, sort_keys=True)
    # The generated SSH public key (the emulator's log also hides it).
    body = re.sub(r'"keyData": "[^"]*"', '"keyData": "<KEY>"', body)
    body = re.sub(r"<redacted[^\"]*>", "<redacted>", body)
    return "%s %s api-version=%s%s" % (e["method"], path, api, body)

ref_reqs, current = {}, None
for line in (ref_dir / "az-walkthrough-requests.jsonl").read_text().splitlines():
    e = json.loads(line)
    if e["type"] == "marker":
        label = e["label"]
        current = None if label.startswith("end: ") else label
        if current is not None:
            ref_reqs.setdefault(current, [])
    elif e.get("listener") == "https" and current is not None:
        ref_reqs[current].append(key(e))

ours = [json.loads(l) for l in (state / "requests.jsonl").read_text().splitlines()]
n_steps = len(sorted(logs.glob("*.argv")))
marks = [int((logs / ("%02d.mark" % i)).read_text()) for i in range(1, n_steps + 1)] + [len(ours)]

failed = False
def report(ok, what, diff=None):
    global failed
    print("%s %s" % ("match   " if ok else "MISMATCH", what))
    if not ok:
        failed = True
        sys.stdout.writelines(diff or [])

if n_steps != len(ref_steps):
    report(False, "step count: %d here, %d in the reference" % (n_steps, len(ref_steps)))
for i, (ref_cmd, ref_rc, ref_out, ref_err) in enumerate(ref_steps[:n_steps], start=1):
    stem = logs / ("%02d" % i)
    argv = [norm(a) for a in stem.with_suffix(".argv").read_text().split("\0")[:-1]]
    name = "[%d] %s" % (i, ref_cmd)
    if argv != shlex.split(ref_cmd):
        report(False, name + ": different command " + shlex.join(argv))
        continue
    rc = int(stem.with_suffix(".rc").read_text())
    out, err = norm(stem.with_suffix(".out").read_text()), norm(stem.with_suffix(".err").read_text())
    problems = []
    if rc != ref_rc:
        problems.append("  exit %d, reference %d\n" % (rc, ref_rc))
    for label, mine, theirs in (("stdout", out, norm(ref_out)), ("stderr", err, norm(ref_err))):
        if mine != theirs:
            problems += list(difflib.unified_diff(theirs.splitlines(True), mine.splitlines(True),
                                                  "reference " + label, "emulator " + label))
    mine = [key(e) for e in ours[marks[i - 1]:marks[i]]]
    theirs = ref_reqs.get(ref_cmd, [])
    if mine != theirs:
        problems += ["  requests:\n"] + [l + "\n" for l in difflib.unified_diff(
            theirs, mine, "reference", "emulator", lineterm="")]
    report(not problems, name, problems)

kube = logs / "kubeconfig"
if ref_kubeconfig is not None:
    mine = norm(kube.read_text()) if kube.exists() else "<missing>\n"
    theirs = norm(ref_kubeconfig)
    report(mine == theirs, "resulting kubeconfig", difflib.unified_diff(
        theirs.splitlines(True), mine.splitlines(True), "reference", "emulator"))
sys.exit(1 if failed else 0)
PY
else
  echo "az-conformance: no reference transcript in $REFERENCE; skipping the comparison"
  COMPARED="(reference comparison skipped: no $REFERENCE)"
fi


# ---- a person signs in (device code, then browser) ----
echo "az-conformance: person sign-in"
PERSON_FAILED=0
person_fail() { echo "FAIL person sign-in: $*"; PERSON_FAILED=1; }
USER_UPN="$("$VENV/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["user"]["userPrincipalName"])' "$STATE/emulator.json")"
export AZURE_CONFIG_DIR="$WORK/azure-user"
mkdir -p "$AZURE_CONFIG_DIR" "$WORK/az-user-login"

# The "browser": az's loopback server answers only after the browser command returns, so the
# fetch runs in the background.
cat >"$WORK/browser-fetch.py" <<'PY'
"""GET the authorize URL; submit its answer (form_post page, or a redirect) to az's loopback."""
import html.parser, sys, requests

class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.action = None; self.fields = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form": self.action = a.get("action")
        if tag == "input" and a.get("type") == "hidden": self.fields[a["name"]] = a.get("value", "")

r = requests.get(sys.argv[1], allow_redirects=False, timeout=30)
if r.status_code in (301, 302, 303):
    answer = requests.get(r.headers["Location"], timeout=30)
else:
    f = Form(); f.feed(r.text)
    if not f.action:
        sys.exit("no form in the %d answer" % r.status_code)
    answer = requests.post(f.action, data=f.fields, timeout=30)
print("loopback answered", answer.status_code)
PY
cat >"$WORK/browser.sh" <<SH
#!/bin/sh
"$VENV/bin/python" "$WORK/browser-fetch.py" "\$1" >>"$WORK/browser.log" 2>&1 &
SH
chmod +x "$WORK/browser.sh"

# Copies what az wrote for the user, every secret and time replaced by a placeholder.
save_user_files() {
  mkdir -p "$WORK/az-user-login/$1"
  "$VENV/bin/python" - "$AZURE_CONFIG_DIR" "$WORK/az-user-login/$1" "$WORK/cached-secrets" <<'PY'
import json, sys, shutil
src, dst, secrets = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.copy(src + "/azureProfile.json", dst + "/azureProfile.json")  # no secrets; keeps az's BOM
cache = json.load(open(src + "/msal_token_cache.json"))
for items in cache.values():
    for entry in items.values():
        for k, v in entry.items():
            if k == "secret":
                # Kept (outside the copied folder) for the leak check below.
                open(secrets, "a").write(v + "\n")
                entry[k] = "<redacted %s>" % entry["credential_type"]
            elif k in ("cached_at", "expires_on", "extended_expires_on", "last_modification_time"):
                entry[k] = "<unix seconds>"
# As MSAL writes it: json.dumps(cache, indent=4), no newline at the end.
json.dump(cache, open(dst + "/msal_token_cache.json", "w"), indent=4)
PY
}

# `az account show` must name the emulator's test user as a person.
check_user() {
  "$VENV/bin/python" - "$1" "$USER_UPN" <<'PY' || person_fail "az account show does not name the test user ($1)"
import json, sys
v = json.load(open(sys.argv[1]))
sys.exit(0 if v["user"] == {"name": sys.argv[2], "type": "user"} else 1)
PY
}

step az cloud register --name FakeAzureCloud --endpoint-resource-manager "$URL/"
step az cloud set --name FakeAzureCloud
step az login --use-device-code
grep -q "^To sign in, use a web browser to open the page $URL/devicelogin and enter the code [A-Z0-9]\{9\} to authenticate\.$" "$WORK/logs/$(printf '%02d' "$N").err" ||
  person_fail "az did not print the emulator's device-code message"
save_user_files device-code
step az group list --query "[].name" -o tsv
grep -qx myResourceGroup "$WORK/logs/$(printf '%02d' "$N").out" || person_fail "az group list as the user misses myResourceGroup"
step az account show
check_user "$WORK/logs/$(printf '%02d' "$N").out"
step az logout
step env BROWSER="$WORK/browser.sh" az login
grep -q "loopback answered 200" "$WORK/browser.log" 2>/dev/null || person_fail "az's loopback server did not accept the browser's answer: $(cat "$WORK/browser.log" 2>/dev/null)"
save_user_files browser
step az account show
check_user "$WORK/logs/$(printf '%02d' "$N").out"
step az group list --query "[].name" -o tsv

# No token az holds may be in the emulator's log or stderr.
"$VENV/bin/python" - "$WORK/cached-secrets" "$STATE/requests.jsonl" "$WORK/emulator.err" <<'PY' || person_fail "a token az cached is in the emulator's log"
import sys
secrets = [s for s in open(sys.argv[1]).read().split("\n") if s]
logs = open(sys.argv[2]).read() + open(sys.argv[3]).read()
leaked = [s[:12] + "..." for s in secrets if s in logs or s[: len(s) // 2] in logs]
print("az-conformance: %d cached secrets checked against the emulator's log%s" % (len(secrets), ", leaked: %s" % leaked if leaked else ""))
sys.exit(1 if leaked or not secrets else 0)
PY

# ---- refusals: az's answer to what Entra refuses, one emulator each ----
# Starts an emulator with the given flags in $WORK/$1 and points az at it (fresh config dir).
start_extra() {
  local dir="$WORK/$1"; shift
  mkdir -p "$dir/azure"
  "$EMULATOR" --port 0 --state-dir "$dir/state" --device-code-interval 1 "$@" >"$dir/out" 2>"$dir/err" &
  EXTRA_PIDS+=($!)
  local xurl=""
  for _ in $(seq 1 300); do
    if [[ -s "$dir/out" ]]; then xurl="$(head -n 1 "$dir/out")"; xurl="${xurl#listening on }"; break; fi
    sleep 0.1
  done
  export AZURE_CONFIG_DIR="$dir/azure" REQUESTS_CA_BUNDLE="$dir/state/ca.pem"
  { az cloud register --name FakeAzureCloud --endpoint-resource-manager "$xurl/" &&
    az cloud set --name FakeAzureCloud; } >/dev/null 2>&1 </dev/null ||
    person_fail "cannot point az at the emulator started with $*"
}
# Runs the command expecting exit 1 and an `ERROR: <$1>` line on stderr.
expect_refusal() {
  local want="$1"; shift
  local rc=0
  timeout 120 "$@" >"$WORK/refusal.out" 2>"$WORK/refusal.err" </dev/null || rc=$?
  if [[ "$rc" == 1 ]] && grep -q "^ERROR: $want" "$WORK/refusal.err"; then
    echo "ok   refused: $* ($want)"
  else
    person_fail "$* exited $rc; expected 1 and 'ERROR: $want'"
    tail -n 5 "$WORK/refusal.err"
  fi
}
start_extra declined --device-code-outcome decline
expect_refusal "AADSTS70000: The end user declined the authorization request." az login --use-device-code
start_extra expired --device-code-outcome expire --device-code-polls 0
expect_refusal "AADSTS70019: Verification code expired." az login --use-device-code
start_extra idle --refresh-token-lifetime 4 --token-lifetime 2 --device-code-polls 0
az login --use-device-code >/dev/null 2>&1 </dev/null || person_fail "az login --use-device-code (idle) failed"
sleep 5
expect_refusal "AADSTS700082: The refresh token has expired due to inactivity." az group list
if [[ "$PERSON_FAILED" == 0 ]]; then
  echo "az-conformance: person sign-in ok (device code and browser)"
else
  FAILED=1
fi

if [[ "$FAILED" == 0 && "$MATCHED" == 0 ]]; then
  echo "az-conformance: all steps passed $COMPARED"
elif [[ "$FAILED" == 0 ]]; then
  echo "az-conformance: FAILED: every step exited 0 but differs from the reference (above; logs in $OUT)" >&2
  exit 1
else
  echo "az-conformance: FAILED: a step exited non-zero (above; logs in $OUT)" >&2
  exit 1
fi
