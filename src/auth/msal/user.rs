//! [`UserCredential`]: a person signed in with `az login` or `azrs login`, served from az's
//! token cache as az's `UserCredential` does: the account is found by user name, an access token
//! for the subscription's tenant is reused until five minutes before it expires, otherwise the
//! refresh token is redeemed at `{authority}/{tenant}/oauth2/v2.0/token` and the new tokens are
//! written back. No process is spawned. A refused refresh token gives az's message: the
//! server's description, then how to sign in again (exit code 1).

use std::path::PathBuf;
use std::sync::Arc;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::error::{Error, ErrorKind};
use azure_core::http::HttpClient;
use azure_core::time::OffsetDateTime;
use serde_json::Value;

use super::cache::{CacheIdentity, str_of};
use super::oauth::{self, TokenOutcome};
use super::{AZURE_CLI_CLIENT_ID, environment_of, file};

/// A person's tokens from the shared cache.
pub struct UserCredential {
    transport: Arc<dyn HttpClient>,
    path: PathBuf,
    authority_host: String,
    tenant: String,
    username: String,
}

impl std::fmt::Debug for UserCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserCredential")
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

impl UserCredential {
    /// `username` in `tenant`, tokens in the cache file `path`, from `authority_host`.
    pub fn new(
        transport: Arc<dyn HttpClient>,
        path: PathBuf,
        authority_host: &str,
        tenant: &str,
        username: &str,
    ) -> Self {
        Self {
            transport,
            path,
            authority_host: authority_host.trim_end_matches('/').to_owned(),
            tenant: tenant.to_owned(),
            username: username.to_owned(),
        }
    }

    fn fail(&self, message: String) -> Error {
        Error::with_message(ErrorKind::Credential, message)
    }

    /// az's advice after a refused refresh (`_generate_login_command`), naming azrs.
    fn relogin_message(&self, description: &str, scopes: &[&str]) -> String {
        let scopes: Vec<String> = scopes.iter().map(|s| format!("\"{s}\"")).collect();
        format!(
            "{description}\nRun the command below to authenticate interactively; additional arguments may be added as needed:\nazrs logout\nazrs login --tenant \"{}\" --scope {}",
            self.tenant,
            scopes.join(" ")
        )
    }
}

#[async_trait::async_trait]
impl TokenCredential for UserCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let cache = file::load(&self.path).map_err(|e| self.fail(e.to_string()))?;
        let accounts = cache.accounts(Some(&self.username));
        let environment = environment_of(&self.authority_host);
        let account: Option<&Value> = accounts
            .iter()
            .find(|a| str_of(a, "environment").eq_ignore_ascii_case(&environment))
            .or(accounts.first());
        let Some(account) = account else {
            return Err(self.fail(format!(
                "User '{}' does not exist in MSAL token cache. Run `azrs login`.",
                self.username
            )));
        };
        let home = str_of(account, "home_account_id").to_owned();
        let who = CacheIdentity {
            home_account_id: Some(home.clone()),
            environment,
            client_id: AZURE_CLI_CLIENT_ID.into(),
            realm: self.tenant.clone(),
        };
        let now = OffsetDateTime::now_utc().unix_timestamp();
        if let Some(t) = cache.find_access_token(&who, scopes, now) {
            tracing::debug!("access token from the token cache");
            return Ok(super::persistent::to_access_token(t.secret, t.expires_on));
        }
        let Some(rt) = cache.find_refresh_token(&who) else {
            return Err(self.fail(
                "Can't find token from MSAL cache.\nTo re-authenticate, please run:\nazrs login"
                    .into(),
            ));
        };
        tracing::debug!("renewing the access token with the refresh token");
        let answer = oauth::redeem_refresh_token(
            &self.transport,
            &self.authority_host,
            &self.tenant,
            scopes,
            &rt,
            &home,
        )
        .await?;
        match answer {
            TokenOutcome::Refused(e) => {
                Err(self.fail(self.relogin_message(&e.description, scopes)))
            }
            TokenOutcome::Tokens(response, _) => {
                let now = OffsetDateTime::now_utc().unix_timestamp();
                // MSAL's refresh adds tokens but no account (`skip_account_creation`), so a
                // concurrent logout is honoured.
                // The rotated refresh token replaces the redeemed one in its entry.
                let mut tokens = (*response).clone();
                let rotated = tokens.refresh_token.take();
                let decorated = oauth::decorated_scope(scopes);
                let asked: Vec<&str> = decorated.split(' ').collect();
                if let Err(e) = file::update(&self.path, |c| {
                    c.add(&who, &asked, &tokens, None, now);
                    if let Some(new) = &rotated {
                        c.update_refresh_token(&who, &rt, new, now);
                    }
                    true
                }) {
                    tracing::debug!("token cache not written: {e}");
                }
                Ok(super::persistent::to_access_token(
                    response.access_token.clone(),
                    now + response.expires_in,
                ))
            }
        }
    }
}
