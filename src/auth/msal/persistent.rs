//! [`PersistentCredential`]: any app credential (service principal by secret, certificate or
//! federated token, workload identity, GitHub OIDC, managed identity) with its access tokens
//! kept in az's token cache, so a token is fetched once and reused by every later azrs and az
//! process until five minutes before it expires. The entry is keyed as MSAL keys an app's
//! token (no `home_account_id`; `environment`, `client_id`, `realm`, `target`), so az finds
//! it, and the other way round.

use std::path::PathBuf;
use std::sync::Arc;

use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::time::OffsetDateTime;

use super::cache::{CacheIdentity, TokenResponse};
use super::file;

/// Access tokens of one app identity, cached in `msal_token_cache.json`.
#[derive(Debug)]
pub struct PersistentCredential {
    inner: Arc<dyn TokenCredential>,
    path: PathBuf,
    who: CacheIdentity,
    /// Managed identities are keyed by resource, not scope (MSAL's `acquire_token_for_client`
    /// of `ManagedIdentityClient`).
    by_resource: bool,
}

impl PersistentCredential {
    /// Wrap `inner`, whose tokens belong to `who`, with the cache file at `path`.
    pub fn new(inner: Arc<dyn TokenCredential>, path: PathBuf, who: CacheIdentity) -> Self {
        Self {
            inner,
            path,
            who,
            by_resource: false,
        }
    }

    /// A managed identity's cache (MSAL's `localhost` / `managed_identity` keys, the resource
    /// as target).
    pub fn managed_identity(
        inner: Arc<dyn TokenCredential>,
        path: PathBuf,
        client_id: Option<&str>,
    ) -> Self {
        Self {
            inner,
            path,
            who: CacheIdentity {
                home_account_id: None,
                environment: "localhost".into(),
                client_id: client_id
                    .unwrap_or("SYSTEM_ASSIGNED_MANAGED_IDENTITY")
                    .into(),
                realm: "managed_identity".into(),
            },
            by_resource: true,
        }
    }

    fn targets(&self, scopes: &[&str]) -> Vec<String> {
        scopes
            .iter()
            .map(|s| {
                if self.by_resource {
                    s.strip_suffix("/.default").unwrap_or(s).to_owned()
                } else {
                    (*s).to_owned()
                }
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl TokenCredential for PersistentCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let targets = self.targets(scopes);
        let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
        let now = OffsetDateTime::now_utc().unix_timestamp();
        match file::load(&self.path) {
            Ok(cache) => {
                if let Some(t) = cache.find_access_token(&self.who, &targets, now) {
                    tracing::debug!("access token from the token cache");
                    return Ok(to_access_token(t.secret, t.expires_on));
                }
            }
            Err(e) => tracing::debug!("token cache not read: {e}"),
        }
        let token = self.inner.get_token(scopes, options).await?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let response = TokenResponse {
            access_token: token.token.secret().to_owned(),
            expires_in: token.expires_on.unix_timestamp() - now,
            ..TokenResponse::default()
        };
        // A cache that cannot be written costs later commands a token request, not this one.
        if let Err(e) = file::update(&self.path, |c| {
            c.add(&self.who, &targets, &response, None, now);
            true
        }) {
            tracing::debug!("token cache not written: {e}");
        }
        Ok(token)
    }
}

/// An `AccessToken` from a cached secret.
pub fn to_access_token(secret: String, expires_on: i64) -> AccessToken {
    AccessToken::new(
        Secret::new(secret),
        OffsetDateTime::from_unix_timestamp(expires_on).unwrap_or(OffsetDateTime::UNIX_EPOCH),
    )
}
