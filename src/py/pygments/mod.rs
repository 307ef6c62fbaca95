//! Pygments' terminal colouring, which az uses for `-o jsonc`/`yamlc`. For JSON, a token stream
//! shared by the json and yaml writers, so one pass produces both the plain text and the
//! coloured text. For YAML the emitted text is lexed again by a port of Pygments' YAML lexer
//! ([`highlight_yaml`]): its tokens depend on indentation state and on how it (mis)reads
//! quoted and folded scalars, which only re-lexing reproduces.
//!
//! Colouring follows Pygments' terminal formatter: each token is split into lines, every line
//! piece (Python's `splitlines`, so U+2028 and U+0085 split too; even an empty one) is wrapped
//! as `ESC[<c>m` + text + `ESC[39;49;00m`, and the newline itself stays bare.

/// What a piece of output text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An object/mapping key.
    Key,
    /// A string value.
    Str,
    /// A number, `true`, `false` or `null`.
    Literal,
    /// Indentation, separating spaces and line ends.
    Space,
    /// Punctuation and indicators (`{`, `,`, `:`, `-`).
    Punct,
    /// A YAML scalar value (uncoloured by the YAML lexer).
    Scalar,
}

/// Output text as a sequence of classified tokens.
#[derive(Default)]
pub struct Tokens {
    toks: Vec<(Kind, String)>,
}

mod yaml;

pub use yaml::highlight as highlight_yaml;

const RESET: &str = "\u{1b}[39;49;00m";

impl Tokens {
    pub fn push(&mut self, kind: Kind, text: impl Into<String>) {
        let text = text.into();
        // Merge adjacent whitespace so "line end + indentation" is one token, as Pygments
        // lexes it.
        if let Some((last_kind, last)) = self.toks.last_mut()
            && *last_kind == kind
            && kind == Kind::Space
        {
            last.push_str(&text);
            return;
        }
        self.toks.push((kind, text));
    }

    /// The plain text.
    pub fn plain(&self) -> String {
        self.toks.iter().map(|(_, t)| t.as_str()).collect()
    }

    /// The coloured text; `color_of` gives the escape sequence that starts a kind's colour
    /// (or none).
    pub fn colored(&self, color_of: fn(Kind) -> Option<&'static str>) -> String {
        let mut out = String::new();
        for (kind, text) in &self.toks {
            write_token(&mut out, color_of(*kind), text);
        }
        out
    }
}

/// Pygments' `TerminalFormatter` for one token: without a colour the text as is; with one,
/// every line piece wrapped in the colour and the reset, the newline itself left bare.
fn write_token(out: &mut String, color: Option<&str>, text: &str) {
    let Some(color) = color else {
        out.push_str(text);
        return;
    };
    for line in splitlines_keepends(text) {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, true),
            None => (line, false),
        };
        out.push_str(color);
        out.push_str(body);
        out.push_str(RESET);
        if newline {
            out.push('\n');
        }
    }
}

/// Python's `str.splitlines(True)`, which the terminal formatter splits each token with: it
/// also breaks after `\r`, U+0085, U+2028, form feeds and the like (each piece is coloured
/// on its own), and `\r\n` is one break.
fn splitlines_keepends(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.char_indices().find(|(_, c)| {
            matches!(
                c,
                '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'
                    ..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            )
        }) {
            Some((i, '\r')) if rest[i + 1..].starts_with('\n') => i + 2,
            Some((i, c)) => i + c.len_utf8(),
            None => rest.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Pygments' JSON palette (default style, terminal formatter).
pub fn json_colors(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Key => Some("\u{1b}[94m"),
        Kind::Str => Some("\u{1b}[33m"),
        Kind::Literal => Some("\u{1b}[34m"),
        Kind::Space => Some("\u{1b}[37m"),
        Kind::Punct | Kind::Scalar => None,
    }
}
