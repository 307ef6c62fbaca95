#!/usr/bin/env bash
# Regenerates the help goldens in this folder from the real az 2.91 (target/az-venv/bin/az).
#
# Every page is `az <path> -h` exactly as az prints it (stdout; the script fails if az writes
# anything to stderr or exits non-zero), stored as `<path words joined by _>.txt` (`root.txt`
# for `az -h`). The pages are az's own bytes, program name `az` included: the tests render
# them with the program name `az` and compare byte for byte; azrs prints its own name in the
# same places (the header line and the example commands).
#
# knack lays help out with a fixed `textwrap_width` of 100 (knack/help.py, CLIHelp), not the
# terminal's width; COLUMNS and LINES are pinned anyway so nothing else can vary, and the
# script checks that a second width gives the same bytes for one page.
#
# Beside each page, extract.py dumps az's structured help data for it (summaries, arguments,
# examples: see that script); the pages of one noun are collected into
# src/cli/help/data/<noun>.json, the data azrs's help renderer lays out.
#
# The config dir is seeded with `[core] first_run = yes`, as on any machine where az has run
# before: on the very first run `az -h` also prints az's privacy statement.
#
# az runs inside a loopback-only network namespace (`unshare -rn`) with a fresh
# AZURE_CONFIG_DIR, so it cannot phone home (no update check, no telemetry).
#
# Usage: tests/golden/help/capture.sh [PATH...]   (default: every page listed below)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
AZ="$ROOT/target/az-venv/bin/az"

# The groups and commands azrs has, then those being added (identity, role assignment,
# network vnet, acr, aks update/nodepool), whose pages wait for their clap args.
PAGES=(
  "account" "account clear" "account list" "account list-locations" "account set" "account show"
  "aks" "aks create" "aks delete" "aks get-credentials" "aks list" "aks show" "aks wait"
  "cloud" "cloud list" "cloud register" "cloud set" "cloud show" "cloud unregister"
  "extension" "extension add" "extension list" "extension list-available" "extension remove"
  "extension show" "extension update"
  "feature" "feature list" "feature register" "feature show" "feature unregister"
  "group" "group create" "group delete" "group exists" "group list" "group show" "group wait"
  "config" "config get" "config set" "config unset" "configure"
  "login" "logout"
  "provider" "provider list" "provider register" "provider show" "provider unregister"
  "version"
  "identity" "identity create" "identity show" "identity list" "identity delete"
  "role" "role assignment" "role assignment create" "role assignment list" "role assignment delete"
  "network" "network vnet" "network vnet create" "network vnet show" "network vnet list"
  "network vnet delete"
  "network vnet subnet" "network vnet subnet create" "network vnet subnet show"
  "network vnet subnet list"
  "acr" "acr create" "acr show" "acr list" "acr delete"
  "aks update" "aks nodepool" "aks nodepool list" "aks nodepool show" "aks nodepool upgrade"
  # the root page last: by then az has built its help index, as on any machine az has run on
  ""
)

if [[ "${1:-}" != "--inside-netns" ]]; then
  [[ -x "$AZ" ]] || { echo "capture.sh: no az at $AZ (run .ci/az-conformance.sh --install-only)" >&2; exit 1; }
  exec unshare -rn "$0" --inside-netns "$@"
fi
shift
ip link set lo up

CFG="$(mktemp -d)"
trap 'rm -rf "$CFG"' EXIT
export AZURE_CONFIG_DIR="$CFG" AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_NO_COLOR=true
export COLUMNS=100 LINES=50
printf '[core]\nfirst_run = yes\n' >"$CFG/config"
DATA="$ROOT/src/cli/help/data"
mkdir -p "$DATA" "$CFG/pages"

if [[ $# -gt 0 ]]; then PAGES=("$@"); CAPTURE_PATHS=1; fi

page() {
  local path="$1" file="$2" err="$CFG/stderr"
  # shellcheck disable=SC2086 # the path is split into its words on purpose
  if ! "$AZ" $path -h >"$file" 2>"$err" || [[ -s "$err" ]]; then
    echo "capture.sh: 'az $path -h' failed:" >&2
    cat "$err" >&2
    exit 1
  fi
}

for path in "${PAGES[@]}"; do
  name="${path// /_}"
  page "$path" "$HERE/${name:-root}.txt"
  if [[ -n "$path" ]]; then
    # shellcheck disable=SC2086
    "$ROOT/target/az-venv/bin/python" "$HERE/extract.py" $path >"$CFG/pages/$name.json"
  fi
  echo "captured: az${path:+ $path} -h"
done

# One data file per noun (the first word), pages keyed by path; a partial run (PATH
# arguments) updates only the pages it captured.
python3 - "$CFG/pages" "$DATA" <<'PY'
import json, os, sys
pages, data = sys.argv[1], sys.argv[2]
by_noun = {}
for f in sorted(os.listdir(pages)):
    page = json.load(open(os.path.join(pages, f)))
    by_noun.setdefault(page['path'].split()[0], {})[page['path']] = page
for noun, new in by_noun.items():
    target = os.path.join(data, noun + '.json')
    merged = json.load(open(target)) if os.path.exists(target) else {}
    merged.update(new)
    with open(target, 'w') as out:
        out.write(json.dumps(merged, indent=1, sort_keys=True, ensure_ascii=False) + '\n')
PY

# az without arguments: its welcome banner above the root page.
if [[ -z "${CAPTURE_PATHS:-}" ]]; then
  "$AZ" >"$HERE/welcome.txt" 2>"$CFG/stderr"
  [[ ! -s "$CFG/stderr" ]] || { cat "$CFG/stderr" >&2; exit 1; }
  echo "captured: az"
fi

# The width check: one page again under another terminal width must give the same bytes.
COLUMNS=40 page "group create" "$CFG/narrow.txt"
cmp -s "$CFG/narrow.txt" "$HERE/group_create.txt" || {
  echo "capture.sh: az's help depends on COLUMNS; pin it" >&2
  exit 1
}
