//! `aks get-credentials -g RG -n NAME [--admin] [--file F] [--context C] [--format F]
//! [--public-fqdn] [--overwrite-existing]` (`commands.md` §8): the credential POST, decoding the kubeconfig ARM
//! returns, and handing it to `kubeconfig` for the merge into the target file (or stdout).

use std::ffi::OsStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;

use super::{CLUSTERS_API, cluster_path};
use crate::arm::ArmRequest;
use crate::cli::AksGetCredentialsArgs;
use crate::commands::{Ctx, Outcome, fail};
use crate::kubeconfig::{
    MergeOptions, MergeOutcome, merge_credentials_with_prompt, resolve_target,
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
    let opts = MergeOptions {
        target: resolved.target,
        context_name: args.context.clone(),
        overwrite_existing: args.overwrite_existing,
    };
    // az's conflict prompt; without a terminal the answer is "no".
    let mut confirm = |question: &str| ctx.term.confirm(question).ok().flatten().unwrap_or(false);
    let outcome = merge_credentials_with_prompt(&kubeconfig, &opts, &mut confirm)
        .map_err(|e| crate::commands::CliError::new(e.to_string()))?;
    match outcome {
        MergeOutcome::Stdout(text) => Ok(Outcome::raw(text)),
        MergeOutcome::Written {
            warnings,
            kubelogin_devicecode,
            ..
        } => {
            for w in &warnings {
                ctx.warn(w);
            }
            if kubelogin_devicecode {
                // az converts with `kubelogin convert-kubeconfig -l azurecli` when kubelogin is
                // installed; azrs runs no external programs and says so instead.
                ctx.warn(
                    "The kubeconfig uses kubelogin device-code login; run 'kubelogin convert-kubeconfig -l azurecli' to use Azure CLI authentication.",
                );
            }
            Ok(Outcome::none())
        }
    }
}
