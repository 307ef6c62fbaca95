//! The non-ARM routes of the emulator's origin: cloud metadata (`az cloud register`), the
//! Entra-like OpenID configuration, instance discovery and v2 token endpoint (apps' grants
//! here; people's grants, `/devicecode` and `/authorize` in `entra`), the App Service
//! managed-identity endpoint and the GitHub Actions OIDC token endpoint. Errors use each
//! service's own shape (Entra: `error`/`error_description`/`error_codes`), not ARM's envelope.

use serde_json::{Value, json};

use super::token::{self, AUDIENCE_EXCHANGE, TokenError};
use super::util::{self, Ctx, Fail, Outcome, json_response, ok};
use super::{State, entra};

pub(crate) fn route(state: &mut State, ctx: &Ctx) -> Outcome {
    let l: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    let get = ctx.method == "GET";
    match l.as_slice() {
        ["metadata", "endpoints"] if get => metadata(ctx),
        ["common", "discovery", "instance"] if get => instance_discovery(ctx),
        [_, "v2.0", ".well-known", "openid-configuration"]
        | [_, ".well-known", "openid-configuration"]
            if get =>
        {
            openid_configuration(ctx)
        }
        [_, "discovery", "v2.0", "keys"] | [_, "discovery", "keys"] if get => {
            ok(&json!({"keys": []}))
        }
        [_, "oauth2", "v2.0", "token"] if ctx.method == "POST" => token_endpoint(state, ctx),
        [_, "oauth2", "v2.0", "devicecode"] if ctx.method == "POST" => {
            entra::device_code(state, ctx)
        }
        [_, "oauth2", "v2.0", "authorize"] if get => entra::authorize(state, ctx),
        ["devicelogin"] if get => entra::device_login_page(),
        ["msi", "token"] if get => managed_identity(ctx),
        ["github", "idtoken"] if get => github(ctx),
        _ => Err(Fail::new(
            404,
            "NotFound",
            format!("The requested path '{}' was not found.", ctx.path),
        )),
    }
}

fn metadata(ctx: &Ctx) -> Outcome {
    let v = ctx.q("api-version");
    if v.is_none() {
        return Err(util::missing_api_version());
    }
    let base = format!("{}/", ctx.base());
    ok(&json!({
        "portal": "https://portal.azure.com",
        "authentication": {
            "loginEndpoint": base,
            "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
            "tenant": "common",
            "identityProvider": "AAD"
        },
        "media": "https://rest.media.azure.net",
        "graphAudience": "https://graph.windows.net/",
        "graph": "https://graph.windows.net/",
        "name": "AzureCloud",
        "suffixes": {
            "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
            "acrLoginServer": "azurecr.io",
            "sqlServerHostname": "database.windows.net",
            "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "keyVaultDns": "vault.azure.net",
            "storage": "core.windows.net",
            "azureFrontDoorEndpointSuffix": "azurefd.net",
            "storageSyncEndpointSuffix": "afs.azure.net",
            "mhsmDns": "managedhsm.azure.net",
            "mysqlServerEndpoint": "mysql.database.azure.com",
            "postgresqlServerEndpoint": "postgres.database.azure.com",
            "mariadbServerEndpoint": "mariadb.database.azure.com",
            "synapseAnalytics": "dev.azuresynapse.net",
            "attestationEndpoint": "attest.azure.net"
        },
        "batch": "https://batch.core.windows.net/",
        "resourceManager": base,
        "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "microsoftGraphResourceId": "https://graph.microsoft.com/",
        "appInsightsResourceId": "https://api.applicationinsights.io",
        "appInsightsTelemetryChannelResourceId": "https://dc.applicationinsights.azure.com/v2/track",
        "attestationResourceId": "https://attest.azure.net",
        "synapseAnalyticsResourceId": "https://dev.azuresynapse.net",
        "logAnalyticsResourceId": "https://api.loganalytics.io",
        "ossrDbmsResourceId": "https://ossrdbms-aad.database.windows.net"
    }))
}

/// An Entra error body (`AADSTS…`), with the trace/correlation ids of this request.
pub(super) fn entra_error(ctx: &Ctx, status: u16, error: &str, aadsts: u32, text: &str) -> Fail {
    Fail::raw(
        status,
        json!({
            "error": error,
            "error_description": aadsts_description(ctx, aadsts, text),
            "error_codes": [aadsts],
            "timestamp": entra_timestamp(ctx),
            "trace_id": ctx.request_id,
            "correlation_id": ctx.request_id,
        }),
    )
}

/// `AADSTS<n>: <text> Trace ID: … Correlation ID: … Timestamp: …`, as Entra words errors in
/// bodies and redirects alike.
pub(super) fn aadsts_description(ctx: &Ctx, aadsts: u32, text: &str) -> String {
    format!(
        "AADSTS{aadsts}: {text} Trace ID: {id} Correlation ID: {id} Timestamp: {ts}",
        id = ctx.request_id,
        ts = entra_timestamp(ctx)
    )
}

/// Entra prints `2024-07-22 07:48:44Z` (no `T`, no fraction).
fn entra_timestamp(ctx: &Ctx) -> String {
    let n = ctx.now;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}Z",
        n.year(),
        u8::from(n.month()),
        n.day(),
        n.hour(),
        n.minute(),
        n.second()
    )
}

fn tenant_known(ctx: &Ctx, tenant: &str) -> bool {
    tenant.eq_ignore_ascii_case(&ctx.settings.tenant_id)
        || tenant.eq_ignore_ascii_case("common")
        || tenant.eq_ignore_ascii_case("organizations")
}

pub(super) fn tenant_not_found(ctx: &Ctx, tenant: &str) -> Fail {
    entra_error(
        ctx,
        400,
        "invalid_tenant",
        90002,
        &format!(
            "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
        ),
    )
}

fn openid_configuration(ctx: &Ctx) -> Outcome {
    let tenant = ctx.segs[0].clone();
    if !tenant_known(ctx, &tenant) {
        return Err(tenant_not_found(ctx, &tenant));
    }
    let b = ctx.base();
    let t = if tenant.eq_ignore_ascii_case("common") || tenant.eq_ignore_ascii_case("organizations")
    {
        "{tenantid}".to_string()
    } else {
        tenant.clone()
    };
    ok(&json!({
        "token_endpoint": format!("{b}/{tenant}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{b}/{tenant}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{b}/{t}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{b}/oidc/userinfo"),
        "authorization_endpoint": format!("{b}/{tenant}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{b}/{tenant}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{b}/{tenant}/oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce",
            "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "kerberos_endpoint": format!("{b}/{tenant}/kerberos"),
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net"
    }))
}

fn instance_discovery(ctx: &Ctx) -> Outcome {
    let host = url::Url::parse(ctx.base())
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| u.port().map_or(h.to_string(), |p| format!("{h}:{p}")))
        })
        .unwrap_or_default();
    let tenant = ctx
        .q("authorization_endpoint")
        .and_then(|a| url::Url::parse(a).ok())
        .and_then(|u| u.path_segments()?.next().map(str::to_string))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "common".into());
    ok(&json!({
        "tenant_discovery_endpoint": format!("{}/{tenant}/v2.0/.well-known/openid-configuration", ctx.base()),
        "api-version": "1.1",
        "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}]
    }))
}

fn token_endpoint(state: &mut State, ctx: &Ctx) -> Outcome {
    let form = entra::Form::parse(&ctx.req.body);
    let field = |k: &str| form.get(k);
    let grant = field("grant_type").unwrap_or("");
    // People sign in through `organizations` and `common` too; apps only through their tenant.
    if entra::is_person_grant(grant) {
        return entra::token(state, ctx, &form, grant);
    }
    let tenant = ctx.segs[0].clone();
    if !tenant.eq_ignore_ascii_case(&ctx.settings.tenant_id) {
        return Err(tenant_not_found(ctx, &tenant));
    }
    if grant != "client_credentials" {
        return Err(entra_error(
            ctx,
            400,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{grant}'."),
        ));
    }
    let client_id = field("client_id").unwrap_or("");
    let s = ctx.settings;
    let known = client_id.eq_ignore_ascii_case(&s.sp_client_id)
        || client_id.eq_ignore_ascii_case(&s.mi_client_id);
    if !known {
        return Err(entra_error(
            ctx,
            400,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
            ),
        ));
    }
    let scope = field("scope").unwrap_or("");
    let Some(resource) = scope
        .split(' ')
        .find_map(|sc| sc.strip_suffix("/.default"))
        .filter(|r| !r.is_empty())
    else {
        return Err(entra_error(
            ctx,
            400,
            "invalid_scope",
            1002012,
            &format!(
                "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            ),
        ));
    };
    if let Some(secret) = field("client_secret") {
        if !client_id.eq_ignore_ascii_case(&s.sp_client_id) || secret != s.sp_client_secret {
            return Err(entra_error(
                ctx,
                401,
                "invalid_client",
                7000215,
                &format!(
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."
                ),
            ));
        }
    } else if let Some(assertion) = field("client_assertion") {
        if field("client_assertion_type")
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return Err(entra_error(
                ctx,
                400,
                "invalid_request",
                50027,
                "Invalid client_assertion_type; expected urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
            ));
        }
        check_assertion(ctx, assertion)?;
    } else {
        return Err(entra_error(
            ctx,
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ));
    }
    // ARM tokens carry the resource with the slash az put there (`…core.windows.net/`).
    let audience = resource.to_string();
    let oid = token::sp_object_id(s, client_id);
    let access = token::issue_token(s, ctx.now_sys, &audience, client_id, &oid);
    ok(&json!({
        "token_type": "Bearer",
        "expires_in": s.token_lifetime_secs,
        "ext_expires_in": s.token_lifetime_secs,
        "access_token": access
    }))
}

/// A federated assertion must be an emulator-signed JWT from the GitHub or workload issuer,
/// addressed to `api://AzureADTokenExchange`, and valid now.
fn check_assertion(ctx: &Ctx, assertion: &str) -> Result<(), Fail> {
    let claims = match token::verify_token(ctx.settings, assertion) {
        Ok(c) => c,
        Err(TokenError::Malformed) => {
            return Err(entra_error(
                ctx,
                400,
                "invalid_client",
                50027,
                "JWT token is invalid or malformed.",
            ));
        }
        Err(TokenError::BadSignature) => {
            return Err(entra_error(
                ctx,
                401,
                "invalid_client",
                5002738,
                "Invalid JWT token. The token signature could not be verified.",
            ));
        }
    };
    let iss = claims["iss"].as_str().unwrap_or("");
    let s = ctx.settings;
    if iss != s.github_issuer && iss != s.workload_issuer {
        return Err(entra_error(
            ctx,
            400,
            "invalid_request",
            700211,
            &format!(
                "No matching federated identity record found for presented assertion issuer '{iss}'."
            ),
        ));
    }
    let aud_ok = match &claims["aud"] {
        Value::String(a) => a == AUDIENCE_EXCHANGE,
        Value::Array(a) => a.iter().any(|x| x == AUDIENCE_EXCHANGE),
        _ => false,
    };
    if !aud_ok {
        return Err(entra_error(
            ctx,
            400,
            "invalid_request",
            700212,
            &format!(
                "No matching federated identity record found for presented assertion audience '{}'.",
                claims["aud"]
            ),
        ));
    }
    let now = ctx.now.unix_timestamp();
    let exp = claims["exp"].as_i64().unwrap_or(0);
    let nbf = claims["nbf"].as_i64().unwrap_or(0);
    if exp <= now || nbf > now + 300 {
        return Err(entra_error(
            ctx,
            400,
            "invalid_client",
            700024,
            "Client assertion is not within its valid time range.",
        ));
    }
    Ok(())
}

fn managed_identity(ctx: &Ctx) -> Outcome {
    let s = ctx.settings;
    let mi_error = |status: u16, message: &str| {
        Err(Fail::raw(
            status,
            json!({"statusCode": status, "message": message, "correlationId": ctx.request_id}),
        ))
    };
    {
        if ctx.header("x-identity-header") != Some(s.identity_header.as_str()) {
            return mi_error(401, "The identity header is missing or invalid.");
        }
        if ctx.q("api-version") != Some("2019-08-01") {
            return mi_error(
                400,
                "The api-version is missing or not supported; use 2019-08-01.",
            );
        }
        let Some(resource) = ctx.q("resource").filter(|r| !r.is_empty()) else {
            return mi_error(400, "Required query variable 'resource' is missing.");
        };
        let id_ok = match (
            ctx.q("client_id"),
            ctx.q("object_id"),
            ctx.q("principal_id"),
        ) {
            (Some(c), _, _) => c.eq_ignore_ascii_case(&s.mi_client_id),
            (None, Some(o), _) | (None, None, Some(o)) => o.eq_ignore_ascii_case(&s.mi_object_id),
            (None, None, None) => ctx.q("mi_res_id").is_none(),
        };
        if !id_ok {
            return mi_error(
                400,
                "No managed identity found for specified ClientId/ResourceId/PrincipalId.",
            );
        }
        let access = token::issue_token(s, ctx.now_sys, resource, &s.mi_client_id, &s.mi_object_id);
        let expires_on = ctx.now.unix_timestamp() + s.token_lifetime_secs;
        ok(&json!({
            "access_token": access,
            "expires_on": expires_on.to_string(),
            "resource": resource,
            "token_type": "Bearer",
            "client_id": s.mi_client_id
        }))
    }
}

fn github(ctx: &Ctx) -> Outcome {
    let expected = &ctx.settings.github_request_token;
    let authorised = ctx
        .header("authorization")
        .and_then(|v| v.split_once(' '))
        .is_some_and(|(scheme, t)| scheme.eq_ignore_ascii_case("bearer") && t.trim() == expected);
    if !authorised {
        let mut r = json_response(
            401,
            &json!({"message": "Unauthorized: the request token is missing or invalid."}),
        );
        r.headers.push(("WWW-Authenticate".into(), "Bearer".into()));
        return Ok(r);
    }
    let audience = ctx.q("audience").unwrap_or(AUDIENCE_EXCHANGE);
    let jwt = token::github_oidc_token(ctx.settings, ctx.now_sys, audience);
    ok(&json!({"count": 1, "value": jwt}))
}
