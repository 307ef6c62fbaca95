//! `aks get-credentials -g RG -n NAME [--admin] [--file F] [--context C] [--format F]
//! [--public-fqdn] [--overwrite-existing]` (`commands.md` §8): the credential POST, decoding the kubeconfig ARM
//! returns, handing it to `kubeconfig` for the merge into the target file (or stdout), and
//! then, for device-code kubelogin credentials, running `kubelogin convert-kubeconfig` as az
//! does (`kubeconfig::kubelogin`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;

use super::{CLUSTERS_API, cluster_path};
use crate::arm::ArmRequest;
use crate::cli::AksGetCredentialsArgs;
use crate::commands::{Ctx, Outcome, fail};
use crate::kubeconfig::{
    MergeOptions, MergeOutcome, Target, kubelogin, merge_credentials_with_prompt, resolve_target,
};

/// `--format` after az's validator: lower-cased, `azure` or `exec`.
fn credential_format(raw: Option<&str>) -> anyhow::Result<Option<String>> {
    match raw {
        None => Ok(None),
        Some(f) => {
            let f = f.to_ascii_lowercase();
            if f == "azure" || f == "exec" {
                Ok(Some(f))
            } else {
                fail("--format can only be azure or exec.")
            }
        }
    }
}

/// `kubeconfigs[0].value`, base64-decoded and UTF-8, with az's error texts.
fn decode_kubeconfig(response: &Value) -> anyhow::Result<String> {
    if response.is_null() {
        return fail("No Kubernetes credentials found.");
    }
    let decoded = response
        .pointer("/kubeconfigs/0/value")
        .and_then(Value::as_str)
        .and_then(|v| BASE64.decode(v.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok());
    match decoded {
        Some(text) => Ok(text),
        None => fail("Fail to find kubeconfig file."),
    }
}

/// `aks get-credentials`.
pub(crate) async fn run(ctx: &Ctx, args: AksGetCredentialsArgs) -> anyhow::Result<Outcome> {
    let format = credential_format(args.format.as_deref())?;
    let arm = ctx.arm()?;
    if args.admin && format.is_some() {
        return fail("--format can only be specified when requesting clusterUser credential.");
    }
    let action = if args.admin {
        "listClusterAdminCredential"
    } else {
        "listClusterUserCredential"
    };
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    )
    .lit(action);
    // The AKS SDK puts api-version before server-fqdn and format.
    let mut request = ArmRequest::post(&path, CLUSTERS_API, None).api_version_first();
    if args.public_fqdn {
        request = request.query("server-fqdn", "public");
    }
    if let Some(f) = &format {
        request = request.query("format", f);
    }
    let response = arm.client.send(&request).await?.json()?;
    let kubeconfig = decode_kubeconfig(&response)?;

    let resolved = resolve_target(
        args.file.as_deref(),
        ctx.env_var("KUBECONFIG").map(OsStr::new),
        &ctx.home,
    );
    for w in &resolved.warnings {
        ctx.warn(w);
    }
    // az runs kubelogin in `os.path.dirname(path)`: "" for `-` and for a bare file name.
    let kubelogin_dir = match &resolved.target {
        Target::Stdout => PathBuf::new(),
        Target::File(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let opts = MergeOptions {
        target: resolved.target,
        context_name: args.context.clone(),
        overwrite_existing: args.overwrite_existing,
    };
    // az's conflict prompt; without a terminal the answer is "no".
    let mut confirm = |question: &str| ctx.term.confirm(question).ok().flatten().unwrap_or(false);
    let outcome = merge_credentials_with_prompt(&kubeconfig, &opts, &mut confirm)
        .map_err(|e| crate::commands::CliError::new(e.to_string()))?;
    let result = match outcome {
        // az prints the kubeconfig before it looks at kubelogin; with `-` kubelogin cannot
        // start (no directory), so nothing of its own follows on stdout.
        MergeOutcome::Stdout(text) => Outcome::raw(text),
        MergeOutcome::Written { warnings, .. } => {
            for w in &warnings {
                ctx.warn(w);
            }
            Outcome::none()
        }
    };
    if kubelogin::uses_devicecode(&kubeconfig) {
        convert_with_kubelogin(ctx, &kubelogin_dir)?;
    }
    Ok(result)
}

/// az's step after the merge: `kubelogin convert-kubeconfig -l azurecli` when kubelogin is on
/// `PATH` (its output let through, then a warning saying how it went), else az's advice.
fn convert_with_kubelogin(ctx: &Ctx, dir: &Path) -> anyhow::Result<()> {
    let Some(program) = kubelogin::which(ctx.env.get("PATH").map(String::as_str)) else {
        ctx.warn(kubelogin::NOT_INSTALLED);
        return Ok(());
    };
    let done = kubelogin::convert(&program, dir, &ctx.env);
    ctx.term.write_stdout(&done.stdout)?;
    ctx.term
        .write_stderr(&String::from_utf8_lossy(&done.stderr));
    ctx.warn(&done.warning);
    Ok(())
}
