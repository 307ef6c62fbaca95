//! [`Settings`]: the fixed facts of one emulated cloud (tenant, subscription, credentials the
//! identity endpoints accept, the test user who signs in and how, token lifetimes, signing key,
//! paging, long-running-operation pacing). It owns their
//! defaults and nothing else: how a front end overrides them (flags, environment) is
//! `front::settings`'s business.
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
//! | `group_page_size` | 1000 (resource groups; ARM's page size for them, 0 = no paging) |
//! | `lro_polls` / `retry_after_secs` | 2 / 1 |
//! | `registration_reads` / `registering_is_enough` | 1 / true |
//! | `verify_tokens` | true (false: any non-empty bearer token is accepted) |
//! | `default_kubernetes_version` | `1.32.7` |
//! | `token_lifetime_secs` | 3599 (`expires_in` of every access and id token) |
//! | `refresh_token_lifetime_secs` | 7776000 (90 days, Entra's inactivity limit) |
//! | `user` | [`TestUser::new`]: `azrs-user@fake.onmicrosoft.com`, object id `00000000-0000-4000-8000-0000000a11ce`, `Azrs Test User`, in `tenant_id` |
//! | `public_client_ids` | `04b07795-8ddb-461a-bbee-02f9e1bf7b46` (the Azure CLI's app, a FOCI family member) |
//! | `device_code` | [`DeviceCodePolicy`]: 1 `authorization_pending` answer, then approved; `interval` 5 s, `expires_in` 900 s |

/// The Azure CLI's public client app id (az signs people in as this app).
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// Fixed facts of one emulated cloud; see the module docs (above) for defaults. Every field may be
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
    /// Items per page of the resource-group list, a collection real subscriptions grow large:
    /// ARM pages it by up to 1,000 (0 = everything on one page). Kept apart from `page_size`
    /// so that listing 10,000 groups takes 10 requests, as against ARM, not 1,667, while the
    /// small collections keep the small pages the paging tests rely on.
    pub group_page_size: usize,
    /// Reads of a provider/feature after which a pending (un)registration completes.
    pub registration_reads: u32,
    /// Whether AKS accepts requests while `Microsoft.ContainerService` is `Registering`.
    pub registering_is_enough: bool,
    /// Whether ARM routes check bearer tokens (signature, expiry, audience, tenant).
    pub verify_tokens: bool,
    /// Version used when a cluster asks for `""`.
    pub default_kubernetes_version: String,
    /// Lifetime of every access and id token the emulator issues (`expires_in`).
    pub token_lifetime_secs: i64,
    /// How long a refresh token may go unused before Entra refuses it (AADSTS700082).
    pub refresh_token_lifetime_secs: i64,
    /// The person who signs in through `/authorize` and `/devicecode` (there is one).
    pub user: TestUser,
    /// Public client apps that may sign people in; all are treated as one FOCI family (Entra
    /// answers them with `"foci": "1"`, as it does the Azure CLI).
    pub public_client_ids: Vec<String>,
    /// How the emulated person answers a device-code sign-in.
    pub device_code: DeviceCodePolicy,
}

/// The default test user of the emulated tenant (it lives in `Settings::tenant_id`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TestUser {
    pub user_principal_name: String,
    pub object_id: String,
    pub display_name: String,
    pub given_name: String,
    pub family_name: String,
}

impl TestUser {
    /// `azrs-user@fake.onmicrosoft.com` (the tenant's default domain is `fake.onmicrosoft.com`).
    pub fn new() -> Self {
        TestUser {
            user_principal_name: "azrs-user@fake.onmicrosoft.com".into(),
            object_id: "00000000-0000-4000-8000-0000000a11ce".into(),
            display_name: "Azrs Test User".into(),
            given_name: "Azrs".into(),
            family_name: "Test User".into(),
        }
    }
}

impl Default for TestUser {
    fn default() -> Self {
        Self::new()
    }
}

/// What the person does once a device code is shown: nothing for `pending_polls` polls
/// (`authorization_pending`), then `outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceCodePolicy {
    /// `authorization_pending` answers before the outcome.
    pub pending_polls: u32,
    pub outcome: DeviceCodeOutcome,
    /// `interval` advertised (seconds between polls; Entra says 5, tests use less).
    pub interval_secs: u32,
    /// `expires_in` of a device code (Entra: 900).
    pub expires_in_secs: u32,
}

impl Default for DeviceCodePolicy {
    fn default() -> Self {
        DeviceCodePolicy {
            pending_polls: 1,
            outcome: DeviceCodeOutcome::Approve,
            interval_secs: 5,
            expires_in_secs: 900,
        }
    }
}

/// The end of a device-code sign-in, for success and failure-path tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeviceCodeOutcome {
    /// The person signs in: tokens are issued.
    Approve,
    /// The person declines: `authorization_declined`.
    Decline,
    /// The person never comes: `expired_token` (as once `expires_in` has passed).
    Expire,
}

impl DeviceCodeOutcome {
    /// Parses `approve`, `decline` or `expire` (the binary's `--device-code-outcome`).
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "approve" => Ok(Self::Approve),
            "decline" => Ok(Self::Decline),
            "expire" => Ok(Self::Expire),
            _ => Err(format!(
                "unknown device-code outcome '{s}' (approve, decline, expire)"
            )),
        }
    }
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
            group_page_size: 1000,
            registration_reads: 1,
            registering_is_enough: true,
            verify_tokens: true,
            default_kubernetes_version: "1.32.7".into(),
            token_lifetime_secs: 3599,
            refresh_token_lifetime_secs: 90 * 24 * 3600,
            user: TestUser::new(),
            public_client_ids: vec![AZURE_CLI_CLIENT_ID.into()],
            device_code: DeviceCodePolicy::default(),
        }
    }
}
