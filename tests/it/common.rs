//! Helpers several modules of this binary share: the emulator's default subscription, the ARM
//! requests azrs sent as the emulator logged them, and az's ARM error text. Support code that
//! the differential binary needs too (the sandbox, fake HTTP, wheels, the oracle) is the
//! `azrs-test-support` crate instead.

use azrs_test_support::sandbox::{Azrs, Run};
use serde_json::Value;

/// The emulator's default subscription and tenant (the reference walkthrough's).
pub(crate) const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
pub(crate) const TENANT: &str = "00000000-0000-4000-8000-00000000face";
pub(crate) const TRAILER: &str =
    "\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n";

/// The ARM requests logged after the first `skip` entries (token requests left out).
pub(crate) fn arm_requests(azrs: &Azrs, skip: usize) -> Vec<Value> {
    azrs.requests()
        .into_iter()
        .skip(skip)
        .filter(|r| !r["path"].as_str().unwrap_or_default().contains("/oauth2/"))
        .collect()
}

/// Runs a command and returns it with the ARM requests it sent.
pub(crate) fn run_logged(azrs: &Azrs, args: &[&str]) -> (Run, Vec<Value>) {
    let before = azrs.requests().len();
    let run = azrs.run(args);
    (run, arm_requests(azrs, before))
}

pub(crate) fn header<'a>(req: &'a Value, name: &str) -> &'a str {
    req["headers"][name].as_str().unwrap_or_default()
}

/// az's ARM error text for the error envelope the emulator answered with (output.md §8.2).
pub(crate) fn arm_error_stderr(resp_body: &Value) -> String {
    let code = resp_body["error"]["code"].as_str().expect("error code");
    let message = resp_body["error"]["message"]
        .as_str()
        .expect("error message");
    format!("ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n")
}

pub(crate) fn feature_json(ns: &str, name: &str, state: &str) -> String {
    format!(
        "{{\n  \"id\": \"/subscriptions/{SUB}/providers/Microsoft.Features/providers/{ns}/features/{name}\",\n  \"name\": \"{ns}/{name}\",\n  \"properties\": {{\n    \"state\": \"{state}\"\n  }},\n  \"type\": \"Microsoft.Features/providers/features\"\n}}\n"
    )
}

pub(crate) fn register_warning(feature: &str, ns: &str, done: &str) -> String {
    format!(
        "WARNING: Once the feature '{feature}' is {done}, invoking 'az provider register -n {ns}' is required to get the change propagated\n"
    )
}
