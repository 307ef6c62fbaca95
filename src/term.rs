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
//! When colour is on ([`Term::with_color`], decided once by the app with [`should_enable_color`])
//! the stderr records take knack's coloured form instead of their `WARNING: `/`ERROR: ` prefix:
//! the whole record wrapped in the [`Theme`]'s escape code and a reset, as knack's
//! `_CustomStreamHandler` does; status notes (experimental, preview, deprecated) keep knack's
//! own colours; and az's styled hints ([`Term::styled`]) follow `azure.cli.core.style`.
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
    /// The colour theme when colour is on (knack's `enable_color`), else `None`.
    color: Option<Theme>,
}

/// knack's reset sequence, closing every coloured record and styled text.
const RESET: &str = "\x1b[0m";

/// knack's `CLI._should_enable_color`: colour is on unless `[core] no_color` (or
/// `AZURE_CORE_NO_COLOR`) says otherwise, when both stdout and stderr are terminals, or when
/// run under PyCharm (`PYCHARM_HOSTED`, even piped). knack has no `--no-color` flag and does
/// not read `NO_COLOR`, so neither does azrs.
pub fn should_enable_color(
    no_color: bool,
    stdout_tty: bool,
    stderr_tty: bool,
    pycharm: bool,
) -> bool {
    !no_color && ((stdout_tty && stderr_tty) || pycharm)
}

/// az's `[core] theme` (`azure.cli.core.style`): the escape codes of warnings, errors and
/// styled hints while colour is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// `dark`, the default outside Cloud Shell.
    Dark,
    /// `light`.
    Light,
    /// `cloud-shell`, the default when `ACC_CLOUD` is set: 24-bit colours.
    CloudShell,
    /// `none` or a name az does not know: knack's own record colours stay and styled hints
    /// are printed without escapes.
    Plain,
}

/// The parts of az's styled hints that azrs prints (`azure.cli.core.style.Style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Argument values in a highlighted command.
    Primary,
    /// Descriptions under recommendations.
    Secondary,
    /// Command words and option names in a highlighted command.
    Action,
    /// Links.
    Hyperlink,
}

impl Theme {
    /// The theme az picks: `[core] theme` (or `AZURE_CORE_THEME`) if set, else `cloud-shell`
    /// in Cloud Shell (`ACC_CLOUD`) and `dark` elsewhere. Names are matched exactly, as az's
    /// dict lookup does.
    pub fn from_config(value: Option<&str>, in_cloud_console: bool) -> Theme {
        match value {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            Some("cloud-shell") => Theme::CloudShell,
            Some(_) => Theme::Plain,
            None if in_cloud_console => Theme::CloudShell,
            None => Theme::Dark,
        }
    }

    /// The code of `ERROR` records (knack's `color_map['error']`, replaced by the theme's).
    fn error(self) -> &'static str {
        match self {
            Theme::Dark | Theme::Plain => "\x1b[91m",
            Theme::Light => "\x1b[31m",
            Theme::CloudShell => "\x1b[38;2;245;93;92m",
        }
    }

    /// The code of `WARNING` records.
    fn warning(self) -> &'static str {
        match self {
            Theme::Dark => "\x1b[93m",
            Theme::Light | Theme::Plain => "\x1b[33m",
            Theme::CloudShell => "\x1b[38;2;251;214;130m",
        }
    }

    /// The code of a styled part; `None` when the theme prints hints plain.
    fn style(self, style: Style) -> Option<&'static str> {
        Some(match (self, style) {
            (Theme::Plain, _) => return None,
            (Theme::Dark | Theme::Light, Style::Primary) => RESET,
            (Theme::Dark | Theme::Light, Style::Secondary) => "\x1b[90m",
            (Theme::Dark, Style::Action) => "\x1b[94m",
            (Theme::Light, Style::Action) => "\x1b[34m",
            (Theme::Dark, Style::Hyperlink) => "\x1b[96m",
            (Theme::Light, Style::Hyperlink) => "\x1b[36m",
            (Theme::CloudShell, Style::Primary) => "\x1b[38;2;255;255;255m",
            (Theme::CloudShell, Style::Secondary) => "\x1b[38;2;188;188;188m",
            (Theme::CloudShell, Style::Action) => "\x1b[38;2;108;176;255m",
            (Theme::CloudShell, Style::Hyperlink) => "\x1b[38;2;114;215;216m",
        })
    }
}

/// A status note az prints before running a command (knack's `StatusTag` messages), each with
/// knack's fixed colour, which the theme does not change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTag {
    Experimental,
    Preview,
    Deprecated,
}

impl StatusTag {
    fn color(self) -> &'static str {
        match self {
            StatusTag::Experimental | StatusTag::Preview => "\x1b[36m",
            StatusTag::Deprecated => "\x1b[33m",
        }
    }
}

/// az's `highlight_command`: the command split on whitespace, command words and options as
/// [`Style::Action`], values (and anything after the first option that is not one, or that
/// holds `=`) as [`Style::Primary`], each part after the first led by one space.
pub fn highlight_command(command: &str) -> Vec<(Style, String)> {
    let mut options_begun = false;
    command
        .split_whitespace()
        .enumerate()
        .map(|(i, arg)| {
            let has_eq = arg.contains('=');
            let style = if arg.starts_with('-') && !has_eq {
                options_begun = true;
                Style::Action
            } else if !options_begun && !has_eq {
                Style::Action
            } else {
                Style::Primary
            };
            let text = if i == 0 {
                arg.to_string()
            } else {
                format!(" {arg}")
            };
            (style, text)
        })
        .collect()
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
            color: None,
        }
    }

    /// The same terminal with `WARNING: ` lines suppressed (or not).
    pub fn with_only_show_errors(&self, on: bool) -> Term {
        Term {
            only_show_errors: on,
            ..self.clone()
        }
    }

    /// The same terminal with colour on in `theme` (or off with `None`).
    pub fn with_color(&self, theme: Option<Theme>) -> Term {
        Term {
            color: theme,
            ..self.clone()
        }
    }

    /// The theme when colour is on.
    pub fn color(&self) -> Option<Theme> {
        self.color
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

    /// Prints `WARNING: <msg>` on stderr unless warnings are suppressed (coloured: the
    /// theme's warning code around the message, no prefix).
    pub fn warn(&self, msg: &str) {
        if self.only_show_errors {
            return;
        }
        let line = match self.color {
            Some(theme) => format!("{}{msg}{RESET}\n", theme.warning()),
            None => format!("WARNING: {msg}\n"),
        };
        self.write_stderr(&line);
    }

    /// Prints `ERROR: <msg>` on stderr; multi-line messages keep their line breaks.
    pub fn error(&self, msg: &str) {
        self.write_stderr(&self.error_text(msg));
    }

    /// The stderr record of an error, as [`Term::error`] prints it: `ERROR: <msg>` and a line
    /// break, or coloured the whole message in the theme's error code (one reset at the end,
    /// however many lines, as knack formats a record).
    pub fn error_text(&self, msg: &str) -> String {
        match self.color {
            Some(theme) => format!("{}{msg}{RESET}\n", theme.error()),
            None => format!("ERROR: {msg}\n"),
        }
    }

    /// Prints a status note (az prints these with `print`, not the logger): `WARNING: <msg>`,
    /// or coloured with knack's colour for the tag. Suppressed with the warnings.
    pub fn status(&self, tag: StatusTag, msg: &str) {
        if self.only_show_errors {
            return;
        }
        let line = match self.color {
            Some(_) => format!("{}{msg}{RESET}\n", tag.color()),
            None => format!("WARNING: {msg}\n"),
        };
        self.write_stderr(&line);
    }

    /// az's `format_styled_text`: each part led by its style's code and one reset at the end
    /// while colour is on; the bare texts otherwise (or under the `none` theme).
    pub fn styled<S: AsRef<str>>(&self, parts: &[(Style, S)]) -> String {
        let theme = self.color.filter(|t| *t != Theme::Plain);
        let mut out = String::new();
        for (style, text) in parts {
            if let Some(code) = theme.and_then(|t| t.style(*style)) {
                out.push_str(code);
            }
            out.push_str(text.as_ref());
        }
        if theme.is_some() {
            out.push_str(RESET);
        }
        out
    }

    /// Asks a yes/no question on the terminal; `Ok(None)` when no terminal can answer.
    pub fn confirm(&self, question: &str) -> io::Result<Option<bool>> {
        if !self.stdin_is_tty() {
            return Ok(None);
        }
        // The read below blocks the command's runtime: Ctrl-C must be watched on a thread.
        crate::platform::signal::exit_on_signals();
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
        // The read below blocks the command's runtime: Ctrl-C must be watched on a thread.
        crate::platform::signal::exit_on_signals();
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
    fn colour_follows_knacks_rules() {
        // (no_color, stdout tty, stderr tty, PyCharm) -> colour
        let cases = [
            ((false, true, true, false), true),
            ((false, true, false, false), false),
            ((false, false, true, false), false),
            ((false, false, false, true), true),
            ((true, true, true, false), false),
            ((true, false, false, true), false),
        ];
        for ((no_color, out, err, pycharm), want) in cases {
            assert_eq!(
                should_enable_color(no_color, out, err, pycharm),
                want,
                "{no_color} {out} {err} {pycharm}"
            );
        }
        assert_eq!(Theme::from_config(None, false), Theme::Dark);
        assert_eq!(Theme::from_config(None, true), Theme::CloudShell);
        assert_eq!(Theme::from_config(Some("light"), true), Theme::Light);
        // Names are matched exactly, as az's dict lookup does.
        assert_eq!(Theme::from_config(Some("Dark"), false), Theme::Plain);
    }

    #[test]
    fn coloured_records_lose_their_prefix() {
        let (term, capture) = Term::in_memory();
        let term = term.with_color(Some(Theme::Dark));
        term.warn("careful");
        term.error("broken\ntwice");
        term.status(StatusTag::Deprecated, "old");
        term.status(StatusTag::Preview, "new");
        term.with_only_show_errors(true)
            .status(StatusTag::Experimental, "hidden");
        assert_eq!(
            capture.stderr(),
            "\x1b[93mcareful\x1b[0m\n\x1b[91mbroken\ntwice\x1b[0m\n\x1b[33mold\x1b[0m\n\x1b[36mnew\x1b[0m\n"
        );
        // The `none` theme keeps knack's own record colours.
        let plain_theme = term.with_color(Some(Theme::Plain));
        assert_eq!(plain_theme.error_text("x"), "\x1b[91mx\x1b[0m\n");
        let (uncoloured, capture) = Term::in_memory();
        uncoloured.status(StatusTag::Deprecated, "old");
        assert_eq!(capture.stderr(), "WARNING: old\n");
    }

    #[test]
    fn styled_hints_follow_az_style() {
        let parts = highlight_command("az group  create -l westus --tags a=b -n x");
        let texts: Vec<(Style, &str)> = parts.iter().map(|(s, t)| (*s, t.as_str())).collect();
        assert_eq!(
            texts,
            [
                (Style::Action, "az"),
                (Style::Action, " group"),
                (Style::Action, " create"),
                (Style::Action, " -l"),
                (Style::Primary, " westus"),
                (Style::Action, " --tags"),
                (Style::Primary, " a=b"),
                (Style::Action, " -n"),
                (Style::Primary, " x"),
            ]
        );
        let (term, _) = Term::in_memory();
        let link = [(Style::Hyperlink, "https://aka.ms/cli_ref")];
        assert_eq!(term.styled(&link), "https://aka.ms/cli_ref");
        assert_eq!(
            term.with_color(Some(Theme::Dark)).styled(&link),
            "\x1b[96mhttps://aka.ms/cli_ref\x1b[0m"
        );
        assert_eq!(
            term.with_color(Some(Theme::Light)).styled(&parts),
            "\x1b[34maz\x1b[34m group\x1b[34m create\x1b[34m -l\x1b[0m westus\x1b[34m --tags\x1b[0m a=b\x1b[34m -n\x1b[0m x\x1b[0m"
        );
        assert_eq!(
            term.with_color(Some(Theme::Plain)).styled(&link),
            "https://aka.ms/cli_ref"
        );
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
