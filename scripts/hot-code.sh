#!/usr/bin/env bash
# Regenerates scripts/hot-code.order, the list of functions build.rs asks the linker to place
# first in the `azrs` binary's .text (issue 12: the per-command memory floor).
#
# Why: the kernel maps a binary's code 64 KiB at a time around each page it faults in, so a
# one-request command that runs ~700 scattered 4 KiB pages of code had ~7 MB of the 10 MB of
# code resident (most of its peak RSS) and paid a page fault for each window. Packed together,
# the code those commands run fits in about a tenth of that.
#
# How: link the release binary with a map file, run a set of everyday commands against the
# emulator under valgrind's lackey (every superblock executed, by address), and write the
# symbols of the sections those addresses fall in, in the order they first ran. A stale list
# only costs memory: names that no longer exist are ignored by the linker.
#
# Needs: valgrind, python3, the release build of azrs-emulator. Run from the repository root.
set -euo pipefail
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'kill "${EMU:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

cargo build --release -p azrs-emulator
cargo rustc --release --bin azrs -- -C "link-arg=-Wl,-Map=$WORK/azrs.map"
AZRS="$ROOT/target/release/azrs"

target/release/azrs-emulator --port 0 --state-dir "$WORK/state" --retry-after 0 --lro-polls 1 \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU=$!
for _ in $(seq 1 200); do [[ -s "$WORK/emulator.out" ]] && break; sleep 0.05; done
URL="$(head -n 1 "$WORK/emulator.out")"; URL="${URL#listening on }"
export HOME="$WORK/home" AZURE_CONFIG_DIR="$WORK/azure" REQUESTS_CA_BUNDLE="$WORK/state/ca.pem" \
  AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_NO_COLOR=true
mkdir -p "$HOME"
n=0
trace() {  # trace ARGS...: one command under lackey; its superblock addresses, first run first
  n=$((n + 1))
  valgrind --tool=lackey --trace-superblocks=yes --log-file="$WORK/sb.$n" "$AZRS" "$@" \
    >/dev/null 2>&1 || true
}
trace version
trace group list --help
trace cloud register --name Hot --endpoint-resource-manager "$URL/"
trace cloud set --name Hot
trace login --service-principal -u 00000000-0000-4000-8000-0000000a9901 -p fake-client-secret \
  --tenant 00000000-0000-4000-8000-00000000face
trace group create --name hot --location westus2
trace group show --name hot
trace group show --name missing
trace group list -o table
trace group list --query "[].name" -o tsv
trace account show
trace extension list
trace feature register --name MSIPreview --namespace Microsoft.ContainerService
trace feature list -o table --query "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}"
trace provider register --namespace Microsoft.ContainerService
trace aks create -g hot -n hot --enable-managed-identity --generate-ssh-keys
trace aks get-credentials -g hot -n hot --file "$WORK/kubeconfig"

python3 - "$WORK/azrs.map" "$ROOT/scripts/hot-code.order" "$WORK"/sb.* <<'PY'
import bisect, re, sys
map_path, out_path, traces = sys.argv[1], sys.argv[2], sys.argv[3:]
# lld's map: "VMA LMA Size Align Out In Symbol", indented by level: an output section, an
# input section ("file:(section)"), then the (demangled) symbols it defines. The order file
# wants linker names, so a function's is taken from its section, `.text.<mangled name>`.
sections, in_text = [], False
line_re = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(\S.*)$")
for line in open(map_path):
    m = line_re.match(line)
    if not m:
        continue
    start, size, level, rest = int(m[1], 16), int(m[2], 16), len(m[3]), m[4].strip()
    if level == 0:
        in_text = rest == ".text"
    elif in_text and level == 8 and rest.endswith(")") and ":(" in rest:
        name = rest[rest.rindex(":(") + 2 : -1]
        for prefix in (".text.unlikely.", ".text.hot.", ".text.startup.", ".text."):
            if name.startswith(prefix):
                sections.append([start, start + size, [name[len(prefix):]]])
                break
        else:
            sections.append([start, start + size, []])
    elif in_text and level == 16 and sections and not sections[-1][2]:
        sections[-1][2].append(rest)  # a plain `.text` (assembly): its first symbol
sections = [s for s in sections if s[2]]
sections.sort()
starts = [s[0] for s in sections]
order, seen = [], set()
for path in traces:
    for line in open(path):
        if not line.startswith("SB "):
            continue
        addr = int(line.split()[1], 16)
        i = bisect.bisect_right(starts, addr) - 1
        if i < 0 or addr >= sections[i][1] or i in seen:
            continue
        seen.add(i)
        order.append(sections[i][2][0])
with open(out_path, "w") as out:
    out.write("\n".join(order) + "\n")
print(f"{len(order)} sections, {sum(sections[i][1] - sections[i][0] for i in seen)} bytes")
PY
