//! `aks wait -g RG -n NAME (--created|--updated|--deleted|--exists|--custom Q)`: the verb
//! ([`run`]: GET the cluster every `--interval` seconds) around a pure state machine: given the
//! condition flags and the outcome of one `GET` of the cluster, decide whether waiting is over,
//! goes on, or fails.
//!
//! This mirrors azure-cli-core's generic `WaitCommandOperation` (`core/commands/
//! command_operation.py`): the loop runs `range(0, timeout, interval)` times; `--exists` is
//! met by any successful GET; a `Failed` provisioning state fails the wait; `--created`/
//! `--updated` wait for `Succeeded`; `--custom` evaluates JMESPath on the printed cluster (with
//! the same evaluator as `--query`, [`crate::output::Query`]) and tests the result with
//! Python's `bool()`; a 404 completes `--deleted`, is waited out by
//! `--created`/`--exists`/`--custom`, and is re-raised otherwise; any other HTTP error is
//! re-raised. The verb does the GETs and the sleeping; the app prints the errors.

use std::time::Duration;

use serde_json::{Value, json};

use super::flatten::flatten_cluster;
use super::{AksError, CLUSTERS_API, cluster_path};
use crate::arm::ArmError;
use crate::cli::AksWaitArgs;
use crate::commands::{CliError, Ctx, Outcome, fail};
use crate::output::Query;

/// `aks wait`: GET the cluster every `--interval` seconds until the condition holds.
pub(crate) async fn run(ctx: &Ctx, args: AksWaitArgs) -> anyhow::Result<Outcome> {
    let conditions = WaitConditions::new(
        args.created,
        args.updated,
        args.deleted,
        args.exists,
        args.custom.as_deref(),
    )
    .map_err(|e| CliError::new(e.to_string()))?;
    let interval = i64::try_from(args.interval).unwrap_or(i64::MAX);
    let timeout = i64::try_from(args.timeout).unwrap_or(i64::MAX);
    // Python's range() rejects a zero step, so az fails here too (with a traceback).
    let Some(attempts) = wait_attempts(timeout, interval) else {
        return fail("--interval must be a positive number of seconds.");
    };
    let no_delay = crate::commands::no_delay(ctx);
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    for attempt in 0..attempts {
        let got: Result<Value, ArmError> = arm.client.get(&path, CLUSTERS_API).await;
        let printed = got.as_ref().ok().map(flatten_cluster);
        let observation = match (&got, &printed) {
            (_, Some(cluster)) => WaitObservation::Found(cluster),
            (Err(e), None) if e.is_not_found() => WaitObservation::NotFound,
            _ => WaitObservation::OtherError,
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

/// The condition flags of one `aks wait` invocation, with `--custom` compiled once.
pub struct WaitConditions {
    pub created: bool,
    pub updated: bool,
    pub deleted: bool,
    pub exists: bool,
    custom: Option<Query>,
}

/// One observation of the cluster.
pub enum WaitObservation<'a> {
    /// The GET succeeded; the value is the flattened cluster (as `aks show` prints it).
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
    /// Builds the conditions; no condition at all is az's usage error (text UNVERIFIED for
    /// 2.91), and an unparsable `--custom` expression is rejected up front.
    pub fn new(
        created: bool,
        updated: bool,
        deleted: bool,
        exists: bool,
        custom: Option<&str>,
    ) -> Result<Self, AksError> {
        if !(created || updated || deleted || exists || custom.is_some()) {
            return Err(AksError::InvalidArgument(
                "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH"
                    .to_owned(),
            ));
        }
        let custom = custom
            .map(|q| {
                // azrs's own text (az only fails when it first evaluates the expression).
                Query::compile(q).map_err(|_| {
                    AksError::InvalidArgument(format!(
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
            WaitObservation::Found(cluster) => self.decide_found(cluster),
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

    fn decide_found(&self, cluster: &Value) -> WaitDecision {
        if self.exists {
            return WaitDecision::Done;
        }
        let state = cluster
            .get("provisioningState")
            .and_then(Value::as_str)
            .map(str::to_lowercase);
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
            match expr.search_json(cluster) {
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
