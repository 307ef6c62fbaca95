//! `azrs-emulator`: the standalone ARM emulator over HTTPS on 127.0.0.1 (or the address of
//! `--bind`), for the real `az`, for azrs over a socket, for CI jobs and for the README demo.
//!
//! The first line on stdout is `listening on https://127.0.0.1:PORT` (flushed), so scripts
//! can start it with `--port 0` and read the URL; `<state-dir>/emulator.json` describes the
//! endpoints and the test credentials, `<state-dir>/ca.pem` is the CA to trust. It runs
//! until SIGINT or SIGTERM, then drains in-flight requests and exits 0. Errors (a corrupt
//! state file, a busy port) end it with exit 1 and a message on stderr; a `--bind` value that
//! is no IP address, or no address of this host, with exit 2 (a usage error, as clap's own).
//! Bound to anything but a loopback address it warns on stderr first: it hands tokens to anyone
//! who presents its published test credentials.
//!
//! People sign in as the test user `emulator.json` names (`user`): `az login` (browser; the
//! `/authorize` answer comes back at once) and `az login --use-device-code` (approved after
//! `--device-code-polls` polls, or refused with `--device-code-outcome decline|expire`).

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

use azrs_emulator::core::{DeviceCodeOutcome, DeviceCodePolicy};
use azrs_emulator::front::faults::parse_rate;
use azrs_emulator::front::server::{self, ServerConfig, ServerError};
use azrs_emulator::front::{EmulatorOptions, FaultConfig, FaultKind, FaultRule};

/// Local Azure Resource Manager emulator over HTTPS (127.0.0.1 unless `--bind` says otherwise).
///
/// Also an Entra look-alike on the same origin: service principals (secret or federated
/// assertion), managed identity, and people: the test user named in `emulator.json`
/// (`azrs-user@fake.onmicrosoft.com`) signs in by browser (authorization code with PKCE on a
/// loopback redirect) or device code, with refresh tokens; `--token-lifetime` and the
/// `--device-code-*` flags shape those flows for tests.
#[derive(Debug, Parser)]
#[command(name = "azrs-emulator", version)]
struct Args {
    /// IP address to listen on (IPv4 or IPv6), e.g. a CI host's private test network address;
    /// 0.0.0.0 or :: listens on all. Anyone who can reach it can get tokens it accepts.
    #[arg(long, value_name = "ADDR", default_value_t = server::DEFAULT_BIND, value_parser = parse_bind)]
    bind: IpAddr,
    /// TCP port; 0 picks any free port.
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
            bind: self.bind,
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

/// `--bind`'s value: an IP address, said plainly when it is not one.
fn parse_bind(s: &str) -> Result<IpAddr, String> {
    // A bracketed IPv6 address is how it appears in URLs; accept it as typed from one.
    let bare = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(s);
    bare.parse().map_err(|_| {
        "not an IP address (give an IPv4 address like 127.0.0.1 or 10.0.0.4, or an IPv6 \
         address like ::1; host names are not resolved)"
            .to_owned()
    })
}

/// The warning printed before listening on `bind`, when it is not a loopback address.
fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        let reach = if bind.is_unspecified() {
            "every address of this host".to_owned()
        } else {
            bind.to_string()
        };
        format!(
            "WARNING: azrs-emulator listens on {reach}, not on a loopback address. It accepts \
             the test credentials it publishes in emulator.json and every token it issued, from \
             anyone who can reach it: use it only on a private test network."
        )
    })
}

#[allow(clippy::print_stderr)] // the binary's warnings and errors, before and after tracing
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The emulator's one line of stdout; scripts wait for it, so it is flushed at once.
#[allow(clippy::print_stdout)] // this binary's whole stdout contract is this line
fn announce(url: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {url}")?;
    out.flush()
}

/// Registers the SIGINT and SIGTERM handlers and returns the wait for the first of them.
/// Registered before the URL is announced: a client that reads the URL may signal at once,
/// and a signal that came before its handler would kill the process instead of draining it.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot install SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot install SIGINT handler")?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    let bind = args.bind;
    if let Some(warning) = exposure_warning(bind) {
        say(&warning);
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An address this host does not have is a usage error, like an unparsable one.
            let bad_address = e.chain().any(|c| {
                matches!(c.downcast_ref::<ServerError>(),
                    Some(ServerError::Bind { source, .. })
                        if source.kind() == std::io::ErrorKind::AddrNotAvailable)
            });
            if bad_address {
                say(&format!(
                    "error: invalid value '{bind}' for '--bind <ADDR>': no network interface of \
                     this host has that address ({e:#})"
                ));
                return ExitCode::from(2);
            }
            // As `main` returning the error would print it.
            say(&format!("Error: {e:?}"));
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
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
        let signalled = shutdown_signal()?;
        announce(server.url()).context("cannot write to stdout")?;
        signalled.await;
        server.shutdown().await;
        Ok(())
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
        assert_eq!(cfg.bind, server::DEFAULT_BIND);
        assert_eq!(cfg.options, EmulatorOptions::DEFAULT);
    }

    #[test]
    fn bind_takes_ipv4_and_ipv6_addresses_and_refuses_names() {
        let bind = |v: &str| {
            Args::try_parse_from(["azrs-emulator", "--bind", v]).map(|a| a.server_config().bind)
        };
        assert_eq!(bind("127.0.0.2").expect("v4").to_string(), "127.0.0.2");
        assert_eq!(bind("::1").expect("v6").to_string(), "::1");
        assert_eq!(
            bind("[fd00::4]").expect("bracketed v6").to_string(),
            "fd00::4"
        );
        for bad in ["localhost", "10.0.0", "256.1.1.1", "::1:443:x", ""] {
            let err = bind(bad).expect_err(bad);
            assert_eq!(err.exit_code(), 2, "{bad}");
            assert!(err.to_string().contains("not an IP address"), "{err}");
        }
    }

    #[test]
    fn only_a_non_loopback_bind_warns() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("address");
        assert_eq!(exposure_warning(ip("127.0.0.2")), None);
        assert_eq!(exposure_warning(ip("::1")), None);
        let w = exposure_warning(ip("10.1.2.3")).expect("warning");
        assert!(
            w.starts_with("WARNING: azrs-emulator listens on 10.1.2.3"),
            "{w}"
        );
        assert!(w.contains("anyone who can reach it"), "{w}");
        let all = exposure_warning(ip("0.0.0.0")).expect("warning");
        assert!(all.contains("every address of this host"), "{all}");
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
