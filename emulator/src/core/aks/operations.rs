//! The AKS operation URLs (`…/locations/{loc}/operations/{id}` and `…/operationresults/{id}`)
//! that `Azure-AsyncOperation` and `Location` point at: each read counts a poll (`lro` owns
//! when an operation finishes and what that does to the cluster). No namespace gate here, as
//! in ARM.

use serde_json::json;

use super::async_url;
use crate::core::groups::retry_after;
use crate::core::util::{Ctx, Fail, Outcome, empty, json_response};
use crate::core::{OpKind, Operation, State, lro};

fn find_op<'s>(state: &'s State, ctx: &Ctx) -> Result<&'s Operation, Fail> {
    let id = &ctx.segs[7];
    state
        .operations
        .get(id.as_str())
        .filter(|o| o.kind != OpKind::GroupDelete)
        .ok_or_else(|| {
            Fail::new(
                404,
                "OperationNotFound",
                format!("The operation '{id}' could not be found."),
            )
        })
}

pub(crate) fn operation_status(state: &mut State, ctx: &Ctx) -> Outcome {
    find_op(state, ctx)?;
    let id = ctx.segs[7].clone();
    lro::poll(state, ctx, &id);
    let op = find_op(state, ctx)?;
    let mut body = json!({"name": id, "status": op.status, "startTime": op.start});
    if let Some(end) = &op.end {
        body["endTime"] = json!(end);
    }
    if op.status == "Canceled" {
        body["error"] = json!({"code": "Canceled", "message": "The operation was canceled by a later operation."});
    }
    let running = op.status == "InProgress";
    let mut r = json_response(200, &body);
    if running {
        r.headers.push(retry_after(ctx));
    }
    Ok(r)
}

pub(crate) fn operation_result(state: &mut State, ctx: &Ctx) -> Outcome {
    find_op(state, ctx)?;
    let id = ctx.segs[7].clone();
    lro::poll(state, ctx, &id);
    let op = find_op(state, ctx)?;
    if op.status == "InProgress" {
        let mut r = empty(202);
        r.headers.push((
            "Location".into(),
            async_url(ctx, &op.location, "operationresults", &id),
        ));
        r.headers.push(retry_after(ctx));
        return Ok(r);
    }
    Ok(empty(204))
}
