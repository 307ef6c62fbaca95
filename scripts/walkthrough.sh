#!/usr/bin/env bash
# Runs the seed walkthrough (extensions, feature and provider registration, a resource group,
# an AKS cluster with managed identity, its credentials) against azrs's embedded ARM emulator:
# no Azure account, no network. State lives in a fresh temp dir unless AZRS_EMULATOR is set.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin azrs
azrs() { ./target/release/azrs "$@"; }

demo="$(mktemp -d)"
export AZRS_EMULATOR="${AZRS_EMULATOR:-$demo/emulator}"
export AZURE_CONFIG_DIR="${AZURE_CONFIG_DIR:-$demo/azure}"
export KUBECONFIG="${KUBECONFIG:-$demo/kubeconfig}"
export HOME="$demo/home"
mkdir -p "$AZRS_EMULATOR" "$AZURE_CONFIG_DIR" "$HOME"

step() { printf '\n$ azrs %s\n' "$*"; azrs "$@"; }

step extension update --name aks-preview
step extension list
step feature register --name MSIPreview --namespace Microsoft.ContainerService
step feature list -o table --query "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}"
step provider register --namespace Microsoft.ContainerService
step group create --name myResourceGroup --location westus2
step aks create -g MyResourceGroup -n MyManagedCluster --enable-managed-identity --generate-ssh-keys
step aks get-credentials --resource-group myResourceGroup --name MyManagedCluster

if command -v kubectl >/dev/null 2>&1; then
  printf '\n$ kubectl config get-contexts\n'
  kubectl config get-contexts
fi
printf '\nDemo state: %s (emulator state, config dir, kubeconfig)\n' "$demo"
