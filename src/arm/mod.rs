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
mod core_error;
mod error;
mod lro;
mod metadata;
mod methods;
mod path;
pub mod policy_token;
mod register;
mod request;
mod resource_id;
mod response;

pub use client::{ArmClient, ArmClientConfig, ClientOptions, WarnHook};
pub use error::{ArmError, ArmErrorBody};
pub use lro::{LroOptions, LroProgress, ProgressHook};
pub use metadata::{fetch_cloud_metadata, fetch_cloud_metadata_with};
pub use path::{ArmPath, quote};
pub use policy_token::PolicyTokenSettings;
pub use request::{ArmRequest, CommandHeaders, Target};
pub use resource_id::{ResourceId, ResourceIdError};
// The retry settings are part of `ClientOptions`; they live with the transport in `http`.
pub use crate::http::{NO_DELAY_ENV, RetrySettings};
