//! The wait verbs (`aks wait`, `group wait`): az's generic `WaitCommandOperation`
//! (`core/commands/command_operation.py`) as a pure state machine ([`WaitConditions`]: given
//! the flags and one GET's outcome, is waiting over, does it go on, or does it fail) and the
//! loop around it ([`until`]: GET every `--interval` seconds, `range(0, timeout, interval)`
//! times). `--exists` is met by any successful GET; a `Failed` provisioning state fails the
//! wait; `--created`/`--updated` wait for `Succeeded`; `--custom` evaluates JMESPath on the
//! resource as its `show` prints it (the `--query` evaluator, [`crate::output::Query`]) and
//! tests the result with Python's `bool()`; a 404 completes `--deleted`, is waited out by
//! `--created`/`--exists`/`--custom`, and is re-raised otherwise; any other error is
//! re-raised. The caller supplies the GET; the app prints the errors.

use std::future::Future;
use std::time::Duration;

use serde_json::{Value, json};

use crate::arm::ArmError;
use crate::cli::WaitArgs;
use crate::commands::{CliError, Ctx, Outcome, fail};
use crate::output::Query;

/// GET (through `get`, which returns the resource as its `show` prints it) until `args`'s
/// condition holds, as az's wait verbs do.
pub(crate) async fn until<F, Fut>(ctx: &Ctx, args: &WaitArgs, mut get: F) -> anyhow::Result<Outcome>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, ArmError>>,
{
    let conditions = WaitConditions::new(
        args.created,
        args.updated,
        args.deleted,
        args.exists,
        args.custom.as_deref(),
    )?;
    let interval = i64::try_from(args.interval).unwrap_or(i64::MAX);
    let timeout = i64::try_from(args.timeout).unwrap_or(i64::MAX);
    // Python's range() rejects a zero step, so az fails here too (with a traceback).
    let Some(attempts) = wait_attempts(timeout, interval) else {
        return fail("--interval must be a positive number of seconds.");
    };
    let no_delay = crate::commands::no_delay(ctx);
    for attempt in 0..attempts {
        let got = get().await;
        let observation = match &got {
            Ok(resource) => WaitObservation::Found(resource),
            Err(e) if e.is_not_found() => WaitObservation::NotFound,
            Err(_) => WaitObservation::OtherError,
        };
        match conditions.decide(observation) {
            WaitDecision::Done => return Ok(Outcome::none()),
            WaitDecision::KeepWaiting => {}
            WaitDecision::Propagate => {
                return match got {
                    Err(e) => Err(e.into()),
                    Ok(_) => fail("The operation failed"),
                };
            }
            WaitDecision::Fail { message, exit_code } => {
                return Err(CliError {
                    message,
                    exit_code: u8::try_from(exit_code).unwrap_or(1),
                }
                .into());
            }
        }
        if !no_delay && attempt + 1 < attempts {
            tokio::time::sleep(Duration::from_secs(args.interval)).await;
        }
    }
    // az 2.91 returns (does not raise) its timeout error, which prints as `{}` with exit 0
    // (Azure/azure-cli#34004).
    Ok(Outcome::value(json!({})))
}

/// The condition flags of one `wait` invocation, with `--custom` compiled once.
pub struct WaitConditions {
    pub created: bool,
    pub updated: bool,
    pub deleted: bool,
    pub exists: bool,
    custom: Option<Query>,
}

/// One observation of the resource.
pub enum WaitObservation<'a> {
    /// The GET succeeded; the value is the resource as its `show` prints it.
    Found(&'a Value),
    /// The GET answered 404.
    NotFound,
    /// The GET failed otherwise (any other HTTP or transport error).
    OtherError,
}

/// What the wait loop does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitDecision {
    /// The condition is met: print nothing, exit 0.
    Done,
    /// Sleep `--interval` seconds and GET again (if attempts remain).
    KeepWaiting,
    /// Stop and report the GET's own error (404 → exit 3, others → exit 1), as az re-raises it.
    Propagate,
    /// Stop with this message and exit code.
    Fail { message: String, exit_code: i32 },
}

impl WaitConditions {
    /// Builds the conditions; no condition at all is az's usage error (its 2.91 text, checked
    /// by the `group wait` differential), and an unparsable `--custom` expression is rejected
    /// up front.
    pub fn new(
        created: bool,
        updated: bool,
        deleted: bool,
        exists: bool,
        custom: Option<&str>,
    ) -> Result<Self, CliError> {
        if !(created || updated || deleted || exists || custom.is_some()) {
            return Err(CliError::new(
                "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH",
            ));
        }
        let custom = custom
            .map(|q| {
                // azrs's own text (az only fails when it first evaluates the expression).
                Query::compile(q).map_err(|_| {
                    CliError::new(format!(
                        "invalid --custom expression: {}",
                        crate::py::repr::str_repr(q)
                    ))
                })
            })
            .transpose()?;
        Ok(WaitConditions {
            created,
            updated,
            deleted,
            exists,
            custom,
        })
    }

    /// The decision for one observation.
    pub fn decide(&self, observation: WaitObservation<'_>) -> WaitDecision {
        match observation {
            WaitObservation::Found(resource) => self.decide_found(resource),
            WaitObservation::NotFound => {
                if self.deleted {
                    WaitDecision::Done
                } else if self.created || self.exists || self.custom.is_some() {
                    WaitDecision::KeepWaiting
                } else {
                    WaitDecision::Propagate
                }
            }
            WaitObservation::OtherError => WaitDecision::Propagate,
        }
    }

    fn decide_found(&self, resource: &Value) -> WaitDecision {
        if self.exists {
            return WaitDecision::Done;
        }
        let state = provisioning_state(resource).map(str::to_lowercase);
        if state.as_deref() == Some("failed") {
            return WaitDecision::Fail {
                message: "The operation failed".to_owned(),
                exit_code: 1,
            };
        }
        if (self.created || self.updated) && state.as_deref() == Some("succeeded") {
            return WaitDecision::Done;
        }
        if let Some(expr) = &self.custom {
            match expr.search_json(resource) {
                Ok(result) if crate::py::truthy(&result) => return WaitDecision::Done,
                Ok(_) => {}
                Err(e) => {
                    return WaitDecision::Fail {
                        message: e.to_string(),
                        exit_code: 1,
                    };
                }
            }
        }
        WaitDecision::KeepWaiting
    }
}

/// az's `_get_provisioning_state`: the resource's own `provisioningState` (a flattened model
/// such as a cluster), else its `properties.provisioningState` (a resource group). An empty
/// one counts as none, as Python's `if not provisioning_state` has it.
fn provisioning_state(resource: &Value) -> Option<&str> {
    let own = resource.get("provisioningState").and_then(Value::as_str);
    own.filter(|s| !s.is_empty()).or_else(|| {
        resource
            .get("properties")?
            .get("provisioningState")?
            .as_str()
    })
}

/// How many GETs az makes before giving up: `len(range(0, timeout, interval))`.
/// `None` when `interval` is not positive (Python's `range` rejects a zero step).
pub fn wait_attempts(timeout: i64, interval: i64) -> Option<u64> {
    if interval <= 0 {
        return None;
    }
    if timeout <= 0 {
        return Some(0);
    }
    u64::try_from((timeout + interval - 1) / interval).ok()
}
