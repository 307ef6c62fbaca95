//! `azrs login` for a person, as az 2.91 does it (`_profile.py` `Profile.login`,
//! `auth/identity.py`): sign in at `{authority}/{tenant or organizations}` with the
//! authorization-code flow and PKCE on a loopback redirect (the browser opened as
//! [`super::browser`] says; without one, or with `--use-device-code`, the device-code flow:
//! the server's message on stderr, then polls at the server's interval), keep the tokens in
//! az's MSAL cache under az's own client id, then find the subscriptions: with `--tenant`
//! those of that tenant; otherwise `GET /tenants` and each tenant's subscriptions with a token
//! for that tenant (renewed from the refresh token), first appearance kept, az's warnings for
//! tenants without subscriptions. The profile entries are az's for a `user`.
//!
//! Not done: az's interactive subscription selector on a terminal (azrs prints the list as az
//! does off a terminal), `--claims-challenge` and username/password logins.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use azure_core::http::HttpClient;
use serde_json::{Value, json};

use super::browser::{self, Loopback, Redirect};
use super::record::LoginUser;
use crate::arm::{ArmClient, ArmClientConfig, ArmPath, CommandHeaders};
use crate::auth::msal::{self, AZURE_CLI_CLIENT_ID, CacheIdentity, oauth};
use crate::auth::{self, CredentialRequest, EnvVars, LoginChoice};
use crate::commands::{self, Ctx, fail};
use crate::config::clouds::CloudTarget;

/// The api-version az lists tenants with.
const TENANTS_API: &str = "2022-12-01";

/// What was asked for.
pub struct PersonLogin {
    /// `--tenant`.
    pub tenant: Option<String>,
    /// `--use-device-code`.
    pub device_code: bool,
    /// `--scope`.
    pub scope: Option<String>,
    /// `--allow-no-subscriptions`.
    pub allow_no_subscriptions: bool,
}

/// Sign a person in and record their subscriptions; returns what `login` prints.
pub async fn login(
    ctx: &Ctx,
    target: &CloudTarget,
    ask: PersonLogin,
    discovery: &super::Discovery,
    preferred: Option<&str>,
) -> anyhow::Result<Value> {
    let transport = ctx.transport()?;
    let scope = ask.scope.clone().unwrap_or_else(|| target.scope.clone());
    let scopes = [scope.as_str()];
    let realm = ask.tenant.clone().unwrap_or_else(|| "organizations".into());
    let authority = target.authority.trim_end_matches('/').to_owned();

    let browsers = browser::browser_commands(&ctx.env);
    let use_device_code =
        ask.device_code || browsers.is_empty() || ctx.env_var("CODESPACES") == Some("true");
    let (response, answer, grant) = if use_device_code {
        device_code(ctx, &transport, &authority, &realm, &scopes).await?
    } else {
        auth_code(ctx, &transport, &authority, &realm, &scopes, &browsers).await?
    };

    let Some((home, local, username, _tid)) = oauth::account_of(&answer, &response) else {
        return fail("The sign-in answer names no account (no client_info or id token).");
    };
    let who = CacheIdentity {
        home_account_id: Some(home.clone()),
        environment: msal::environment_of(&authority),
        client_id: AZURE_CLI_CLIENT_ID.into(),
        realm: realm.clone(),
    };
    let now = azure_core::time::OffsetDateTime::now_utc().unix_timestamp();
    // Without a granted `scope` in the answer MSAL keys the tokens by what it asked for.
    let decorated = oauth::decorated_scope(&scopes);
    let asked: Vec<&str> = decorated.split(' ').collect();
    msal::file::update(&msal::token_cache_path(ctx.config_dir.path()), |c| {
        c.add(
            &who,
            &asked,
            &response,
            Some((&home, &local, &username, grant)),
            now,
        );
        true
    })?;

    let subscriptions = match &ask.tenant {
        Some(t) => {
            let client = user_client(ctx, target, t, &username)?;
            let subs = discovery.read(ctx, &client).await?;
            if subs.is_empty() && discovery.when_none(&username, ask.allow_no_subscriptions)? {
                vec![super::tenant_level_account(t)]
            } else {
                subs.iter().map(|s| attach_tenant(s, t, None)).collect()
            }
        }
        // `--skip-subscription-discovery` needs `--tenant` (checked before signing in).
        None => common_tenant(ctx, target, &username, ask.allow_no_subscriptions).await?,
    };
    if subscriptions.is_empty() {
        return fail(format!("No subscriptions found for {username}."));
    }
    let user = LoginUser {
        name: username,
        user_type: "user".into(),
        assigned_identity_info: None,
    };
    discovery.record(ctx, &target.cloud_name, &user, &subscriptions, preferred)
}

/// az's `find_using_common_tenant`.
async fn common_tenant(
    ctx: &Ctx,
    target: &CloudTarget,
    username: &str,
    allow_no_subscriptions: bool,
) -> anyhow::Result<Vec<Value>> {
    let tenants = user_client(ctx, target, "organizations", username)?
        .list_all(&ArmPath::root().lit("tenants"), TENANTS_API)
        .await?;
    let mut all: Vec<Value> = Vec::new();
    let mut empty: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for t in &tenants {
        let id = t.get("tenantId").and_then(Value::as_str).unwrap_or("");
        let name = match t.get("displayName").and_then(Value::as_str) {
            Some(d) if !d.is_empty() => format!("{id} '{d}'"),
            _ => id.to_owned(),
        };
        let subs = match user_client(ctx, target, id, username)?
            .list_subscriptions()
            .await
        {
            Ok(s) => s,
            Err(e) => {
                // az shows the server's description only, not the advice that follows it.
                let text = e.to_string();
                let first = text.lines().next().unwrap_or_default();
                ctx.warn(&format!(
                    "Authentication failed against tenant {name}: {first}"
                ));
                refused.push(name);
                continue;
            }
        };
        if subs.is_empty() {
            empty.push(name.clone());
            if allow_no_subscriptions {
                all.push(super::tenant_level_account(id));
            }
        }
        for s in subs {
            let s = attach_tenant(&s, id, Some(t));
            let sid = s.get("subscriptionId").cloned();
            if let Some(first) = all.iter().find(|x| x.get("subscriptionId") == sid.as_ref()) {
                ctx.warn(&format!(
                    "Subscription {} '{}' can be accessed from tenants {}(default) and {}. To select a specific tenant when accessing this subscription, use 'azrs login --tenant TENANT_ID'.",
                    sid.as_ref().and_then(Value::as_str).unwrap_or(""),
                    s.get("displayName").and_then(Value::as_str).unwrap_or(""),
                    first.get("tenantId").and_then(Value::as_str).unwrap_or(""),
                    id
                ));
                continue;
            }
            all.push(s);
        }
    }
    if !empty.is_empty() {
        ctx.warn("The following tenants don't contain accessible subscriptions. Use `azrs login --allow-no-subscriptions` to have tenant level access.");
        for n in &empty {
            ctx.warn(n);
        }
    }
    if !refused.is_empty() {
        ctx.warn("If you need to access subscriptions in the following tenants, please use `azrs login --tenant TENANT_ID`.");
        for n in &refused {
            ctx.warn(n);
        }
    }
    Ok(all)
}

/// az's `_attach_token_tenant`: the subscription's own `tenantId` becomes `homeTenantId`, the
/// token's tenant its `tenantId`, and the tenant list's default domain and display name come
/// along.
fn attach_tenant(sub: &Value, tenant: &str, description: Option<&Value>) -> Value {
    let mut s = sub.clone();
    if let Some(o) = s.as_object_mut() {
        if let Some(home) = o.get("tenantId").cloned() {
            o.insert("homeTenantId".into(), home);
        }
        o.insert("tenantId".into(), json!(tenant));
        if let Some(d) = description {
            for (from, to) in [
                ("defaultDomain", "tenantDefaultDomain"),
                ("displayName", "tenantDisplayName"),
            ] {
                if let Some(v) = d.get(from) {
                    o.insert(to.into(), v.clone());
                }
            }
        }
    }
    s
}

/// An ARM client acting as `username` with tokens for `tenant`.
fn user_client(
    ctx: &Ctx,
    target: &CloudTarget,
    tenant: &str,
    username: &str,
) -> anyhow::Result<ArmClient> {
    let transport = ctx.transport()?;
    let env = EnvVars::from_pairs(ctx.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let selected = auth::select_credential(&CredentialRequest {
        env,
        login: Some(LoginChoice::User {
            tenant_id: tenant.to_owned(),
            username: username.to_owned(),
        }),
        authority_host: target.authority.clone(),
        transport: transport.clone(),
        token_cache: Some(msal::token_cache_path(ctx.config_dir.path())),
    })?;
    Ok(ArmClient::new(ArmClientConfig {
        transport,
        credential: selected.credential,
        endpoint: target.endpoint.clone(),
        scope: target.scope.clone(),
        command: CommandHeaders::new(Some(ctx.command_name), Some(&ctx.parameter_set)),
        options: commands::client_options(ctx),
    })?)
}

type SignIn = (Box<msal::cache::TokenResponse>, Value, &'static str);

/// The device-code flow: az prints the server's message and polls at its interval.
async fn device_code(
    ctx: &Ctx,
    transport: &Arc<dyn HttpClient>,
    authority: &str,
    realm: &str,
    scopes: &[&str],
) -> anyhow::Result<SignIn> {
    let flow = match oauth::initiate_device_flow(transport, authority, realm, scopes).await? {
        Ok(f) => f,
        Err(e) => {
            return fail(format!(
                "Fail to create device flow. Err: {}",
                e.description
            ));
        }
    };
    ctx.term.write_stderr(&format!("{}\n", flow.message));
    let interval = if no_delay(&ctx.env) {
        Duration::from_millis(10)
    } else {
        Duration::from_secs(flow.interval.max(1))
    };
    let mut interval = interval;
    let deadline = std::time::Instant::now() + Duration::from_secs(flow.expires_in);
    loop {
        tokio::time::sleep(interval).await;
        match oauth::poll_device_flow(transport, authority, realm, scopes, &flow).await? {
            oauth::TokenOutcome::Tokens(r, v) => return Ok((r, v, oauth::DEVICE_CODE_GRANT)),
            oauth::TokenOutcome::Refused(e) if e.error == "authorization_pending" => {}
            oauth::TokenOutcome::Refused(e) if e.error == "slow_down" => {
                interval += Duration::from_secs(5);
            }
            oauth::TokenOutcome::Refused(e) => return fail(relogin(&e.description)),
        }
        if std::time::Instant::now() >= deadline {
            return fail(relogin(
                "The device code expired before the sign-in finished.",
            ));
        }
    }
}

/// The authorization-code flow with PKCE on a loopback redirect.
async fn auth_code(
    ctx: &Ctx,
    transport: &Arc<dyn HttpClient>,
    authority: &str,
    realm: &str,
    scopes: &[&str],
    browsers: &[String],
) -> anyhow::Result<SignIn> {
    let loopback = Loopback::bind().await?;
    let state = uuid::Uuid::new_v4().simple().to_string();
    let (verifier, challenge) = oauth::pkce_pair();
    let url = oauth::authorize_url(
        authority,
        realm,
        scopes,
        &loopback.redirect_uri,
        &state,
        &challenge,
    );
    ctx.warn(&format!(
        "A web browser has been opened at {}. Please continue the login in the web browser. If no web browser is available or if the web browser fails to open, use device code flow with `azrs login --use-device-code`.",
        oauth::endpoint(authority, realm, "authorize")
    ));
    if !browser::open(browsers, &url, &ctx.env) {
        return fail(
            "No web browser could be opened; use device code flow with `azrs login --use-device-code`.",
        );
    }
    let code = match loopback.wait(&state).await? {
        Redirect::Code(c) => c,
        Redirect::Error(e, d) => return fail(relogin(if d.is_empty() { &e } else { &d })),
    };
    match oauth::redeem_code(
        transport,
        authority,
        realm,
        scopes,
        &code,
        &loopback.redirect_uri,
        &verifier,
    )
    .await?
    {
        oauth::TokenOutcome::Tokens(r, v) => Ok((r, v, "authorization_code")),
        oauth::TokenOutcome::Refused(e) => fail(relogin(&e.description)),
    }
}

/// az's `aad_error_handler` text for a failed sign-in (no tenant or scope in the advice).
fn relogin(description: &str) -> String {
    format!(
        "{description}\nRun the command below to authenticate interactively; additional arguments may be added as needed:\nazrs logout\nazrs login"
    )
}

fn no_delay(env: &HashMap<String, String>) -> bool {
    env.get(crate::http::NO_DELAY_ENV)
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}
