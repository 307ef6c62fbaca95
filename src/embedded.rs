//! The one seam between the client and the `azrs-emulator` crate: the embedded default that
//! `AZRS_EMULATOR` switches on. It hands the app an `azure_core` transport that runs requests
//! through the emulator in process, the origin those requests are addressed to, and the
//! emulator's default subscription and service principal for a machine with no login.
//!
//! Nothing else in the client names the emulator crate, so the client's request building
//! and the emulator's request handling can never share code (a client bug cannot hide in the
//! fake). This module owns no ARM knowledge of its own.
//!
//! The in-process emulator has no command line, so the tunables the HTTPS emulator takes as
//! flags (`--token-lifetime`, `--refresh-token-lifetime`, `--device-code-*`, `--lro-polls`)
//! are read from [`OPTIONS_FILE`] in the state directory when it exists. A file rather than
//! environment variables, because the setting belongs to the emulated cloud in that directory
//! (every process that opens it must agree), and not `emulator.json`, which the HTTPS
//! emulator writes to describe itself and rewrites on every start.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use azrs_emulator::core::DeviceCodeOutcome;
use azrs_emulator::front::inprocess::IN_PROCESS_OPTIONS;
use azrs_emulator::front::{EmulatorOptions, FaultConfig};
use azure_core::http::HttpClient;
use serde_json::Value;

/// The origin (`https://…`) the in-process emulator answers for.
pub const ORIGIN: &str = azrs_emulator::front::inprocess::IN_PROCESS_ORIGIN;

/// The emulator's default identity: what azrs uses against the embedded emulator when nobody
/// ran `azrs login` against it.
pub struct Defaults {
    pub subscription_id: String,
    pub subscription_name: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// The defaults the embedded emulator is created with.
pub fn defaults() -> Defaults {
    let s = azrs_emulator::core::Settings::new(ORIGIN);
    Defaults {
        subscription_id: s.subscription_id,
        subscription_name: s.subscription_name,
        tenant_id: s.tenant_id,
        client_id: s.sp_client_id,
        client_secret: s.sp_client_secret,
    }
}

/// The file in the state directory that tunes the in-process emulator (camelCase keys, all
/// optional): `tokenLifetimeSecs`, `refreshTokenLifetimeSecs`, `deviceCodePolls`,
/// `deviceCodeOutcome` (`approve`, `decline`, `expire`), `deviceCodeIntervalSecs`, `lroPolls`.
pub const OPTIONS_FILE: &str = "options.json";

/// A transport that serves every request from the emulator state in `dir`.
pub fn transport(dir: &Path) -> anyhow::Result<Arc<dyn HttpClient>> {
    let options = options(dir)?;
    let t = azrs_emulator::front::inprocess::InProcessTransport::with_options(
        dir,
        options,
        FaultConfig::default(),
    )?;
    Ok(Arc::new(t))
}

/// The in-process defaults with what [`OPTIONS_FILE`] in `dir` changes. An unknown key or a
/// bad value is an error: a test that meant to shorten token lifetimes must not silently run
/// with the defaults.
fn options(dir: &Path) -> anyhow::Result<EmulatorOptions> {
    let path = dir.join(OPTIONS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(IN_PROCESS_OPTIONS),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let doc: serde_json::Map<String, Value> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a JSON object", path.display()))?;
    let mut o = IN_PROCESS_OPTIONS;
    for (key, value) in &doc {
        let number = || {
            value
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .with_context(|| format!("{}: {key} must be a whole number", path.display()))
        };
        let lifetime = |secs: u32| {
            if secs == 0 {
                bail!("{}: {key} must be at least 1", path.display());
            }
            Ok(secs)
        };
        match key.as_str() {
            // As `--token-lifetime` and `--refresh-token-lifetime`: at least one second.
            "tokenLifetimeSecs" => o.token_lifetime_secs = lifetime(number()?)?,
            "refreshTokenLifetimeSecs" => o.refresh_token_lifetime_secs = lifetime(number()?)?,
            "deviceCodePolls" => o.device_code.pending_polls = number()?,
            "deviceCodeIntervalSecs" => o.device_code.interval_secs = number()?,
            "lroPolls" => o.lro_polls = number()?,
            "deviceCodeOutcome" => {
                o.device_code.outcome = match value.as_str() {
                    Some("approve") => DeviceCodeOutcome::Approve,
                    Some("decline") => DeviceCodeOutcome::Decline,
                    Some("expire") => DeviceCodeOutcome::Expire,
                    _ => bail!(
                        "{}: deviceCodeOutcome must be approve, decline or expire",
                        path.display()
                    ),
                }
            }
            other => bail!("{}: unknown key {other:?}", path.display()),
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_file_tunes_the_in_process_emulator() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(options(dir.path()).expect("defaults"), IN_PROCESS_OPTIONS);
        std::fs::write(
            dir.path().join(OPTIONS_FILE),
            r#"{"tokenLifetimeSecs": 60, "deviceCodePolls": 3, "deviceCodeOutcome": "decline",
                "deviceCodeIntervalSecs": 0, "refreshTokenLifetimeSecs": 120, "lroPolls": 0}"#,
        )
        .expect("write");
        let o = options(dir.path()).expect("options");
        assert_eq!(o.token_lifetime_secs, 60);
        assert_eq!(o.refresh_token_lifetime_secs, 120);
        assert_eq!(o.lro_polls, 0);
        assert_eq!(o.device_code.pending_polls, 3);
        assert_eq!(o.device_code.interval_secs, 0);
        assert_eq!(o.device_code.outcome, DeviceCodeOutcome::Decline);
        assert_eq!(o.retry_after_secs, IN_PROCESS_OPTIONS.retry_after_secs);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        for bad in [
            r#"{"tokenLifetime": 60}"#,
            r#"{"tokenLifetimeSecs": "60"}"#,
            r#"{"tokenLifetimeSecs": 0}"#,
            r#"{"deviceCodeOutcome": "maybe"}"#,
            "[]",
        ] {
            std::fs::write(dir.path().join(OPTIONS_FILE), bad).expect("write");
            assert!(options(dir.path()).is_err(), "{bad}");
        }
    }
}
