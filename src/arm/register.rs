//! Automatic resource-provider registration, as az's SDK does it: on 409
//! `MissingSubscriptionRegistration` the client POSTs `register` for the namespace the error
//! names and polls the provider until `Registered` (or the timeout), with azure-mgmt-core's
//! api-version (2016-02-01), its wait before each poll and its three warnings. Deciding when to
//! try (and retrying the original request) is [`ArmClient::send`]'s.

use super::client::ArmClient;
use super::error::ArmError;
use super::path::ArmPath;
use super::request::ArmRequest;
use serde_json::Value;
use std::time::Duration;

/// The api-version azure-mgmt-core registers and polls providers with, whatever the client's.
const REGISTRATION_API_VERSION: &str = "2016-02-01";

impl ArmClient {
    /// Registers the provider a `MissingSubscriptionRegistration` error names, in the
    /// subscription `req` was sent to. True once it is `Registered` (the caller retries `req`).
    pub(super) async fn register_missing_provider(
        &self,
        req: &ArmRequest,
        err: &ArmError,
    ) -> Result<bool, ArmError> {
        let url = req.url(self.endpoint())?;
        let (Some(sub), Some(ns)) = (
            ArmPath::subscription_of_url_path(url.path()),
            missing_namespace(err),
        ) else {
            return Ok(false);
        };
        self.register_provider_and_wait(sub, &ns).await
    }

    /// POST register, then poll the provider until `Registered`. Returns false when the POST
    /// is not a 200 (az: "Registration failed. Please register manually.") or on timeout.
    /// `subscription` is `/subscriptions/{sub}` as the failed request sent it.
    async fn register_provider_and_wait(
        &self,
        subscription: ArmPath,
        ns: &str,
    ) -> Result<bool, ArmError> {
        let path = subscription.lit("providers").seg(ns);
        self.warn(&format!(
            "Resource provider '{ns}' used by this operation is not registered. We are registering for you."
        ));
        let reg = self
            .send_raw(&ArmRequest::post(
                &path.clone().lit("register"),
                REGISTRATION_API_VERSION,
                None,
            ))
            .await?;
        if reg.status != 200 {
            self.warn("Registration failed. Please register manually.");
            return Ok(false);
        }
        let interval = if self.options.zero_delays {
            Duration::ZERO
        } else {
            self.options.registration_poll_interval
        };
        let start = std::time::Instant::now();
        let mut polls = 0u32;
        loop {
            // azure-mgmt-core waits before every poll, the first one included.
            if !interval.is_zero() {
                tokio::time::sleep(interval).await;
            }
            let p = self
                .send_raw(&ArmRequest::get(&path, REGISTRATION_API_VERSION))
                .await?;
            if !p.is_success() {
                return Ok(false);
            }
            let state = p
                .json()?
                .get("registrationState")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if state.eq_ignore_ascii_case("Registered") {
                self.warn("Registration succeeded.");
                return Ok(true);
            }
            polls += 1;
            if start.elapsed() + interval > self.options.registration_timeout || polls > 1000 {
                return Ok(false);
            }
        }
    }
}

/// The namespace named by a `MissingSubscriptionRegistration` error: the detail's `target`, else
/// the quoted name in the message (`… use namespace 'Microsoft.ContainerService'.`).
fn missing_namespace(err: &ArmError) -> Option<String> {
    let ArmError::Http { body: Some(b), .. } = err else {
        return None;
    };
    if let Some(t) = b.details.iter().find_map(|d| d.target.clone()) {
        return Some(t);
    }
    let m = b.message.as_deref()?;
    let after = &m[m.find("namespace '")? + "namespace '".len()..];
    Some(after[..after.find('\'')?].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::ArmErrorBody;

    #[test]
    fn namespace_from_detail_target_or_message() {
        let body = ArmErrorBody::from_envelope(br#"{"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions."}}"#);
        let e = ArmError::Http {
            status: 409,
            reason: "Conflict".into(),
            body: body.map(Box::new),
        };
        assert_eq!(
            missing_namespace(&e).as_deref(),
            Some("Microsoft.ContainerService")
        );
    }
}
