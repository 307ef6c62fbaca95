//! az's validator- and decorator-level checks of `aks create`, in az's order and with its
//! exact texts (`_validators.py`, `managed_cluster_decorator.py`, `agentpool_decorator.py`).
//! Pure: no request is sent before these pass.

use super::options::{AVAILABILITY_SET, AksCreateOptions, VIRTUAL_MACHINES, VMSS, given};
use crate::commands::aks::AksError;

/// Python's `$` also matches just before one final `\n`; az's validators use `re.match(...$)`.
fn strip_final_newline(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

/// `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$` (`_validators.py`).
fn is_valid_cluster_name(name: &str) -> bool {
    let s = strip_final_newline(name).as_bytes();
    let edge = |c: &u8| c.is_ascii_alphanumeric();
    let inner = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_';
    match s.len() {
        0 => false,
        1 => edge(&s[0]),
        n if n <= 63 => edge(&s[0]) && edge(&s[n - 1]) && s[1..n - 1].iter().all(inner),
        _ => false,
    }
}

/// `^[v|V]?(\d+\.\d+(?:\.\d+)?)$`: returns the captured version (prefix dropped) or `None`.
/// Note the character class also admits a literal `|`, exactly as az's pattern does.
fn normalise_k8s_version(raw: &str) -> Option<String> {
    let s = strip_final_newline(raw);
    let body = s.strip_prefix(['v', 'V', '|']).unwrap_or(s);
    let parts: Vec<&str> = body.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    ((parts.len() == 2 || parts.len() == 3) && parts.iter().all(numeric)).then(|| body.to_owned())
}

/// azure-mgmt-core `is_valid_resource_id`: the id must round-trip through
/// `parse_resource_id` → `resource_id`, i.e. be `/subscriptions/S[/resourceGroups/RG[/providers/NS/TYPE/NAME[/child pairs]]]`
/// (keywords case-insensitive).
pub(in crate::commands::aks) fn is_valid_resource_id(id: &str) -> bool {
    let segs: Vec<&str> = id.split('/').collect();
    if segs.len() < 3 || !segs[0].is_empty() || !segs[1].eq_ignore_ascii_case("subscriptions") {
        return false;
    }
    // msrestazure's parse drops empty parts, so the id no longer round-trips.
    // Regression: `.../userAssignedIdentities/` (no name) was accepted and sent.
    if segs[1..].iter().any(|s| s.is_empty()) {
        return false;
    }
    match segs.len() {
        3 => true,
        5 => segs[3].eq_ignore_ascii_case("resourcegroups"),
        n if n >= 9 => {
            segs[3].eq_ignore_ascii_case("resourcegroups")
                && segs[5].eq_ignore_ascii_case("providers")
                && child_segments_valid(&segs[9..])
        }
        _ => false,
    }
}

/// Children after `NS/TYPE/NAME`: pairs `type/name`, each optionally led by `providers/NS`.
fn child_segments_valid(mut rest: &[&str]) -> bool {
    while !rest.is_empty() {
        if rest[0].eq_ignore_ascii_case("providers") && rest.len() >= 4 {
            rest = &rest[4..];
        } else if rest.len() >= 2 {
            rest = &rest[2..];
        } else {
            return false;
        }
    }
    true
}

impl AksCreateOptions {
    /// The validator-level checks az runs before any request, in az's order, with its texts.
    pub fn validate(&self) -> Result<(), AksError> {
        if !is_valid_cluster_name(&self.name) {
            return Err(AksError::InvalidArgument(
                "--name cannot exceed 63 characters and can only contain letters, numbers, \
                 underscores (_) or dashes (-)."
                    .to_owned(),
            ));
        }
        self.kubernetes_version()?;
        crate::commands::aks::nodepool::check_nodepool_name(&self.nodepool_name)?;
        if let Some(id) = given(&self.assign_identity)
            && !is_valid_resource_id(id)
        {
            return Err(AksError::InvalidArgument(
                "--assign-identity is not a valid Azure resource ID.".to_owned(),
            ));
        }
        if let Some(id) = given(&self.vnet_subnet_id)
            && !is_valid_resource_id(id)
        {
            return Err(AksError::InvalidArgument(
                "--vnet-subnet-id is not a valid Azure resource ID.".to_owned(),
            ));
        }
        if given(&self.dns_name_prefix).is_some() && given(&self.fqdn_subdomain).is_some() {
            // Text UNVERIFIED (spec §6.2); taken from the decorator's getter.
            return Err(AksError::MutuallyExclusive(
                "--dns-name-prefix and --fqdn-subdomain cannot be used at same time".to_owned(),
            ));
        }
        self.vm_set_type()?;
        Ok(())
    }

    /// `-k` after az's validator: `""` when not given, else the captured `major.minor[.patch]`.
    pub fn kubernetes_version(&self) -> Result<String, AksError> {
        match given(&self.kubernetes_version) {
            None => Ok(String::new()),
            Some(raw) => normalise_k8s_version(raw).ok_or_else(|| {
                AksError::InvalidArgument(
                    "--kubernetes-version should be the full version number or major.minor \
                     version number, such as \"1.7.12\" or \"1.7\""
                        .to_owned(),
                )
            }),
        }
    }

    /// `--vm-set-type` normalised to az's spelling (case-insensitive match).
    pub(super) fn vm_set_type(&self) -> Result<&'static str, AksError> {
        let Some(raw) = given(&self.vm_set_type) else {
            return Ok(VMSS);
        };
        [VMSS, AVAILABILITY_SET, VIRTUAL_MACHINES]
            .into_iter()
            .find(|t| t.eq_ignore_ascii_case(raw))
            .ok_or_else(|| {
                // Text UNVERIFIED.
                AksError::InvalidArgument(
                    "--vm-set-type can only be VirtualMachineScaleSets, AvailabilitySet or \
                     VirtualMachines(Preview)"
                        .to_owned(),
                )
            })
    }

    /// Whether the cluster gets a managed identity: always, unless an SP and secret are given.
    pub(in crate::commands::aks) fn managed_identity_on(&self) -> bool {
        !(given(&self.service_principal).is_some() && given(&self.client_secret).is_some())
    }

    /// The decorator-level identity matrix (spec §6.5), checked in az's order after the
    /// existence GET and before the PUT.
    pub fn identity_check(&self) -> Result<(), AksError> {
        let sp = given(&self.service_principal).is_some();
        let secret = given(&self.client_secret).is_some();
        if sp != secret {
            return Err(AksError::RequiredArgumentMissing(
                "Please provide both --service-principal and --client-secret to use sp as the \
                 cluster identity. An sp can be created using the 'az ad sp create-for-rbac' \
                 command."
                    .to_owned(),
            ));
        }
        if sp && secret && self.enable_managed_identity {
            return Err(AksError::MutuallyExclusive(
                "Cannot specify --enable-managed-identity and --service-principal/--client-secret \
                 at same time"
                    .to_owned(),
            ));
        }
        if given(&self.assign_identity).is_some() && !self.managed_identity_on() {
            return Err(AksError::RequiredArgumentMissing(
                "--assign-identity can only be specified when --enable-managed-identity is \
                 specified"
                    .to_owned(),
            ));
        }
        if given(&self.assign_kubelet_identity).is_some() && given(&self.assign_identity).is_none()
        {
            return Err(AksError::RequiredArgumentMissing(
                "--assign-kubelet-identity can only be specified when --assign-identity is \
                 specified"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// All decorator-level checks in the order `construct_mc_profile_default` meets them:
    /// agent pool (autoscaler counts), service principal / identity, network profile, AAD.
    pub fn decorator_check(&self) -> Result<(), AksError> {
        self.decorator_check_before_network()?;
        self.attach_acr_check()?;
        self.decorator_check_network()
    }

    /// The checks `construct_mc_profile_default` meets before the subnet and registry steps:
    /// agent pool (autoscaler counts), then service principal / identity.
    pub(super) fn decorator_check_before_network(&self) -> Result<(), AksError> {
        self.autoscaler_check()?;
        self.identity_check()
    }

    /// The checks after those steps: network profile, then AAD.
    pub(super) fn decorator_check_network(&self) -> Result<(), AksError> {
        self.outbound_type_check()?;
        self.aad_check()
    }

    /// `get_attach_acr`'s create-mode validation: on a managed-identity cluster the registry is
    /// attached after the cluster exists, so `--no-wait` is refused; a service-principal cluster
    /// needs the principal.
    pub(super) fn attach_acr_check(&self) -> Result<(), AksError> {
        if given(&self.attach_acr).is_none() {
            return Ok(());
        }
        if self.managed_identity_on() {
            if self.no_wait {
                return Err(AksError::MutuallyExclusive(
                    "When --attach-acr and --enable-managed-identity are both specified, \
                     --no-wait is not allowed, please wait until the whole operation succeeds."
                        .to_owned(),
                ));
            }
        } else if given(&self.service_principal).is_none() {
            return Err(AksError::RequiredArgumentMissing(
                "No service principal provided to create the acrpull role assignment for acr."
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// `_get_outbound_type` validation (managed_cluster_decorator.py), create mode: the outbound
    /// types that need a bring-your-own subnet fail without `--vnet-subnet-id`.
    fn outbound_type_check(&self) -> Result<(), AksError> {
        let Some(outbound) = given(&self.outbound_type) else {
            return Ok(());
        };
        let basic = given(&self.load_balancer_sku).is_some_and(|s| s.eq_ignore_ascii_case("basic"));
        if basic {
            return Err(AksError::InvalidArgument(format!(
                "{outbound} doesn't support basic load balancer sku"
            )));
        }
        if matches!(outbound, "userDefinedRouting" | "userAssignedNATGateway")
            && given(&self.vnet_subnet_id).is_none()
        {
            let requirement = if outbound == "userDefinedRouting" {
                "a route table with egress rules"
            } else {
                "a NAT gateway with outbound ips"
            };
            let automatic = given(&self.sku).is_some_and(|s| s.eq_ignore_ascii_case("automatic"));
            return Err(AksError::RequiredArgumentMissing(if automatic {
                format!(
                    "For an Automatic cluster using Managed System Pool BYO VNet, \
                     --system-node-subnet-id, --node-subnet-id and --apiserver-subnet-id must be \
                     specified for {outbound}. For other BYO VNet clusters, specify \
                     --vnet-subnet-id. The subnet must be pre-configured with {requirement}"
                )
            } else {
                format!(
                    "--vnet-subnet-id must be specified for {outbound} and it must be \
                     pre-configured with {requirement}"
                )
            }));
        }
        Ok(())
    }

    /// `__validate_counts_in_autoscaler` (agentpool_decorator.py), create mode, System pool.
    fn autoscaler_check(&self) -> Result<(), AksError> {
        if self.enable_cluster_autoscaler {
            let (Some(min), Some(max)) = (self.min_count, self.max_count) else {
                return Err(AksError::RequiredArgumentMissing(
                    "Please specify both min-count and max-count when --enable-cluster-autoscaler \
                     enabled"
                        .to_owned(),
                ));
            };
            if min > max {
                return Err(AksError::InvalidArgument(
                    "Value of min-count should be less than or equal to value of max-count"
                        .to_owned(),
                ));
            }
            if self.node_count < min || self.node_count > max {
                return Err(AksError::InvalidArgument(
                    "node-count is not in the range of min-count and max-count".to_owned(),
                ));
            }
            if min < 1 {
                return Err(AksError::InvalidArgument(
                    "Value of min-count should be greater than or equal to 1 for System node pools"
                        .to_owned(),
                ));
            }
        } else if self.min_count.is_some() || self.max_count.is_some() {
            return Err(AksError::RequiredArgumentMissing(
                "min-count and max-count are required for --enable-cluster-autoscaler, please use \
                 the flag"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// `--enable-azure-rbac` rules. Texts UNVERIFIED for 2.91 (taken from az's older custom.py).
    fn aad_check(&self) -> Result<(), AksError> {
        if self.enable_azure_rbac && !self.enable_aad {
            return Err(AksError::RequiredArgumentMissing(
                "\"--enable-azure-rbac\" can only be used together with \"--enable-aad\""
                    .to_owned(),
            ));
        }
        if self.enable_azure_rbac && self.disable_rbac {
            return Err(AksError::MutuallyExclusive(
                "\"--enable-azure-rbac\" can not be used together with \"--disable-rbac\""
                    .to_owned(),
            ));
        }
        Ok(())
    }
}
