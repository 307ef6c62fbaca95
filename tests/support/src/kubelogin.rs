//! A fake `kubelogin` for the `aks get-credentials` tests of both binaries: a shell script
//! that appends how it was called (argv, working directory, `KUBECONFIG`) to `calls.log`
//! beside it, prints one line on each stream, exits 3 when run in a folder named `fail`, and
//! otherwise rewrites the kubeconfig kubelogin itself would pick (`KUBECONFIG`, else
//! `~/.kube/config`) from device-code to Azure CLI login, as `convert-kubeconfig -l azurecli`
//! does. The same script sits on the real az's `PATH` in the differential.

use std::path::Path;

/// Writes the fake as `dir/kubelogin` (mode 0755).
pub fn install(dir: &Path) {
    let script = format!(
        r#"#!/bin/sh
{{
  printf 'argv:'; for a in "$@"; do printf ' <%s>' "$a"; done
  printf '\ncwd: %s\nKUBECONFIG: %s\n' "$(pwd)" "${{KUBECONFIG-unset}}"
}} >> '{log}'
echo "fake kubelogin on stdout"
echo "fake kubelogin on stderr" >&2
case "$(pwd)" in */fail) exit 3;; esac
f="${{KUBECONFIG:-$HOME/.kube/config}}"
sed -i 's/devicecode/azurecli/' "$f" || exit 1
"#,
        log = dir.join("calls.log").display()
    );
    let path = dir.join("kubelogin");
    std::fs::write(&path, script).expect("write fake kubelogin");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// What the fake recorded so far (three lines a call), or `""`.
pub fn calls(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("calls.log")).unwrap_or_default()
}
