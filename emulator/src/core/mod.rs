//! The emulator core: a pure, deterministic request handler. [`handle`] maps one HTTP request
//! (method, path and query, headers, body) to one response over a serialisable [`State`], with
//! the facts of the emulated cloud in [`Settings`] and the current time passed in as `now`.
//! It owns ARM semantics (routes, api-version checks, bearer-token checks, the error envelope,
//! long-running operations, paging, registration state machines) and the identity endpoints of
//! the same origin. It does no I/O, reads no clock and draws no randomness: every id, request id,
//! GUID and token is derived from counters and hashes in `State`, so a replay of the same
//! requests at the same times gives byte-identical answers. It deliberately does not own
//! listening, TLS, persistence or fault injection (`emulator::front` does).
//!
//! # Routes
//!
//! `{sub}` must be the settings' subscription (else 404 `SubscriptionNotFound`); names are
//! matched case-insensitively and the first casing is kept. All ARM routes (the first block)
//! need `Authorization: Bearer <token issued by this emulator>` and `api-version` from the
//! route's allow-list (catalog.rs); identity and extension-index routes (second block) need
//! neither.
//!
//! | Method | Path | Answer |
//! | --- | --- | --- |
//! | GET | `/subscriptions` | subscription list with `count` |
//! | GET | `/subscriptions/{sub}` | subscription |
//! | GET | `/subscriptions/{sub}/locations` | regions |
//! | GET | `/tenants` | tenant list |
//! | GET | `/subscriptions/{sub}/resourcegroups[?$filter=tagName eq 'k' [and tagValue eq 'v']][&$top=N]` | paged groups |
//! | HEAD | `/subscriptions/{sub}/resourcegroups/{rg}` | 204 / 404 without body |
//! | GET, PUT, PATCH, DELETE | `/subscriptions/{sub}/resourcegroups/{rg}` | 200; PUT 201/200, 409 `InvalidResourceGroupLocation`; DELETE 202 + `Location` |
//! | GET | `/subscriptions/{sub}/operationresults/{token}` | 202 + `Location` while the delete runs, then 200 |
//! | GET | `/subscriptions/{sub}/providers` and `/providers` | paged providers |
//! | GET | `/subscriptions/{sub}/providers/{ns}` | provider (advances a pending registration) |
//! | POST | `/subscriptions/{sub}/providers/{ns}/register` \| `unregister` | provider, `Registering` / `Unregistering` |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.Features/features` | paged features, all namespaces |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.Features/providers/{ns}/features` | paged features of `ns` |
//! | GET | `…/Microsoft.Features/providers/{ns}/features/{f}` | feature |
//! | POST | `…/features/{f}/register` \| `unregister` | feature, `Registering` / `Unregistering` |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.ContainerService/managedClusters` | paged clusters (trailing empty page, like AKS) |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.ContainerService/locations/{loc}/kubernetesVersions` | versions |
//! | GET | `…/Microsoft.ContainerService/locations/{loc}/operations/{id}` | operation status (counts a poll) |
//! | GET | `…/Microsoft.ContainerService/locations/{loc}/operationresults/{id}` | 202 + `Location` while running, then 204 |
//! | GET | `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters` | paged clusters |
//! | GET, PUT, DELETE | `…/managedClusters/{name}` | 200; PUT 201 `Creating` / 200 `Updating` + `Azure-AsyncOperation`; DELETE 202 + `Azure-AsyncOperation` + `Location`, 204 when absent |
//! | POST | `…/managedClusters/{name}/listClusterUserCredential` \| `listClusterAdminCredential` | kubeconfig (base64) |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities` and `…/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities` | paged identities |
//! | GET, PUT, DELETE | `…/userAssignedIdentities/{name}` | 200; PUT 201 create / 200 update with `principalId`/`clientId` derived from the id; 404 `ResourceNotFound`; DELETE 200, 204 when absent |
//! | GET | `{scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=atScope() and assignedTo('p') \| principalId eq 'p']` | assignments at, above (and without `atScope()`, below) `{scope}` |
//! | GET, PUT, DELETE | `{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}` | PUT 201; 409 `RoleAssignmentExists` for the same role, principal and scope; 400 `InvalidRoleAssignmentId`, `RoleDefinitionDoesNotExist` |
//! | GET | `{scope}/providers/Microsoft.Authorization/roleDefinitions[?$filter=roleName eq 'n']` and `…/roleDefinitions/{guid}` | built-in roles (Owner, Contributor, Reader, Managed Identity Operator, Network Contributor, AcrPull) |
//! | GET | `/metadata/endpoints?api-version=…` (also `//metadata/…`, as az asks) | cloud metadata pointing at `base_url` (no auth) |
//! | GET | `/extensions/index.json` | az extension index listing the stand-in `aks-preview` (previews `19.0.0b1`, `19.0.0b2`; no auth) |
//! | GET | `/extensions/aks_preview-{v}-py2.py3-none-any.whl` | that stand-in wheel, generated deterministically (no auth; see `extensions.rs`) |
//! | GET | `/{tenant}/v2.0/.well-known/openid-configuration` (also v1 `/{tenant}/.well-known/…`) | OpenID configuration |
//! | GET | `/common/discovery/instance?api-version=1.1&authorization_endpoint=…` | MSAL instance discovery |
//! | GET | `/{tenant}/discovery/v2.0/keys` | empty JWKS (tokens are HMAC-signed) |
//! | POST | `/{tenant}/oauth2/v2.0/token` | client_credentials with `client_secret` or `client_assertion` |
//! | GET | `/msi/token?resource=…&api-version=2019-08-01[&client_id=…]` + `X-IDENTITY-HEADER` | App Service managed identity |
//! | GET | `/github/idtoken?api-version=2.0&audience=…` + `Authorization: bearer <request token>` | GitHub Actions OIDC `{"count", "value"}` |
//!
//! `{scope}` is any path under `/subscriptions/{sub}` (a scope inside a resource group needs the
//! group). A cluster PUT naming a kubelet identity (`identityProfile.kubeletidentity.resourceId`)
//! other than its current one needs that identity to exist (else 400 `InvalidParameter`,
//! UNVERIFIED) and reports the identity's own `clientId`/`objectId`; a group delete removes the
//! identities and role assignments inside it.
//!
//! Registration states advance on later reads: after `register`, the state flips from
//! `Registering` to `Registered` (and `Unregistering` to `Unregistered`) on the
//! `registration_reads`-th read of that provider or feature (get or list). AKS routes answer 409
//! `MissingSubscriptionRegistration` unless `Microsoft.ContainerService` is `Registered` (or
//! `Registering`, when `registering_is_enough`). Long-running operations finish on their
//! `lro_polls`-th status poll, or once `lro_polls × max(retry_after_secs, 1)` seconds have passed
//! (so `--no-wait` users see progress too), measured from the exact start time; the resource's
//! `provisioningState` moves with them. Operation times are printed like ARM's (.NET ticks, e.g.
//! `2024-07-22T07:48:44.5323715Z`).
//!
//! # Settings defaults ([`Settings::new`])
//!
//! | Field | Default |
//! | --- | --- |
//! | `tenant_id` | `00000000-0000-4000-8000-00000000face` |
//! | `subscription_id` / `subscription_name` | `00000000-0000-4000-8000-0000000005ab` / `Fake Subscription` |
//! | `sp_client_id` / `sp_client_secret` | `00000000-0000-4000-8000-0000000a9901` / `fake-client-secret` |
//! | `mi_client_id` / `mi_object_id` | `00000000-0000-4000-8000-00000000c11e` / `00000000-0000-4000-8000-00000000b0b0` |
//! | `identity_header` | `fake-identity-header` |
//! | `github_request_token` | `fake-actions-request-token` |
//! | `github_issuer` / `github_subject` | `https://token.actions.githubusercontent.com` / `repo:azrs/azrs:ref:refs/heads/main` |
//! | `workload_issuer` / `workload_subject` | `<base_url>/oidc/workload/` / `system:serviceaccount:default:workload-identity-sa` |
//! | `signing_key` | `azrs-emulator-signing-key` |
//! | `page_size` | 6 (0 = no paging) |
//! | `lro_polls` / `retry_after_secs` | 2 / 1 |
//! | `registration_reads` / `registering_is_enough` | 1 / true |
//! | `verify_tokens` | true (false: any non-empty bearer token is accepted) |
//! | `default_kubernetes_version` | `1.32.7` |
//!
//! Error codes marked UNVERIFIED in `spec/arm.md` are used as written there.

mod aks;
mod authz;
mod catalog;
pub mod extensions;
mod groups;
mod identity;
mod kubeconfig;
mod lro;
mod msi;
mod registry;
mod subscriptions;
mod token;
mod util;

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use token::{
    AUDIENCE_EXCHANGE, arm_token, github_oidc_token, issue_token, verify_token, workload_token,
};
use util::{Ctx, Fail};

/// One HTTP request as the core sees it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path and query string, e.g. `/subscriptions?api-version=2022-12-01`.
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: &str, path_and_query: &str) -> Self {
        Request {
            method: method.to_string(),
            path_and_query: path_and_query.to_string(),
            ..Request::default()
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets a JSON body (and its content type).
    pub fn json(mut self, body: &Value) -> Self {
        self.body = serde_json::to_vec(body).unwrap_or_default();
        self.header("Content-Type", "application/json")
    }

    /// Adds `Authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }
}

/// One HTTP response produced by the core.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response header, name matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Fixed facts of one emulated cloud; see the module docs for defaults. Every field may be
/// overridden after [`Settings::new`].
#[derive(Debug, Clone)]
pub struct Settings {
    /// Origin the emulator is reached at, e.g. `https://127.0.0.1:8443`; used in
    /// `Location`, `Azure-AsyncOperation` and `nextLink` URLs.
    pub base_url: String,
    /// Number of polls after which a long-running operation finishes.
    pub lro_polls: u32,
    /// `Retry-After` seconds advertised on long-running operations (0 allowed).
    pub retry_after_secs: u32,
    pub tenant_id: String,
    pub subscription_id: String,
    pub subscription_name: String,
    /// The service principal that may log in with a secret or a federated assertion.
    pub sp_client_id: String,
    pub sp_client_secret: String,
    /// The managed identity served by `/msi/token` (system- or user-assigned alike).
    pub mi_client_id: String,
    pub mi_object_id: String,
    /// The `X-IDENTITY-HEADER` secret of the managed-identity endpoint.
    pub identity_header: String,
    /// The bearer token the GitHub OIDC endpoint requires (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`).
    pub github_request_token: String,
    pub github_issuer: String,
    pub github_subject: String,
    /// Issuer and subject of workload-identity (projected service account) tokens.
    pub workload_issuer: String,
    pub workload_subject: String,
    /// HMAC-SHA256 key for every token the emulator signs.
    pub signing_key: String,
    /// Items per list page (0 = everything on one page).
    pub page_size: usize,
    /// Reads of a provider/feature after which a pending (un)registration completes.
    pub registration_reads: u32,
    /// Whether AKS accepts requests while `Microsoft.ContainerService` is `Registering`.
    pub registering_is_enough: bool,
    /// Whether ARM routes check bearer tokens (signature, expiry, audience, tenant).
    pub verify_tokens: bool,
    /// Version used when a cluster asks for `""`.
    pub default_kubernetes_version: String,
}

impl Settings {
    /// Settings with the documented defaults for an emulator reached at `base_url`.
    pub fn new(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_string();
        Settings {
            workload_issuer: format!("{base}/oidc/workload/"),
            base_url: base,
            lro_polls: 2,
            retry_after_secs: 1,
            tenant_id: "00000000-0000-4000-8000-00000000face".into(),
            subscription_id: "00000000-0000-4000-8000-0000000005ab".into(),
            subscription_name: "Fake Subscription".into(),
            sp_client_id: "00000000-0000-4000-8000-0000000a9901".into(),
            sp_client_secret: "fake-client-secret".into(),
            mi_client_id: "00000000-0000-4000-8000-00000000c11e".into(),
            mi_object_id: "00000000-0000-4000-8000-00000000b0b0".into(),
            identity_header: "fake-identity-header".into(),
            github_request_token: "fake-actions-request-token".into(),
            github_issuer: "https://token.actions.githubusercontent.com".into(),
            github_subject: "repo:azrs/azrs:ref:refs/heads/main".into(),
            workload_subject: "system:serviceaccount:default:workload-identity-sa".into(),
            signing_key: "azrs-emulator-signing-key".into(),
            page_size: 6,
            registration_reads: 1,
            registering_is_enough: true,
            verify_tokens: true,
            default_kubernetes_version: "1.32.7".into(),
        }
    }
}

/// A resource group as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// The name as first created.
    pub name: String,
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// Id of the running delete operation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleting: Option<String>,
}

/// A registration state of a provider or feature that differs from its seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registration {
    pub state: String,
    /// Reads left before a transitional state completes.
    #[serde(default)]
    pub reads_left: u32,
}

/// A managed cluster as stored: the full resource body as ARM returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub resource: Value,
    /// Id of the running operation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
}

/// What a long-running operation does when it completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpKind {
    ClusterPut,
    ClusterDelete,
    GroupDelete,
}

/// A long-running operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    pub kind: OpKind,
    /// State key of the cluster (`rg/name`) or group (`rg`), lowercase.
    pub target: String,
    pub location: String,
    pub start: String,
    pub start_unix: i64,
    pub polls: u32,
    /// `InProgress`, `Succeeded`, `Failed` or `Canceled`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Hourly request budget counters (for the `x-ms-ratelimit-remaining-*` headers).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RateWindow {
    pub hour: i64,
    pub reads: u32,
    pub writes: u32,
    pub deletes: u32,
}

/// Everything the emulated cloud remembers; serialisable so the front ends can persist it.
/// Keys of the maps are lowercase; seeds (providers, features) are implicit until changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Requests handled so far; the source of request ids.
    pub counter: u64,
    pub groups: BTreeMap<String, Group>,
    pub providers: BTreeMap<String, Registration>,
    pub features: BTreeMap<String, Registration>,
    pub clusters: BTreeMap<String, Cluster>,
    pub operations: BTreeMap<String, Operation>,
    pub ratelimit: RateWindow,
    /// User-assigned identities as ARM returns them, keyed `rg/name`.
    pub identities: BTreeMap<String, Value>,
    /// Role assignments as ARM returns them, keyed by their (GUID) name.
    pub role_assignments: BTreeMap<String, Value>,
}

/// Handles one request at time `now`, mutating `state`.
pub fn handle(state: &mut State, settings: &Settings, now: SystemTime, req: &Request) -> Response {
    state.counter += 1;
    let request_id = util::guid(&["request", &state.counter.to_string()]);
    let ctx = Ctx::new(settings, req, now, request_id);
    lro::settle_due(state, &ctx);
    let first = ctx.lower.first().map(String::as_str).unwrap_or("");
    let arm = matches!(first, "subscriptions" | "tenants" | "providers");
    let mut resp = if arm {
        match arm_request(state, &ctx) {
            Ok(r) => r,
            Err(f) => f.into_response(),
        }
    } else if first == "extensions" {
        extensions::route(&ctx).unwrap_or_else(Fail::into_response)
    } else {
        match identity::route(state, &ctx) {
            Ok(r) => r,
            Err(f) => f.into_response(),
        }
    };
    if arm {
        arm_headers(state, &ctx, &mut resp);
    } else {
        resp.headers
            .push(("x-ms-request-id".into(), ctx.request_id.clone()));
    }
    if ctx.method == "HEAD" {
        resp.body.clear();
    }
    resp
}

fn arm_request(state: &mut State, ctx: &Ctx) -> util::Outcome {
    token::check_bearer(ctx)?;
    let route = Route::match_path(ctx)?;
    if !route.methods().contains(&ctx.method.as_str()) {
        return Err(Fail::new(
            405,
            "MethodNotAllowed",
            format!(
                "The requested resource does not support http method '{}'.",
                ctx.method
            ),
        ));
    }
    check_api_version(state, ctx, route.api_class())?;
    if let Some(sub) = ctx.segs.get(1).filter(|_| ctx.lower[0] == "subscriptions")
        && !sub.eq_ignore_ascii_case(&ctx.settings.subscription_id)
    {
        return Err(Fail::new(
            404,
            "SubscriptionNotFound",
            format!("The subscription '{sub}' could not be found."),
        ));
    }
    match route {
        Route::Subscriptions => subscriptions::list(ctx),
        Route::Subscription => subscriptions::get(ctx),
        Route::Locations => subscriptions::locations(ctx),
        Route::Tenants => subscriptions::tenants(ctx),
        Route::Groups => groups::list(state, ctx),
        Route::Group => groups::dispatch(state, ctx),
        Route::GroupOpResult => groups::operation_result(state, ctx),
        Route::Providers => registry::list_providers(state, ctx),
        Route::Provider => registry::get_provider(state, ctx),
        Route::ProviderAction(register) => registry::provider_action(state, ctx, register),
        Route::Features => registry::list_features(state, ctx, None),
        Route::NsFeatures => registry::list_features(state, ctx, Some(&ctx.segs[5])),
        Route::Feature => registry::get_feature(state, ctx),
        Route::FeatureAction(register) => registry::feature_action(state, ctx, register),
        Route::AksListSub => aks::list(state, ctx, None),
        Route::AksVersions => aks::versions(state, ctx),
        Route::AksOperation => aks::operation_status(state, ctx),
        Route::AksOpResult => aks::operation_result(state, ctx),
        Route::AksListRg => aks::list(state, ctx, Some(&ctx.segs[3])),
        Route::Aks => aks::dispatch(state, ctx),
        Route::AksCredential(admin) => aks::credentials(state, ctx, admin),
        Route::IdentitiesSub => msi::list(state, ctx, None),
        Route::IdentitiesRg => msi::list(state, ctx, Some(&ctx.segs[3])),
        Route::Identity => msi::dispatch(state, ctx),
        Route::RoleAssignments => authz::list_assignments(state, ctx),
        Route::RoleAssignment => authz::assignment(state, ctx),
        Route::RoleDefinitions => authz::list_definitions(state, ctx),
        Route::RoleDefinition => authz::get_definition(state, ctx),
    }
}

/// The ARM routes, matched on lowercase path segments.
#[derive(Debug, Clone, Copy)]
enum Route {
    Subscriptions,
    Subscription,
    Locations,
    Tenants,
    Groups,
    Group,
    GroupOpResult,
    Providers,
    Provider,
    ProviderAction(bool),
    Features,
    NsFeatures,
    Feature,
    FeatureAction(bool),
    AksListSub,
    AksVersions,
    AksOperation,
    AksOpResult,
    AksListRg,
    Aks,
    AksCredential(bool),
    IdentitiesSub,
    IdentitiesRg,
    Identity,
    RoleAssignments,
    RoleAssignment,
    RoleDefinitions,
    RoleDefinition,
}

impl Route {
    fn match_path(ctx: &Ctx) -> Result<Route, Fail> {
        let l: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
        const MF: &str = "microsoft.features";
        const CS: &str = "microsoft.containerservice";
        const MI: &str = "microsoft.managedidentity";
        const UAI: &str = "userassignedidentities";
        // Microsoft.Authorization lives under any scope inside the subscription.
        if l.first() == Some(&"subscriptions")
            && let Some(i) = l.iter().rposition(|s| *s == "microsoft.authorization")
            && i >= 3
            && l[i - 1] == "providers"
        {
            let r = match (&l[i + 1..], l[..i - 1].len() % 2) {
                (["roleassignments"], 0) => Route::RoleAssignments,
                (["roleassignments", _], 0) => Route::RoleAssignment,
                (["roledefinitions"], 0) => Route::RoleDefinitions,
                (["roledefinitions", _], 0) => Route::RoleDefinition,
                _ => return Err(unknown_route(ctx)),
            };
            return Ok(r);
        }
        let r = match l.as_slice() {
            ["subscriptions", _, "providers", MI, UAI] => Route::IdentitiesSub,
            [
                "subscriptions",
                _,
                "resourcegroups",
                _,
                "providers",
                MI,
                UAI,
            ] => Route::IdentitiesRg,
            [
                "subscriptions",
                _,
                "resourcegroups",
                _,
                "providers",
                MI,
                UAI,
                _,
            ] => Route::Identity,
            ["subscriptions"] => Route::Subscriptions,
            ["subscriptions", _] => Route::Subscription,
            ["subscriptions", _, "locations"] => Route::Locations,
            ["tenants"] => Route::Tenants,
            ["providers"] => Route::Providers,
            ["subscriptions", _, "resourcegroups"] => Route::Groups,
            ["subscriptions", _, "resourcegroups", _] => Route::Group,
            ["subscriptions", _, "operationresults", _] => Route::GroupOpResult,
            ["subscriptions", _, "providers"] => Route::Providers,
            ["subscriptions", _, "providers", MF, "features"] => Route::Features,
            [
                "subscriptions",
                _,
                "providers",
                MF,
                "providers",
                _,
                "features",
            ] => Route::NsFeatures,
            [
                "subscriptions",
                _,
                "providers",
                MF,
                "providers",
                _,
                "features",
                _,
            ] => Route::Feature,
            [
                "subscriptions",
                _,
                "providers",
                MF,
                "providers",
                _,
                "features",
                _,
                a,
            ] if *a == "register" || *a == "unregister" => Route::FeatureAction(*a == "register"),
            ["subscriptions", _, "providers", CS, "managedclusters"] => Route::AksListSub,
            [
                "subscriptions",
                _,
                "providers",
                CS,
                "locations",
                _,
                "kubernetesversions",
            ] => Route::AksVersions,
            [
                "subscriptions",
                _,
                "providers",
                CS,
                "locations",
                _,
                "operations",
                _,
            ] => Route::AksOperation,
            [
                "subscriptions",
                _,
                "providers",
                CS,
                "locations",
                _,
                "operationresults",
                _,
            ] => Route::AksOpResult,
            ["subscriptions", _, "providers", _] => Route::Provider,
            ["subscriptions", _, "providers", _, a] if *a == "register" || *a == "unregister" => {
                Route::ProviderAction(*a == "register")
            }
            [
                "subscriptions",
                _,
                "resourcegroups",
                _,
                "providers",
                CS,
                "managedclusters",
            ] => Route::AksListRg,
            [
                "subscriptions",
                _,
                "resourcegroups",
                _,
                "providers",
                CS,
                "managedclusters",
                _,
            ] => Route::Aks,
            [
                "subscriptions",
                _,
                "resourcegroups",
                _,
                "providers",
                CS,
                "managedclusters",
                _,
                a,
            ] if *a == "listclusterusercredential" || *a == "listclusteradmincredential" => {
                Route::AksCredential(*a == "listclusteradmincredential")
            }
            _ => return Err(unknown_route(ctx)),
        };
        Ok(r)
    }

    fn methods(self) -> &'static [&'static str] {
        match self {
            Route::Group => &["GET", "HEAD", "PUT", "PATCH", "DELETE"],
            Route::Aks | Route::Identity | Route::RoleAssignment => &["GET", "PUT", "DELETE"],
            Route::ProviderAction(_) | Route::FeatureAction(_) | Route::AksCredential(_) => {
                &["POST"]
            }
            _ => &["GET"],
        }
    }

    fn api_class(self) -> catalog::ApiClass {
        use catalog::ApiClass as A;
        match self {
            Route::Subscriptions | Route::Subscription | Route::Locations | Route::Tenants => {
                A::Subscriptions
            }
            Route::Groups
            | Route::Group
            | Route::GroupOpResult
            | Route::Providers
            | Route::Provider
            | Route::ProviderAction(_) => A::Resources,
            Route::Features | Route::NsFeatures | Route::Feature | Route::FeatureAction(_) => {
                A::Features
            }
            Route::AksOperation | Route::AksOpResult => A::Any,
            Route::IdentitiesSub | Route::IdentitiesRg | Route::Identity => A::ManagedIdentity,
            Route::RoleAssignments
            | Route::RoleAssignment
            | Route::RoleDefinitions
            | Route::RoleDefinition => A::Authorization,
            _ => A::Aks,
        }
    }
}

fn unknown_route(ctx: &Ctx) -> Fail {
    // Under a provider namespace ARM names the unknown type; elsewhere a plain 404.
    if let Some(i) = ctx.lower.iter().rposition(|s| s == "providers")
        && let (Some(ns), Some(ty)) = (ctx.segs.get(i + 1), ctx.segs.get(i + 2))
    {
        return Fail::new(
            400,
            "InvalidResourceType",
            format!(
                "The resource type '{ty}' could not be found in the namespace '{ns}' for api version '{}'.",
                ctx.q("api-version").unwrap_or("")
            ),
        );
    }
    Fail::new(
        404,
        "NotFound",
        format!("The requested path '{}' was not found.", ctx.path),
    )
}

fn check_api_version(state: &State, ctx: &Ctx, class: catalog::ApiClass) -> Result<(), Fail> {
    let Some(v) = ctx.q("api-version") else {
        return Err(Fail::new(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    let allowed = class.versions();
    if class == catalog::ApiClass::Any || allowed.contains(&v) {
        return Ok(());
    }
    let list = allowed.join(", ");
    if class == catalog::ApiClass::Aks {
        let loc = aks::location_hint(state, ctx);
        return Err(Fail::new(
            400,
            "NoRegisteredProviderFound",
            format!(
                "No registered resource provider found for location '{loc}' and API version '{v}' for type 'managedClusters'. The supported api-versions are '{list}'. The supported locations are '{}'.",
                catalog::location_list()
            ),
        ));
    }
    Err(Fail::new(
        400,
        "InvalidApiVersionParameter",
        format!("The api-version '{v}' is invalid. The supported versions are '{list}'."),
    ))
}

/// Adds the headers every ARM response carries (request ids, routing id, rate-limit counters).
fn arm_headers(state: &mut State, ctx: &Ctx, resp: &mut Response) {
    let correlation = ctx
        .header("x-ms-correlation-request-id")
        .unwrap_or(&ctx.request_id)
        .to_string();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        ctx.now.year(),
        u8::from(ctx.now.month()),
        ctx.now.day(),
        ctx.now.hour(),
        ctx.now.minute(),
        ctx.now.second()
    );
    let hour = ctx.now.unix_timestamp().div_euclid(3600);
    let rl = &mut state.ratelimit;
    if rl.hour != hour {
        *rl = RateWindow {
            hour,
            ..RateWindow::default()
        };
    }
    let (name, remaining) = match ctx.method.as_str() {
        "GET" | "HEAD" => {
            rl.reads += 1;
            ("reads", 12000u32.saturating_sub(rl.reads))
        }
        "DELETE" => {
            rl.deletes += 1;
            ("deletes", 15000u32.saturating_sub(rl.deletes))
        }
        _ => {
            rl.writes += 1;
            ("writes", 1200u32.saturating_sub(rl.writes))
        }
    };
    let scope =
        if ctx.lower.first().map(String::as_str) == Some("subscriptions") && ctx.lower.len() > 1 {
            "subscription"
        } else {
            "tenant"
        };
    let h = &mut resp.headers;
    h.push(("x-ms-request-id".into(), ctx.request_id.clone()));
    h.push(("x-ms-correlation-request-id".into(), correlation));
    h.push((
        "x-ms-routing-request-id".into(),
        format!("WESTUS2:{stamp}:{}", ctx.request_id),
    ));
    h.push((
        format!("x-ms-ratelimit-remaining-{scope}-{name}"),
        remaining.to_string(),
    ));
    h.push(("Cache-Control".into(), "no-cache".into()));
    h.push(("Pragma".into(), "no-cache".into()));
    h.push(("Expires".into(), "-1".into()));
    h.push((
        "Strict-Transport-Security".into(),
        "max-age=31536000; includeSubDomains".into(),
    ));
    h.push(("X-Content-Type-Options".into(), "nosniff".into()));
}
