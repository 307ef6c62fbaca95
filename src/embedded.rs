//! The one seam between the client and the `azrs-emulator` crate: the embedded default that
//! `AZRS_EMULATOR` switches on. It hands the app an `azure_core` transport that runs requests
//! through the emulator in process, the origin those requests are addressed to, and the
//! emulator's default subscription and service principal for a machine with no login.
//!
//! Nothing else in the client names the emulator crate, so the client's request building
//! and the emulator's request handling can never share code (a client bug cannot hide in the
//! fake). This module owns no ARM knowledge of its own.

use std::path::Path;
use std::sync::Arc;

use azure_core::http::HttpClient;

/// The origin (`https://…`) the in-process emulator answers for.
pub const ORIGIN: &str = azrs_emulator::front::inprocess::IN_PROCESS_ORIGIN;

/// The emulator's default identity: what azrs uses against the embedded emulator when nobody
/// ran `azrs login` against it.
pub struct Defaults {
    pub subscription_id: String,
    pub subscription_name: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// The defaults the embedded emulator is created with.
pub fn defaults() -> Defaults {
    let s = azrs_emulator::core::Settings::new(ORIGIN);
    Defaults {
        subscription_id: s.subscription_id,
        subscription_name: s.subscription_name,
        tenant_id: s.tenant_id,
        client_id: s.sp_client_id,
        client_secret: s.sp_client_secret,
    }
}

/// A transport that serves every request from the emulator state in `dir`.
pub fn transport(dir: &Path) -> anyhow::Result<Arc<dyn HttpClient>> {
    let t = azrs_emulator::front::inprocess::InProcessTransport::new(dir)?;
    Ok(Arc::new(t))
}
