//! The per-process token cache every selected credential is wrapped in: one token per scope
//! set, refreshed five minutes before expiry; and [`OnceCredential`], which keeps a failure too,
//! for the one credential that spawns a process (`azd`). az's on-disk token cache is `msal`'s.

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Caches tokens per scope set for the life of the process (refreshing 5 minutes before expiry),
/// so Entra (or the on-disk cache) is asked once per scope.
#[derive(Debug)]
pub struct CachedCredential {
    inner: Arc<dyn TokenCredential>,
    cache: Mutex<HashMap<Vec<String>, AccessToken>>,
}

impl CachedCredential {
    /// Wrap a credential.
    pub fn new(inner: Arc<dyn TokenCredential>) -> Self {
        Self {
            inner,
            cache: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for CachedCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let key: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let fresh = |t: &AccessToken| {
            t.expires_on
                > azure_core::time::OffsetDateTime::now_utc()
                    + azure_core::time::Duration::minutes(5)
        };
        if let Ok(cache) = self.cache.lock()
            && let Some(t) = cache.get(&key).filter(|t| fresh(t))
        {
            return Ok(t.clone());
        }
        let token = self.inner.get_token(scopes, options).await?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, token.clone());
        }
        Ok(token)
    }
}

/// Remembers the first answer of its credential, success or failure, for the life of the
/// process, so a spawned developer tool runs at most once per command.
#[derive(Debug)]
pub struct OnceCredential {
    inner: Arc<dyn TokenCredential>,
    answer: tokio::sync::OnceCell<Result<AccessToken, String>>,
}

impl OnceCredential {
    /// Wrap a credential.
    pub fn new(inner: Arc<dyn TokenCredential>) -> Self {
        Self {
            inner,
            answer: tokio::sync::OnceCell::new(),
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for OnceCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let answer = self
            .answer
            .get_or_init(|| async {
                self.inner
                    .get_token(scopes, options)
                    .await
                    .map_err(|e| e.to_string())
            })
            .await;
        answer.clone().map_err(|m| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, m)
        })
    }
}
