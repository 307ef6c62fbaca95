//! Every other leaf (`group`, `extension`, `feature`, `provider`, `account`, `login`,
//! `logout`, `cloud`, `version`) parses with its short forms and aliases, and configured
//! defaults make `--resource-group`/`--location` optional.

use super::*;

#[test]
fn group_leaves_accept_all_name_spellings() {
    for spelling in [
        "-n",
        "--name",
        "-g",
        "--resource-group",
        "--resource-group-name",
    ] {
        let cli = parse(&["group", "exists", spelling, "rg1"]);
        assert_eq!(cli.command.name(), "group exists");
        let Command::Group(ns) = cli.command else {
            panic!()
        };
        let GroupCommand::Exists(args) = ns.command else {
            panic!()
        };
        assert_eq!(args.group.name, "rg1", "{spelling}");
    }
    let cli = parse(&[
        "group",
        "create",
        "-g",
        "rg",
        "-l",
        "westus2",
        "--tags",
        "a=b",
        "c",
        "--managed-by",
        "me",
    ]);
    let Command::Group(ns) = cli.command else {
        panic!()
    };
    let GroupCommand::Create(args) = ns.command else {
        panic!()
    };
    assert_eq!(args.tags, vec!["a=b", "c"]);
    assert_eq!(
        azrs::py::tags(&args.tags),
        vec![
            ("a".to_string(), "b".to_string()),
            ("c".to_string(), String::new())
        ]
    );
    assert_eq!(args.managed_by.as_deref(), Some("me"));

    let cli = parse(&[
        "group",
        "delete",
        "-n",
        "rg",
        "-y",
        "--no-wait",
        "-f",
        "microsoft.compute/virtualmachines",
    ]);
    let Command::Group(ns) = cli.command else {
        panic!()
    };
    let GroupCommand::Delete(args) = ns.command else {
        panic!()
    };
    assert!(args.yes && args.no_wait);
    assert_eq!(
        args.force_deletion_types.as_deref(),
        Some("Microsoft.Compute/virtualMachines")
    );

    let cli = parse(&["group", "list", "--tag", "env=prod"]);
    let Command::Group(ns) = cli.command else {
        panic!()
    };
    let GroupCommand::List(args) = ns.command else {
        panic!()
    };
    assert_eq!(args.tag.as_deref(), Some("env=prod"));

    let cli = parse(&["group", "show", "--name", "rg"]);
    assert_eq!(cli.command.name(), "group show");
}

#[test]
fn configured_defaults_make_group_and_location_optional() {
    let opts = ParseOptions {
        prog: "az",
        default_group: Some("rgdef"),
        default_location: Some("westus2"),
    };
    let cli = parse_with(&opts, argv(&["group", "create", "-n", "rg"])).expect("parses");
    let Command::Group(ns) = cli.command else {
        panic!()
    };
    let GroupCommand::Create(args) = ns.command else {
        panic!()
    };
    assert_eq!(args.location, "westus2");

    let cli = parse_with(&opts, argv(&["aks", "show", "-n", "c"])).expect("parses");
    assert_eq!(cli.typed_options, vec!["-n"]);
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Show(args) = ns.command else {
        panic!()
    };
    assert_eq!(args.cluster.resource_group, "rgdef");

    let cli = parse_with(&opts, argv(&["aks", "show", "-n", "c", "-g", "other"])).expect("parses");
    let Command::Aks(ns) = cli.command else {
        panic!()
    };
    let AksCommand::Show(args) = ns.command else {
        panic!()
    };
    assert_eq!(args.cluster.resource_group, "other");
}

#[test]
fn extension_verbs_parse() {
    let cli = parse(&[
        "extension",
        "add",
        "-n",
        "aks-preview",
        "--version",
        "19.0.0b2",
        "--allow-preview",
        "--upgrade",
        "-y",
    ]);
    let Command::Extension(ns) = cli.command else {
        panic!()
    };
    let ExtensionCommand::Add(a) = ns.command else {
        panic!()
    };
    assert_eq!(a.name.as_deref(), Some("aks-preview"));
    assert_eq!(a.version.as_deref(), Some("19.0.0b2"));
    assert_eq!(a.allow_preview.as_deref(), Some("true"));
    assert!(a.upgrade && a.yes);

    let cli = parse(&[
        "extension",
        "add",
        "-s",
        "./x.whl",
        "--allow-preview",
        "False",
    ]);
    let Command::Extension(ns) = cli.command else {
        panic!()
    };
    let ExtensionCommand::Add(a) = ns.command else {
        panic!()
    };
    assert_eq!(a.source.as_deref(), Some("./x.whl"));
    assert_eq!(a.allow_preview.as_deref(), Some("false"));

    let cli = parse(&["extension", "update", "--name", "aks-preview"]);
    let Command::Extension(ns) = cli.command else {
        panic!()
    };
    let ExtensionCommand::Update(u) = ns.command else {
        panic!()
    };
    assert_eq!(
        (u.name.as_str(), u.allow_preview.as_deref()),
        ("aks-preview", None)
    );

    let cli = parse(&["extension", "list-available", "-d"]);
    let Command::Extension(ns) = cli.command else {
        panic!()
    };
    let ExtensionCommand::ListAvailable(l) = ns.command else {
        panic!()
    };
    assert!(l.show_details);

    assert_eq!(
        parse(&["extension", "list"]).command.name(),
        "extension list"
    );
    assert_eq!(
        parse(&["extension", "show", "-n", "x"]).command.name(),
        "extension show"
    );
    assert_eq!(
        parse(&["extension", "remove", "--name", "x"])
            .command
            .name(),
        "extension remove"
    );
    let err = usage_error(&["extension", "update"]);
    assert_eq!(
        err.message,
        "the following arguments are required: --name/-n"
    );
}

#[test]
fn feature_and_provider_verbs_parse() {
    let cli = parse(&[
        "feature",
        "register",
        "--name",
        "MSIPreview",
        "--namespace",
        "Microsoft.ContainerService",
        "--wait",
    ]);
    assert_eq!(cli.typed_options, vec!["--name", "--namespace", "--wait"]);
    let Command::Feature(ns) = cli.command else {
        panic!()
    };
    let FeatureCommand::Register(r) = ns.command else {
        panic!()
    };
    assert_eq!(
        (
            r.feature.namespace.as_str(),
            r.feature.name.as_str(),
            r.wait
        ),
        ("Microsoft.ContainerService", "MSIPreview", true)
    );
    for verb in ["show", "unregister"] {
        assert_eq!(
            parse(&["feature", verb, "-n", "F", "--namespace", "N"])
                .command
                .name(),
            format!("feature {verb}")
        );
    }
    let cli = parse(&["feature", "list"]);
    let Command::Feature(ns) = cli.command else {
        panic!()
    };
    let FeatureCommand::List(l) = ns.command else {
        panic!()
    };
    assert_eq!(l.namespace, None);

    let cli = parse(&[
        "provider",
        "register",
        "-n",
        "Microsoft.ContainerService",
        "--wait",
        "-c",
        "-m",
        "mg",
    ]);
    let Command::Provider(ns) = cli.command else {
        panic!()
    };
    let ProviderCommand::Register(r) = ns.command else {
        panic!()
    };
    assert!(r.wait && r.consent_to_permissions);
    assert_eq!(
        (r.namespace.as_str(), r.management_group_id.as_deref()),
        ("Microsoft.ContainerService", Some("mg"))
    );
    let cli = parse(&[
        "provider",
        "show",
        "--namespace",
        "Microsoft.Storage",
        "--expand",
        "resourceTypes/aliases",
    ]);
    let Command::Provider(ns) = cli.command else {
        panic!()
    };
    let ProviderCommand::Show(s) = ns.command else {
        panic!()
    };
    assert_eq!(s.expand.as_deref(), Some("resourceTypes/aliases"));
    assert_eq!(parse(&["provider", "list"]).command.name(), "provider list");
    assert_eq!(
        parse(&["provider", "unregister", "-n", "X", "--wait"])
            .command
            .name(),
        "provider unregister"
    );
}

#[test]
fn account_login_logout_cloud_version_parse() {
    let cli = parse(&["account", "set", "-s", "sub1"]);
    let Command::Account(ns) = &cli.command else {
        panic!()
    };
    let AccountCommand::Set(s) = &ns.command else {
        panic!()
    };
    assert_eq!(s.subscription(&cli.global), Some("sub1"));
    let cli = parse(&["account", "set", "--subscription", "sub2"]);
    let Command::Account(ns) = &cli.command else {
        panic!()
    };
    let AccountCommand::Set(s) = &ns.command else {
        panic!()
    };
    assert_eq!(s.subscription(&cli.global), Some("sub2"));
    let cli = parse(&["account", "show"]);
    let Command::Account(ns) = &cli.command else {
        panic!()
    };
    let AccountCommand::Show(s) = &ns.command else {
        panic!()
    };
    assert_eq!(s.subscription(&cli.global), None);
    let cli = parse(&["account", "list", "--all", "--refresh"]);
    let Command::Account(ns) = cli.command else {
        panic!()
    };
    let AccountCommand::List(l) = ns.command else {
        panic!()
    };
    assert!(l.all && l.refresh);

    let cli = parse(&[
        "login",
        "--service-principal",
        "-u",
        "app",
        "-p",
        "secret",
        "--tenant",
        "t1",
        "--allow-no-subscriptions",
    ]);
    let Command::Login(l) = cli.command else {
        panic!()
    };
    assert!(l.service_principal && l.allow_no_subscriptions);
    assert_eq!(
        (
            l.username.as_deref(),
            l.password.as_deref(),
            l.tenant.as_deref()
        ),
        (Some("app"), Some("secret"), Some("t1"))
    );
    let cli = parse(&[
        "login",
        "--service-principal",
        "-u",
        "app",
        "--certificate",
        "/c.pem",
        "-t",
        "t1",
    ]);
    let Command::Login(l) = cli.command else {
        panic!()
    };
    assert_eq!(l.certificate.as_deref(), Some("/c.pem"));
    let cli = parse(&["login", "--identity", "--client-id", "cid"]);
    let Command::Login(l) = cli.command else {
        panic!()
    };
    assert!(l.identity);
    assert_eq!(l.client_id.as_deref(), Some("cid"));
    let cli = parse(&[
        "login",
        "--service-principal",
        "-u",
        "app",
        "--federated-token",
        "tok",
        "--tenant",
        "t",
    ]);
    let Command::Login(l) = cli.command else {
        panic!()
    };
    assert_eq!(l.federated_token.as_deref(), Some("tok"));
    let cli = parse(&["logout", "--username", "me@example.com"]);
    let Command::Logout(l) = cli.command else {
        panic!()
    };
    assert_eq!(l.username.as_deref(), Some("me@example.com"));

    let cli = parse(&[
        "cloud",
        "register",
        "-n",
        "Emu",
        "--endpoint-resource-manager",
        "https://127.0.0.1:8443",
        "--endpoint-active-directory",
        "https://127.0.0.1:8443/aad",
        "--skip-endpoint-discovery",
    ]);
    let Command::Cloud(ns) = cli.command else {
        panic!()
    };
    let CloudCommand::Register(r) = ns.command else {
        panic!()
    };
    assert_eq!(r.name, "Emu");
    assert_eq!(
        r.endpoints.endpoint_resource_manager.as_deref(),
        Some("https://127.0.0.1:8443")
    );
    assert!(r.skip_endpoint_discovery);
    let cli = parse(&["cloud", "set", "--name", "Emu", "--profile", "latest"]);
    let Command::Cloud(ns) = cli.command else {
        panic!()
    };
    let CloudCommand::Set(s) = ns.command else {
        panic!()
    };
    assert_eq!(
        (s.name.as_str(), s.profile.as_deref()),
        ("Emu", Some("latest"))
    );
    let cli = parse(&["cloud", "show"]);
    let Command::Cloud(ns) = cli.command else {
        panic!()
    };
    let CloudCommand::Show(s) = ns.command else {
        panic!()
    };
    assert_eq!(s.name, None);
    assert_eq!(parse(&["cloud", "list"]).command.name(), "cloud list");
    assert_eq!(
        parse(&["cloud", "unregister", "-n", "Emu"]).command.name(),
        "cloud unregister"
    );

    assert_eq!(parse(&["version"]).command.name(), "version");
    assert_eq!(parse(&["--version"]).command.name(), "version");
    let cli = parse(&["completion", "zsh"]);
    let Command::Completion(ns) = cli.command else {
        panic!()
    };
    assert_eq!(ns.command, CompletionCommand::Zsh);
}
