//! Ending a run on Ctrl-C, SIGTERM or SIGHUP at any point, prompts included: exit code 1,
//! nothing printed (az is silent on Ctrl-C), and nothing left behind: registered temporary
//! files, staging directories and lock files are removed (`super::cleanup`), and the OS locks
//! go with the process.
//!
//! The signals are watched on a thread of their own with its own small runtime, not raced
//! against the command on the command's runtime: a prompt reads stdin synchronously and blocks
//! that runtime, which is how Ctrl-C at a y/n prompt used to be swallowed. The handlers are
//! registered before [`exit_on_signals`] returns, so a signal that arrives a moment later
//! still ends the run cleanly. Once installed they stay for the life of the process (a test
//! binary running commands in process ends on Ctrl-C the same way).
//!
//! A command that does network I/O races its future against the same signals on its own
//! runtime instead ([`on_this_runtime`]), which costs no thread; files it registers for
//! removal meanwhile are removed by that race. The thread starts lazily, because it and its
//! runtime cost more than everything else `azrs version` or `--help` does: at a prompt
//! (`term`) or a lock that must be waited for (`super::lock`), both of which block the
//! command's runtime, for the local commands, and whenever something is registered for
//! removal outside a race (`super::cleanup`), so nothing can be left behind by a signal
//! before it is watched.
//!
//! Not here: what is registered for removal (the writers) and the exit path of a normal run.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many command futures are racing the signals right now ([`Racing`]).
static RACING: AtomicUsize = AtomicUsize::new(0);

/// Held by the app while a command's future races the signals ([`on_this_runtime`]): a file
/// registered for removal meanwhile needs no watcher thread, since the race ends the run
/// (and removes it) at the command's next await. A registration made without a race (before
/// the runtime, a local command) starts the thread.
#[derive(Debug)]
pub struct Racing(());

impl Racing {
    pub fn start() -> Racing {
        RACING.fetch_add(1, Ordering::SeqCst);
        Racing(())
    }
}

impl Drop for Racing {
    fn drop(&mut self) {
        RACING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What `super::cleanup` calls when it registers something for removal: the watcher thread,
/// unless a command's runtime is racing the signals. A signal that arrives while a write is
/// under way on that runtime is acted on at the command's next await: the write finishes (the
/// file is then the new one) or its registered temporary file is removed, either way nothing
/// is left behind; a write with no await after it simply completes.
pub fn watch_for_cleanup() {
    if RACING.load(Ordering::SeqCst) == 0 {
        exit_on_signals();
    }
}

/// Installs the watcher once per process; later calls do nothing. If the handlers cannot be
/// installed the run goes on with the system's default behaviour (the process dies on the
/// signal), which loses only the cleanup.
pub fn exit_on_signals() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if let Err(e) = install() {
            tracing::debug!(error = %e, "signal handlers not installed");
        }
    });
}

/// The signals that end a run, registered now on the runtime this is called in (it needs
/// that runtime's I/O driver): a future the command's runtime races the command against, which
/// ends the run as the watcher thread would once one of them arrives. The app uses this instead
/// of [`exit_on_signals`] for a command with network I/O (holding [`Racing`] meanwhile):
/// the watcher's thread, with its own runtime, was 0.24 ms of a one-request command's
/// ~2.3 ms of CPU (issue 12). A prompt or a lock that must be waited for still starts the
/// watcher, because both block this runtime (a synchronous read of stdin, a lock wait). What
/// this does not cover: a signal that arrives after the command's future finished (while
/// the answer is printed) is caught and ignored, and the run ends as it would have.
pub fn on_this_runtime() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let wait = signals()?;
    Ok(async move {
        wait.await;
        end_run();
    })
}

/// What a watched signal does: remove what is registered for removal and exit 1, silently.
fn end_run() -> ! {
    // Held until the process is gone: nothing is renamed into place after the cleanup.
    let _held = super::cleanup::remove_all();
    std::process::exit(1)
}

fn install() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let wait = {
        let _context = runtime.enter();
        signals()?
    };
    std::thread::Builder::new()
        .name("azrs-signals".into())
        .spawn(move || {
            runtime.block_on(wait);
            end_run();
        })?;
    Ok(())
}

/// A future that completes on the first of the signals that end a run.
#[cfg(unix)]
fn signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
            _ = hangup.recv() => {}
        }
    })
}

/// Windows: Ctrl-C, Ctrl-Break and the console closing.
#[cfg(not(unix))]
fn signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::windows;
    let mut ctrl_c = windows::ctrl_c()?;
    let mut ctrl_break = windows::ctrl_break()?;
    let mut close = windows::ctrl_close()?;
    Ok(async move {
        tokio::select! {
            _ = ctrl_c.recv() => {}
            _ = ctrl_break.recv() => {}
            _ = close.recv() => {}
        }
    })
}
