//! The ARM client: resource ids and typed request paths (every name percent-encoded once, in
//! `path.rs`), the api-version table, pure request builders, the `azure_core`
//! pipeline (command headers, retry, bearer token per try, `--debug` tracing), the
//! long-running-operation poller, `nextLink` paging, automatic provider registration and
//! `ArmError`, rendered as az renders ARM errors.
//!
//! It owns HTTP semantics only: it never prints (progress goes to a caller-supplied hook), never
//! chooses credentials (it receives one) and never reads config files.

pub mod api;
mod body;
mod client;
mod error;
pub mod log;
mod lro;
mod path;
mod request;
mod resource_id;
mod retry;

pub use client::{
    ArmClient, ArmClientConfig, ArmResponse, ClientOptions, NO_DELAY_ENV, fetch_cloud_metadata,
    user_agent,
};
pub use error::{ArmError, ArmErrorBody};
pub use lro::{
    LroOptions, LroProgress, PollSource, ProgressHook, StatusKind, classify, poll_source,
};
pub use path::{ArmPath, quote};
pub use request::{ArmRequest, CommandHeaders, Target};
pub use resource_id::{ResourceId, ResourceIdError};
pub use retry::{RetrySettings, retry_after};
