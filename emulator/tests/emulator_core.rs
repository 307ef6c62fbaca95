//! Route-level tests of the emulator core: each route, error code and state transition, by
//! calling `handle` directly with a controlled clock.

use std::time::{Duration, SystemTime};

use azrs_emulator::core::{
    AUDIENCE_EXCHANGE, Request, Response, Settings, State, arm_token, github_oidc_token, handle,
    issue_token, verify_token, workload_token,
};
use base64::Engine;
use serde_json::{Value, json};

const BASE: &str = "https://127.0.0.1:8443";
const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const TENANT: &str = "00000000-0000-4000-8000-00000000face";
const AKS: &str = "api-version=2026-06-01";
const RES: &str = "api-version=2024-11-01";
const FEAT: &str = "api-version=2021-07-01";

struct Emu {
    state: State,
    settings: Settings,
    now: SystemTime,
}

impl Emu {
    fn new() -> Self {
        Emu::with(|_| {})
    }

    fn with(tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::new(BASE);
        tweak(&mut settings);
        Emu {
            state: State::default(),
            settings,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000),
        }
    }

    fn send(&mut self, req: Request) -> Response {
        handle(&mut self.state, &self.settings, self.now, &req)
    }

    fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Response {
        let token = arm_token(&self.settings, self.now);
        let mut req = Request::new(method, &path.replace("{sub}", SUB)).bearer(&token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req)
    }

    fn get(&mut self, path: &str) -> Response {
        self.call("GET", path, None)
    }

    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
    }

    /// Follows an absolute URL from a header or `nextLink`.
    fn follow(&mut self, url: &str) -> Response {
        let path = url.strip_prefix(BASE).expect("URLs point at the emulator");
        self.get(path)
    }

    fn register_aks(&mut self) {
        let r = self.call(
            "POST",
            &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
            None,
        );
        assert_eq!(r.status, 200);
    }

    fn group(&mut self, name: &str) {
        let r = self.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{name}?{RES}"),
            Some(json!({"location": "westus2"})),
        );
        assert!(
            r.status == 201 || r.status == 200,
            "group create: {}",
            r.status
        );
    }

    fn create_cluster(&mut self, rg: &str, name: &str) -> Response {
        self.call(
            "PUT",
            &cluster_path(rg, name),
            Some(cluster_body(&format!("{name}-dns"))),
        )
    }

    /// Polls the Azure-AsyncOperation URL of `resp` until it is terminal; returns the polls.
    fn finish(&mut self, resp: &Response) -> Vec<Response> {
        let url = resp
            .header("Azure-AsyncOperation")
            .expect("LRO answer carries Azure-AsyncOperation")
            .to_string();
        let mut polls = Vec::new();
        for _ in 0..10 {
            let r = self.follow(&url);
            let done = r.json()["status"] != "InProgress";
            polls.push(r);
            if done {
                return polls;
            }
        }
        panic!("operation never finished");
    }
}

fn cluster_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}?{AKS}"
    )
}

fn cluster_body(dns: &str) -> Value {
    json!({
        "location": "westus2",
        "properties": {
            "agentPoolProfiles": [{"name": "nodepool1", "orchestratorVersion": "", "vmSize": "",
                "osType": "Linux", "count": 3, "mode": "System", "type": "VirtualMachineScaleSets",
                "upgradeSettings": {}}],
            "kubernetesVersion": "",
            "dnsPrefix": dns,
            "enableRBAC": true,
            "disableLocalAccounts": false,
            "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}},
            "networkProfile": {"loadBalancerSku": "standard", "outboundType": "loadBalancer"}
        },
        "identity": {"type": "SystemAssigned"},
        "sku": {"name": "Base", "tier": "Free"}
    })
}

fn err_code(r: &Response) -> String {
    r.json()["error"]["code"].as_str().unwrap_or("").to_string()
}

// ---------------------------------------------------------------- subscriptions, metadata

#[test]
fn subscriptions_list_and_get_describe_the_seeded_subscription() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions?api-version=2022-12-01");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["count"], json!({"type": "Total", "value": 1}));
    assert_eq!(v["value"][0]["subscriptionId"], SUB);
    assert_eq!(v["value"][0]["tenantId"], TENANT);
    assert_eq!(v["value"][0]["displayName"], "Fake Subscription");
    let one = e.get("/subscriptions/{sub}?api-version=2022-12-01").json();
    assert_eq!(one, v["value"][0]);
    let t = e.get("/tenants?api-version=2022-12-01").json();
    assert_eq!(t["value"][0]["tenantId"], TENANT);
    let l = e
        .get("/subscriptions/{sub}/locations?api-version=2022-12-01")
        .json();
    assert!(
        l["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["name"] == "westus2")
    );
}

#[test]
fn settings_fields_override_the_defaults() {
    let mut e = Emu::with(|s| {
        s.subscription_id = "11111111-1111-4111-8111-111111111111".into();
        s.subscription_name = "Other".into();
    });
    let v = e.get("/subscriptions?api-version=2022-12-01").json();
    assert_eq!(
        v["value"][0]["subscriptionId"],
        "11111111-1111-4111-8111-111111111111"
    );
    assert_eq!(v["value"][0]["displayName"], "Other");
    let r = e.get(&format!("/subscriptions/{SUB}?api-version=2022-12-01"));
    assert_eq!(r.status, 404);
    assert_eq!(err_code(&r), "SubscriptionNotFound");
}

#[test]
fn metadata_endpoints_point_at_the_emulator_without_auth() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        "/metadata/endpoints?api-version=2022-09-01",
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["resourceManager"], format!("{BASE}/"));
    assert_eq!(v["authentication"]["loginEndpoint"], format!("{BASE}/"));
    assert_eq!(
        v["authentication"]["audiences"],
        json!([
            "https://management.core.windows.net/",
            "https://management.azure.com/"
        ])
    );
}

// az registers a cloud from `--endpoint-resource-manager https://host:port/` and asks for
// `<endpoint>/metadata/endpoints`, i.e. with a doubled slash.
#[test]
fn metadata_endpoints_answer_the_double_slash_az_sends() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        "//metadata/endpoints?api-version=2022-09-01",
    ));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["resourceManager"], format!("{BASE}/"));
}

// ---------------------------------------------------------------- api-version, headers, routes

#[test]
fn api_version_is_required_and_checked_per_resource_type() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions/{sub}/resourcegroups");
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "MissingApiVersionParameter");
    assert_eq!(
        r.json()["error"]["message"],
        "The api-version query parameter (?api-version=) is required for all requests."
    );
    let r = e.get("/subscriptions/{sub}/resourcegroups?api-version=1999-01-01");
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "InvalidApiVersionParameter");
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        msg.starts_with("The api-version '1999-01-01' is invalid. The supported versions are '")
    );
    assert!(msg.contains("2024-11-01"));
    // Features accept the old 2015 version, groups do not.
    assert_eq!(
        e.get("/subscriptions/{sub}/providers/Microsoft.Features/features?api-version=2015-12-01")
            .status,
        200
    );
    let r = e.get(
        "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c?api-version=2020-01-01",
    );
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "NoRegisteredProviderFound");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2026-06-01")
    );
}

#[test]
fn every_arm_answer_carries_request_ids_and_rate_limit_counters() {
    let mut e = Emu::new();
    let token = arm_token(&e.settings, e.now);
    let r = e.send(
        Request::new("GET", "/subscriptions?api-version=2022-12-01")
            .bearer(&token)
            .header("x-ms-correlation-request-id", "corr-1"),
    );
    let rid = r.header("x-ms-request-id").unwrap().to_string();
    assert_eq!(rid.len(), 36);
    assert_eq!(r.header("x-ms-correlation-request-id"), Some("corr-1"));
    assert!(r.header("x-ms-routing-request-id").unwrap().ends_with(&rid));
    assert_eq!(
        r.header("x-ms-ratelimit-remaining-tenant-reads"),
        Some("11999")
    );
    let r2 = e.get("/subscriptions/{sub}?api-version=2022-12-01");
    assert_ne!(r2.header("x-ms-request-id").unwrap(), rid);
    assert_eq!(
        r2.header("x-ms-ratelimit-remaining-subscription-reads"),
        Some("11998")
    );
    let w = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        w.header("x-ms-ratelimit-remaining-subscription-writes"),
        Some("1199")
    );
    let d = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        None,
    );
    assert_eq!(
        d.header("x-ms-ratelimit-remaining-subscription-deletes"),
        Some("14999")
    );
}

#[test]
fn unknown_routes_and_methods_are_refused() {
    let mut e = Emu::new();
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/fooBars?{AKS}"
    ));
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "InvalidResourceType");
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        None,
    );
    assert_eq!(r.status, 405);
    assert_eq!(err_code(&r), "MethodNotAllowed");
}

// ---------------------------------------------------------------- ARM bearer check

fn www(r: &Response) -> String {
    r.header("WWW-Authenticate").unwrap_or("").to_string()
}

#[test]
fn missing_authorization_is_401_with_www_authenticate() {
    let mut e = Emu::new();
    let r = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01"));
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "AuthenticationFailed", "message": "Authentication failed. The 'Authorization' header is missing."}})
    );
    assert_eq!(
        www(&r),
        format!(
            "Bearer authorization_uri=\"https://login.windows.net/{TENANT}\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\""
        )
    );
}

#[test]
fn malformed_forged_expired_and_misaddressed_tokens_are_401() {
    let mut e = Emu::new();
    let path = "/subscriptions?api-version=2022-12-01";
    let r = e.send(Request::new("GET", path).header("Authorization", "Basic abc"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "AuthenticationFailedInvalidHeader")
    );
    let r = e.send(Request::new("GET", path).bearer("not-a-jwt"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationToken")
    );

    let mut other = e.settings.clone();
    other.signing_key = "someone-else".into();
    let forged = arm_token(&other, e.now);
    let r = e.send(Request::new("GET", path).bearer(&forged));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationToken")
    );
    assert!(www(&r).contains("invalid signature"));

    let old = arm_token(&e.settings, e.now - Duration::from_secs(7200));
    let r = e.send(Request::new("GET", path).bearer(&old));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "ExpiredAuthenticationToken")
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The access token expiry UTC time '")
    );

    let graph = issue_token(
        &e.settings,
        e.now,
        "https://graph.microsoft.com/",
        "app",
        "oid",
    );
    let r = e.send(Request::new("GET", path).bearer(&graph));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationTokenAudience")
    );

    let mut foreign = e.settings.clone();
    foreign.tenant_id = "99999999-0000-4000-8000-000000000000".into();
    let t = arm_token(&foreign, e.now);
    let r = e.send(Request::new("GET", path).bearer(&t));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationTokenTenant")
    );
    assert!(www(&r).starts_with("Bearer authorization_uri=\"https://login.windows.net/"));
}

#[test]
fn both_arm_audiences_are_accepted_and_checks_can_be_relaxed() {
    let mut e = Emu::new();
    for aud in [
        "https://management.core.windows.net/",
        "https://management.azure.com",
    ] {
        let t = issue_token(&e.settings, e.now, aud, "app", "oid");
        let r = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer(&t));
        assert_eq!(r.status, 200, "{aud}");
    }
    let mut lax = Emu::with(|s| s.verify_tokens = false);
    let r =
        lax.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer("anything"));
    assert_eq!(r.status, 200);
    let r = lax.send(Request::new("GET", "/subscriptions?api-version=2022-12-01"));
    assert_eq!(r.status, 401);
}

// ---------------------------------------------------------------- resource groups

#[test]
fn group_put_creates_then_updates_and_keeps_first_casing() {
    let mut e = Emu::new();
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/myResourceGroup?{RES}"),
        Some(json!({"location": "West US 2", "tags": {"a": "b"}})),
    );
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json(),
        json!({"id": format!("/subscriptions/{SUB}/resourceGroups/myResourceGroup"), "name": "myResourceGroup",
               "type": "Microsoft.Resources/resourceGroups", "location": "westus2", "tags": {"a": "b"},
               "properties": {"provisioningState": "Succeeded"}})
    );
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/MYRESOURCEGROUP?{RES}"),
        Some(json!({"location": "westus2", "managedBy": "me"})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["name"], "myResourceGroup");
    assert_eq!(r.json()["managedBy"], "me");
    assert!(r.json().get("tags").is_none(), "PUT replaces tags");
    let g = e.get(&format!(
        "/subscriptions/{{sub}}/resourceGroups/MyResourceGroup?{RES}"
    ));
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["name"], "myResourceGroup");
}

#[test]
fn group_put_with_another_location_is_409() {
    let mut e = Emu::new();
    e.group("rg1");
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg1?{RES}"),
        Some(json!({"location": "eastus"})),
    );
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["error"],
        json!({"code": "InvalidResourceGroupLocation", "message": "Invalid resource group location 'eastus'. The Resource group already exists in location 'westus2'."})
    );
}

#[test]
fn group_put_validates_name_body_and_location() {
    let mut e = Emu::new();
    let put = |e: &mut Emu, name: &str, body: Value| {
        e.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{name}?{RES}"),
            Some(body),
        )
    };
    let r = put(&mut e, "bad*name", json!({"location": "westus2"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceGroup")
    );
    let r = put(&mut e, "ends.", json!({"location": "westus2"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceGroup")
    );
    let r = put(&mut e, "ok", json!({}));
    assert_eq!((r.status, err_code(&r).as_str()), (400, "LocationRequired"));
    let r = put(&mut e, "ok", json!({"location": "mars"}));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceGroup")
    );
    let r = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/ok?{RES}"),
        None,
    );
    assert_eq!((r.status, err_code(&r).as_str()), (400, "LocationRequired"));
    assert!(e.state.groups.is_empty(), "nothing was created");
}

#[test]
fn group_head_is_204_or_404_without_body() {
    let mut e = Emu::new();
    let r = e.call(
        "HEAD",
        &format!("/subscriptions/{{sub}}/resourcegroups/nope?{RES}"),
        None,
    );
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());
    assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
    e.group("Yes");
    let r = e.call(
        "HEAD",
        &format!("/subscriptions/{{sub}}/resourcegroups/yes?{RES}"),
        None,
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    let r = e.get(&format!("/subscriptions/{{sub}}/resourcegroups/nope?{RES}"));
    assert_eq!(
        r.json(),
        json!({"error": {"code": "ResourceGroupNotFound", "message": "Resource group 'nope' could not be found."}})
    );
}

#[test]
fn group_patch_updates_tags() {
    let mut e = Emu::new();
    e.group("rg");
    let r = e.call(
        "PATCH",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        Some(json!({"tags": {"env": "dev"}})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["tags"], json!({"env": "dev"}));
}

#[test]
fn group_list_filters_on_tags_and_pages_with_next_link() {
    let mut e = Emu::with(|s| s.page_size = 2);
    for (n, tags) in [
        ("a", json!({"env": "dev"})),
        ("b", json!({"env": "prod"})),
        ("c", json!({"env": "dev", "team": "x"})),
        ("d", json!({})),
        ("e", json!({"ENV": "Dev"})),
    ] {
        let r = e.call(
            "PUT",
            &format!("/subscriptions/{{sub}}/resourcegroups/{n}?{RES}"),
            Some(json!({"location": "westus2", "tags": tags})),
        );
        assert_eq!(r.status, 201);
    }
    let mut names = Vec::new();
    let mut r = e.get(&format!(
        "/subscriptions/{{sub}}/resourcegroups?$filter=tagname%20eq%20%27env%27%20and%20tagvalue%20eq%20%27dev%27&{RES}"
    ));
    let mut pages = 0;
    loop {
        pages += 1;
        let v = r.json();
        for g in v["value"].as_array().unwrap() {
            names.push(g["name"].as_str().unwrap().to_string());
        }
        match v["nextLink"].as_str() {
            Some(next) => {
                assert!(next.contains("$skiptoken="));
                r = e.follow(next);
            }
            None => break,
        }
    }
    assert_eq!(names, ["a", "c", "e"]);
    assert_eq!(pages, 2);
    let v = e
        .get(&format!(
            "/subscriptions/{{sub}}/resourcegroups?$filter=tagName eq 'team'&{RES}"
        ))
        .json();
    assert_eq!(v["value"].as_array().unwrap().len(), 1);
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/resourcegroups?$filter=location eq 'x'&{RES}"
    ));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidFilterInQueryString")
    );
}

#[test]
fn group_delete_polls_location_then_cascades_to_clusters() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let c = e.create_cluster("rg", "c1");
    assert_eq!(c.status, 201);
    let r = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        None,
    );
    assert_eq!(r.status, 202);
    assert!(r.body.is_empty());
    assert_eq!(r.header("Retry-After"), Some("1"));
    let loc = r.header("Location").unwrap().to_string();
    assert!(loc.starts_with(&format!("{BASE}/subscriptions/{SUB}/operationresults/")));
    let g = e.get(&format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"));
    assert_eq!(g.json()["properties"]["provisioningState"], "Deleting");
    let p = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (p.status, err_code(&p).as_str()),
        (409, "ResourceGroupBeingDeleted")
    );
    let p1 = e.follow(&loc);
    assert_eq!(p1.status, 202);
    assert_eq!(p1.header("Location"), Some(loc.as_str()));
    let p2 = e.follow(&loc);
    assert_eq!(p2.status, 200);
    assert!(p2.body.is_empty());
    assert_eq!(
        e.get(&format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"))
            .status,
        404
    );
    assert!(
        e.state.clusters.is_empty(),
        "clusters went with their group"
    );
    let r = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/rg?{RES}"),
        None,
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}

// ---------------------------------------------------------------- providers

#[test]
fn aks_before_registration_is_409_missing_subscription_registration() {
    let mut e = Emu::new();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(r.status, 409);
    let msg = "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    assert_eq!(
        r.json(),
        json!({"error": {"code": "MissingSubscriptionRegistration", "message": msg,
            "details": [{"code": "MissingSubscriptionRegistration", "message": msg, "target": "Microsoft.ContainerService"}]}})
    );
    assert!(e.state.clusters.is_empty());
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/managedClusters?{AKS}"
    ));
    assert_eq!(r.status, 409);
}

#[test]
fn provider_register_and_unregister_advance_on_later_reads() {
    let mut e = Emu::new();
    let path = format!("/subscriptions/{{sub}}/providers/microsoft.containerservice?{RES}");
    let v = e.get(&path).json();
    assert_eq!(v["registrationState"], "NotRegistered");
    assert_eq!(v["namespace"], "Microsoft.ContainerService");
    assert_eq!(
        v["id"],
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerService")
    );
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
        None,
    );
    assert_eq!(r.json()["registrationState"], "Registering");
    assert_eq!(e.get(&path).json()["registrationState"], "Registered");
    let again = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
        None,
    );
    assert_eq!(again.json()["registrationState"], "Registered");
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/unregister?{RES}"),
        None,
    );
    assert_eq!(r.json()["registrationState"], "Unregistering");
    // The list is a read too.
    let list = e
        .get(&format!("/subscriptions/{{sub}}/providers?{RES}"))
        .json();
    let aks = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["namespace"] == "Microsoft.ContainerService")
        .cloned()
        .unwrap();
    assert_eq!(aks["registrationState"], "Unregistered");
    e.group("rg");
    assert_eq!(e.create_cluster("rg", "c").status, 409);
}

#[test]
fn registration_can_take_several_reads_and_registering_can_be_refused() {
    let mut e = Emu::with(|s| {
        s.registration_reads = 2;
        s.registering_is_enough = false;
    });
    e.register_aks();
    e.group("rg");
    assert_eq!(e.create_cluster("rg", "c").status, 409);
    let path = format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService?{RES}");
    assert_eq!(e.get(&path).json()["registrationState"], "Registering");
    assert_eq!(e.get(&path).json()["registrationState"], "Registered");
    assert_eq!(e.create_cluster("rg", "c").status, 201);
}

#[test]
fn unknown_provider_namespace_is_404() {
    let mut e = Emu::new();
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.Nope/register?{RES}"),
        None,
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "InvalidResourceNamespace")
    );
}

// ---------------------------------------------------------------- features

#[test]
fn feature_list_is_paged_and_register_advances_on_read() {
    let mut e = Emu::new();
    let base = "/subscriptions/{sub}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/MSIPreview";
    let r = e.call("POST", &format!("{base}/register?{FEAT}"), None);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"properties": {"state": "Registering"},
               "id": format!("/subscriptions/{SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/MSIPreview"),
               "type": "Microsoft.Features/providers/features", "name": "Microsoft.ContainerService/MSIPreview"})
    );
    let p1 = e
        .get(&format!(
            "/subscriptions/{{sub}}/providers/Microsoft.Features/features?{FEAT}"
        ))
        .json();
    assert_eq!(p1["value"].as_array().unwrap().len(), 6);
    let msi = p1["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Microsoft.ContainerService/MSIPreview")
        .cloned()
        .unwrap();
    assert_eq!(msi["properties"]["state"], "Registered");
    let next = p1["nextLink"].as_str().unwrap().to_string();
    assert_eq!(
        next,
        format!(
            "{BASE}/subscriptions/{SUB}/providers/Microsoft.Features/features?{FEAT}&$skiptoken=6"
        )
    );
    let p2 = e.follow(&next).json();
    assert_eq!(p2["value"].as_array().unwrap().len(), 6);
    assert!(p2.get("nextLink").is_none());

    let ns = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.Features/providers/microsoft.containerservice/features?{FEAT}")).json();
    assert!(ns["value"].as_array().unwrap().iter().all(|f| {
        f["name"]
            .as_str()
            .unwrap()
            .starts_with("Microsoft.ContainerService/")
    }));

    let r = e.call("POST", &format!("{base}/unregister?{FEAT}"), None);
    assert_eq!(r.json()["properties"]["state"], "Unregistering");
    assert_eq!(
        e.get(&format!("{base}?{FEAT}")).json()["properties"]["state"],
        "Unregistered"
    );
}

#[test]
fn unknown_feature_is_404() {
    let mut e = Emu::new();
    let r = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/NoSuch?{FEAT}"));
    assert_eq!((r.status, err_code(&r).as_str()), (404, "FeatureNotFound"));
}

// ---------------------------------------------------------------- managed clusters

#[test]
fn cluster_create_runs_an_lro_and_fills_in_server_fields() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let r = e.create_cluster("MyResourceGroup", "MyCluster");
    assert_eq!(r.status, 201);
    assert_eq!(r.header("Retry-After"), Some("1"));
    let v = r.json();
    assert_eq!(
        v["id"],
        format!(
            "/subscriptions/{SUB}/resourcegroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster"
        )
    );
    assert_eq!(v["type"], "Microsoft.ContainerService/ManagedClusters");
    let p = &v["properties"];
    assert_eq!(p["provisioningState"], "Creating");
    assert_eq!(p["agentPoolProfiles"][0]["provisioningState"], "Creating");
    assert_eq!(p["powerState"]["code"], "Running");
    assert_eq!(p["kubernetesVersion"], "1.32.7");
    assert_eq!(p["currentKubernetesVersion"], "1.32.7");
    assert_eq!(
        p["nodeResourceGroup"],
        "MC_MyResourceGroup_MyCluster_westus2"
    );
    assert_eq!(p["servicePrincipalProfile"], json!({"clientId": "msi"}));
    let fqdn = p["fqdn"].as_str().unwrap();
    assert!(
        fqdn.starts_with("mycluster-dns-") && fqdn.ends_with(".hcp.westus2.azmk8s.io"),
        "{fqdn}"
    );
    assert_eq!(
        fqdn.split('.').next().unwrap().len(),
        "mycluster-dns-".len() + 8
    );
    assert!(
        p["azurePortalFQDN"]
            .as_str()
            .unwrap()
            .contains(".portal.hcp.westus2.azmk8s.io")
    );
    assert_eq!(p["resourceUID"].as_str().unwrap().len(), 24);
    assert!(
        p.get("identityProfile").is_none(),
        "kubelet identity only after success"
    );
    assert_eq!(v["identity"]["tenantId"], TENANT);
    assert_eq!(v["identity"]["principalId"].as_str().unwrap().len(), 36);
    assert_eq!(p["agentPoolProfiles"][0]["vmSize"], "Standard_D8ds_v5");
    assert_eq!(
        p["agentPoolProfiles"][0]["upgradeSettings"]["maxSurge"],
        "10%"
    );
    assert_eq!(p["networkProfile"]["networkPlugin"], "azure");
    assert_eq!(p["networkProfile"]["loadBalancerSku"], "standard");

    let path = cluster_path("MyResourceGroup", "MyCluster");
    assert_eq!(
        e.get(&path).json()["properties"]["provisioningState"],
        "Creating"
    );
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 2);
    let first = polls[0].json();
    assert_eq!(first["status"], "InProgress");
    assert!(first.get("endTime").is_none());
    assert_eq!(polls[0].header("Retry-After"), Some("1"));
    let last = polls[1].json();
    assert_eq!(last["status"], "Succeeded");
    assert!(last["endTime"].is_string() && last["startTime"].is_string());
    assert!(polls[1].header("Retry-After").is_none());

    let done = e.get(&path).json();
    let p = &done["properties"];
    assert_eq!(p["provisioningState"], "Succeeded");
    assert_eq!(p["agentPoolProfiles"][0]["provisioningState"], "Succeeded");
    let kubelet = &p["identityProfile"]["kubeletidentity"];
    assert_eq!(
        kubelet["resourceId"],
        format!(
            "/subscriptions/{SUB}/resourcegroups/MC_MyResourceGroup_MyCluster_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyCluster-agentpool"
        )
    );
    assert_eq!(kubelet["clientId"].as_str().unwrap().len(), 36);
    assert_ne!(done["eTag"], v["eTag"]);
    // Case-insensitive lookup keeps the first casing.
    let lower = e.get(&cluster_path("myresourcegroup", "mycluster")).json();
    assert_eq!(lower["name"], "MyCluster");
}

#[test]
fn cluster_update_is_200_updating_and_dns_prefix_is_immutable() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    // A second PUT while the create runs is refused.
    let busy = e.create_cluster("rg", "c1");
    assert_eq!(
        (busy.status, err_code(&busy).as_str()),
        (409, "OperationNotAllowed")
    );
    e.finish(&r);
    let fqdn = e.get(&cluster_path("rg", "c1")).json()["properties"]["fqdn"].clone();
    // az's GET + modify + full PUT sends the server fields back unchanged.
    let mut full = e.get(&cluster_path("rg", "c1")).json();
    full["properties"]["agentPoolProfiles"][0]["count"] = json!(5);
    let u = e.call("PUT", &cluster_path("rg", "c1"), Some(full));
    assert_eq!(u.status, 200);
    let v = u.json();
    assert_eq!(v["properties"]["provisioningState"], "Updating");
    assert_eq!(v["properties"]["agentPoolProfiles"][0]["count"], 5);
    assert_eq!(v["properties"]["fqdn"], fqdn);
    assert!(v["properties"]["identityProfile"].is_object());
    e.finish(&u);
    let mut changed = cluster_body("other-dns");
    changed["location"] = json!("westus2");
    let r = e.call("PUT", &cluster_path("rg", "c1"), Some(changed));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"],
        json!({"code": "PropertyChangeNotAllowed", "message": "Changing property 'dnsPrefix' is not allowed.", "target": "dnsPrefix"})
    );
    let mut moved = cluster_body("c1-dns");
    moved["location"] = json!("eastus");
    let r = e.call("PUT", &cluster_path("rg", "c1"), Some(moved));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (409, "InvalidResourceLocation")
    );
}

#[test]
fn cluster_create_validates_its_input() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let put =
        |e: &mut Emu, name: &str, body: Value| e.call("PUT", &cluster_path("rg", name), Some(body));

    let r = put(&mut e, "-bad", cluster_body("x"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceName")
    );
    let r = put(&mut e, "c", cluster_body(""));
    assert_eq!((r.status, err_code(&r).as_str()), (400, "InvalidParameter"));
    assert_eq!(r.json()["error"]["target"], "dnsPrefix");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DNS prefix '' is invalid")
    );
    let r = put(&mut e, "c", cluster_body(&"a".repeat(55)));
    assert_eq!(r.json()["error"]["target"], "dnsPrefix");

    let mut b = cluster_body("ok");
    b["properties"]["kubernetesVersion"] = json!("1.20");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "AgentPoolK8sVersionNotSupported")
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Version 1.20 is not supported in this region.")
    );

    let mut b = cluster_body("ok");
    b["location"] = json!("mars");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceType")
    );

    let mut b = cluster_body("ok");
    b["properties"]["agentPoolProfiles"][0]["mode"] = json!("User");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "MustDefineAtLeastOneSystemPool")
    );

    let mut b = cluster_body("ok");
    b["properties"]["agentPoolProfiles"][0]["name"] = json!("Pool_1");
    let r = put(&mut e, "c", b);
    assert_eq!(r.json()["error"]["target"], "agentPoolProfile.name");

    let r = e.call(
        "PUT",
        &cluster_path("nogroup", "c"),
        Some(cluster_body("ok")),
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
    assert!(e.state.clusters.is_empty(), "nothing was created");

    let mut b = cluster_body("ok");
    b["properties"]["kubernetesVersion"] = json!("1.33");
    let r = put(&mut e, "c", b);
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["properties"]["kubernetesVersion"], "1.33");
    assert_eq!(r.json()["properties"]["currentKubernetesVersion"], "1.33.3");
}

#[test]
fn cluster_get_missing_is_resource_not_found() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let r = e.get(&cluster_path("MyResourceGroup", "MyManagedCluster"));
    assert_eq!(r.status, 404);
    assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
    assert_eq!(
        r.json()["error"]["message"],
        "The Resource 'Microsoft.ContainerService/managedClusters/MyManagedCluster' under resource group 'MyResourceGroup' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    );
    assert_eq!(err_code(&r), "ResourceNotFound");
}

#[test]
fn cluster_lists_page_with_a_trailing_empty_page() {
    let mut e = Emu::with(|s| s.page_size = 2);
    e.register_aks();
    e.group("rg1");
    e.group("rg2");
    for (rg, n) in [("rg1", "a"), ("rg1", "b"), ("rg2", "c")] {
        assert_eq!(e.create_cluster(rg, n).status, 201);
    }
    let collect = |e: &mut Emu, path: &str| {
        let mut names = Vec::new();
        let mut pages = 0;
        let mut r = e.get(path);
        loop {
            pages += 1;
            let v = r.json();
            assert_eq!(r.status, 200);
            names.extend(
                v["value"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["name"].as_str().unwrap().to_string()),
            );
            match v["nextLink"].as_str() {
                Some(n) => r = e.follow(n),
                None => return (names, pages),
            }
        }
    };
    let (names, pages) = collect(
        &mut e,
        &format!(
            "/subscriptions/{{sub}}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters?{AKS}"
        ),
    );
    assert_eq!((names, pages), (vec!["a".to_string(), "b".to_string()], 2));
    let (names, pages) = collect(
        &mut e,
        &format!(
            "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/managedClusters?{AKS}"
        ),
    );
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(pages, 3);
    let r = e.get(&format!("/subscriptions/{{sub}}/resourceGroups/none/providers/Microsoft.ContainerService/managedClusters?{AKS}"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}

#[test]
fn cluster_delete_is_202_with_both_headers_then_gone() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let c = e.create_cluster("rg", "c1");
    e.finish(&c);
    let r = e.call("DELETE", &cluster_path("rg", "c1"), None);
    assert_eq!(r.status, 202);
    assert!(r.body.is_empty());
    let status_url = r.header("Azure-AsyncOperation").unwrap().to_string();
    let result_url = r.header("Location").unwrap().to_string();
    assert!(
        status_url.contains("/providers/Microsoft.ContainerService/locations/westus2/operations/")
    );
    assert!(
        result_url
            .contains("/providers/Microsoft.ContainerService/locations/westus2/operationresults/")
    );
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Deleting"
    );
    let res = e.follow(&result_url);
    assert_eq!(res.status, 202);
    assert!(res.header("Location").is_some());
    let st = e.follow(&status_url);
    assert_eq!(st.json()["status"], "Succeeded");
    assert_eq!(e.follow(&result_url).status, 204);
    assert_eq!(e.get(&cluster_path("rg", "c1")).status, 404);
    assert_eq!(
        e.call("DELETE", &cluster_path("rg", "c1"), None).status,
        204
    );
    let r = e.call("DELETE", &cluster_path("gone", "c1"), None);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}

#[test]
fn operations_finish_by_elapsed_time_without_polls() {
    let mut e = Emu::with(|s| {
        s.lro_polls = 3;
        s.retry_after_secs = 5;
    });
    e.register_aks();
    e.group("rg");
    e.create_cluster("rg", "c1");
    e.advance(14);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Creating"
    );
    e.advance(1);
    let v = e.get(&cluster_path("rg", "c1")).json();
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    assert!(v["properties"]["identityProfile"].is_object());
}

// Regression: the elapsed-time rule compared whole seconds, so an operation started at x.99 s
// was already finished when az polled after its 1 s `Retry-After` (one poll fewer than ARM).
#[test]
fn elapsed_time_is_measured_from_the_exact_start() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    e.now += Duration::from_millis(990);
    let r = e.create_cluster("rg", "c1");
    let url = r.header("Azure-AsyncOperation").unwrap().to_string();
    e.now += Duration::from_millis(1050);
    let first = e.follow(&url).json();
    assert_eq!(first["status"], "InProgress");
    // Started at .99 s: ticks as ARM prints them, not nanoseconds.
    assert_eq!(first["startTime"], "2026-09-21T14:13:20.99Z");
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    e.now += Duration::from_millis(990);
    e.create_cluster("rg", "c1");
    e.now += Duration::from_millis(1990);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Creating"
    );
    e.now += Duration::from_millis(10);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Succeeded"
    );
}

#[test]
fn lro_polls_and_retry_after_are_configurable() {
    let mut e = Emu::with(|s| {
        s.lro_polls = 1;
        s.retry_after_secs = 0;
    });
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(r.header("Retry-After"), Some("0"));
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 1);
    assert_eq!(polls[0].json()["status"], "Succeeded");
    let mut e = Emu::with(|s| s.lro_polls = 4);
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(e.finish(&r).len(), 4);
}

#[test]
fn unknown_operation_is_404() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions/{sub}/providers/Microsoft.ContainerService/locations/westus2/operations/nope?api-version=2016-03-30");
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "OperationNotFound")
    );
}

fn kubeconfig_of(r: &Response) -> String {
    let b64 = r.json()["kubeconfigs"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn credentials_return_a_kubeconfig_named_like_aks() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let c = e.create_cluster("MyResourceGroup", "MyCluster");
    e.finish(&c);
    let fqdn = e.get(&cluster_path("MyResourceGroup", "MyCluster")).json()["properties"]["fqdn"]
        .as_str()
        .unwrap()
        .to_string();
    let path = |verb: &str| {
        format!(
            "/subscriptions/{{sub}}/resourceGroups/myResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster/{verb}?{AKS}"
        )
    };
    let r = e.call("POST", &path("listClusterUserCredential"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["kubeconfigs"][0]["name"], "clusterUser");
    let kc = kubeconfig_of(&r);
    assert!(kc.starts_with(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: RkFLRS1DQQ==\n"
    ));
    assert!(kc.contains(&format!(
        "    server: https://{fqdn}:443\n  name: MyCluster\n"
    )));
    assert!(kc.contains("    user: clusterUser_myResourceGroup_MyCluster\n"));
    assert!(kc.contains("current-context: MyCluster\nkind: Config\npreferences: {}\n"));
    assert!(kc.contains("    client-key-data: RkFLRS1DTElFTlQtS0VZ\n    token: fake-token-"));
    let r = e.call("POST", &path("listClusterAdminCredential"), None);
    assert_eq!(r.json()["kubeconfigs"][0]["name"], "clusterAdmin");
    assert!(kubeconfig_of(&r).contains("- name: clusterAdmin_myResourceGroup_MyCluster\n"));
    let r = e.call("POST", &format!("/subscriptions/{{sub}}/resourceGroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/Nope/listClusterUserCredential?{AKS}"), None);
    assert_eq!((r.status, err_code(&r).as_str()), (404, "ResourceNotFound"));
}

#[test]
fn local_accounts_off_refuses_admin_and_aad_users_get_kubelogin() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let mut b = cluster_body("aad");
    b["properties"]["disableLocalAccounts"] = json!(true);
    b["properties"]["aadProfile"] = json!({"managed": true, "enableAzureRBAC": true});
    let r = e.call("PUT", &cluster_path("rg", "aad"), Some(b));
    assert_eq!(r.status, 201);
    let base = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aad";
    let r = e.call(
        "POST",
        &format!("{base}/listClusterAdminCredential?{AKS}"),
        None,
    );
    assert_eq!((r.status, err_code(&r).as_str()), (400, "BadRequest"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=exec"),
        None,
    );
    let kc = kubeconfig_of(&r);
    assert!(kc.contains("      command: kubelogin\n"));
    assert!(kc.contains(&format!("      - {TENANT}\n")));
    assert!(!kc.contains("client-key-data"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=azure"),
        None,
    );
    assert!(kubeconfig_of(&r).contains("      name: azure\n"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=bogus"),
        None,
    );
    assert_eq!(r.status, 400);
}

#[test]
fn kubernetes_versions_per_location() {
    let mut e = Emu::new();
    e.register_aks();
    let v = e
        .get(&format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/locations/westus2/kubernetesVersions?{AKS}"))
        .json();
    let values = v["values"].as_array().unwrap();
    let default: Vec<&Value> = values.iter().filter(|x| x["isDefault"] == true).collect();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0]["version"], "1.32");
    assert!(
        default[0]["patchVersions"]["1.32.7"]["upgrades"]
            .as_array()
            .unwrap()
            .contains(&json!("1.33.3"))
    );
    let r = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/locations/mars/kubernetesVersions?{AKS}"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceType")
    );
}

// ---------------------------------------------------------------- identity endpoints

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish().into_bytes()
}

fn token_request(body: Vec<u8>, tenant: &str) -> Request {
    let mut r = Request::new("POST", &format!("/{tenant}/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded");
    r.body = body;
    r
}

#[test]
fn entra_errors_carry_entra_style_timestamps() {
    let mut e = Emu::new();
    e.now += Duration::from_millis(250);
    let s = e.settings.clone();
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_secret", "wrong"),
            ("scope", "https://management.core.windows.net//.default"),
        ]),
        TENANT,
    ));
    assert_eq!(r.status, 401);
    let d = r.json()["error_description"].as_str().unwrap().to_string();
    assert!(d.ends_with("Timestamp: 2026-09-21 14:13:20Z"), "{d}");
}

#[test]
fn client_secret_login_issues_a_token_arm_accepts() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_info", "1"),
            ("client_secret", &s.sp_client_secret),
            ("scope", "https://management.core.windows.net//.default"),
        ]),
        TENANT,
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3599);
    assert_eq!(v["ext_expires_in"], 3599);
    let token = v["access_token"].as_str().unwrap();
    let claims = verify_token(&s, token).unwrap();
    assert_eq!(claims["aud"], "https://management.core.windows.net/");
    assert_eq!(claims["tid"], TENANT);
    assert_eq!(claims["appid"], s.sp_client_id.as_str());
    assert!(claims["oid"].is_string());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3599
    );
    let ok = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer(token));
    assert_eq!(ok.status, 200);
}

#[test]
fn token_endpoint_rejects_bad_secrets_clients_tenants_and_grants() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let req = |secret: &str, client: &str, grant: &str| {
        form(&[
            ("client_id", client),
            ("grant_type", grant),
            ("client_secret", secret),
            ("scope", "https://management.azure.com/.default"),
        ])
    };
    let r = e.send(token_request(
        req("wrong", &s.sp_client_id, "client_credentials"),
        TENANT,
    ));
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");
    assert_eq!(r.json()["error_codes"], json!([7000215]));
    assert!(!String::from_utf8_lossy(&r.body).contains(&s.sp_client_secret));
    let r = e.send(token_request(
        req(&s.sp_client_secret, "nobody", "client_credentials"),
        TENANT,
    ));
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "unauthorized_client")
    );
    let r = e.send(token_request(
        req(&s.sp_client_secret, &s.sp_client_id, "client_credentials"),
        "other-tenant",
    ));
    assert_eq!(r.json()["error_codes"], json!([90002]));
    let r = e.send(token_request(
        req(&s.sp_client_secret, &s.sp_client_id, "password"),
        TENANT,
    ));
    assert_eq!(r.json()["error"], "unsupported_grant_type");
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_secret", &s.sp_client_secret),
            ("scope", "openid"),
        ]),
        TENANT,
    ));
    assert_eq!(r.json()["error"], "invalid_scope");
}

fn assertion_request(s: &Settings, assertion: &str) -> Request {
    token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_assertion", assertion),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("scope", "https://management.azure.com/.default"),
        ]),
        &s.tenant_id,
    )
}

#[test]
fn federated_assertions_from_github_and_workload_issuers_are_exchanged() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    for assertion in [
        github_oidc_token(&s, e.now, AUDIENCE_EXCHANGE),
        workload_token(&s, e.now),
    ] {
        let r = e.send(assertion_request(&s, &assertion));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let claims = verify_token(&s, r.json()["access_token"].as_str().unwrap()).unwrap();
        assert_eq!(claims["aud"], "https://management.azure.com");
    }
    // Wrong audience, expired, and foreign-signed assertions are refused.
    let r = e.send(assertion_request(
        &s,
        &github_oidc_token(&s, e.now, "api://other"),
    ));
    assert_eq!(r.json()["error_codes"], json!([700212]));
    let stale = workload_token(&s, e.now - Duration::from_secs(7200));
    let r = e.send(assertion_request(&s, &stale));
    assert_eq!(r.json()["error_codes"], json!([700024]));
    let mut other = s.clone();
    other.signing_key = "x".into();
    let r = e.send(assertion_request(&s, &workload_token(&other, e.now)));
    assert_eq!(r.status, 401);
    let mut stranger = s.clone();
    stranger.github_issuer = "https://evil.example".into();
    let r = e.send(assertion_request(
        &s,
        &github_oidc_token(&stranger, e.now, AUDIENCE_EXCHANGE),
    ));
    assert_eq!(r.json()["error_codes"], json!([700211]));
}

#[test]
fn openid_configuration_and_instance_discovery_point_at_the_emulator() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        &format!("/{TENANT}/v2.0/.well-known/openid-configuration"),
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(
        v["token_endpoint"],
        format!("{BASE}/{TENANT}/oauth2/v2.0/token")
    );
    assert_eq!(v["issuer"], format!("{BASE}/{TENANT}/v2.0"));
    assert_eq!(
        v["authorization_endpoint"],
        format!("{BASE}/{TENANT}/oauth2/v2.0/authorize")
    );
    let r = e.send(Request::new(
        "GET",
        "/nope/v2.0/.well-known/openid-configuration",
    ));
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "invalid_tenant")
    );
    let r = e.send(Request::new(
        "GET",
        &format!("/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2F127.0.0.1%3A8443%2F{TENANT}%2Foauth2%2Fv2.0%2Fauthorize"),
    ));
    let v = r.json();
    assert_eq!(
        v["tenant_discovery_endpoint"],
        format!("{BASE}/{TENANT}/v2.0/.well-known/openid-configuration")
    );
    assert_eq!(v["metadata"][0]["aliases"], json!(["127.0.0.1:8443"]));
}

#[test]
fn managed_identity_endpoint_needs_the_identity_header() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let path = "/msi/token?api-version=2019-08-01&resource=https://management.azure.com";
    let r = e.send(
        Request::new("GET", path)
            .header("X-IDENTITY-HEADER", &s.identity_header)
            .header("metadata", "true"),
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["resource"], "https://management.azure.com");
    let exp: i64 = v["expires_on"]
        .as_str()
        .expect("expires_on is a string")
        .parse()
        .unwrap();
    assert!(exp > 1_790_000_000);
    let claims = verify_token(&s, v["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims["oid"], s.mi_object_id.as_str());
    assert_eq!(claims["appid"], s.mi_client_id.as_str());
    let arm = e.send(
        Request::new("GET", "/subscriptions?api-version=2022-12-01")
            .bearer(v["access_token"].as_str().unwrap()),
    );
    assert_eq!(arm.status, 200);

    let r = e.send(Request::new("GET", path));
    assert_eq!(r.status, 401);
    let r = e.send(
        Request::new("GET", &format!("{path}&client_id={}", s.mi_client_id))
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 200);
    let r = e.send(
        Request::new("GET", &format!("{path}&client_id=someone"))
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 400);
    let r = e.send(
        Request::new("GET", "/msi/token?api-version=2019-08-01")
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn github_oidc_endpoint_hands_out_assertions_for_the_request_token() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let path = "/github/idtoken?api-version=2.0&audience=api://AzureADTokenExchange";
    let r = e.send(Request::new("GET", path).header(
        "Authorization",
        &format!("bearer {}", s.github_request_token),
    ));
    assert_eq!(r.status, 200);
    let jwt = r.json()["value"].as_str().unwrap().to_string();
    let claims = verify_token(&s, &jwt).unwrap();
    assert_eq!(claims["aud"], AUDIENCE_EXCHANGE);
    assert_eq!(claims["iss"], s.github_issuer.as_str());
    assert_eq!(claims["sub"], s.github_subject.as_str());
    assert_eq!(e.send(assertion_request(&s, &jwt)).status, 200);
    let r = e.send(Request::new("GET", path).header("Authorization", "bearer wrong"));
    assert_eq!(r.status, 401);
}

// ---------------------------------------------------------------- determinism, persistence

fn walkthrough(e: &mut Emu) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    out.push((r.status, r.body.clone()));
    for p in e.finish(&r) {
        out.push((p.status, p.body));
    }
    let g = e.get(&cluster_path("rg", "c1"));
    out.push((g.status, g.body));
    out
}

#[test]
fn same_requests_at_same_times_give_identical_answers() {
    let (mut a, mut b) = (Emu::new(), Emu::new());
    assert_eq!(walkthrough(&mut a), walkthrough(&mut b));
}

#[test]
fn state_survives_a_serde_round_trip_mid_operation() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    let saved = serde_json::to_string(&e.state).unwrap();
    e.state = serde_json::from_str(&saved).unwrap();
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 2);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Succeeded"
    );
}

// ------------------------------------------- managed identities, role assignments, kubelet

const MSI: &str = "api-version=2024-11-30";
const RA: &str = "api-version=2022-04-01";
const MIO: &str = "f1a07417-d97a-45cb-824c-7a7467783830";

fn uami_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

#[test]
fn user_assigned_identity_put_get_list_delete() {
    let mut e = Emu::new();
    e.group("ids");
    let path = format!("{}?{MSI}", uami_path("ids", "Kube1"));
    let r = e.call(
        "PUT",
        &path,
        Some(json!({"location": "westus2", "tags": {"a": "b"}})),
    );
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["name"], "Kube1");
    assert_eq!(
        v["type"],
        "Microsoft.ManagedIdentity/userAssignedIdentities"
    );
    assert_eq!(v["tags"], json!({"a": "b"}));
    assert_eq!(v["properties"]["tenantId"], TENANT);
    let principal = v["properties"]["principalId"].as_str().expect("principal");
    let client = v["properties"]["clientId"].as_str().expect("client");
    assert_ne!(principal, client);
    // Deterministic from the id; an update keeps them and answers 200.
    let again = e.call(
        "PUT",
        &path.replace("Kube1", "kube1"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["name"], "Kube1");
    assert_eq!(again.json()["properties"]["principalId"], principal);
    assert_eq!(e.get(&path).json()["properties"]["clientId"], client);
    let list = e.get(&format!(
        "/subscriptions/{{sub}}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities?{MSI}"
    ));
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["value"].as_array().map(Vec::len), Some(1));
    let sub_list = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?{MSI}"
    ));
    assert_eq!(sub_list.json()["value"][0]["name"], "Kube1");
    assert_eq!(e.call("DELETE", &path, None).status, 200);
    assert_eq!(e.call("DELETE", &path, None).status, 204);
    let gone = e.get(&path);
    assert_eq!(gone.status, 404);
    assert_eq!(err_code(&gone), "ResourceNotFound");
    assert!(
        gone.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("was not found")),
        "az tests the message for 'was not found'"
    );
}

#[test]
fn user_assigned_identity_errors() {
    let mut e = Emu::new();
    let path = format!("{}?{MSI}", uami_path("nogroup", "k"));
    let r = e.call(
        "PUT",
        &path.replace("/k?", "/kid?"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (404, "ResourceGroupNotFound".into())
    );
    e.group("ids");
    let r = e.call(
        "PUT",
        &format!("{}?{MSI}", uami_path("ids", "kid")),
        Some(json!({})),
    );
    assert_eq!((r.status, err_code(&r)), (400, "LocationRequired".into()));
    let r = e.call(
        "PUT",
        &format!("{}?{MSI}", uami_path("ids", "k")),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (400, "InvalidResourceName".into())
    );
    let r = e.call(
        "PUT",
        &format!("{}?api-version=2019-01-01", uami_path("ids", "kid")),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (400, "InvalidApiVersionParameter".into())
    );
}

fn role_assignment_body(principal: &str) -> Value {
    json!({"properties": {
        "principalId": principal,
        "principalType": "ServicePrincipal",
        "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{MIO}")
    }})
}

#[test]
fn role_assignments_at_any_scope_filter_and_conflict() {
    let mut e = Emu::new();
    e.group("ids");
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let ra = |name: &str| {
        format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?{RA}")
    };
    let name = "4192caef-d4a8-48b2-a2ca-f4b48e478040";
    let r = e.call(
        "PUT",
        &ra(name),
        Some(role_assignment_body("AAAA-principal")),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["name"], name);
    assert_eq!(v["type"], "Microsoft.Authorization/roleAssignments");
    assert_eq!(v["properties"]["scope"], scope.as_str());
    assert_eq!(v["properties"]["principalType"], "ServicePrincipal");
    assert!(
        v["properties"]["roleDefinitionId"]
            .as_str()
            .is_some_and(|d| d.ends_with(MIO))
    );
    assert_eq!(e.get(&ra(name)).json()["name"], name);

    // Same role, principal and scope under another name: 409 RoleAssignmentExists.
    let dup = e.call(
        "PUT",
        &ra("5192caef-d4a8-48b2-a2ca-f4b48e478040"),
        Some(role_assignment_body("aaaa-PRINCIPAL")),
    );
    assert_eq!(
        (dup.status, err_code(&dup)),
        (409, "RoleAssignmentExists".into())
    );
    let bad = e.call("PUT", &ra("not-a-guid"), Some(role_assignment_body("p")));
    assert_eq!(
        (bad.status, err_code(&bad)),
        (400, "InvalidRoleAssignmentId".into())
    );
    let mut unknown = role_assignment_body("p");
    unknown["properties"]["roleDefinitionId"] = json!(
        "/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000"
    );
    let bad = e.call(
        "PUT",
        &ra("6192caef-d4a8-48b2-a2ca-f4b48e478040"),
        Some(unknown),
    );
    assert_eq!(
        (bad.status, err_code(&bad)),
        (400, "RoleDefinitionDoesNotExist".into())
    );

    // A group-level assignment for another principal.
    let group_scope = format!("/subscriptions/{SUB}/resourceGroups/ids");
    let r = e.call(
        "PUT",
        &format!("{group_scope}/providers/Microsoft.Authorization/roleAssignments/7192caef-d4a8-48b2-a2ca-f4b48e478040?{RA}"),
        Some(role_assignment_body("bbbb")),
    );
    assert_eq!(r.status, 201);

    let list = |e: &mut Emu, at: &str, filter: &str| -> Vec<String> {
        let r = e.get(&format!(
            "{at}/providers/Microsoft.Authorization/roleAssignments?{RA}&$filter={}",
            url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
        ));
        assert_eq!(
            r.status,
            200,
            "{filter}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()["value"]
            .as_array()
            .expect("value")
            .iter()
            .map(|a| {
                a["properties"]["principalId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    // az's filter: at or above the scope, for one principal (case-insensitive).
    assert_eq!(
        list(&mut e, &scope, "atScope() and assignedTo('aaaa-principal')"),
        ["AAAA-principal"]
    );
    assert_eq!(list(&mut e, &scope, "atScope()").len(), 2);
    assert_eq!(list(&mut e, &scope, "assignedTo('bbbb')"), ["bbbb"]);
    // From the group: atScope() leaves out the identity-level one; principalId eq sees below.
    assert_eq!(list(&mut e, &group_scope, "atScope()"), ["bbbb"]);
    assert_eq!(
        list(&mut e, &group_scope, "principalId eq 'AAAA-principal'"),
        ["AAAA-principal"]
    );
    let r = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments?{RA}&$filter=nonsense"
    ));
    assert_eq!(r.status, 400);

    assert_eq!(e.call("DELETE", &ra(name), None).status, 200);
    assert_eq!(e.call("DELETE", &ra(name), None).status, 204);
    assert!(list(&mut e, &scope, "atScope() and assignedTo('aaaa-principal')").is_empty());
}

#[test]
fn role_definitions_resolve_managed_identity_operator_by_name() {
    let mut e = Emu::new();
    e.group("ids");
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let r = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=roleName%20eq%20%27Managed%20Identity%20Operator%27"
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["value"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["value"][0]["id"],
        format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{MIO}")
    );
    assert_eq!(
        v["value"][0]["properties"]["roleName"],
        "Managed Identity Operator"
    );
    let none = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=roleName%20eq%20%27Nope%27"
    ));
    assert_eq!(none.json()["value"], json!([]));
    let missing_group = e.get(&format!(
        "/subscriptions/{SUB}/resourceGroups/nope/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview"
    ));
    assert_eq!(missing_group.status, 404);
}

#[test]
fn cluster_with_kubelet_identity_reports_it_and_rejects_a_missing_one() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("ids");
    let kid = e
        .call(
            "PUT",
            &format!("{}?{MSI}", uami_path("ids", "kid")),
            Some(json!({"location": "westus2"})),
        )
        .json();
    let cp = e
        .call(
            "PUT",
            &format!("{}?{MSI}", uami_path("ids", "cp1")),
            Some(json!({"location": "westus2"})),
        )
        .json();
    let kid_id = uami_path("ids", "kid").replace("{sub}", SUB);
    let cp_id = uami_path("ids", "cp1").replace("{sub}", SUB);
    let body = |k: &str| {
        let mut b = cluster_body("kdns");
        b["identity"] =
            json!({"type": "UserAssigned", "userAssignedIdentities": {cp_id.clone(): {}}});
        b["properties"]["identityProfile"] =
            json!({"kubeletidentity": {"resourceId": k, "clientId": "stale", "objectId": "stale"}});
        b
    };
    let missing = e.call(
        "PUT",
        &cluster_path("ids", "k0"),
        Some(body(&kid_id.replace("/kid", "/nope"))),
    );
    assert_eq!(missing.status, 400);
    assert_eq!(err_code(&missing), "InvalidParameter");
    assert_eq!(e.get(&cluster_path("ids", "k0")).status, 404);

    let r = e.call("PUT", &cluster_path("ids", "k1"), Some(body(&kid_id)));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    e.finish(&r);
    let c = e.get(&cluster_path("ids", "k1")).json();
    assert_eq!(
        c["properties"]["identityProfile"],
        json!({"kubeletidentity": {
            "resourceId": kid_id,
            "clientId": kid["properties"]["clientId"],
            "objectId": kid["properties"]["principalId"],
        }})
    );
    // The control-plane identity reports the identity's own ids.
    assert_eq!(
        c["identity"]["userAssignedIdentities"][&cp_id]["principalId"],
        cp["properties"]["principalId"]
    );
}

#[test]
fn group_delete_takes_identities_and_role_assignments_inside_it() {
    let mut e = Emu::new();
    e.group("ids");
    let path = format!("{}?{MSI}", uami_path("ids", "kid"));
    assert_eq!(
        e.call("PUT", &path, Some(json!({"location": "westus2"})))
            .status,
        201
    );
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let ra = format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/4192caef-d4a8-48b2-a2ca-f4b48e478040?{RA}"
    );
    assert_eq!(
        e.call("PUT", &ra, Some(role_assignment_body("p"))).status,
        201
    );
    let del = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/ids?{RES}"),
        None,
    );
    assert_eq!(del.status, 202);
    let loc = del.header("Location").expect("Location").to_string();
    for _ in 0..10 {
        e.advance(30);
        if e.follow(&loc).status == 200 {
            break;
        }
    }
    e.group("ids");
    assert_eq!(e.get(&path).status, 404);
    assert_eq!(e.get(&ra).status, 404);
}
