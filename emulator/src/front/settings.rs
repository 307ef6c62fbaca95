//! The one place where the front ends build the core's `Settings` and describe a running
//! emulator to its clients (`emulator.json`). Everything else in `front` takes
//! `EmulatorOptions` and calls [`EmulatorOptions::core_settings`], so a change to the core's
//! `Settings` is absorbed here.

use serde::Serialize;

use crate::core::{DeviceCodeOutcome, DeviceCodePolicy, Settings};

/// Tunables a user can set on any front end; the rest of `Settings` is the core's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmulatorOptions {
    /// `InProgress` answers before a long-running operation succeeds.
    pub lro_polls: u32,
    /// `Retry-After` seconds advertised on long-running operations (0 allowed).
    pub retry_after_secs: u32,
    /// Lifetime of every access and id token issued (`expires_in`).
    pub token_lifetime_secs: u32,
    /// How long a refresh token may go unused before it is refused.
    pub refresh_token_lifetime_secs: u32,
    /// How the test user answers device-code sign-ins.
    pub device_code: DeviceCodePolicy,
}

impl EmulatorOptions {
    /// The defaults, usable in constants (`..EmulatorOptions::DEFAULT`).
    pub const DEFAULT: EmulatorOptions = EmulatorOptions {
        lro_polls: 2,
        retry_after_secs: 1,
        token_lifetime_secs: 3599,
        refresh_token_lifetime_secs: 90 * 24 * 3600,
        device_code: DeviceCodePolicy {
            pending_polls: 1,
            outcome: DeviceCodeOutcome::Approve,
            interval_secs: 5,
            expires_in_secs: 900,
        },
    };
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl EmulatorOptions {
    /// The core's settings for an emulator reached at `base_url` (no trailing slash).
    pub fn core_settings(&self, base_url: &str) -> Settings {
        let mut settings = Settings::new(base_url.trim_end_matches('/'));
        settings.lro_polls = self.lro_polls;
        settings.retry_after_secs = self.retry_after_secs;
        settings.token_lifetime_secs = i64::from(self.token_lifetime_secs);
        settings.refresh_token_lifetime_secs = i64::from(self.refresh_token_lifetime_secs);
        settings.device_code = self.device_code;
        settings
    }
}

/// Path of the App Service style managed-identity endpoint served by the core.
const IDENTITY_PATH: &str = "/msi/token";

/// What `emulator.json` tells a client about a running emulator (camelCase on disk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmulatorInfo {
    /// Origin of the listener, e.g. `https://127.0.0.1:41234`.
    pub url: String,
    pub port: u16,
    /// Resource-manager endpoint (with the trailing slash az uses for clouds).
    pub arm_endpoint: String,
    /// Entra authority host; token requests go to `{authorityHost}/{tenant}/oauth2/v2.0/token`.
    pub authority_host: String,
    pub tenant_id: String,
    pub subscription_id: String,
    /// A service principal the emulator accepts (not a real secret).
    pub client_id: String,
    pub client_secret: String,
    /// App Service style managed-identity endpoint (`IDENTITY_ENDPOINT`).
    pub managed_identity_endpoint: String,
    /// Value for `IDENTITY_HEADER`.
    pub identity_header: String,
    /// PEM file of the CA that signed the listener's certificate.
    pub ca_certificate: String,
    pub lro_polls: u32,
    pub retry_after_secs: u32,
    /// Lifetime of issued access and id tokens, in seconds.
    pub token_lifetime_secs: i64,
    /// The person `az login` / `azrs login` (browser or device code) signs in as.
    pub user: UserInfo,
    pub pid: u32,
}

/// The test user as `emulator.json` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub user_principal_name: String,
    pub object_id: String,
    pub tenant_id: String,
    pub display_name: String,
}

impl EmulatorInfo {
    /// Describes an emulator listening on `port` of 127.0.0.1 with `settings`.
    pub fn new(settings: &Settings, port: u16, ca_certificate: &std::path::Path) -> Self {
        let url = settings.base_url.clone();
        Self {
            arm_endpoint: format!("{url}/"),
            authority_host: url.clone(),
            tenant_id: settings.tenant_id.clone(),
            subscription_id: settings.subscription_id.clone(),
            client_id: settings.sp_client_id.clone(),
            client_secret: settings.sp_client_secret.clone(),
            managed_identity_endpoint: format!("{url}{IDENTITY_PATH}"),
            identity_header: settings.identity_header.clone(),
            ca_certificate: ca_certificate.display().to_string(),
            lro_polls: settings.lro_polls,
            retry_after_secs: settings.retry_after_secs,
            token_lifetime_secs: settings.token_lifetime_secs,
            user: UserInfo {
                user_principal_name: settings.user.user_principal_name.clone(),
                object_id: settings.user.object_id.clone(),
                tenant_id: settings.tenant_id.clone(),
                display_name: settings.user.display_name.clone(),
            },
            pid: std::process::id(),
            url,
            port,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_settings_strip_trailing_slash() {
        let s = EmulatorOptions::default().core_settings("https://127.0.0.1:1/");
        assert_eq!(s.base_url, "https://127.0.0.1:1");
        assert_eq!((s.lro_polls, s.retry_after_secs), (2, 1));
    }

    #[test]
    fn info_points_every_endpoint_at_the_listener() {
        let s = EmulatorOptions::default().core_settings("https://127.0.0.1:9");
        let info = EmulatorInfo::new(&s, 9, std::path::Path::new("/d/ca.pem"));
        let v = serde_json::to_value(&info).expect("serialisable");
        assert_eq!(v["armEndpoint"], "https://127.0.0.1:9/");
        assert_eq!(v["authorityHost"], "https://127.0.0.1:9");
        assert_eq!(
            v["managedIdentityEndpoint"],
            "https://127.0.0.1:9/msi/token"
        );
        assert_eq!(v["caCertificate"], "/d/ca.pem");
        assert_eq!(v["tokenLifetimeSecs"], 3599);
        assert_eq!(
            v["user"]["userPrincipalName"],
            "azrs-user@fake.onmicrosoft.com"
        );
        assert_eq!(v["user"]["tenantId"], v["tenantId"]);
    }

    #[test]
    fn options_reach_the_core_settings() {
        let o = EmulatorOptions {
            token_lifetime_secs: 60,
            device_code: DeviceCodePolicy {
                pending_polls: 3,
                outcome: DeviceCodeOutcome::Decline,
                ..EmulatorOptions::DEFAULT.device_code
            },
            ..EmulatorOptions::DEFAULT
        };
        let s = o.core_settings("https://127.0.0.1:9");
        assert_eq!(s.token_lifetime_secs, 60);
        assert_eq!(s.device_code.pending_polls, 3);
        assert_eq!(s.device_code.outcome, DeviceCodeOutcome::Decline);
        // The defaults here and the core's agree.
        let d = EmulatorOptions::DEFAULT.core_settings("https://127.0.0.1:9");
        let core = Settings::new("https://127.0.0.1:9");
        assert_eq!(d.token_lifetime_secs, core.token_lifetime_secs);
        assert_eq!(
            d.refresh_token_lifetime_secs,
            core.refresh_token_lifetime_secs
        );
        assert_eq!(d.device_code, core.device_code);
    }
}
