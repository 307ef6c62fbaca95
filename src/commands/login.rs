//! `azrs login` / `azrs logout`: sign in (service principal, managed identity, federated token)
//! and record the subscriptions in az's `azureProfile.json`.

use crate::cli::{LoginArgs, LogoutArgs};
use crate::commands::{Ctx, Outcome, fail};

/// `azrs login`.
pub async fn login(_ctx: &Ctx, _args: LoginArgs) -> anyhow::Result<Outcome> {
    fail("'login' is not implemented yet")
}

/// `azrs logout`.
pub fn logout(_ctx: &Ctx, _args: LogoutArgs) -> anyhow::Result<Outcome> {
    fail("'logout' is not implemented yet")
}
