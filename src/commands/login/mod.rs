//! `azrs login` / `azrs logout`: sign in as a person ([`person`]: browser or device code), a
//! service principal (secret, certificate or federated token) or a managed identity, list the
//! subscriptions it can see
//! (`GET /subscriptions`, api 2022-12-01, with az's `CommandName`/`ParameterSetName` headers;
//! with `--skip-subscription-discovery` only `GET /subscriptions/{id}` or nothing, see
//! [`Discovery`]), record them in az's `azureProfile.json` and print them as az does.
//!
//! The secret, certificate path or federated token goes only into the 0600 store
//! ([`record::store_service_principal`]), and only after the login worked; nothing
//! secret reaches `azureProfile.json`, stdout or stderr. The credential uses the active
//! cloud's authority, or the embedded emulator's under `AZRS_EMULATOR`
//! ([`Ctx::cloud`]). What a login writes is in [`record`]; `logout` is [`logout`].
//!
//! Not supported (clear error, exit 1): username/password user logins, and `--identity` with
//! `--object-id`/`--resource-id`.

pub mod browser;
pub mod logout;
pub mod person;
pub mod record;

use std::path::PathBuf;

use anyhow::Context as _;
use azure_core::credentials::Secret;
use serde_json::{Value, json};

use crate::arm::{ArmClient, ArmClientConfig, ArmError, ArmPath, CommandHeaders, api};
use crate::auth::{self, CredentialRequest, EnvVars, LoginChoice};
use crate::cli::LoginArgs;
use crate::commands::{self, Ctx, Outcome, fail};
use crate::config::clouds::CloudTarget;
use crate::config::{SecretString, ServicePrincipalEntry};
use record::LoginUser;

/// The account name az records when `--allow-no-subscriptions` finds none.
pub(crate) const TENANT_LEVEL_ACCOUNT_NAME: &str = "N/A(tenant level account)";

/// What `login` reads of the subscriptions once signed in (az's `Profile.login`).
#[derive(Debug, Clone, PartialEq)]
pub enum Discovery {
    /// `GET /subscriptions`, every page.
    List,
    /// `--skip-subscription-discovery --subscription ID`: `GET /subscriptions/ID` only; a
    /// failure is az's warning, and the login goes on without it.
    One(String),
    /// `--skip-subscription-discovery` alone: no ARM request; the tenant-level account is
    /// recorded.
    Bare,
}

impl Discovery {
    /// From `--skip-subscription-discovery` and login's `--subscription` (already checked to
    /// be a GUID when both are given).
    fn new(skip: bool, subscription: Option<&str>) -> Discovery {
        match subscription.filter(|s| !s.is_empty()) {
            _ if !skip => Discovery::List,
            Some(id) => Discovery::One(id.to_owned()),
            None => Discovery::Bare,
        }
    }

    /// The subscriptions as ARM describes them.
    pub(crate) async fn read(&self, ctx: &Ctx, client: &ArmClient) -> Result<Vec<Value>, ArmError> {
        match self {
            Discovery::List => client.list_subscriptions().await,
            Discovery::One(id) => {
                let path = ArmPath::subscriptions().seg(id);
                match client.get(&path, api::SUBSCRIPTIONS).await {
                    Ok(found) => Ok(vec![found]),
                    Err(e) => {
                        ctx.warn(&format!("Failed to retrieve subscription {id}: {e}"));
                        Ok(Vec::new())
                    }
                }
            }
            Discovery::Bare => Ok(Vec::new()),
        }
    }

    /// az's answer when no subscription was read: `Ok(true)` to record the tenant-level
    /// account instead, `Ok(false)` when there is nothing to record, or az's error.
    pub(crate) fn when_none(
        &self,
        user: &str,
        allow_no_subscriptions: bool,
    ) -> anyhow::Result<bool> {
        match self {
            _ if allow_no_subscriptions => Ok(true),
            Discovery::Bare => Ok(true),
            Discovery::One(id) => fail(format!(
                "The subscription '{id}' could not be retrieved for '{user}'. Ensure the subscription exists and that you have access to it."
            )),
            Discovery::List => Ok(false),
        }
    }

    /// What a login prints once the subscriptions are recorded (`preferred`: login's
    /// `--subscription`, made the default and the only one shown): with `One`, a subscription
    /// the profile ends up without is az's warning (the tenant-level account is shown).
    pub(crate) fn record(
        &self,
        ctx: &Ctx,
        cloud: &str,
        user: &LoginUser,
        subscriptions: &[Value],
        preferred: Option<&str>,
    ) -> anyhow::Result<Value> {
        if let Discovery::One(id) = self {
            let (shown, found) = record::record_login_answering(
                &ctx.config_dir,
                cloud,
                user,
                subscriptions,
                Some(id),
            )?;
            if !found {
                ctx.warn(&format!(
                    "Subscription '{id}' not found. Profile has tenant-level account only."
                ));
            }
            return Ok(shown);
        }
        Ok(record::record_login_preferring(
            &ctx.config_dir,
            cloud,
            user,
            subscriptions,
            preferred,
        )?)
    }
}

/// What was asked for, after az's usage checks.
enum Plan {
    /// A person ([`person`]).
    Person(person::PersonLogin),
    /// An app: service principal or managed identity.
    App(AppPlan),
}

/// An app login.
enum AppPlan {
    ServicePrincipal {
        client_id: String,
        tenant: String,
        credential: SpCredential,
    },
    ManagedIdentity {
        client_id: Option<String>,
    },
}

enum SpCredential {
    Secret(String),
    Certificate(PathBuf),
    FederatedToken(String),
}

/// `azrs login`.
pub async fn login(ctx: &Ctx, args: LoginArgs) -> anyhow::Result<Outcome> {
    let allow_no_subscriptions = args.allow_no_subscriptions;
    // `--subscription` is the global option; login also takes `-s` for it, as az's does.
    let preferred = args
        .subscription_short
        .clone()
        .or_else(|| ctx.global.subscription.clone());
    let discovery = Discovery::new(args.skip_subscription_discovery, preferred.as_deref());
    let plan = plan(ctx, args, &discovery)?;
    let target = ctx.cloud()?;
    let plan = match plan {
        Plan::Person(ask) => {
            let shown = person::login(ctx, target, ask, &discovery, preferred.as_deref()).await?;
            return Ok(Outcome::value(shown));
        }
        Plan::App(app) => app,
    };
    let (choice, user) = match &plan {
        AppPlan::ServicePrincipal {
            client_id,
            tenant,
            credential,
        } => {
            let choice = match credential {
                SpCredential::Secret(s) => LoginChoice::ServicePrincipalSecret {
                    tenant_id: tenant.clone(),
                    client_id: client_id.clone(),
                    secret: Secret::new(s.clone()),
                },
                SpCredential::Certificate(p) => LoginChoice::ServicePrincipalCertificate {
                    tenant_id: tenant.clone(),
                    client_id: client_id.clone(),
                    certificate_path: p.clone(),
                },
                SpCredential::FederatedToken(t) => LoginChoice::FederatedToken {
                    tenant_id: tenant.clone(),
                    client_id: client_id.clone(),
                    token: Secret::new(t.clone()),
                },
            };
            let user = LoginUser {
                name: client_id.clone(),
                user_type: "servicePrincipal".into(),
                assigned_identity_info: None,
            };
            (choice, user)
        }
        AppPlan::ManagedIdentity { client_id } => {
            let user = LoginUser {
                name: if client_id.is_some() {
                    "userAssignedIdentity".into()
                } else {
                    "systemAssignedIdentity".into()
                },
                user_type: "servicePrincipal".into(),
                assigned_identity_info: Some(match client_id {
                    Some(id) => format!("MSIClient-{id}"),
                    None => "MSI".into(),
                }),
            };
            (
                LoginChoice::ManagedIdentity {
                    client_id: client_id.clone(),
                },
                user,
            )
        }
    };

    let client = arm_client(ctx, target, choice)?;
    if discovery != Discovery::List {
        // az signs the app in before it reads any subscription: a bad secret is an error here,
        // not a warning about the one subscription.
        client.sign_in().await?;
    }
    let mut subscriptions = discovery.read(ctx, &client).await?;
    if subscriptions.is_empty() {
        let tenant = match &plan {
            AppPlan::ServicePrincipal { tenant, .. } => Some(tenant.clone()),
            AppPlan::ManagedIdentity { .. } => None,
        };
        match (
            discovery.when_none(&user.name, allow_no_subscriptions)?,
            tenant,
        ) {
            (true, Some(tenant)) => subscriptions.push(tenant_level_account(&tenant)),
            (true, None) => {
                return fail(
                    "No subscriptions found for this managed identity; a tenant-level login needs --tenant, which az does not accept with --identity.",
                );
            }
            (false, _) => return fail(format!("No subscriptions found for {}.", user.name)),
        }
    }

    // az's managed-identity login takes no `--subscription`: every subscription is shown.
    let preferred = match plan {
        AppPlan::ManagedIdentity { .. } => None,
        AppPlan::ServicePrincipal { .. } => preferred,
    };
    if let AppPlan::ServicePrincipal {
        client_id,
        tenant,
        credential,
    } = plan
    {
        let mut entry = ServicePrincipalEntry {
            client_id,
            tenant,
            client_secret: None,
            certificate: None,
            client_assertion: None,
            other: serde_json::Map::new(),
        };
        match credential {
            SpCredential::Secret(s) => entry.client_secret = Some(SecretString::new(s)),
            SpCredential::Certificate(p) => {
                entry.certificate = Some(p.to_string_lossy().into_owned());
            }
            SpCredential::FederatedToken(t) => entry.client_assertion = Some(SecretString::new(t)),
        }
        record::store_service_principal(&ctx.config_dir, entry)?;
    }
    let shown = discovery.record(
        ctx,
        &target.cloud_name,
        &user,
        &subscriptions,
        preferred.as_deref(),
    )?;
    Ok(Outcome::value(shown))
}

/// az's argument checks (`profile/custom.py` `login`), in its order.
fn plan(ctx: &Ctx, args: LoginArgs, discovery: &Discovery) -> anyhow::Result<Plan> {
    if args.identity && (args.password.is_some() || args.service_principal || args.tenant.is_some())
    {
        return fail("usage error: '--identity' is not applicable with other arguments");
    }
    if args.identity && args.username.is_some() {
        return fail(
            "Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead.",
        );
    }
    if args.use_device_code
        && (args.password.is_some()
            || args.service_principal
            || args.username.is_some()
            || args.identity)
    {
        return fail("usage error: '--use-device-code' is not applicable with other arguments");
    }
    if args.use_cert_sn_issuer && !args.service_principal {
        return fail("usage error: '--use-sn-issuer' is only applicable with a service principal");
    }
    if args.service_principal && args.username.is_none() {
        return fail(
            "usage error: --service-principal --username NAME --password SECRET --tenant TENANT",
        );
    }
    if *discovery != Discovery::List && args.tenant.as_deref().is_none_or(str::is_empty) {
        return fail("usage error: '--skip-subscription-discovery' requires '--tenant'");
    }
    if let Discovery::One(id) = discovery
        && !crate::py::is_guid(id)
    {
        return fail(
            "usage error: '--subscription' must be a subscription ID (GUID), not a name, when combined with '--skip-subscription-discovery'.",
        );
    }

    if args.identity {
        if args.object_id.is_some() || args.resource_id.is_some() {
            return fail(
                "azrs supports a user-assigned managed identity by --client-id only; --object-id and --resource-id are not supported.",
            );
        }
        return Ok(Plan::App(AppPlan::ManagedIdentity {
            client_id: args.client_id,
        }));
    }
    // az prompts for a missing secret on a terminal; azrs has no hidden-input prompt, so it
    // answers as az does off a terminal, before looking at the tenant.
    if args.username.is_some()
        && args.password.is_none()
        && args.certificate.is_none()
        && args.federated_token.is_none()
    {
        return fail("Please specify both username and password in non-interactive mode.");
    }
    if args.username.is_none() {
        return Ok(Plan::Person(person::PersonLogin {
            tenant: args.tenant.filter(|t| !t.is_empty()),
            device_code: args.use_device_code,
            scope: args.scope,
            allow_no_subscriptions: args.allow_no_subscriptions,
        }));
    }
    if !args.service_principal {
        return fail(
            "azrs does not sign people in with a username and password; run 'azrs login' (browser) or 'azrs login --use-device-code'.",
        );
    }

    let client_id = args.username.unwrap_or_default();
    let Some(tenant) = args.tenant.filter(|t| !t.is_empty()) else {
        return fail(
            "usage error: --service-principal --username NAME --password SECRET --tenant TENANT",
        );
    };
    let given = [
        args.password.is_some(),
        args.certificate.is_some(),
        args.federated_token.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given > 1 {
        return fail("usage error: use only one of --password, --certificate, --federated-token");
    }
    let credential = if let Some(p) = args.password {
        SpCredential::Secret(p)
    } else if let Some(c) = args.certificate {
        SpCredential::Certificate(certificate_path(ctx, &c)?)
    } else if let Some(t) = args.federated_token {
        SpCredential::FederatedToken(t)
    } else {
        // az prompts for the secret on a terminal; azrs has no hidden-input prompt.
        return fail("Please specify both username and password in non-interactive mode.");
    };
    Ok(Plan::App(AppPlan::ServicePrincipal {
        client_id,
        tenant,
        credential,
    }))
}

/// The certificate as an absolute path (it is stored and read again by later commands).
fn certificate_path(ctx: &Ctx, given: &str) -> anyhow::Result<PathBuf> {
    let expanded = crate::py::expanduser(given, &ctx.home);
    if !expanded.is_file() {
        return fail(format!("file not found: {given}"));
    }
    std::path::absolute(&expanded)
        .with_context(|| format!("cannot resolve the certificate path '{given}'"))
}

fn arm_client(ctx: &Ctx, target: &CloudTarget, choice: LoginChoice) -> anyhow::Result<ArmClient> {
    let transport = ctx.transport()?;
    let env = EnvVars::from_pairs(ctx.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let selected = auth::select_credential(&CredentialRequest {
        env,
        login: Some(choice),
        authority_host: target.authority.clone(),
        transport: transport.clone(),
        token_cache: Some(auth::msal::token_cache_path(ctx.config_dir.path())),
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

/// The ARM-shaped stand-in for the account az records with `--allow-no-subscriptions`.
pub(crate) fn tenant_level_account(tenant: &str) -> Value {
    json!({
        "subscriptionId": tenant,
        "displayName": TENANT_LEVEL_ACCOUNT_NAME,
        "state": "Enabled",
        "tenantId": tenant,
        "managedByTenants": [],
    })
}
