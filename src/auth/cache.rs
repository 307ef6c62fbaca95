//! The per-process token cache every selected credential is wrapped in: one token per scope
//! set, refreshed five minutes before expiry. az's on-disk token cache is not modelled here.

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Caches tokens per scope set for the life of the process (refreshing 5 minutes before expiry),
/// so `az`-backed credentials are spawned once and Entra is asked once per scope.
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
