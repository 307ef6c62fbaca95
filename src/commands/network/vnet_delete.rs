//! `network vnet delete -g RG -n NAME [--no-wait]`: the DELETE and its long-running operation
//! (no prompt, as in az); prints nothing, and a network that is not there is no error (204).
//!
//! AAZ polls this delete with `final-state-via: location`: once the `Azure-AsyncOperation`
//! status says `Succeeded` it reads the `Location` URL one last time. The shared LRO loop ends
//! a delete at the status, so this verb polls itself to send that final read as az does.

use std::time::Duration;

use super::{VNET_API, required, vnet_path};
use crate::arm::{ArmError, ArmErrorBody, ArmRequest};
use crate::cli::VnetDeleteArgs;
use crate::commands::{Ctx, Outcome};

/// AAZ's poll interval when the service names none.
const DEFAULT_POLL: Duration = Duration::from_secs(30);

pub(crate) async fn run(ctx: &Ctx, args: VnetDeleteArgs) -> anyhow::Result<Outcome> {
    let parts = required(&[
        (&args.vnet.resource_group, "--resource-group"),
        (&args.vnet.name, "-n"),
    ])?;
    let arm = ctx.arm()?;
    let path = vnet_path(&arm.subscription_id, parts[0], parts[1]);
    let first = arm
        .client
        .send(&ArmRequest::delete(&path, VNET_API))
        .await?;
    if args.no_wait || first.status != 202 {
        return Ok(Outcome::none());
    }
    let op = Operation {
        status_url: first.header("azure-asyncoperation").map(str::to_string),
        location: first.header("location").map(str::to_string),
        wait: retry_after(first.header("retry-after")),
    };
    let (opts, spinner) = crate::commands::lro_options(ctx, false);
    let result = poll(ctx, op, &opts).await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}

/// What the DELETE's 202 named: the status URL, the final `Location`, the first wait.
struct Operation {
    status_url: Option<String>,
    location: Option<String>,
    wait: Duration,
}

/// Polls the operation's status URL to a terminal state, then reads its `Location`.
async fn poll(ctx: &Ctx, op: Operation, opts: &crate::arm::LroOptions) -> anyhow::Result<()> {
    let arm = ctx.arm()?;
    if let Some(status_url) = &op.status_url {
        let mut wait = op.wait;
        let mut polls = 0u32;
        loop {
            tokio::time::sleep(crate::commands::poll_interval(ctx, wait)).await;
            let resp = arm
                .client
                .send(&ArmRequest::get_absolute(status_url))
                .await?;
            polls += 1;
            let body = resp.json()?;
            let status = body["status"].as_str().unwrap_or("InProgress").to_string();
            if let Some(hook) = &opts.progress {
                hook(&crate::arm::LroProgress {
                    polls,
                    status: status.clone(),
                });
            }
            match status.as_str() {
                "Succeeded" => break,
                "Failed" | "Canceled" | "Cancelled" => {
                    return Err(ArmError::OperationFailed {
                        status,
                        body: body
                            .get("error")
                            .and_then(ArmErrorBody::from_value)
                            .map(Box::new),
                    }
                    .into());
                }
                _ => wait = retry_after(resp.header("retry-after")),
            }
        }
    }
    if let Some(url) = &op.location {
        arm.client.send(&ArmRequest::get_absolute(url)).await?;
    }
    Ok(())
}

/// A `Retry-After` header in seconds, or AAZ's default.
fn retry_after(header: Option<&str>) -> Duration {
    header
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_POLL, Duration::from_secs)
}
