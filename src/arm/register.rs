//! Automatic resource-provider registration, as az's SDK does it: on 409
//! `MissingSubscriptionRegistration` the client POSTs `register` for the namespace the error
//! names and polls the provider until `Registered` (or the timeout). Deciding when to try
//! (and retrying the original request) is [`ArmClient::send`]'s.

use super::client::ArmClient;
use super::error::ArmError;
use super::path::ArmPath;
use super::request::ArmRequest;
use crate::http::HTTP_TARGET;
use serde_json::Value;
use std::time::Duration;

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

    /// POST register, then poll the provider until `Registered`. Returns false on timeout.
    /// `subscription` is `/subscriptions/{sub}` as the failed request sent it.
    async fn register_provider_and_wait(
        &self,
        subscription: ArmPath,
        ns: &str,
    ) -> Result<bool, ArmError> {
        let path = subscription.lit("providers").seg(ns);
        tracing::debug!(target: HTTP_TARGET, "Resource provider '{ns}' used by this operation is not registered. We are registering for you.");
        let reg = self
            .send_raw(&ArmRequest::post(
                &path.clone().lit("register"),
                super::api::PROVIDERS,
                None,
            ))
            .await?;
        if !reg.is_success() {
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
            let p = self
                .send_raw(&ArmRequest::get(&path, super::api::PROVIDERS))
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
                tracing::debug!(target: HTTP_TARGET, "Registration succeeded.");
                return Ok(true);
            }
            polls += 1;
            if start.elapsed() + interval > self.options.registration_timeout || polls > 1000 {
                return Ok(false);
            }
            if !interval.is_zero() {
                tokio::time::sleep(interval).await;
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
