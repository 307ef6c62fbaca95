//! The terminal, as a value: the only place that writes to stdout and stderr or reads stdin.
//!
//! Everything azrs shows a person passes through a [`Term`]: rendered results on stdout,
//! `WARNING: ` and `ERROR: ` lines on stderr, the LRO spinner and download progress (only when
//! stderr is a terminal), confirmation prompts, and the `--debug`/`--verbose` log. `main` builds
//! one from the process ([`Term::from_process`]); tests build one over buffers
//! ([`Term::in_memory`]) and read what was printed from the [`Capture`]. Nothing here is global:
//! the only-show-errors switch is a field of the value, so two runs in one process (the
//! in-process tests) never see each other's settings.
//!
//! Keeping every write here lets clippy's `print_stdout`/`print_stderr` lints guard the rest of
//! the crate, and gives one spot where a broken pipe becomes a quiet exit instead of a panic.
//! What is printed (formats, texts) is decided by the callers; this module only carries bytes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A writer shared by every clone of a [`Term`].
type SharedWriter = Mutex<Box<dyn Write + Send>>;

/// The streams behind a [`Term`], shared by its clones (spinners and the log hold clones).
struct Streams {
    out: SharedWriter,
    err: SharedWriter,
    input: Mutex<Box<dyn BufRead + Send>>,
    stdout_tty: bool,
    stderr_tty: bool,
    stdin_tty: bool,
}

/// The terminal one invocation prints to. Cloning is cheap and shares the streams.
#[derive(Clone)]
pub struct Term {
    streams: Arc<Streams>,
    /// Whether `WARNING: ` lines are suppressed (`--only-show-errors` or its env/config forms).
    only_show_errors: bool,
}

/// What an in-memory [`Term`] received, for tests.
#[derive(Clone, Default)]
pub struct Capture {
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

impl Capture {
    /// Everything written to stdout so far (lossy UTF-8).
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.out)).into_owned()
    }

    /// Everything written to stderr so far (lossy UTF-8).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.err)).into_owned()
    }
}

/// How an in-memory terminal behaves: what stdin holds and which streams claim to be TTYs.
#[derive(Clone, Debug, Default)]
pub struct MemoryTerm {
    /// The text prompts read (e.g. `"y\n"`).
    pub stdin: String,
    /// Whether stdout claims to be a terminal (colour needs both stdout and stderr).
    pub stdout_tty: bool,
    /// Whether stderr claims to be a terminal (spinners, progress, colour).
    pub stderr_tty: bool,
    /// Whether stdin claims to be a terminal (prompts are asked only then).
    pub stdin_tty: bool,
}

/// A `Write` over a shared buffer, so the [`Capture`] sees what the [`Term`] wrote.
struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Locks a mutex, taking the data even if a panicking writer poisoned it: printing must go on.
fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Term {
    /// The process's stdout, stderr and stdin, with their real TTY status.
    pub fn from_process() -> Term {
        Term::new(Streams {
            stdout_tty: io::stdout().is_terminal(),
            stderr_tty: io::stderr().is_terminal(),
            stdin_tty: io::stdin().is_terminal(),
            out: Mutex::new(Box::new(io::stdout())),
            err: Mutex::new(Box::new(io::stderr())),
            input: Mutex::new(Box::new(io::BufReader::new(io::stdin()))),
        })
    }

    /// A terminal over buffers: nothing is a TTY and stdin is empty.
    pub fn in_memory() -> (Term, Capture) {
        Term::in_memory_with(MemoryTerm::default())
    }

    /// A terminal over buffers that behaves as `spec` says.
    pub fn in_memory_with(spec: MemoryTerm) -> (Term, Capture) {
        let capture = Capture::default();
        let term = Term::new(Streams {
            out: Mutex::new(Box::new(BufferWriter(capture.out.clone()))),
            err: Mutex::new(Box::new(BufferWriter(capture.err.clone()))),
            input: Mutex::new(Box::new(io::Cursor::new(spec.stdin.into_bytes()))),
            stdout_tty: spec.stdout_tty,
            stderr_tty: spec.stderr_tty,
            stdin_tty: spec.stdin_tty,
        });
        (term, capture)
    }

    fn new(streams: Streams) -> Term {
        Term {
            streams: Arc::new(streams),
            only_show_errors: false,
        }
    }

    /// The same terminal with `WARNING: ` lines suppressed (or not).
    pub fn with_only_show_errors(&self, on: bool) -> Term {
        Term {
            streams: self.streams.clone(),
            only_show_errors: on,
        }
    }

    /// True when stdout is a terminal.
    pub fn stdout_is_tty(&self) -> bool {
        self.streams.stdout_tty
    }

    /// True when stderr is a terminal.
    pub fn stderr_is_tty(&self) -> bool {
        self.streams.stderr_tty
    }

    /// True when stdin is a terminal (prompts are possible).
    pub fn stdin_is_tty(&self) -> bool {
        self.streams.stdin_tty
    }

    /// Writes rendered output to stdout in one piece and flushes it.
    ///
    /// A closed pipe (`azrs group list | head -1`) is not an error worth reporting: the caller
    /// gets `Ok(false)` and should end quietly, as az does.
    pub fn write_stdout(&self, bytes: &[u8]) -> io::Result<bool> {
        let mut out = lock(&self.streams.out);
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Writes raw text to stderr (already formatted lines, e.g. parser errors).
    pub fn write_stderr(&self, text: &str) {
        self.write_stderr_bytes(text.as_bytes());
    }

    fn write_stderr_bytes(&self, bytes: &[u8]) {
        let mut err = lock(&self.streams.err);
        // A closed stderr leaves nobody to tell; az ignores it too.
        let _ = err.write_all(bytes);
        let _ = err.flush();
    }

    /// Prints `WARNING: <msg>` on stderr unless warnings are suppressed.
    pub fn warn(&self, msg: &str) {
        if self.only_show_errors {
            return;
        }
        self.write_stderr(&format!("WARNING: {msg}\n"));
    }

    /// Prints `ERROR: <msg>` on stderr; multi-line messages keep their line breaks.
    pub fn error(&self, msg: &str) {
        self.write_stderr(&format!("ERROR: {msg}\n"));
    }

    /// Asks a yes/no question on the terminal; `Ok(None)` when no terminal can answer.
    pub fn confirm(&self, question: &str) -> io::Result<Option<bool>> {
        if !self.stdin_is_tty() {
            return Ok(None);
        }
        self.write_stderr(&format!("{question} (y/n): "));
        let mut line = String::new();
        lock(&self.streams.input).read_line(&mut line)?;
        let answer = line.trim().to_ascii_lowercase();
        Ok(Some(answer == "y" || answer == "yes"))
    }

    /// knack's `prompt_y_n(question, default="n")`: `<question> (y/N): ` on stdout (Python's
    /// `input`), asked again until the answer is `y`, `n` or empty (the default, no), any case.
    /// `Ok(None)` when no terminal can answer (knack raises `NoTTYException`).
    pub fn prompt_y_n_default_no(&self, question: &str) -> io::Result<Option<bool>> {
        if !self.stdin_is_tty() {
            return Ok(None);
        }
        loop {
            self.write_stdout(format!("{question} (y/N): ").as_bytes())?;
            let mut line = String::new();
            if lock(&self.streams.input).read_line(&mut line)? == 0 {
                // End of input: Python's input() raises EOFError, which az reports as a failure.
                return Ok(None);
            }
            match line
                .trim_end_matches(['\r', '\n'])
                .to_ascii_lowercase()
                .as_str()
            {
                "y" => return Ok(Some(true)),
                "n" | "" => return Ok(Some(false)),
                _ => {}
            }
        }
    }

    /// A writer onto this terminal's stderr, for the `--debug`/`--verbose` log.
    pub fn log_writer(&self) -> LogWriter {
        LogWriter(self.clone())
    }
}

/// Writes log records to a [`Term`]'s stderr (see [`Term::log_writer`]).
pub struct LogWriter(Term);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_stderr_bytes(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A spinner with elapsed time, drawn on stderr only when stderr is a terminal.
///
/// Cloning shares the same spinner; `finish` clears the line. With no terminal every method
/// is a no-op, so scripts see exactly az's non-TTY output.
#[derive(Clone)]
pub struct Spinner {
    term: Term,
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
    /// Starts a spinner labelled `label` (e.g. `Running ..`) on `term`.
    pub fn new(term: &Term, label: &str) -> Spinner {
        let inner = term.stderr_is_tty().then(|| {
            Arc::new(Mutex::new(SpinnerState {
                label: label.to_string(),
                started: Instant::now(),
                frame: 0,
                drawn: false,
            }))
        });
        Spinner {
            term: term.clone(),
            inner,
        }
    }

    /// Advances one frame and redraws.
    pub fn tick(&self) {
        let Some(inner) = &self.inner else { return };
        let mut s = lock(inner);
        s.frame = (s.frame + 1) % FRAMES.len();
        s.drawn = true;
        let elapsed = s.started.elapsed();
        self.term.write_stderr(&format!(
            "\r\x1b[2K{} {} ({})",
            FRAMES[s.frame],
            s.label,
            format_elapsed(elapsed)
        ));
    }

    /// Clears the spinner line.
    pub fn finish(&self) {
        let Some(inner) = &self.inner else { return };
        let s = lock(inner);
        if s.drawn {
            self.term.write_stderr("\r\x1b[2K");
        }
    }
}

/// A byte-count progress bar on stderr for downloads; silent without a terminal.
pub struct Progress {
    term: Term,
    label: String,
}

impl Progress {
    /// Starts a progress display for `label` on `term`.
    pub fn new(term: &Term, label: &str) -> Progress {
        Progress {
            term: term.clone(),
            label: label.to_string(),
        }
    }

    /// Shows `done` of `total` bytes (total may be unknown).
    pub fn update(&self, done: u64, total: Option<u64>) {
        if !self.term.stderr_is_tty() {
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
        self.term.write_stderr(&line);
    }

    /// Clears the progress line.
    pub fn finish(&self) {
        if self.term.stderr_is_tty() {
            self.term.write_stderr("\r\x1b[2K");
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

    #[test]
    fn in_memory_term_captures_both_streams() {
        let (term, capture) = Term::in_memory();
        assert!(term.write_stdout(b"out\n").expect("buffer write"));
        term.warn("careful");
        term.error("broken");
        assert_eq!(capture.stdout(), "out\n");
        assert_eq!(capture.stderr(), "WARNING: careful\nERROR: broken\n");
    }

    #[test]
    fn only_show_errors_silences_warnings_of_that_value_only() {
        let (term, capture) = Term::in_memory();
        term.with_only_show_errors(true).warn("hidden");
        term.warn("shown");
        assert_eq!(capture.stderr(), "WARNING: shown\n");
    }

    #[test]
    fn confirm_reads_stdin_only_on_a_terminal() {
        let (term, capture) = Term::in_memory_with(MemoryTerm {
            stdin: "y\n".into(),
            stdin_tty: true,
            ..MemoryTerm::default()
        });
        assert_eq!(term.confirm("Go?").expect("read"), Some(true));
        assert_eq!(capture.stderr(), "Go? (y/n): ");
        let (no_tty, _) = Term::in_memory();
        assert_eq!(no_tty.confirm("Go?").expect("read"), None);
    }

    #[test]
    fn spinner_and_progress_are_silent_without_a_terminal() {
        let (term, capture) = Term::in_memory();
        let spinner = Spinner::new(&term, "Running ..");
        spinner.tick();
        spinner.finish();
        let bar = Progress::new(&term, "Downloading");
        bar.update(1, Some(2));
        bar.finish();
        assert_eq!(capture.stderr(), "");
    }
}
