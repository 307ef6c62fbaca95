//! Pygments' terminal colouring, which az uses for `-o jsonc`/`yamlc`: a token stream shared by
//! the json and yaml writers, so one pass produces both the plain text and the coloured text.
//! Colouring follows Pygments' terminal formatter: each token is split into lines, every line
//! piece (Python's `splitlines`, so U+2028 and U+0085 split too; even an empty one) is wrapped as `ESC[<c>m` + text + `ESC[39;49;00m`, and the newline itself stays bare.

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

    /// The coloured text; `color_of` gives the SGR code for a kind (or none).
    pub fn colored(&self, color_of: fn(Kind) -> Option<&'static str>) -> String {
        let mut out = String::new();
        for (kind, text) in &self.toks {
            let Some(code) = color_of(*kind) else {
                out.push_str(text);
                continue;
            };
            for line in splitlines_keepends(text) {
                let (body, newline) = match line.strip_suffix('\n') {
                    Some(body) => (body, true),
                    None => (line, false),
                };
                out.push_str("\u{1b}[");
                out.push_str(code);
                out.push('m');
                out.push_str(body);
                out.push_str(RESET);
                if newline {
                    out.push('\n');
                }
            }
        }
        out
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
        Kind::Key => Some("94"),
        Kind::Str => Some("33"),
        Kind::Literal => Some("34"),
        Kind::Space => Some("37"),
        Kind::Punct | Kind::Scalar => None,
    }
}

/// Pygments' YAML palette: keys and whitespace only.
pub fn yaml_colors(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Key => Some("94"),
        Kind::Space => Some("37"),
        _ => None,
    }
}
