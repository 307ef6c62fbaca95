//! The document inside `msal_token_cache.json`, as MSAL Python 1.39 (az 2.91) keeps it: one
//! JSON object per credential type (`AccessToken`, `RefreshToken`, `IdToken`, `Account`,
//! `AppMetadata`), each a map from MSAL's key (the entry's fields joined with `-`, lower-cased)
//! to the entry, written with `json.dumps(cache, indent=4)`. Entries and fields azrs does not
//! know (other apps' tokens, `atext` entries, future fields) are kept as they are.
//!
//! Only the document is here: lookups with MSAL's matching rules and the entries a token
//! response adds. Reading and writing the file under az's lock is `file.rs`'s.

use serde_json::{Map, Value, json};

/// MSAL's credential-type sections.
pub const ACCESS_TOKEN: &str = "AccessToken";
/// Refresh tokens.
pub const REFRESH_TOKEN: &str = "RefreshToken";
/// ID tokens.
pub const ID_TOKEN: &str = "IdToken";
/// Accounts (people).
pub const ACCOUNT: &str = "Account";
/// Per-app metadata.
pub const APP_METADATA: &str = "AppMetadata";

/// MSAL and az treat an access token as expired this many seconds before it is.
pub const EXPIRY_MARGIN_SECS: i64 = 5 * 60;

/// Who a token belongs to, as MSAL keys it: a service principal or managed identity has no
/// `home_account_id`; a person has `<oid>.<tid>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheIdentity {
    /// `home_account_id` (`None` for an app).
    pub home_account_id: Option<String>,
    /// `environment`: the authority's host name, lower-case, no port (`login.microsoftonline.com`).
    pub environment: String,
    /// `client_id`: the application that asked (az's own for people).
    pub client_id: String,
    /// `realm`: the tenant of the authority.
    pub realm: String,
}

/// An access token found in, or added to, the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedToken {
    /// The token.
    pub secret: String,
    /// Unix seconds.
    pub expires_on: i64,
}

/// A token endpoint's answer, the fields MSAL stores.
#[derive(Debug, Clone, Default)]
pub struct TokenResponse {
    /// `access_token`.
    pub access_token: String,
    /// `expires_in` seconds.
    pub expires_in: i64,
    /// `ext_expires_in` seconds (defaults to `expires_in`).
    pub ext_expires_in: Option<i64>,
    /// `refresh_in` seconds, when the server says when to refresh.
    pub refresh_in: Option<i64>,
    /// `token_type` (defaults to `Bearer`).
    pub token_type: Option<String>,
    /// `refresh_token`.
    pub refresh_token: Option<String>,
    /// `id_token` (a JWT).
    pub id_token: Option<String>,
    /// `foci` (family of client ids).
    pub foci: Option<String>,
    /// `scope`: what was granted; MSAL keys the tokens by it when the server says.
    pub scope: Option<String>,
}

/// The parsed cache.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenCache {
    doc: Map<String, Value>,
}

impl TokenCache {
    /// Parse the file's text; empty text is an empty cache.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        Ok(Self {
            doc: serde_json::from_str(text)?,
        })
    }

    /// The text MSAL writes: `json.dumps(cache, indent=4)`.
    pub fn to_text(&self) -> String {
        crate::py::json::Dumps::indent(4).json(&Value::Object(self.doc.clone()))
    }

    /// The entries of one credential type.
    pub fn section(&self, kind: &str) -> impl Iterator<Item = (&String, &Value)> {
        self.doc
            .get(kind)
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.iter())
    }

    fn section_mut(&mut self, kind: &str) -> &mut Map<String, Value> {
        let e = self
            .doc
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()));
        if !e.is_object() {
            *e = Value::Object(Map::new());
        }
        match e {
            Value::Object(m) => m,
            _ => unreachable!("just made it an object"),
        }
    }

    /// The freshest usable access token of `who` covering `scopes` (MSAL's search: the
    /// identity fields equal, the entry's `target` a superset of `scopes`, no `ext_cache_key`,
    /// more than five minutes left, `refresh_on` not passed).
    pub fn find_access_token(
        &self,
        who: &CacheIdentity,
        scopes: &[&str],
        now: i64,
    ) -> Option<CachedToken> {
        self.section(ACCESS_TOKEN)
            .map(|(_, e)| e)
            .filter(|e| matches_identity(e, who) && e.get("ext_cache_key").is_none())
            .filter(|e| {
                let target = str_of(e, "target");
                let have: Vec<&str> = target.split_whitespace().collect();
                scopes.iter().all(|s| have.contains(s))
            })
            .filter_map(|e| {
                let expires_on = int_of(e, "expires_on")?;
                let refresh_due = int_of(e, "refresh_on").is_some_and(|r| r < now);
                (expires_on - now >= EXPIRY_MARGIN_SECS && !refresh_due).then(|| CachedToken {
                    secret: str_of(e, "secret").to_owned(),
                    expires_on,
                })
            })
            .max_by_key(|t| t.expires_on)
    }

    /// The refresh token of a person (`home_account_id`) for `client_id` in `environment`.
    pub fn find_refresh_token(&self, who: &CacheIdentity) -> Option<String> {
        self.section(REFRESH_TOKEN)
            .map(|(_, e)| e)
            .find(|e| {
                who.home_account_id.as_deref() == e.get("home_account_id").and_then(Value::as_str)
                    && str_of(e, "environment").eq_ignore_ascii_case(&who.environment)
                    && str_of(e, "client_id") == who.client_id
            })
            .map(|e| str_of(e, "secret").to_owned())
    }

    /// The accounts (people) whose `username` is `username` (case-insensitive), or all.
    pub fn accounts(&self, username: Option<&str>) -> Vec<Value> {
        self.section(ACCOUNT)
            .map(|(_, e)| e)
            .filter(|e| username.is_none_or(|u| str_of(e, "username").eq_ignore_ascii_case(u)))
            .cloned()
            .collect()
    }

    /// Add what a token response carries, as MSAL's `TokenCache.add` does: the access token,
    /// and for a person the account, id token and refresh token; the app's metadata always.
    /// The tokens' `target` is the granted `scope` of the response when it has one, else
    /// `scopes` (what was asked: MSAL's request scope). `account` is `(home_account_id,
    /// local_account_id, username, grant_type)` for a person.
    pub fn add(
        &mut self,
        who: &CacheIdentity,
        scopes: &[&str],
        response: &TokenResponse,
        account: Option<(&str, &str, &str, &str)>,
        now: i64,
    ) {
        let mut sorted: Vec<&str> = match &response.scope {
            Some(granted) => granted.split_whitespace().collect(),
            None => scopes.to_vec(),
        };
        sorted.sort_unstable();
        let target = sorted.join(" ");
        let home = who
            .home_account_id
            .clone()
            .map_or(Value::Null, Value::String);
        let home_key = who.home_account_id.as_deref().unwrap_or("");
        if !response.access_token.is_empty() {
            let ext = response.ext_expires_in.unwrap_or(response.expires_in);
            let mut at = json!({
                "credential_type": ACCESS_TOKEN,
                "secret": response.access_token,
                "home_account_id": home,
                "environment": who.environment,
                "client_id": who.client_id,
                "target": target,
                "realm": who.realm,
                "token_type": response.token_type.as_deref().unwrap_or("Bearer"),
                "cached_at": now.to_string(),
                "expires_on": (now + response.expires_in).to_string(),
                "extended_expires_on": (now + ext).to_string(),
            });
            if let (Some(r), Some(o)) = (response.refresh_in, at.as_object_mut()) {
                o.insert("refresh_on".into(), json!((now + r).to_string()));
            }
            let key = join_key(&[
                home_key,
                &who.environment,
                ACCESS_TOKEN,
                &who.client_id,
                &who.realm,
                &target,
            ]);
            self.section_mut(ACCESS_TOKEN).insert(key, at);
        }
        if let Some((home_id, local_id, username, grant)) = account {
            let mut acct = json!({
                "home_account_id": home_id,
                "environment": who.environment,
                "realm": who.realm,
                "local_account_id": local_id,
                "username": username,
                "authority_type": "MSSTS",
            });
            if matches!(
                grant,
                "authorization_code"
                    | "device_code"
                    | "urn:ietf:params:oauth:grant-type:device_code"
            ) && let Some(o) = acct.as_object_mut()
            {
                o.insert("account_source".into(), json!(grant));
            }
            let key = join_key(&[home_id, &who.environment, &who.realm]);
            // MSAL merges into what is there (`dict(old, **new)`): keep other fields.
            merge_into(self.section_mut(ACCOUNT), key, acct);
        }
        if let Some(idt) = &response.id_token {
            let entry = json!({
                "credential_type": ID_TOKEN,
                "secret": idt,
                "home_account_id": home,
                "environment": who.environment,
                "realm": who.realm,
                "client_id": who.client_id,
            });
            let key = join_key(&[
                home_key,
                &who.environment,
                ID_TOKEN,
                &who.client_id,
                &who.realm,
                "",
            ]);
            self.section_mut(ID_TOKEN).insert(key, entry);
        }
        if let Some(rt) = &response.refresh_token {
            let mut entry = json!({
                "credential_type": REFRESH_TOKEN,
                "secret": rt,
                "home_account_id": home,
                "environment": who.environment,
                "client_id": who.client_id,
                "target": target,
                "last_modification_time": now.to_string(),
            });
            if let (Some(f), Some(o)) = (&response.foci, entry.as_object_mut()) {
                o.insert("family_id".into(), json!(f));
            }
            let key = join_key(&[
                home_key,
                &who.environment,
                REFRESH_TOKEN,
                &who.client_id,
                "",
                &target,
            ]);
            self.section_mut(REFRESH_TOKEN).insert(key, entry);
        }
        let mut meta = json!({"client_id": who.client_id, "environment": who.environment});
        if let (Some(f), Some(o)) = (&response.foci, meta.as_object_mut()) {
            o.insert("family_id".into(), json!(f));
        }
        let key = format!("appmetadata-{}-{}", who.environment, who.client_id);
        merge_into(self.section_mut(APP_METADATA), key, meta);
    }

    /// Remove a refresh token that the server refused (`invalid_grant`), as MSAL does.
    pub fn remove_refresh_token(&mut self, who: &CacheIdentity, secret: &str) {
        self.section_mut(REFRESH_TOKEN).retain(|_, e| {
            !(str_of(e, "secret") == secret
                && str_of(e, "client_id") == who.client_id
                && who.home_account_id.as_deref()
                    == e.get("home_account_id").and_then(Value::as_str))
        });
    }

    /// Replace a redeemed refresh token by the one the server rotated to, in place (MSAL's
    /// `update_rt`: same entry, new `secret` and `last_modification_time`).
    pub fn update_refresh_token(&mut self, who: &CacheIdentity, old: &str, new: &str, now: i64) {
        for (_, e) in self.section_mut(REFRESH_TOKEN).iter_mut() {
            let mine = str_of(e, "secret") == old
                && str_of(e, "client_id") == who.client_id
                && e.get("home_account_id").and_then(Value::as_str)
                    == who.home_account_id.as_deref();
            if let (true, Some(o)) = (mine, e.as_object_mut()) {
                o.insert("secret".into(), json!(new));
                o.insert("last_modification_time".into(), json!(now.to_string()));
            }
        }
    }

    /// Sign a person out as az's `logout_user` does (MSAL's `get_accounts(username)` then
    /// `remove_account` of each): for every account of `username` in `environment`, its refresh
    /// tokens of `client_id` (or its family), and all its access tokens, id tokens and account
    /// entries in that environment, whatever the realm. True if anything went.
    pub fn remove_user(&mut self, environment: &str, username: &str, client_id: &str) -> bool {
        let homes: Vec<String> = self
            .section(ACCOUNT)
            .map(|(_, e)| e)
            .filter(|e| {
                str_of(e, "username").eq_ignore_ascii_case(username)
                    && str_of(e, "environment").eq_ignore_ascii_case(environment)
            })
            .map(|e| str_of(e, "home_account_id").to_owned())
            .collect();
        if homes.is_empty() {
            return false;
        }
        let family = self
            .section(APP_METADATA)
            .map(|(_, e)| e)
            .find(|e| {
                str_of(e, "client_id") == client_id
                    && str_of(e, "environment").eq_ignore_ascii_case(environment)
            })
            .and_then(|e| e.get("family_id").and_then(Value::as_str))
            .map(str::to_owned);
        let owned = |e: &Value| {
            str_of(e, "environment").eq_ignore_ascii_case(environment)
                && homes
                    .iter()
                    .any(|h| e.get("home_account_id").and_then(Value::as_str) == Some(h.as_str()))
        };
        self.section_mut(REFRESH_TOKEN).retain(|_, e| {
            !(owned(e)
                && (str_of(e, "client_id") == client_id
                    || family
                        .as_deref()
                        .is_some_and(|f| e.get("family_id").and_then(Value::as_str) == Some(f))))
        });
        for kind in [ACCESS_TOKEN, ID_TOKEN, ACCOUNT] {
            self.section_mut(kind).retain(|_, e| !owned(e));
        }
        true
    }

    /// Remove an application's own access tokens in `environment` (no `home_account_id`), as
    /// MSAL's `remove_tokens_for_client` does for `logout` of a service principal. True if any.
    pub fn remove_tokens_for_client(&mut self, client_id: &str, environment: &str) -> bool {
        let at = self.section_mut(ACCESS_TOKEN);
        let before = at.len();
        at.retain(|_, e| {
            !(str_of(e, "client_id") == client_id
                && str_of(e, "environment").eq_ignore_ascii_case(environment)
                && e.get("home_account_id").is_none_or(Value::is_null))
        });
        before != at.len()
    }
}

fn matches_identity(e: &Value, who: &CacheIdentity) -> bool {
    let home = e.get("home_account_id").and_then(Value::as_str);
    home == who.home_account_id.as_deref()
        && str_of(e, "environment").eq_ignore_ascii_case(&who.environment)
        && str_of(e, "client_id") == who.client_id
        && str_of(e, "realm") == who.realm
}

fn merge_into(section: &mut Map<String, Value>, key: String, new: Value) {
    match (section.get_mut(&key), new) {
        (Some(Value::Object(old)), Value::Object(new)) => old.extend(new),
        (_, new) => {
            section.insert(key, new);
        }
    }
}

/// MSAL's key: the parts joined with `-`, lower-cased.
fn join_key(parts: &[&str]) -> String {
    parts.join("-").to_lowercase()
}

/// A string field, `""` when missing.
pub fn str_of<'a>(e: &'a Value, k: &str) -> &'a str {
    e.get(k).and_then(Value::as_str).unwrap_or("")
}

/// MSAL stores times as strings of Unix seconds (older writers used numbers).
fn int_of(e: &Value, k: &str) -> Option<i64> {
    match e.get(k)? {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp() -> CacheIdentity {
        CacheIdentity {
            home_account_id: None,
            environment: "127.0.0.1".into(),
            client_id: "00000000-0000-4000-8000-0000000a9901".into(),
            realm: "00000000-0000-4000-8000-00000000face".into(),
        }
    }

    const SCOPE: &str = "https://management.core.windows.net//.default";

    // What az 2.91 wrote after `login --service-principal` against the emulator (the secret
    // shortened).
    const AZ_WROTE: &str = r#"{
    "AccessToken": {
        "-127.0.0.1-accesstoken-00000000-0000-4000-8000-0000000a9901-00000000-0000-4000-8000-00000000face-https://management.core.windows.net//.default": {
            "credential_type": "AccessToken",
            "secret": "eyJ0b2tlbg",
            "home_account_id": null,
            "environment": "127.0.0.1",
            "client_id": "00000000-0000-4000-8000-0000000a9901",
            "target": "https://management.core.windows.net//.default",
            "realm": "00000000-0000-4000-8000-00000000face",
            "token_type": "Bearer",
            "cached_at": "1796399788",
            "expires_on": "1796403387",
            "extended_expires_on": "1796403387"
        }
    },
    "AppMetadata": {
        "appmetadata-127.0.0.1-00000000-0000-4000-8000-0000000a9901": {
            "client_id": "00000000-0000-4000-8000-0000000a9901",
            "environment": "127.0.0.1"
        }
    }
}"#;

    #[test]
    fn service_principal_entry_is_byte_for_byte_what_az_writes() {
        let mut c = TokenCache::default();
        let r = TokenResponse {
            access_token: "eyJ0b2tlbg".into(),
            expires_in: 3599,
            ..TokenResponse::default()
        };
        c.add(&sp(), &[SCOPE], &r, None, 1796399788);
        assert_eq!(c.to_text(), AZ_WROTE);
    }

    #[test]
    fn reads_az_entry_until_five_minutes_before_expiry() {
        let c = TokenCache::parse(AZ_WROTE).expect("parse");
        let hit = c.find_access_token(&sp(), &[SCOPE], 1796399788 + 10);
        assert_eq!(hit.map(|t| t.secret), Some("eyJ0b2tlbg".to_owned()));
        assert!(
            c.find_access_token(&sp(), &[SCOPE], 1796403387 - 299)
                .is_none()
        );
        let other = CacheIdentity {
            realm: "other".into(),
            ..sp()
        };
        assert!(c.find_access_token(&other, &[SCOPE], 1796399788).is_none());
        assert!(
            c.find_access_token(&sp(), &["other/.default"], 1796399788)
                .is_none()
        );
    }

    #[test]
    fn service_principal_logout_removes_only_its_tokens_in_that_cloud() {
        let mut c = TokenCache::parse(AZ_WROTE).expect("parse");
        assert!(!c.remove_tokens_for_client(&sp().client_id, "elsewhere"));
        assert!(!c.remove_tokens_for_client("other-app", "127.0.0.1"));
        assert!(c.remove_tokens_for_client(&sp().client_id, "127.0.0.1"));
        assert!(c.find_access_token(&sp(), &[SCOPE], 1796399788).is_none());
    }

    #[test]
    fn unknown_sections_and_fields_survive() {
        let text =
            r#"{"Future": {"k": {"x": 1}}, "AccessToken": {"k": {"secret": "s", "extra": true}}}"#;
        let mut c = TokenCache::parse(text).expect("parse");
        c.add(&sp(), &[SCOPE], &TokenResponse::default(), None, 1);
        let back: Value = serde_json::from_str(&c.to_text()).expect("json");
        assert_eq!(back["Future"]["k"]["x"], 1);
        assert_eq!(back["AccessToken"]["k"]["extra"], true);
    }

    #[test]
    fn person_tokens_and_removal() {
        let who = CacheIdentity {
            home_account_id: Some("oid.tid".into()),
            environment: "login.example".into(),
            client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46".into(),
            realm: "tid".into(),
        };
        let mut c = TokenCache::default();
        let r = TokenResponse {
            access_token: "at".into(),
            expires_in: 3600,
            refresh_token: Some("rt".into()),
            id_token: Some("idt".into()),
            foci: Some("1".into()),
            ..TokenResponse::default()
        };
        c.add(
            &who,
            &[SCOPE],
            &r,
            Some(("oid.tid", "oid", "a@b.c", "device_code")),
            100,
        );
        assert_eq!(c.find_refresh_token(&who).as_deref(), Some("rt"));
        assert_eq!(c.accounts(Some("A@B.C")).len(), 1);
        assert!(c.find_access_token(&who, &[SCOPE], 200).is_some());
        assert!(c.remove_user("login.example", "a@b.c", &who.client_id));
        assert!(c.find_refresh_token(&who).is_none());
        assert!(c.accounts(None).is_empty());
        assert!(c.find_access_token(&who, &[SCOPE], 200).is_none());
    }
}
