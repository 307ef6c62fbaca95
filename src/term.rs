//! The terminal: the only module that writes to stdout and stderr.
//!
//! Everything azrs shows a person passes through here: rendered results on stdout, `WARNING: `
//! and `ERROR: ` lines on stderr, the LRO spinner and download progress (only when stderr is a
//! terminal), and confirmation prompts. Keeping it in one place lets clippy's
//! `print_stdout`/`print_stderr` lints guard the rest of the crate, and gives one spot where a
//! broken pipe is turned into a quiet exit instead of a panic.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Whether warnings are suppressed (`--only-show-errors` or its env/config equivalents).
static ONLY_SHOW_ERRORS: AtomicBool = AtomicBool::new(false);

/// Suppresses (or re-enables) `WARNING: ` lines for the rest of the process.
pub fn set_only_show_errors(on: bool) {
    ONLY_SHOW_ERRORS.store(on, Ordering::Relaxed);
}

/// True when stdout is a terminal.
pub fn stdout_is_tty() -> bool {
    io::stdout().is_terminal()
}

/// True when stderr is a terminal.
pub fn stderr_is_tty() -> bool {
    io::stderr().is_terminal()
}

/// True when stdin is a terminal (prompts are possible).
pub fn stdin_is_tty() -> bool {
    io::stdin().is_terminal()
}

/// Writes rendered output to stdout in one piece and flushes it.
///
/// A closed pipe (`azrs group list | head -1`) is not an error worth reporting: the caller
/// gets `Ok(false)` and should end quietly, as az does.
pub fn write_stdout(bytes: &[u8]) -> io::Result<bool> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

/// Writes raw text to stderr (already formatted lines, e.g. parser errors).
pub fn write_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Prints `WARNING: <msg>` on stderr unless warnings are suppressed.
pub fn warn(msg: &str) {
    if ONLY_SHOW_ERRORS.load(Ordering::Relaxed) {
        return;
    }
    write_stderr(&format!("WARNING: {msg}\n"));
}

/// Prints `ERROR: <msg>` on stderr; multi-line messages keep their line breaks.
pub fn error(msg: &str) {
    write_stderr(&format!("ERROR: {msg}\n"));
}

/// Asks a yes/no question on the terminal; `Ok(None)` when no terminal can answer.
pub fn confirm(question: &str) -> io::Result<Option<bool>> {
    if !stdin_is_tty() {
        return Ok(None);
    }
    write_stderr(&format!("{question} (y/n): "));
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    let answer = line.trim().to_ascii_lowercase();
    Ok(Some(answer == "y" || answer == "yes"))
}

/// A spinner with elapsed time, drawn on stderr only when stderr is a terminal.
///
/// Cloning shares the same spinner; `finish` clears the line. With no terminal every method
/// is a no-op, so scripts see exactly az's non-TTY output.
#[derive(Clone)]
pub struct Spinner {
    inner: Option<Arc<Mutex<SpinnerState>>>,
}

struct SpinnerState {
    label: String,
    started: Instant,
    frame: usize,
    drawn: bool,
}

const FRAMES: [&str; 4] = ["|", "/", "-", "\\"];

impl Spinner {
    /// Starts a spinner labelled `label` (e.g. `Running ..`).
    pub fn new(label: &str) -> Spinner {
        let inner = stderr_is_tty().then(|| {
            Arc::new(Mutex::new(SpinnerState {
                label: label.to_string(),
                started: Instant::now(),
                frame: 0,
                drawn: false,
            }))
        });
        Spinner { inner }
    }

    /// Advances one frame and redraws.
    pub fn tick(&self) {
        let Some(inner) = &self.inner else { return };
        let Ok(mut s) = inner.lock() else { return };
        s.frame = (s.frame + 1) % FRAMES.len();
        s.drawn = true;
        let elapsed = s.started.elapsed();
        write_stderr(&format!(
            "\r\x1b[2K{} {} ({})",
            FRAMES[s.frame],
            s.label,
            format_elapsed(elapsed)
        ));
    }

    /// Clears the spinner line.
    pub fn finish(&self) {
        let Some(inner) = &self.inner else { return };
        let Ok(s) = inner.lock() else { return };
        if s.drawn {
            write_stderr("\r\x1b[2K");
        }
    }
}

/// A byte-count progress bar on stderr for downloads; silent without a terminal.
pub struct Progress {
    enabled: bool,
    label: String,
}

impl Progress {
    /// Starts a progress display for `label`.
    pub fn new(label: &str) -> Progress {
        Progress {
            enabled: stderr_is_tty(),
            label: label.to_string(),
        }
    }

    /// Shows `done` of `total` bytes (total may be unknown).
    pub fn update(&self, done: u64, total: Option<u64>) {
        if !self.enabled {
            return;
        }
        let line = match total {
            Some(t) if t > 0 => {
                let pct = (done.saturating_mul(100) / t).min(100);
                let filled = (pct / 5) as usize;
                format!(
                    "\r\x1b[2K{} [{}{}] {pct:>3}%",
                    self.label,
                    "#".repeat(filled),
                    " ".repeat(20 - filled)
                )
            }
            _ => format!("\r\x1b[2K{} {done} bytes", self.label),
        };
        write_stderr(&line);
    }

    /// Clears the progress line.
    pub fn finish(&self) {
        if self.enabled {
            write_stderr("\r\x1b[2K");
        }
    }
}

fn format_elapsed(d: Duration) -> String {
    let secs = d.as_secs();
    format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_is_h_mm_ss() {
        assert_eq!(format_elapsed(Duration::from_secs(3725)), "1:02:05");
        assert_eq!(format_elapsed(Duration::from_secs(7)), "0:00:07");
    }
}
