//! The ARM route table and its dispatcher: [`arm_request`] checks the bearer token, matches the
//! lowercase path segments to a [`Route`], checks the method, the route's api-version allow-list
//! (catalog.rs) and the subscription, then hands the request to the module that owns the
//! resource (`subscriptions`, `groups`, `registry`, `aks`, `msi`, `authz`). It leaves the
//! answers to those modules, the non-ARM routes (identity, extension index; listed below for one
//! overview) to `identity` and `extensions`, and the headers of every ARM answer to `headers`.
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
//! | GET | `…/managedClusters/{name}/agentPools[/{pool}]` | the cluster's pools as resources (one page); 404 for a pool it lacks |
//! | POST | `…/agentPools/{pool}/upgradeNodeImageVersion` | 202 + `Azure-AsyncOperation` + `Location`; pool `UpgradingNodeImageVersion` until done |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities` and `…/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities` | paged identities |
//! | GET, PUT, DELETE | `…/userAssignedIdentities/{name}` | 200; PUT 201 create / 200 update with `principalId`/`clientId` derived from the id; 404 `ResourceNotFound`; DELETE 200, 204 when absent |
//! | GET | `{scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=atScope() and assignedTo('p') \| principalId eq 'p']` | assignments at, above (and without `atScope()`, below) `{scope}` |
//! | GET, PUT, DELETE | `{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}` | PUT 201; 409 `RoleAssignmentExists` for the same role, principal and scope; 400 `InvalidRoleAssignmentId`, `RoleDefinitionDoesNotExist` |
//! | POST | `/subscriptions/{sub}/providers/Microsoft.Authorization/acquirePolicyToken` (api-version 2025-11-01, 2025-03-01) | `PolicyTokenResponse`, `Succeeded` with a token (`policy_token.rs`) |
//! | GET | `{scope}/providers/Microsoft.Authorization/roleDefinitions[?$filter=roleName eq 'n']` and `…/roleDefinitions/{guid}` | built-in roles (Owner, Contributor, Reader, Managed Identity Operator, Network Contributor, AcrPull) |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks` and `…/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks` | paged networks |
//! | GET, PUT, DELETE | `…/virtualNetworks/{name}` | 200; PUT 201 create / 200 update, `Updating` + `Azure-AsyncOperation`; 400 `InvalidAddressPrefixFormat`, `InvalidCIDRNotation`, `NetcfgSubnetRangeOutsideVnet`, `NetcfgSubnetRangesOverlap`; 404 `ResourceNotFound`; DELETE 202 + `Azure-AsyncOperation` + `Location`, 204 when absent |
//! | GET | `…/virtualNetworks/{vnet}/subnets` | paged subnets of the network |
//! | GET, PUT | `…/virtualNetworks/{vnet}/subnets/{name}` | 200; PUT 201 / 200 `Updating` + `Azure-AsyncOperation`, the same prefix checks against the network and its other subnets; 404 `NotFound` |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operations/{id}` \| `operationResults/{id}` | `{"status"}` (counts a poll) / 202 while running, then 204 |
//! | GET | `/subscriptions/{sub}/providers/Microsoft.ContainerRegistry/registries` and `…/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries` | paged registries |
//! | GET, PUT, DELETE | `…/registries/{name}` | 200; PUT 201 `Creating` / 200 + `Azure-AsyncOperation`; 409 `AlreadyInUse` (name taken in another group); 400 `InvalidResourceName`; DELETE 202 + `Azure-AsyncOperation` + `Location`, 204 when absent |
//! | GET | `…/registries/{name}/operationStatuses/{id}` | `{"status"}` (counts a poll) |
//! | POST | `/subscriptions/{sub}/providers/Microsoft.ContainerRegistry/checkNameAvailability` | `nameAvailable`, `reason`, `message` |
//! | GET | `/subscriptions/{sub}/resources[?$filter=resourceType eq 'T']` | registries and networks in the generic resource shape |
//! | GET | `/metadata/endpoints?api-version=…` (also `//metadata/…`, as az asks) | cloud metadata pointing at `base_url` (no auth) |
//! | GET | `/v1.0/users?$filter=userPrincipalName eq 'u'`, `/v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c eq 'n')` | Graph lists (`graph.rs`; bearer for this origin's audience) |
//! | POST | `/v1.0/directoryObjects/getByIds` | Graph objects with `@odata.type`, in the order asked |
//! | GET | `/extensions/index.json` | az extension index listing the stand-in `aks-preview` (previews `19.0.0b1`, `19.0.0b2`; no auth) |
//! | GET | `/extensions/aks_preview-{v}-py2.py3-none-any.whl` | that stand-in wheel, generated deterministically (no auth; see `extensions.rs`) |
//! | GET | `/{tenant}/v2.0/.well-known/openid-configuration` (also v1 `/{tenant}/.well-known/…`) | OpenID configuration |
//! | GET | `/common/discovery/instance?api-version=1.1&authorization_endpoint=…` | MSAL instance discovery |
//! | GET | `/{tenant}/discovery/v2.0/keys` | empty JWKS (tokens are HMAC-signed) |
//! | POST | `/{tenant}/oauth2/v2.0/token` | client_credentials with `client_secret` or `client_assertion`; for people (`{tenant}` may also be `organizations` or `common`): `urn:ietf:params:oauth:grant-type:device_code` (`authorization_pending` for `device_code.pending_polls` polls, then tokens, `authorization_declined` or `expired_token`), `authorization_code` (PKCE `code_verifier` checked, S256 or plain; single use) and `refresh_token` (rotated; `invalid_grant` AADSTS9002313 bad, 700082 unused too long, 50173 revoked) |
//! | POST | `/{tenant}/oauth2/v2.0/devicecode` | `device_code`, `user_code`, `verification_uri`, `expires_in`, `interval`, `message` for the test user (`Settings::user`) |
//! | GET | `/{tenant}/oauth2/v2.0/authorize?client_id&redirect_uri&…` | signs the test user in at once: 302 to the loopback `redirect_uri` with `code`, `client_info`, `state`, `session_state` (`response_mode=form_post`: a self-posting form); 400 page for a non-loopback `redirect_uri` (AADSTS50011) |
//! | GET | `/devicelogin` | the device-code `verification_uri` (a page; approval is automatic) |
//! | GET | `/msi/token?resource=…&api-version=2019-08-01[&client_id=…]` + `X-IDENTITY-HEADER` | App Service managed identity |
//! | GET | `/github/idtoken?api-version=2.0&audience=…` + `Authorization: bearer <request token>` | GitHub Actions OIDC `{"count", "value"}` |
//!
//! `{scope}` is any path under `/subscriptions/{sub}` (a scope inside a resource group needs the
//! group). A cluster PUT naming a kubelet identity (`identityProfile.kubeletidentity.resourceId`)
//! other than its current one needs that identity to exist (else 400 `InvalidParameter`,
//! UNVERIFIED) and reports the identity's own `clientId`/`objectId`; a group delete removes the
//! identities, role assignments, networks and registries inside it.

use super::State;
use super::util::{self, Ctx, Fail};
use super::{
    acr, aks, authz, catalog, groups, msi, network, policy_token, registry, subscriptions, token,
};

/// Answers one ARM request (the first block of the table above), or the ARM error it earns.
pub(super) fn arm_request(state: &mut State, ctx: &Ctx) -> util::Outcome {
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
        Route::AgentPools => aks::list_agent_pools(state, ctx),
        Route::AgentPool => aks::get_agent_pool(state, ctx),
        Route::AgentPoolUpgradeNodeImage => aks::upgrade_node_image(state, ctx),
        Route::IdentitiesSub => msi::list(state, ctx, None),
        Route::IdentitiesRg => msi::list(state, ctx, Some(&ctx.segs[3])),
        Route::Identity => msi::dispatch(state, ctx),
        Route::RoleAssignments => authz::list_assignments(state, ctx),
        Route::RoleAssignment => authz::assignment(state, ctx),
        Route::RoleDefinitions => authz::list_definitions(state, ctx),
        Route::RoleDefinition => authz::get_definition(state, ctx),
        Route::VnetsSub => network::list(state, ctx, None),
        Route::VnetsRg => network::list(state, ctx, Some(&ctx.segs[3])),
        Route::Vnet => network::dispatch(state, ctx),
        Route::Subnets => network::list_subnets(state, ctx),
        Route::Subnet => network::subnet(state, ctx),
        Route::NetOperation => network::operation(state, ctx),
        Route::NetOpResult => network::operation_result(state, ctx),
        Route::RegistriesSub => acr::list(state, ctx, None),
        Route::RegistriesRg => acr::list(state, ctx, Some(&ctx.segs[3])),
        Route::Registry => acr::dispatch(state, ctx),
        Route::RegistryOperation => acr::operation(state, ctx),
        Route::RegistryName => acr::check_name(state, ctx),
        Route::Resources => acr::resources(state, ctx),
        Route::PolicyToken => policy_token::acquire(ctx),
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
    AgentPools,
    AgentPool,
    AgentPoolUpgradeNodeImage,
    IdentitiesSub,
    IdentitiesRg,
    Identity,
    RoleAssignments,
    RoleAssignment,
    RoleDefinitions,
    RoleDefinition,
    VnetsSub,
    VnetsRg,
    Vnet,
    Subnets,
    Subnet,
    NetOperation,
    NetOpResult,
    RegistriesSub,
    RegistriesRg,
    Registry,
    RegistryOperation,
    RegistryName,
    Resources,
    PolicyToken,
}

impl Route {
    // One line per route, so the table reads as a table (rustfmt would stack the segments).
    #[rustfmt::skip]
    fn match_path(ctx: &Ctx) -> Result<Route, Fail> {
        let l: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
        const MF: &str = "microsoft.features";
        const CS: &str = "microsoft.containerservice";
        const MI: &str = "microsoft.managedidentity";
        const UAI: &str = "userassignedidentities";
        const NET: &str = "microsoft.network";
        const VN: &str = "virtualnetworks";
        const CR: &str = "microsoft.containerregistry";
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
                (["acquirepolicytoken"], _) if i == 3 => Route::PolicyToken,
                _ => return Err(unknown_route(ctx)),
            };
            return Ok(r);
        }
        let r = match l.as_slice() {
            ["subscriptions", _, "providers", MI, UAI] => Route::IdentitiesSub,
            ["subscriptions", _, "resourcegroups", _, "providers", MI, UAI] => Route::IdentitiesRg,
            ["subscriptions", _, "resourcegroups", _, "providers", MI, UAI, _] => Route::Identity,
            ["subscriptions", _, "providers", NET, VN] => Route::VnetsSub,
            ["subscriptions", _, "resourcegroups", _, "providers", NET, VN] => Route::VnetsRg,
            ["subscriptions", _, "resourcegroups", _, "providers", NET, VN, _] => Route::Vnet,
            ["subscriptions", _, "resourcegroups", _, "providers", NET, VN, _, "subnets"] => Route::Subnets,
            ["subscriptions", _, "resourcegroups", _, "providers", NET, VN, _, "subnets", _] => Route::Subnet,
            ["subscriptions", _, "providers", NET, "locations", _, "operations", _] => Route::NetOperation,
            ["subscriptions", _, "providers", NET, "locations", _, "operationresults", _] => Route::NetOpResult,
            ["subscriptions", _, "providers", CR, "registries"] => Route::RegistriesSub,
            ["subscriptions", _, "providers", CR, "checknameavailability"] => Route::RegistryName,
            ["subscriptions", _, "resourcegroups", _, "providers", CR, "registries"] => Route::RegistriesRg,
            ["subscriptions", _, "resourcegroups", _, "providers", CR, "registries", _] => Route::Registry,
            ["subscriptions", _, "resourcegroups", _, "providers", CR, "registries", _, "operationstatuses", _] => Route::RegistryOperation,
            ["subscriptions", _, "resources"] => Route::Resources,
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
            ["subscriptions", _, "providers", MF, "providers", _, "features"] => Route::NsFeatures,
            ["subscriptions", _, "providers", MF, "providers", _, "features", _] => Route::Feature,
            ["subscriptions", _, "providers", MF, "providers", _, "features", _, a] if *a == "register" || *a == "unregister" => Route::FeatureAction(*a == "register"),
            ["subscriptions", _, "providers", CS, "managedclusters"] => Route::AksListSub,
            ["subscriptions", _, "providers", CS, "locations", _, "kubernetesversions"] => Route::AksVersions,
            ["subscriptions", _, "providers", CS, "locations", _, "operations", _] => Route::AksOperation,
            ["subscriptions", _, "providers", CS, "locations", _, "operationresults", _] => Route::AksOpResult,
            ["subscriptions", _, "providers", _] => Route::Provider,
            ["subscriptions", _, "providers", _, a] if *a == "register" || *a == "unregister" => Route::ProviderAction(*a == "register"),
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters"] => Route::AksListRg,
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters", _] => Route::Aks,
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters", _, "agentpools"] => Route::AgentPools,
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters", _, "agentpools", _] => Route::AgentPool,
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters", _, "agentpools", _, "upgradenodeimageversion"] => Route::AgentPoolUpgradeNodeImage,
            ["subscriptions", _, "resourcegroups", _, "providers", CS, "managedclusters", _, a] if *a == "listclusterusercredential" || *a == "listclusteradmincredential" => Route::AksCredential(*a == "listclusteradmincredential"),
            _ => return Err(unknown_route(ctx)),
        };
        Ok(r)
    }

    fn methods(self) -> &'static [&'static str] {
        match self {
            Route::Group => &["GET", "HEAD", "PUT", "PATCH", "DELETE"],
            Route::Aks
            | Route::Identity
            | Route::RoleAssignment
            | Route::Vnet
            | Route::Registry => &["GET", "PUT", "DELETE"],
            Route::Subnet => &["GET", "PUT"],
            Route::RegistryName => &["POST"],
            Route::ProviderAction(_) | Route::FeatureAction(_) | Route::AksCredential(_) => {
                &["POST"]
            }
            Route::AgentPoolUpgradeNodeImage | Route::PolicyToken => &["POST"],
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
            Route::AksOperation
            | Route::AksOpResult
            | Route::NetOperation
            | Route::NetOpResult
            | Route::RegistryOperation
            | Route::PolicyToken => A::Any,
            Route::VnetsSub | Route::VnetsRg | Route::Vnet | Route::Subnets | Route::Subnet => {
                A::Network
            }
            Route::RegistriesSub | Route::RegistriesRg | Route::Registry | Route::RegistryName => {
                A::ContainerRegistry
            }
            Route::Resources => A::Resources,
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
        return Err(util::missing_api_version());
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
