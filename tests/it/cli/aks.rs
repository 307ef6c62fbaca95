//! Every `aks` leaf parses with its short forms, aliases and defaults.

use super::*;

#[test]
fn aks_create_parses_every_option() {
    let cli = parse(&[
        "aks",
        "create",
        "-g",
        "MyResourceGroup",
        "-n",
        "MyManagedCluster",
        "-l",
        "westus2",
        "--enable-managed-identity",
        "--assign-identity",
        "/id/c",
        "--assign-kubelet-identity",
        "/id/k",
        "--service-principal",
        "sp",
        "--client-secret",
        "s",
        "--generate-ssh-keys",
        "--ssh-key-value",
        "ssh-rsa AAAA",
        "-x",
        "-u",
        "admin",
        "-k",
        "1.30",
        "-c",
        "5",
        "-s",
        "Standard_D2s_v5",
        "--nodepool-name",
        "np1",
        "--os-sku",
        "azurelinux",
        "-z",
        "1",
        "2",
        "3",
        "--enable-cluster-autoscaler",
        "--min-count",
        "1",
        "--max-count",
        "4",
        "--network-plugin",
        "azure",
        "--network-plugin-mode",
        "overlay",
        "--pod-cidr",
        "10.244.0.0/16",
        "--service-cidr",
        "10.0.0.0/16",
        "--dns-service-ip",
        "10.0.0.10",
        "--load-balancer-sku",
        "standard",
        "--outbound-type",
        "userDefinedRouting",
        "--tier",
        "premium",
        "--sku",
        "base",
        "-p",
        "pre",
        "--fqdn-subdomain",
        "sub",
        "--tags",
        "a=1",
        "b=2",
        "--enable-oidc-issuer",
        "--enable-workload-identity",
        "--enable-aad",
        "--enable-azure-rbac",
        "--no-wait",
        "-y",
    ]);
    assert_eq!(cli.command.name(), "aks create");
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Create(a) = ns.command else {
        panic!()
    };
    assert_eq!(
        (a.cluster.resource_group.as_str(), a.cluster.name.as_str()),
        ("MyResourceGroup", "MyManagedCluster")
    );
    assert_eq!(a.location.as_deref(), Some("westus2"));
    assert!(a.enable_managed_identity && a.generate_ssh_keys && a.no_ssh_key);
    assert_eq!(a.assign_identity.as_deref(), Some("/id/c"));
    assert_eq!(a.assign_kubelet_identity.as_deref(), Some("/id/k"));
    assert_eq!(
        (a.service_principal.as_deref(), a.client_secret.as_deref()),
        (Some("sp"), Some("s"))
    );
    assert_eq!(a.ssh_key_value, "ssh-rsa AAAA");
    assert_eq!(a.admin_username, "admin");
    assert_eq!(a.kubernetes_version.as_deref(), Some("1.30"));
    assert_eq!(a.node_count, 5);
    assert_eq!(a.node_vm_size.as_deref(), Some("Standard_D2s_v5"));
    assert_eq!(a.nodepool_name, "np1");
    assert_eq!(a.os_sku.as_deref(), Some("AzureLinux"));
    assert_eq!(a.zones, vec!["1", "2", "3"]);
    assert!(a.enable_cluster_autoscaler);
    assert_eq!((a.min_count, a.max_count), (Some(1), Some(4)));
    assert_eq!(a.network_plugin.as_deref(), Some("azure"));
    assert_eq!(a.network_plugin_mode.as_deref(), Some("overlay"));
    assert_eq!(a.pod_cidr.as_deref(), Some("10.244.0.0/16"));
    assert_eq!(a.service_cidr.as_deref(), Some("10.0.0.0/16"));
    assert_eq!(a.dns_service_ip.as_deref(), Some("10.0.0.10"));
    assert_eq!(a.load_balancer_sku.as_deref(), Some("standard"));
    assert_eq!(a.outbound_type.as_deref(), Some("userDefinedRouting"));
    assert_eq!(
        (a.tier.as_deref(), a.sku.as_deref()),
        (Some("premium"), Some("base"))
    );
    assert_eq!(
        (a.dns_name_prefix.as_deref(), a.fqdn_subdomain.as_deref()),
        (Some("pre"), Some("sub"))
    );
    assert_eq!(a.tags, vec!["a=1", "b=2"]);
    assert!(
        a.enable_oidc_issuer && a.enable_workload_identity && a.enable_aad && a.enable_azure_rbac
    );
    assert!(a.no_wait && a.yes);
}

#[test]
fn aks_create_defaults() {
    let cli = parse(&["aks", "create", "--resource-group", "rg", "--name", "c"]);
    assert_eq!(cli.typed_options, vec!["--resource-group", "--name"]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Create(a) = ns.command else {
        panic!()
    };
    assert_eq!(a.node_count, 3);
    assert_eq!(a.admin_username, "azureuser");
    assert_eq!(a.nodepool_name, "nodepool1");
    assert_eq!(a.ssh_key_value, "~/.ssh/id_rsa.pub");
    assert_eq!(
        (a.tier.as_deref(), a.sku.as_deref(), a.location.as_deref()),
        (None, None, None)
    );
    assert!(!a.enable_managed_identity && !a.generate_ssh_keys && !a.no_wait);
}

#[test]
fn aks_other_verbs_parse() {
    let cli = parse(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c",
        "-a",
        "--context",
        "ctx",
        "-f",
        "-",
        "--overwrite-existing",
        "--format",
        "exec",
        "--public-fqdn",
    ]);
    assert_eq!(cli.command.name(), "aks get-credentials");
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::GetCredentials(a) = ns.command else {
        panic!()
    };
    assert!(a.admin && a.overwrite_existing && a.public_fqdn);
    assert_eq!(
        (a.context.as_deref(), a.file.as_deref(), a.format.as_deref()),
        (Some("ctx"), Some("-"), Some("exec"))
    );

    // --format is validated by the command (exit 1), not by the parser.
    let cli = parse(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c",
        "--format",
        "foo",
    ]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::GetCredentials(a) = ns.command else {
        panic!()
    };
    assert_eq!(a.format.as_deref(), Some("foo"));
    assert_eq!(a.file, None);

    let cli = parse(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c",
        "--custom",
        "provisioningState=='Succeeded'",
        "--interval",
        "5",
        "--timeout",
        "60",
    ]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Wait(azrs::cli::AksWaitArgs { wait: w, .. }) = ns.command else {
        panic!()
    };
    assert_eq!(w.custom.as_deref(), Some("provisioningState=='Succeeded'"));
    assert_eq!((w.interval, w.timeout), (5, 60));
    assert!(!w.created && !w.updated && !w.deleted && !w.exists);
    let cli = parse(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c",
        "--created",
        "--updated",
        "--deleted",
        "--exists",
    ]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Wait(azrs::cli::AksWaitArgs { wait: w, .. }) = ns.command else {
        panic!()
    };
    assert!(w.created && w.updated && w.deleted && w.exists);
    assert_eq!((w.interval, w.timeout), (30, 3600));

    let cli = parse(&["aks", "delete", "-g", "rg", "-n", "c", "--yes", "--no-wait"]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Delete(d) = ns.command else {
        panic!()
    };
    assert!(d.yes && d.no_wait);

    let cli = parse(&["aks", "list"]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::List(l) = ns.command else {
        panic!()
    };
    assert_eq!(l.resource_group, None);

    let cli = parse(&["aks", "show", "-g", "rg", "-n", "c"]);
    assert_eq!(cli.command.name(), "aks show");
}
