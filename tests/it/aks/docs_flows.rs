//! The managed-identity flows of today's AKS docs ("Use a managed identity in AKS"), each one
//! test run twice: by azrs against the embedded emulator and against `azrs-emulator` over
//! HTTPS (cloud registered, service principal signed in, as a user would). Every resource is
//! made with the command the docs use (`identity create`, `network vnet create`, `acr
//! create`, `role assignment create`), every step checks the exit code and what the docs read
//! back (`--query ... -o tsv`), and the role assignments the flow must leave behind are read
//! with `role assignment list --scope`.

use super::*;
use crate::hardening::emulator::Emulator;

const MIO: &str = "f1a07417-d97a-45cb-824c-7a7467783830";
const NETWORK_CONTRIBUTOR: &str = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const ACR_PULL: &str = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/// Where a flow runs: azrs with its emulator (embedded, or a process over HTTPS).
struct Flow {
    az: Azrs,
    /// The HTTPS emulator, kept alive for the flow (`None` when embedded).
    _server: Option<Emulator>,
}

impl Flow {
    fn embedded() -> Flow {
        Flow {
            az: Azrs::new(),
            _server: None,
        }
    }

    /// A sandbox on a fresh `azrs-emulator`: `cloud register`, `cloud set`, `login` by azrs.
    fn https() -> Flow {
        let server = Emulator::start(&[]);
        let mut az = Azrs::new();
        az.remove_env("AZRS_EMULATOR");
        az.set_env("REQUESTS_CA_BUNDLE", &server.ca().display().to_string());
        let kubeconfig = az.path("kubeconfig").display().to_string();
        az.set_env("KUBECONFIG", &kubeconfig);
        for step in server.login_steps("Emu") {
            let args: Vec<&str> = step.iter().map(String::as_str).collect();
            az.run(&args).ok();
        }
        Flow {
            az,
            _server: Some(server),
        }
    }

    fn both() -> [Flow; 2] {
        [Flow::embedded(), Flow::https()]
    }

    /// `azrs ARGS`, which must succeed.
    #[track_caller]
    fn ok(&self, args: &[&str]) -> Run {
        self.az.run(args).ok()
    }

    /// `azrs ARGS --query Q -o tsv`, trimmed.
    #[track_caller]
    fn tsv(&self, args: &[&str], query: &str) -> String {
        let mut all = args.to_vec();
        all.extend(["--query", query, "-o", "tsv"]);
        self.ok(&all).stdout.trim_end().to_owned()
    }

    /// A user-assigned identity in `rg`, made as the docs make it (`az identity create`, then
    /// `az identity show --query id|principalId -o tsv`); returns its id and principal id.
    fn identity(&self, rg: &str, name: &str) -> (String, String) {
        self.ok(&[
            "identity",
            "create",
            "--name",
            name,
            "--resource-group",
            rg,
            "-o",
            "none",
        ]);
        let show = ["identity", "show", "--name", name, "--resource-group", rg];
        (self.tsv(&show, "id"), self.tsv(&show, "principalId"))
    }

    /// The role assignments at exactly `scope` (`az role assignment list --scope`), as (role
    /// definition guid, principal id).
    fn assignments_at(&self, scope: &str) -> Vec<(String, String)> {
        let listed = self.tsv(
            &["role", "assignment", "list", "--scope", scope],
            "[].[roleDefinitionId, principalId]",
        );
        listed
            .lines()
            .map(|line| {
                let (role, principal) = line.split_once('\t').expect("two columns");
                (
                    role.rsplit('/').next().unwrap_or_default().to_owned(),
                    principal.to_owned(),
                )
            })
            .collect()
    }
}

#[test]
fn system_assigned_cluster() {
    for f in Flow::both() {
        f.ok(&[
            "group",
            "create",
            "--name",
            "myResourceGroup",
            "--location",
            "westus2",
            "-o",
            "none",
        ]);
        f.ok(&[
            "aks",
            "create",
            "--resource-group",
            "myResourceGroup",
            "--name",
            "myManagedCluster",
            "--enable-managed-identity",
            "--no-ssh-key",
            "-o",
            "none",
        ]);
        let show = [
            "aks",
            "show",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
        ];
        assert_eq!(f.tsv(&show, "identity.type"), "SystemAssigned");
        let principal = f.tsv(&show, "identity.principalId");
        assert!(!principal.is_empty());
        assert!(
            !f.tsv(&show, "identityProfile.kubeletidentity.objectId")
                .is_empty()
        );
        // "Add a role assignment for a system-assigned managed identity": the principal id read
        // back, the group's id read back, then `az role assignment create` on it. The docs
        // pass `--assignee`; the emulator's Graph does not list AKS-made identities (az would
        // fail the same way against it), so the object id is given as what it is.
        let scope = f.tsv(&["group", "show", "--name", "myResourceGroup"], "id");
        f.ok(&[
            "role",
            "assignment",
            "create",
            "--assignee-object-id",
            &principal,
            "--assignee-principal-type",
            "ServicePrincipal",
            "--role",
            "Network Contributor",
            "--scope",
            &scope,
            "-o",
            "none",
        ]);
        assert_eq!(
            f.assignments_at(&scope),
            [(NETWORK_CONTRIBUTOR.to_owned(), principal)]
        );
    }
}

#[test]
fn user_assigned_control_plane_identity_on_own_subnet() {
    for f in Flow::both() {
        f.ok(&[
            "group",
            "create",
            "-n",
            "myResourceGroup",
            "-l",
            "westus2",
            "-o",
            "none",
        ]);
        let (cp, cp_principal) = f.identity("myResourceGroup", "myIdentity");
        f.ok(&[
            "network",
            "vnet",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "myVnet",
            "--address-prefixes",
            "10.0.0.0/8",
            "--subnet-name",
            "mySubnet",
            "--subnet-prefixes",
            "10.240.0.0/16",
            "-o",
            "none",
        ]);
        let subnet = f.tsv(
            &[
                "network",
                "vnet",
                "subnet",
                "show",
                "-g",
                "myResourceGroup",
                "--vnet-name",
                "myVnet",
                "-n",
                "mySubnet",
            ],
            "id",
        );
        assert!(
            subnet.ends_with("/virtualNetworks/myVnet/subnets/mySubnet"),
            "{subnet}"
        );
        f.ok(&[
            "aks",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--network-plugin",
            "azure",
            "--vnet-subnet-id",
            &subnet,
            "--dns-service-ip",
            "10.2.0.10",
            "--service-cidr",
            "10.2.0.0/24",
            "--assign-identity",
            &cp,
            "--no-ssh-key",
            "-o",
            "none",
        ]);
        let show = [
            "aks",
            "show",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
        ];
        assert_eq!(f.tsv(&show, "identity.type"), "UserAssigned");
        assert_eq!(f.tsv(&show, "keys(identity.userAssignedIdentities)[0]"), cp);
        assert_eq!(f.tsv(&show, "agentPoolProfiles[0].vnetSubnetId"), subnet);
        assert_eq!(
            f.tsv(
                &show,
                "[networkProfile.serviceCidr, networkProfile.dnsServiceIp]"
            ),
            "10.2.0.0/24\n10.2.0.10"
        );
        // The control-plane identity was granted Network Contributor on the subnet first.
        assert_eq!(
            f.assignments_at(&subnet),
            [(NETWORK_CONTRIBUTOR.to_owned(), cp_principal.clone())]
        );
    }
}

#[test]
fn system_assigned_cluster_on_own_subnet_grants_its_identity_after_creation() {
    for f in Flow::both() {
        f.ok(&["group", "create", "-n", "rg", "-l", "westus2", "-o", "none"]);
        let subnet = format!(
            "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
        );
        // The example of `aks create --help` with a bring-your-own subnet, its placeholder
        // filled in.
        let run = f.ok(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--outbound-type",
            "userDefinedRouting",
            "--load-balancer-sku",
            "standard",
            "--vnet-subnet-id",
            &subnet,
            "--no-ssh-key",
        ]);
        let principal = run.json()["identity"]["principalId"]
            .as_str()
            .expect("principal")
            .to_owned();
        assert_eq!(
            run.stderr,
            format!(
                "{}\rAAD role propagation done[############################################]  100.0000%\n",
                super::REGISTERING
            )
        );
        assert_eq!(
            f.assignments_at(&subnet),
            [(NETWORK_CONTRIBUTOR.to_owned(), principal)]
        );
    }
}

#[test]
fn pre_created_kubelet_identity_then_a_new_one() {
    for f in Flow::both() {
        f.ok(&[
            "group",
            "create",
            "-n",
            "myResourceGroup",
            "-l",
            "westus2",
            "-o",
            "none",
        ]);
        let (cp, cp_principal) = f.identity("myResourceGroup", "myIdentity");
        let (kubelet, _) = f.identity("myResourceGroup", "myKubeletIdentity");
        f.ok(&[
            "aks",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--network-plugin",
            "azure",
            "--assign-identity",
            &cp,
            "--assign-kubelet-identity",
            &kubelet,
            "--no-ssh-key",
            "-o",
            "none",
        ]);
        let show = [
            "aks",
            "show",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
        ];
        assert_eq!(
            f.tsv(&show, "identityProfile.kubeletidentity.resourceId"),
            kubelet
        );
        assert_eq!(
            f.assignments_at(&kubelet.to_lowercase()),
            [(MIO.to_owned(), cp_principal.clone())]
        );

        // "Update an existing cluster to use a user-assigned kubelet identity", then the node
        // image upgrade the docs ask for.
        let (next, _) = f.identity("myResourceGroup", "myKubeletIdentity2");
        f.ok(&[
            "aks",
            "update",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--enable-managed-identity",
            "--assign-identity",
            &cp,
            "--assign-kubelet-identity",
            &next,
            "--yes",
            "-o",
            "none",
        ]);
        assert_eq!(
            f.tsv(&show, "identityProfile.kubeletidentity.resourceId"),
            next
        );
        assert_eq!(
            f.assignments_at(&next.to_lowercase()),
            [(MIO.to_owned(), cp_principal)]
        );
        let run = f.ok(&[
            "aks",
            "nodepool",
            "upgrade",
            "-g",
            "myResourceGroup",
            "--cluster-name",
            "myManagedCluster",
            "--name",
            "nodepool1",
            "--node-image-only",
        ]);
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn service_principal_cluster_migrates_to_managed_identity() {
    for f in Flow::both() {
        f.ok(&[
            "group",
            "create",
            "-n",
            "myResourceGroup",
            "-l",
            "westus2",
            "-o",
            "none",
        ]);
        f.ok(&[
            "aks",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--service-principal",
            "11111111-2222-3333-4444-555555555555",
            "--client-secret",
            "s3cret",
            "--no-ssh-key",
            "-o",
            "none",
        ]);
        let show = [
            "aks",
            "show",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
        ];
        assert_eq!(f.tsv(&show, "identity"), "");
        f.ok(&[
            "aks",
            "update",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--enable-managed-identity",
            "--yes",
            "-o",
            "none",
        ]);
        assert_eq!(f.tsv(&show, "identity.type"), "SystemAssigned");
        let list = [
            "aks",
            "nodepool",
            "list",
            "-g",
            "myResourceGroup",
            "--cluster-name",
            "myManagedCluster",
        ];
        let image = f.tsv(&list, "[0].nodeImageVersion");
        f.ok(&[
            "aks",
            "nodepool",
            "upgrade",
            "--cluster-name",
            "myManagedCluster",
            "-g",
            "myResourceGroup",
            "-n",
            "nodepool1",
            "--node-image-only",
        ]);
        assert_eq!(f.tsv(&list, "[0].provisioningState"), "Succeeded");
        assert_ne!(f.tsv(&list, "[0].nodeImageVersion"), image);
    }
}

#[test]
fn registry_attached_on_create_and_update_then_detached() {
    for f in Flow::both() {
        f.ok(&[
            "group",
            "create",
            "-n",
            "myResourceGroup",
            "-l",
            "westus2",
            "-o",
            "none",
        ]);
        f.ok(&[
            "acr",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "mycontainerregistry1",
            "--sku",
            "Basic",
            "-o",
            "none",
        ]);
        let registry = f.tsv(
            &[
                "acr",
                "show",
                "-g",
                "myResourceGroup",
                "-n",
                "mycontainerregistry1",
            ],
            "id",
        );
        // Attached by name when the cluster is created: AcrPull for its kubelet identity.
        let run = f.ok(&[
            "aks",
            "create",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--attach-acr",
            "mycontainerregistry1",
            "--no-ssh-key",
        ]);
        let kubelet = run.json()["identityProfile"]["kubeletidentity"]["objectId"]
            .as_str()
            .expect("kubelet object id")
            .to_owned();
        assert_eq!(
            f.assignments_at(&registry),
            [(ACR_PULL.to_owned(), kubelet.clone())]
        );
        // Detached, then attached again by resource id with `aks update`.
        f.ok(&[
            "aks",
            "update",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--detach-acr",
            "mycontainerregistry1",
            "-o",
            "none",
        ]);
        assert_eq!(f.assignments_at(&registry), []);
        let run = f.ok(&[
            "aks",
            "update",
            "-g",
            "myResourceGroup",
            "-n",
            "myManagedCluster",
            "--attach-acr",
            &registry,
            "-o",
            "none",
        ]);
        assert_eq!(
            run.stderr,
            "\rAAD role propagation done[############################################]  100.0000%\n\
             \rAAD role propagation done[############################################]  100.0000%\n\
             WARNING: keyvaultid: None, enable_kv: {}\n"
        );
        assert_eq!(
            f.assignments_at(&registry),
            [(ACR_PULL.to_owned(), kubelet)]
        );
        // A registry that is not there: az's text, nothing changed.
        let run =
            f.az.run(&[
                "aks",
                "update",
                "-g",
                "myResourceGroup",
                "-n",
                "myManagedCluster",
                "--attach-acr",
                "nosuchregistry",
            ])
            .expect_code(1);
        assert!(
            run.stderr.starts_with("ERROR: The resource with name 'nosuchregistry' and type 'Microsoft.ContainerRegistry/registries' could not be found in "),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn service_principal_cluster_on_own_subnet_with_a_registry() {
    // The emulator's own service principal: Microsoft Graph knows it, as az needs.
    const SP: &str = "00000000-0000-4000-8000-0000000a9901";
    for f in Flow::both() {
        f.ok(&["group", "create", "-n", "rg", "-l", "westus2", "-o", "none"]);
        let group = f.tsv(&["group", "show", "-n", "rg"], "id");
        // The service principal's object id, as `role assignment create --assignee` finds it.
        let sp_object = f.tsv(
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                SP,
                "--role",
                "Reader",
                "--scope",
                &group,
            ],
            "principalId",
        );
        f.ok(&[
            "network",
            "vnet",
            "create",
            "-g",
            "rg",
            "-n",
            "v",
            "--address-prefixes",
            "10.0.0.0/8",
            "--subnet-name",
            "s",
            "--subnet-prefixes",
            "10.240.0.0/16",
            "-o",
            "none",
        ]);
        let subnet = f.tsv(
            &[
                "network",
                "vnet",
                "subnet",
                "show",
                "-g",
                "rg",
                "--vnet-name",
                "v",
                "-n",
                "s",
            ],
            "id",
        );
        f.ok(&[
            "acr",
            "create",
            "-g",
            "rg",
            "-n",
            "spregistry1",
            "--sku",
            "Basic",
            "-o",
            "none",
        ]);
        let registry = f.tsv(&["acr", "show", "-g", "rg", "-n", "spregistry1"], "id");
        // Both grants are made before the PUT, each for the object id Graph gives for the
        // service principal's client id.
        let run = f.ok(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--service-principal",
            SP,
            "--client-secret",
            "s3cret",
            "--vnet-subnet-id",
            &subnet,
            "--attach-acr",
            "spregistry1",
            "--no-ssh-key",
            "-o",
            "none",
        ]);
        assert_eq!(
            run.stderr,
            super::REGISTERING.to_owned()
                + &"\rAAD role propagation done[############################################]  100.0000%\n"
                    .repeat(2)
        );
        assert_eq!(
            f.assignments_at(&subnet),
            [(NETWORK_CONTRIBUTOR.to_owned(), sp_object.clone())]
        );
        assert_eq!(
            f.assignments_at(&registry),
            [(ACR_PULL.to_owned(), sp_object.clone())]
        );
        // `aks update` finds the same principal from the cluster's service-principal profile.
        let update = |flag: &str| {
            f.ok(&[
                "aks",
                "update",
                "-g",
                "rg",
                "-n",
                "c1",
                flag,
                "spregistry1",
                "-o",
                "none",
            ])
        };
        update("--detach-acr");
        assert_eq!(f.assignments_at(&registry), []);
        update("--attach-acr");
        assert_eq!(
            f.assignments_at(&registry),
            [(ACR_PULL.to_owned(), sp_object.clone())]
        );
    }
}

#[test]
fn service_principal_unknown_to_graph_gets_az_warning_for_the_subnet() {
    const UNKNOWN: &str = "11111111-2222-3333-4444-555555555555";
    let f = Flow::embedded();
    f.ok(&["group", "create", "-n", "rg", "-l", "westus2", "-o", "none"]);
    let subnet = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    );
    let run = f.ok(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        "c1",
        "--service-principal",
        UNKNOWN,
        "--client-secret",
        "s3cret",
        "--vnet-subnet-id",
        &subnet,
        "--no-ssh-key",
        "-o",
        "none",
    ]);
    // az's ten tries, each logging Graph's answer, then its warning; the cluster is made.
    let miss = format!("ERROR: No matches in graph database for '{UNKNOWN}'\n");
    assert_eq!(run.stderr.matches(&miss).count(), 10, "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "\rAAD role propagation failed[##########################################]  100.0000%\n\
             WARNING: Could not create a role assignment for subnet. Are you an Owner on this subscription?\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(f.assignments_at(&subnet), []);
    let show = ["aks", "show", "-g", "rg", "-n", "c1"];
    assert_eq!(f.tsv(&show, "servicePrincipalProfile.clientId"), UNKNOWN);
}
