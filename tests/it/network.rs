//! `network vnet create/show/list/delete` and `network vnet subnet create/show/list` against
//! the embedded emulator: the AAZ bodies and api-versions az 2.91 sends, the location read from
//! the group, the LRO polled through `Azure-AsyncOperation`, the client-flattened output (the
//! `newVNet` wrapper on create), az's `vnet list` table, and bad input for every verb: az's
//! message and exit code, and nothing sent or changed. The texts were captured from the real
//! az 2.91 against `azrs-emulator`; `tests/differential/network_acr.rs` compares the two live.

use serde_json::{Value, json};

use crate::common::*;

const VNETS: &str = "/resourceGroups/netrg/providers/Microsoft.Network/virtualNetworks";

/// The requests without the LRO status polls (how many depends on the emulator's settings),
/// and how many polls there were; each poll must be the network RP's status URL.
fn without_polls(reqs: Vec<Value>) -> (Vec<Value>, usize) {
    let (polls, rest): (Vec<Value>, Vec<Value>) = reqs.into_iter().partition(|r| {
        r["path"].as_str().is_some_and(|p| {
            p.contains("/providers/Microsoft.Network/locations/westus2/operations/")
        })
    });
    (rest, polls.len())
}

fn setup() -> Azrs {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "netrg", "-l", "westus2"])
        .ok();
    azrs
}

fn create_vnet(azrs: &Azrs) -> Run {
    azrs.run(&[
        "network",
        "vnet",
        "create",
        "-g",
        "netrg",
        "-n",
        "myvnet",
        "--address-prefixes",
        "10.0.0.0/8",
        "--subnet-name",
        "mysubnet",
        "--subnet-prefixes",
        "10.240.0.0/16",
    ])
}

#[test]
fn vnet_create_sends_az_body_and_prints_new_vnet_flattened() {
    let azrs = setup();
    let skip = azrs.requests().len();
    let run = create_vnet(&azrs).ok();
    assert_eq!(run.stderr, "");
    let (reqs, polls) = without_polls(arm_requests(&azrs, skip));
    assert!(polls >= 1);
    let steps: Vec<(String, String, String)> = reqs
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_string(),
                r["path"].as_str().unwrap_or_default().to_string(),
                r["query"]["api-version"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(steps.len(), 3, "{steps:#?}");
    // The location comes from the group (az's AAZ location format reads it).
    assert_eq!(
        steps[0],
        (
            "GET".into(),
            format!("/subscriptions/{SUB}/resourcegroups/netrg"),
            "2024-11-01".into()
        )
    );
    assert_eq!(
        steps[1],
        (
            "PUT".into(),
            format!("/subscriptions/{SUB}{VNETS}/myvnet"),
            "2025-07-01".into()
        )
    );
    // Polled through the network RP's status URL (left out above), then read back.
    assert_eq!(
        steps[2],
        (
            "GET".into(),
            format!("/subscriptions/{SUB}{VNETS}/myvnet"),
            "2025-07-01".into()
        )
    );
    assert_eq!(
        reqs[1]["body"].to_string(),
        r#"{"location":"westus2","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/8"]},"enableDdosProtection":false,"enableVmProtection":false,"subnets":[{"name":"mysubnet","properties":{"addressPrefix":"10.240.0.0/16"}}]}}"#
    );
    assert_eq!(header(&reqs[1], "commandname"), "network vnet create");
    let v = run.json();
    let vnet = &v["newVNet"];
    assert_eq!(vnet["provisioningState"], "Succeeded");
    assert_eq!(vnet["resourceGroup"], "netrg");
    assert_eq!(
        vnet["addressSpace"],
        json!({"addressPrefixes": ["10.0.0.0/8"]})
    );
    assert!(vnet.get("properties").is_none());
    let subnet = &vnet["subnets"][0];
    assert_eq!(subnet["addressPrefix"], "10.240.0.0/16");
    assert_eq!(subnet["resourceGroup"], "netrg");
    assert_eq!(subnet["privateLinkServiceNetworkPolicies"], "Enabled");
    // az's key order (json output sorts, so this is what az prints).
    let keys: Vec<&String> = vnet.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "addressSpace",
            "enableDdosProtection",
            "etag",
            "id",
            "location",
            "name",
            "privateEndpointVNetPolicies",
            "provisioningState",
            "resourceGroup",
            "resourceGuid",
            "subnets",
            "type",
            "virtualNetworkPeerings"
        ]
    );
}

#[test]
fn vnet_create_defaults_and_tags_and_no_wait() {
    let azrs = setup();
    let skip = azrs.requests().len();
    let run = azrs
        .run(&[
            "network",
            "vnet",
            "create",
            "-g",
            "netrg",
            "-n",
            "v2",
            "-l",
            "westus2",
            "--tags",
            "a=b",
            "--subnet-name",
            "s",
            "--no-wait",
        ])
        .ok();
    assert_eq!(run.stdout, "");
    let reqs = arm_requests(&azrs, skip);
    // A given location needs no group read; --no-wait stops after the PUT.
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0]["body"],
        json!({"location": "westus2", "properties": {
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "enableDdosProtection": false, "enableVmProtection": false,
            "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/24"}}]},
            "tags": {"a": "b"}})
    );
    let shown = azrs
        .run(&["network", "vnet", "show", "-g", "netrg", "-n", "v2"])
        .ok()
        .json();
    assert_eq!(shown["tags"], json!({"a": "b"}));
}

#[test]
fn subnet_create_show_list_and_vnet_tables() {
    let azrs = setup();
    create_vnet(&azrs).ok();
    let skip = azrs.requests().len();
    let run = azrs
        .run(&[
            "network",
            "vnet",
            "subnet",
            "create",
            "-g",
            "netrg",
            "--vnet-name",
            "myvnet",
            "-n",
            "sub2",
            "--address-prefixes",
            "10.241.0.0/16",
        ])
        .ok();
    let (reqs, polls) = without_polls(arm_requests(&azrs, skip));
    assert!(polls >= 1);
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["query"]["api-version"], "2024-07-01");
    assert_eq!(
        reqs[0]["body"].to_string(),
        r#"{"name":"sub2","properties":{"addressPrefix":"10.241.0.0/16","privateEndpointNetworkPolicies":"Disabled","privateLinkServiceNetworkPolicies":"Enabled"}}"#
    );
    let printed = run.json();
    assert_eq!(printed["name"], "sub2");
    assert_eq!(printed["provisioningState"], "Succeeded");
    let shown = azrs
        .run(&[
            "network",
            "vnet",
            "subnet",
            "show",
            "-g",
            "netrg",
            "--vnet-name",
            "myvnet",
            "-n",
            "sub2",
        ])
        .ok();
    assert_eq!(shown.stdout, run.stdout);
    // Tables as az 2.91 printed them for the same state.
    let subnets = azrs
        .run(&[
            "network",
            "vnet",
            "subnet",
            "list",
            "-g",
            "netrg",
            "--vnet-name",
            "myvnet",
            "-o",
            "table",
        ])
        .ok();
    assert_eq!(
        subnets.stdout,
        "AddressPrefix    Name      PrivateEndpointNetworkPolicies    PrivateLinkServiceNetworkPolicies    ProvisioningState    ResourceGroup\n\
         ---------------  --------  --------------------------------  -----------------------------------  -------------------  ---------------\n\
         10.240.0.0/16    mysubnet  Disabled                          Enabled                              Succeeded            netrg\n\
         10.241.0.0/16    sub2      Disabled                          Enabled                              Succeeded            netrg\n"
    );
    let vnets = azrs
        .run(&["network", "vnet", "list", "-g", "netrg", "-o", "table"])
        .ok();
    assert_eq!(
        vnets.stdout,
        "Name    ResourceGroup    Location    NumSubnets    Prefixes    DnsServers    DDOSProtection    VMProtection\n\
         ------  ---------------  ----------  ------------  ----------  ------------  ----------------  --------------\n\
         myvnet  netrg            westus2     2             10.0.0.0/8                False\n"
    );
    let all = azrs.run(&["network", "vnet", "list"]).ok().json();
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    assert_eq!(all[0]["subnets"].as_array().map(Vec::len), Some(2));
}

#[test]
fn vnet_delete_removes_it_and_a_missing_one_is_no_error() {
    let azrs = setup();
    create_vnet(&azrs).ok();
    let run = azrs
        .run(&["network", "vnet", "delete", "-g", "netrg", "-n", "myvnet"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let gone = azrs
        .run(&["network", "vnet", "show", "-g", "netrg", "-n", "myvnet"])
        .expect_code(3);
    assert!(gone.stderr.starts_with("ERROR: (ResourceNotFound) The Resource 'Microsoft.Network/virtualNetworks/myvnet' under resource group 'netrg' was not found."), "{}", gone.stderr);
    azrs.run(&["network", "vnet", "delete", "-g", "netrg", "-n", "myvnet"])
        .ok();
}

/// Runs a bad command: its exit code and stderr, and that it sent no write.
fn refused(azrs: &Azrs, args: &[&str], code: i32) -> String {
    let skip = azrs.requests().len();
    let run = azrs.run(args).expect_code(code);
    assert_eq!(run.stdout, "", "{args:?}");
    let writes: Vec<Value> = arm_requests(azrs, skip)
        .into_iter()
        .filter(|r| r["method"] != "GET" && r["status"].as_u64().is_some_and(|s| s < 300))
        .collect();
    assert!(writes.is_empty(), "{args:?} wrote: {writes:#?}");
    run.stderr
}

#[test]
fn bad_input_gives_az_errors_and_changes_nothing() {
    let azrs = setup();
    create_vnet(&azrs).ok();
    let before = azrs
        .run(&["network", "vnet", "show", "-g", "netrg", "-n", "myvnet"])
        .ok()
        .stdout;
    let sub = |extra: &[&str]| {
        let mut a = vec![
            "network",
            "vnet",
            "subnet",
            "create",
            "-g",
            "netrg",
            "--vnet-name",
            "myvnet",
            "-n",
            "bad",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run_sub = |extra: &[&str], code: i32| {
        let a = sub(extra);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(&azrs, &refs, code)
    };
    assert_eq!(
        run_sub(&["--address-prefixes", "11.0.0.0/24"], 1),
        "ERROR: (NetcfgSubnetRangeOutsideVnet) Subnet 'bad' is not valid because its IP address range is outside the IP address range of virtual network 'myvnet'.\nCode: NetcfgSubnetRangeOutsideVnet\nMessage: Subnet 'bad' is not valid because its IP address range is outside the IP address range of virtual network 'myvnet'.\n"
    );
    assert!(run_sub(&["--address-prefixes", "10.240.1.0/24"], 1)
        .starts_with("ERROR: (NetcfgSubnetRangesOverlap) Subnet 'bad' is not valid because its IP address range overlaps with that of an existing subnet 'mysubnet' in virtual network 'myvnet'."));
    assert!(
        run_sub(&["--address-prefixes", "10.1.0.1/24"], 1)
            .starts_with("ERROR: (InvalidCIDRNotation) ")
    );
    assert!(run_sub(&[], 1).starts_with("ERROR: (NoAddressPrefixOrPoolProvided) "));
    let missing_vnet = refused(
        &azrs,
        &[
            "network",
            "vnet",
            "subnet",
            "create",
            "-g",
            "netrg",
            "--vnet-name",
            "nope",
            "-n",
            "s",
            "--address-prefixes",
            "10.0.0.0/24",
        ],
        3,
    );
    assert!(missing_vnet.starts_with(
        "ERROR: (ResourceNotFound) The Resource 'Microsoft.Network/virtualNetworks/nope'"
    ));
    // Usage errors (exit 2) name options as AAZ spells them, with az's help examples.
    let usage = refused(
        &azrs,
        &[
            "network",
            "vnet",
            "subnet",
            "create",
            "-g",
            "netrg",
            "--vnet-name",
            "v",
        ],
        2,
    );
    assert!(
        usage.starts_with("ERROR: the following arguments are required: -n/--name\n\nExamples from command's help:\nazrs network vnet subnet create -n MySubnet --vnet-name MyVnet -g MyResourceGroup --nat-gateway MyNatGateway --address-prefixes \"10.0.0.0/21\"\nCreate new subnet attached to a NAT gateway.\n"),
        "{usage}"
    );
    let usage = refused(&azrs, &["network", "vnet", "create", "-n", "v"], 2);
    assert!(
        usage.starts_with("ERROR: the following arguments are required: --resource-group/-g\n"),
        "{usage}"
    );
    assert!(
        refused(
            &azrs,
            &["network", "vnet", "subnet", "list", "-g", "netrg"],
            2
        )
        .starts_with("ERROR: the following arguments are required: --vnet-name\n")
    );
    assert!(
        refused(
            &azrs,
            &[
                "network", "vnet", "create", "-g", "netrg", "-n", "v6", "--tags"
            ],
            2
        )
        .starts_with("ERROR: argument --tags: expected at least one argument\n")
    );
    // Id parts AAZ checks itself (exit 1), in its order.
    for (args, field) in [
        (vec!["network", "vnet", "show"], "--resource-group"),
        (vec!["network", "vnet", "show", "-g", "netrg"], "-n"),
        (vec!["network", "vnet", "delete", "-g", "netrg"], "-n"),
        (
            vec!["network", "vnet", "delete", "-n", "myvnet"],
            "--resource-group",
        ),
        (
            vec![
                "network",
                "vnet",
                "subnet",
                "show",
                "-g",
                "netrg",
                "--vnet-name",
                "v",
            ],
            "-n",
        ),
        (
            vec![
                "network", "vnet", "subnet", "show", "-g", "netrg", "-n", "x",
            ],
            "--vnet-name",
        ),
        (
            vec![
                "network",
                "vnet",
                "subnet",
                "show",
                "-n",
                "x",
                "--vnet-name",
                "v",
            ],
            "--resource-group",
        ),
    ] {
        assert_eq!(
            refused(&azrs, &args, 1),
            format!("ERROR: InvalidArgumentValue: Missing required field: {field}\n"),
            "{args:?}"
        );
    }
    // AAZ's tag syntax, checked before any request.
    for (tag, why) in [
        ("c", "dict type value expected, got 'c'(<class 'str'>)"),
        ("c=", "argument value cannot be blank"),
        ("c=null", "field is not nullable"),
    ] {
        assert_eq!(
            refused(
                &azrs,
                &[
                    "network", "vnet", "create", "-g", "netrg", "-n", "v4", "--tags", tag
                ],
                1
            ),
            format!("ERROR: Failed to parse '--tags' argument: {why}\n")
        );
    }
    assert!(refused(&azrs, &["network", "vnet", "create", "-g", "netrg", "-n", "v3", "--address-prefixes", "10.0.0.1/16"], 1)
        .starts_with("ERROR: (InvalidCIDRNotation) The address prefix 10.0.0.1/16 in resource /subscriptions/"));
    assert!(
        refused(
            &azrs,
            &["network", "vnet", "create", "-g", "nogroup", "-n", "v4"],
            3
        )
        .starts_with("ERROR: (ResourceGroupNotFound) Resource group 'nogroup' could not be found.")
    );
    assert!(
        refused(&azrs, &["network", "vnet", "list", "-g", "nogroup"], 3)
            .starts_with("ERROR: (ResourceGroupNotFound) ")
    );
    let missing_subnet = refused(
        &azrs,
        &[
            "network",
            "vnet",
            "subnet",
            "show",
            "-g",
            "netrg",
            "--vnet-name",
            "myvnet",
            "-n",
            "nope",
        ],
        3,
    );
    assert_eq!(
        missing_subnet,
        format!(
            "ERROR: (NotFound) Resource /subscriptions/{SUB}{VNETS}/myvnet/subnets/nope not found.\nCode: NotFound\nMessage: Resource /subscriptions/{SUB}{VNETS}/myvnet/subnets/nope not found.\n"
        )
    );
    // Nothing changed.
    let after = azrs
        .run(&["network", "vnet", "show", "-g", "netrg", "-n", "myvnet"])
        .ok()
        .stdout;
    assert_eq!(before, after);
    let all = azrs.run(&["network", "vnet", "list"]).ok().json();
    assert_eq!(all.as_array().map(Vec::len), Some(1));
}
