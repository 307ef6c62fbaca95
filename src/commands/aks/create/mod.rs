//! `aks create`, split by concern: the flag set ([`options`]), az's validator- and decorator-
//! level checks with their exact texts ([`validate`]), the `dnsPrefix` algorithm and the PUT
//! body key for key in the order az 2.91 sends it ([`body`]), and the kubelet identity's
//! lookups and role assignment (`identity`). Only `identity` and this file do I/O.
//!
//! This file is the verb, in az's order (`commands.md` §6.6): validators (flags, SSH key) before
//! any request, the existence GET (a found cluster is an error, any failure is ignored), the
//! resource group's location when `--location` is absent, the decorator checks, the kubelet
//! identity steps, then the PUT and its long-running operation.

pub mod body;
pub(super) mod identity;
mod options;
mod subnet;
pub(super) mod validate;

use serde_json::Value;

pub use options::AksCreateOptions;

use super::flatten::flatten_cluster;
use super::{CLUSTERS_API, acr, cluster_path, extra_headers, with_headers};
use crate::arm::{ArmRequest, api};
use crate::cli::AksCreateArgs;
use crate::commands::{CliError, Ctx, Outcome, fail};
use crate::sshkey::{SshKeyOptions, resolve_ssh_key};

/// The default of `--ssh-key-value`, as clap fills it in.
const DEFAULT_SSH_KEY_VALUE: &str = "~/.ssh/id_rsa.pub";

/// Maps the parsed flags onto the pure options (the SSH key is resolved separately).
fn options_from_args(args: &AksCreateArgs) -> AksCreateOptions {
    AksCreateOptions {
        resource_group: args.cluster.resource_group.clone(),
        name: args.cluster.name.clone(),
        location: args.location.clone().filter(|l| !l.is_empty()),
        enable_managed_identity: args.enable_managed_identity,
        assign_identity: args.assign_identity.clone(),
        assign_kubelet_identity: args.assign_kubelet_identity.clone(),
        service_principal: args.service_principal.clone(),
        client_secret: args.client_secret.clone(),
        ssh_public_key: None,
        admin_username: args.admin_username.clone(),
        kubernetes_version: args.kubernetes_version.clone(),
        node_count: args.node_count,
        node_vm_size: args.node_vm_size.clone(),
        nodepool_name: args.nodepool_name.clone(),
        os_sku: args.os_sku.clone(),
        node_osdisk_size: args.node_osdisk_size,
        vm_set_type: args.vm_set_type.clone(),
        max_pods: args.max_pods,
        zones: (!args.zones.is_empty()).then(|| args.zones.clone()),
        enable_cluster_autoscaler: args.enable_cluster_autoscaler,
        min_count: args.min_count,
        max_count: args.max_count,
        vnet_subnet_id: args.vnet_subnet_id.clone(),
        network_plugin: args.network_plugin.clone(),
        network_plugin_mode: args.network_plugin_mode.clone(),
        pod_cidr: args.pod_cidr.clone(),
        service_cidr: args.service_cidr.clone(),
        dns_service_ip: args.dns_service_ip.clone(),
        load_balancer_sku: args.load_balancer_sku.clone(),
        outbound_type: args.outbound_type.clone(),
        tier: args.tier.clone(),
        sku: args.sku.clone(),
        dns_name_prefix: args.dns_name_prefix.clone(),
        fqdn_subdomain: args.fqdn_subdomain.clone(),
        tags: (!args.tags.is_empty()).then(|| crate::py::tags(&args.tags)),
        enable_oidc_issuer: args.enable_oidc_issuer,
        enable_workload_identity: args.enable_workload_identity,
        enable_aad: args.enable_aad,
        enable_azure_rbac: args.enable_azure_rbac,
        disable_rbac: args.disable_rbac,
        bootstrap_artifact_source: args
            .bootstrap_artifact_source
            .clone()
            .unwrap_or_else(|| "Direct".to_owned()),
        attach_acr: args.attach_acr.clone(),
        no_wait: args.no_wait,
    }
}

/// The SSH rules of §6.4, warnings printed as az prints them (from its validator).
fn ssh_key(ctx: &Ctx, args: &AksCreateArgs) -> anyhow::Result<Option<String>> {
    let automatic = args
        .sku
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("automatic"));
    if automatic && !args.no_ssh_key {
        if args.generate_ssh_keys || args.ssh_key_value != DEFAULT_SSH_KEY_VALUE {
            // Text UNVERIFIED (spec §6.4 step 2 names the class, not the message).
            return fail(
                "--ssh-key-value and --generate-ssh-keys cannot be used with --sku automatic.",
            );
        }
        return Ok(None);
    }
    let opts = SshKeyOptions {
        ssh_key_value: Some(
            crate::py::expanduser(&args.ssh_key_value, &ctx.home)
                .display()
                .to_string(),
        ),
        generate_ssh_keys: args.generate_ssh_keys,
        no_ssh_key: args.no_ssh_key,
    };
    match resolve_ssh_key(&opts, &ctx.home) {
        Ok(Some(resolved)) => {
            for w in &resolved.warnings {
                ctx.warn(w);
            }
            Ok(Some(resolved.key_data))
        }
        Ok(None) => Ok(None),
        Err(e) => fail(e.to_string()),
    }
}

/// `aks create`.
pub(crate) async fn run(ctx: &Ctx, args: AksCreateArgs) -> anyhow::Result<Outcome> {
    if args.docker_bridge_address.is_some() {
        // az's parser announces the deprecated (hidden) option before anything else.
        ctx.term.status(
            crate::term::StatusTag::Deprecated,
            "Option '--docker-bridge-address' has been deprecated and will be removed in a future release.",
        );
    }
    let mut opts = options_from_args(&args);
    opts.validate().map_err(|e| CliError::new(e.to_string()))?;
    // az's validate_assign_kubelet_identity (an empty value passes).
    if let Some(k) = opts.assign_kubelet_identity.as_deref()
        && !k.is_empty()
        && !validate::is_valid_resource_id(k)
    {
        return fail("--assign-kubelet-identity is not a valid Azure resource ID.");
    }
    let headers = extra_headers(
        args.if_match.as_deref(),
        args.if_none_match.as_deref(),
        args.aks_custom_headers.as_deref(),
    );
    opts.ssh_public_key = ssh_key(ctx, &args)?;

    let arm = ctx.arm()?;
    let rg = &opts.resource_group;
    let path = cluster_path(&arm.subscription_id, rg, &opts.name);

    // az swallows every failure of this GET (404, 403, …); only a found cluster stops it.
    if arm.client.get(&path, CLUSTERS_API).await.is_ok() {
        return fail(format!(
            "The cluster '{}' under resource group '{rg}' already exists. Please use command 'az aks update' to update the existing cluster, or select a different cluster name to create a new cluster.",
            opts.name
        ));
    }

    let location = match &opts.location {
        Some(l) => l.clone(),
        None => {
            let group_path = crate::commands::group::group_path(&arm.subscription_id, rg);
            let group = arm.client.get(&group_path, api::RESOURCE_GROUPS).await?;
            match group.get("location").and_then(Value::as_str) {
                Some(l) => l.to_owned(),
                None => return fail(format!("The resource group '{rg}' has no location.")),
            }
        }
    };

    opts.decorator_check_before_network()
        .map_err(|e| CliError::new(e.to_string()))?;
    let grant_after_create = subnet::before_put(ctx, arm, &opts).await?;
    opts.attach_acr_check()
        .map_err(|e| CliError::new(e.to_string()))?;
    if let Some(acr) = given(&opts.attach_acr)
        && !opts.managed_identity_on()
    {
        // az's process_attach_acr: a service-principal cluster's registry access is set up
        // before the PUT.
        let sp = opts.service_principal.clone().unwrap_or_default();
        acr::ensure_aks_acr(ctx, arm, &acr::Assignee::ServicePrincipal(sp), acr, false).await?;
    }
    opts.decorator_check_network()
        .map_err(|e| CliError::new(e.to_string()))?;
    let mut body = opts.build_put_body(&location, &arm.subscription_id);

    identity::set_up_identity_profile(ctx, arm, &opts, &mut body).await?;

    // az's put_mc: with work to do once the cluster exists (a subnet grant for its system
    // identity, a registry for its kubelet identity) it always waits, whatever --no-wait says.
    let attach_acr = given(&opts.attach_acr)
        .filter(|_| opts.managed_identity_on())
        .map(str::to_owned);
    let postprocessing = grant_after_create.is_some() || attach_acr.is_some();
    let (lro, spinner) = crate::commands::lro_options(ctx, args.no_wait && !postprocessing);
    let result = arm
        .client
        .run_lro(
            with_headers(ArmRequest::put(&path, CLUSTERS_API, body), &headers),
            Some(ArmRequest::get(&path, CLUSTERS_API).accept_any()),
            &lro,
        )
        .await;
    spinner.finish();
    let Some(cluster) = result? else {
        return Ok(Outcome::none());
    };
    if let Some(subnet) = &grant_after_create {
        subnet::after_create(ctx, arm, &path, subnet).await?;
    }
    if let Some(registry) = &attach_acr {
        acr::attach_after_put(ctx, arm, &cluster, registry).await?;
    }
    if args.no_wait {
        // az drops the result of a --no-wait command even when it waited for post-processing.
        return Ok(Outcome::none());
    }
    Ok(Outcome::value(flatten_cluster(&cluster)))
}

/// A flag's value when given and not empty.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}
