//! `azrs-emulator`: the standalone ARM emulator over HTTPS on 127.0.0.1, for the real `az`,
//! for azrs over a socket and for the README demo.
//!
//! The first line on stdout is `listening on https://127.0.0.1:PORT` (flushed), so scripts
//! can start it with `--port 0` and read the URL; `<state-dir>/emulator.json` describes the
//! endpoints and the test credentials, `<state-dir>/ca.pem` is the CA to trust. It runs
//! until SIGINT or SIGTERM, then drains in-flight requests and exits 0. Errors (a corrupt
//! state file, a busy port) end it with exit 1 and a message on stderr.
//!
//! People sign in as the test user `emulator.json` names (`user`): `az login` (browser; the
//! `/authorize` answer comes back at once) and `az login --use-device-code` (approved after
//! `--device-code-polls` polls, or refused with `--device-code-outcome decline|expire`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

use azrs_emulator::core::{DeviceCodeOutcome, DeviceCodePolicy};
use azrs_emulator::front::faults::parse_rate;
use azrs_emulator::front::server::{self, ServerConfig};
use azrs_emulator::front::{EmulatorOptions, FaultConfig, FaultKind, FaultRule};

/// Local Azure Resource Manager emulator over HTTPS (127.0.0.1 only).
///
/// Also an Entra look-alike on the same origin: service principals (secret or federated
/// assertion), managed identity, and people: the test user named in `emulator.json`
/// (`azrs-user@fake.onmicrosoft.com`) signs in by browser (authorization code with PKCE on a
/// loopback redirect) or device code, with refresh tokens; `--token-lifetime` and the
/// `--device-code-*` flags shape those flows for tests.
#[derive(Debug, Parser)]
#[command(name = "azrs-emulator", version)]
struct Args {
    /// TCP port on 127.0.0.1; 0 picks any free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Directory holding state.json, requests.jsonl, ca.pem and emulator.json.
    #[arg(
        long,
        env = "AZRS_EMULATOR_STATE_DIR",
        default_value = ".azrs-emulator"
    )]
    state_dir: PathBuf,
    /// `InProgress` answers before a long-running operation succeeds.
    #[arg(long, default_value_t = 2)]
    lro_polls: u32,
    /// `Retry-After` seconds on long-running operations and injected 429/503 (0 allowed).
    #[arg(long = "retry-after", default_value_t = 1)]
    retry_after: u32,
    /// Probability (0..1) that any request gets an injected fault.
    #[arg(long, default_value = "0", value_parser = parse_rate)]
    fault_rate: f64,
    /// Seed of the fault generator (same seed + same requests = same faults).
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Fault kinds the global rate picks from: 429, 500, 503, slow, drop.
    #[arg(long, value_delimiter = ',', default_value = "429,500,503", value_parser = FaultKind::parse)]
    fault_kinds: Vec<FaultKind>,
    /// Per-route rule, repeatable: `[METHOD ]PATTERN=KINDS(xCOUNT|@RATE)`, e.g.
    /// `PUT /subscriptions/*/resourcegroups=429x2`; `*` = one segment, trailing `$` = whole path.
    #[arg(long = "fault", value_parser = FaultRule::parse)]
    faults: Vec<FaultRule>,
    /// Delay of a `slow` fault, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    slow_ms: u64,
    /// Lifetime in seconds of every access and id token issued (`expires_in`).
    #[arg(long = "token-lifetime", value_name = "SECONDS", default_value_t = 3599,
          value_parser = clap::value_parser!(u32).range(1..))]
    token_lifetime: u32,
    /// Seconds a refresh token may go unused before it is refused (AADSTS700082).
    #[arg(long = "refresh-token-lifetime", value_name = "SECONDS", default_value_t = 90 * 24 * 3600,
          value_parser = clap::value_parser!(u32).range(1..))]
    refresh_token_lifetime: u32,
    /// Device-code sign-in: `authorization_pending` answers before the outcome.
    #[arg(long, value_name = "N", default_value_t = 1)]
    device_code_polls: u32,
    /// Device-code sign-in: what the test user does after those polls: approve, decline
    /// (`authorization_declined`) or expire (`expired_token`).
    #[arg(long, value_name = "OUTCOME", default_value = "approve", value_parser = DeviceCodeOutcome::parse)]
    device_code_outcome: DeviceCodeOutcome,
    /// Device-code sign-in: the polling `interval` advertised, in seconds (Entra: 5).
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    device_code_interval: u32,
}

impl Args {
    fn server_config(self) -> ServerConfig {
        ServerConfig {
            state_dir: self.state_dir,
            port: self.port,
            options: EmulatorOptions {
                lro_polls: self.lro_polls,
                retry_after_secs: self.retry_after,
                token_lifetime_secs: self.token_lifetime,
                refresh_token_lifetime_secs: self.refresh_token_lifetime,
                device_code: DeviceCodePolicy {
                    pending_polls: self.device_code_polls,
                    outcome: self.device_code_outcome,
                    interval_secs: self.device_code_interval,
                    ..EmulatorOptions::DEFAULT.device_code
                },
            },
            faults: FaultConfig {
                seed: self.fault_seed,
                rate: self.fault_rate,
                kinds: self.fault_kinds,
                rules: self.faults,
                retry_after_secs: self.retry_after,
                slow: Duration::from_millis(self.slow_ms),
            },
        }
    }
}

/// The emulator's one line of stdout; scripts wait for it, so it is flushed at once.
#[allow(clippy::print_stdout)] // this binary's whole stdout contract is this line
fn announce(url: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {url}")?;
    out.flush()
}

async fn shutdown_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot install SIGTERM handler")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("cannot wait for SIGINT")?,
        _ = term.recv() => {}
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AZRS_EMULATOR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let state_dir = args.state_dir.clone();
        let server = server::start(args.server_config())
            .await
            .with_context(|| format!("cannot start the emulator in {}", state_dir.display()))?;
        announce(server.url()).context("cannot write to stdout")?;
        let waited = shutdown_signal().await;
        server.shutdown().await;
        waited
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_flags_parse_into_the_server_config() {
        let args = Args::try_parse_from([
            "azrs-emulator",
            "--fault-kinds",
            "429,drop",
            "--fault-rate",
            "0.25",
            "--fault",
            "PUT /subscriptions/*/resourcegroups=500x2",
            "--retry-after",
            "0",
        ])
        .expect("valid flags");
        let cfg = args.server_config();
        assert_eq!(
            cfg.faults.kinds,
            vec![FaultKind::TooManyRequests, FaultKind::Drop]
        );
        assert_eq!(cfg.faults.rules.len(), 1);
        assert_eq!((cfg.faults.rate, cfg.faults.retry_after_secs), (0.25, 0));
        assert_eq!(cfg.options.lro_polls, 2);
        assert!(Args::try_parse_from(["azrs-emulator", "--fault-rate", "2"]).is_err());
        assert!(Args::try_parse_from(["azrs-emulator", "--fault-kinds", "404"]).is_err());
    }

    #[test]
    fn defaults_parse() {
        let cfg = Args::try_parse_from(["azrs-emulator"])
            .expect("defaults")
            .server_config();
        assert_eq!(cfg.faults.kinds.len(), 3);
        assert_eq!(cfg.port, 0);
        assert_eq!(cfg.options, EmulatorOptions::DEFAULT);
    }

    #[test]
    fn sign_in_flags_parse_into_the_options() {
        let cfg = Args::try_parse_from([
            "azrs-emulator",
            "--token-lifetime",
            "30",
            "--device-code-polls",
            "0",
            "--device-code-outcome",
            "decline",
            "--device-code-interval",
            "1",
        ])
        .expect("valid flags")
        .server_config();
        assert_eq!(cfg.options.token_lifetime_secs, 30);
        assert_eq!(cfg.options.device_code.pending_polls, 0);
        assert_eq!(cfg.options.device_code.outcome, DeviceCodeOutcome::Decline);
        assert_eq!(cfg.options.device_code.interval_secs, 1);
        assert!(Args::try_parse_from(["azrs-emulator", "--token-lifetime", "0"]).is_err());
        assert!(Args::try_parse_from(["azrs-emulator", "--device-code-outcome", "maybe"]).is_err());
    }
}
