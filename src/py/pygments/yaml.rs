//! A port of Pygments 2.x's `YamlLexer` (an `ExtendedRegexLexer` with an indentation context)
//! and of the `TerminalFormatter` colours it meets, so `-o yamlc` prints the bytes knack's
//! `highlight(yaml, YamlLexer(), TerminalFormatter())` prints.
//!
//! The lexer is re-run over the emitted text rather than derived from the emitter, because its
//! tokens are not YAML's: spaces inside a quoted scalar are `Name.Variable` (red), a quoted key
//! is a string and a `:` indicator, folded plain scalars change state at each line, and a
//! character no rule accepts becomes an `Error` token. Every state and rule of the Python
//! lexer is kept in its order (directives, block scalars and flow collections included, even
//! though PyYAML's block output rarely reaches them), each regex written out by hand with its
//! lookaheads; Python's `re` semantics that matter are kept: `^`/`$` per line (MULTILINE), `\s`
//! as `str.isspace`, greedy runs that only succeed at their longest.

use super::write_token;

/// The token types the YAML lexer yields, by their terminal colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// `Text.Whitespace` (and its `.Error` child): gray.
    Whitespace,
    /// `Text`, from the lexer's end-of-line fallback: no colour.
    Text,
    /// `Comment.Single`: gray.
    Comment,
    /// `Name.Tag` (keys, directives): bright blue.
    NameTag,
    /// `Name.Namespace` (`---`, `...`): underlined cyan.
    NameNamespace,
    /// `Name.Label` (anchors): no colour of its own.
    NameLabel,
    /// `Name.Variable` (aliases, spaces in quoted scalars) and `Name.Constant` (block scalar
    /// lines): red.
    NameVariable,
    /// `Keyword.Type` (tags): cyan.
    KeywordType,
    /// `Number`: blue.
    Number,
    /// `Punctuation` and `Punctuation.Indicator`: no colour.
    Punct,
    /// `Literal.String` and `String.Escape`: yellow.
    Str,
    /// `Literal.Scalar.Plain`: no colour.
    Plain,
    /// `Error`: underlined bright red.
    Error,
}

impl Tok {
    /// `TerminalFormatter`'s light-background colour for the token type, as escape codes.
    fn color(self) -> Option<&'static str> {
        match self {
            Tok::Whitespace | Tok::Comment => Some("\u{1b}[37m"),
            Tok::NameTag => Some("\u{1b}[94m"),
            Tok::NameNamespace => Some("\u{1b}[04m\u{1b}[36m"),
            Tok::NameVariable => Some("\u{1b}[31m"),
            Tok::KeywordType => Some("\u{1b}[36m"),
            Tok::Number => Some("\u{1b}[34m"),
            Tok::Str => Some("\u{1b}[33m"),
            Tok::Error => Some("\u{1b}[04m\u{1b}[91m"),
            Tok::Text | Tok::NameLabel | Tok::Punct | Tok::Plain => None,
        }
    }
}

/// The lexer's states (`tokens` keys of the Python class).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Root,
    IgnoredLine,
    YamlDirective,
    TagDirective,
    Indentation,
    BlockLine,
    FlowSequence,
    FlowMapping,
    BlockScalarContent,
    BlockScalarHeader,
    SingleQuoted,
    DoubleQuoted,
    PlainNewLine,
    PlainBlock,
    PlainFlow,
}

/// `highlight(text, YamlLexer(), TerminalFormatter())` for PyYAML's output.
pub fn highlight(text: &str) -> String {
    // Lexer.get_tokens: line ends normalised, outer newlines stripped, one newline ensured.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut text = text.trim_matches('\n').to_string();
    text.push('\n');
    let mut lexer = Lexer {
        text: &text,
        pos: 0,
        stack: vec![State::Root],
        indent_stack: Vec::new(),
        indent: -1,
        next_indent: 0,
        block_scalar_indent: None,
        toks: Vec::new(),
    };
    lexer.run();
    let mut out = String::with_capacity(text.len() * 2);
    for (tok, range) in &lexer.toks {
        write_token(&mut out, tok.color(), &text[range.clone()]);
    }
    out
}

/// Python's `str.isspace`, which `\s` follows in `re` (it adds the separators U+001C..U+001F
/// to Unicode's White_Space).
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `\w` in `re`: letters, digits (any script) and `_`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The characters of a tag (`[\w#;/?:@&=+$,.!~*\'()\[\]%-]`).
fn is_tag_char(c: char) -> bool {
    is_word(c) || "#;/?:@&=+$,.!~*'()[]%-".contains(c)
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    stack: Vec<State>,
    indent_stack: Vec<i64>,
    indent: i64,
    next_indent: i64,
    block_scalar_indent: Option<i64>,
    toks: Vec<(Tok, std::ops::Range<usize>)>,
}

impl Lexer<'_> {
    fn run(&mut self) {
        // A faithful port always advances or changes state; the cap only guards against a
        // mistake in it turning into a hang (the rest is then left uncoloured).
        let mut budget = self.text.len() * 8 + 1024;
        while self.pos < self.text.len() {
            budget -= 1;
            if budget == 0 {
                self.toks.push((Tok::Text, self.pos..self.text.len()));
                return;
            }
            if !self.step() {
                // No rule matched: a line break resets to root, anything else is an error.
                let c = self.char_at(self.pos).unwrap_or('\n');
                let end = self.pos + c.len_utf8();
                if c == '\n' {
                    self.stack = vec![State::Root];
                    self.emit(Tok::Text, self.pos, end);
                } else {
                    self.emit(Tok::Error, self.pos, end);
                }
                self.pos = end;
            }
        }
    }

    // ---- text helpers -------------------------------------------------------------------

    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// `$` under MULTILINE: at a line break or the end.
    fn eol(&self, i: usize) -> bool {
        matches!(self.byte(i), None | Some(b'\n'))
    }

    /// `^` under MULTILINE: at the start or after a line break.
    fn bol(&self, i: usize) -> bool {
        i == 0 || self.byte(i - 1) == Some(b'\n')
    }

    /// The end of the run of bytes from `i` for which `f` holds.
    fn run_of(&self, i: usize, f: impl Fn(u8) -> bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut j = i;
        while j < bytes.len() && f(bytes[j]) {
            j += 1;
        }
        j
    }

    fn spaces(&self, i: usize) -> usize {
        self.run_of(i, |b| b == b' ')
    }

    /// The end of the run of characters from `i` for which `f` holds.
    fn chars_while(&self, i: usize, f: impl Fn(char) -> bool) -> usize {
        let rest = &self.text[i..];
        i + rest.find(|c: char| !f(c)).unwrap_or(rest.len())
    }

    /// `(?=[ ]|$)` at `i`.
    fn space_or_eol(&self, i: usize) -> bool {
        self.byte(i) == Some(b' ') || self.eol(i)
    }

    fn at(&self, i: usize, s: &str) -> bool {
        self.text[i..].starts_with(s)
    }

    // ---- lexer actions ------------------------------------------------------------------

    fn emit(&mut self, tok: Tok, start: usize, end: usize) {
        if end > start {
            self.toks.push((tok, start..end));
        }
    }

    /// Emits `start..end` as `tok` and moves past it.
    fn token(&mut self, tok: Tok, end: usize) {
        self.emit(tok, self.pos, end);
        self.pos = end;
    }

    fn push(&mut self, states: &[State]) {
        self.stack.extend_from_slice(states);
    }

    /// `#pop:n`: never below the root state.
    fn pop(&mut self, n: usize) {
        if n >= self.stack.len() {
            self.stack.truncate(1);
        } else {
            self.stack.truncate(self.stack.len() - n);
        }
    }

    /// The `stack.pop()` of a callback (no root guard in Python; the lexer never needs it).
    fn pop_raw(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.stack.push(State::Root);
        }
    }

    fn reset_indent(&mut self, tok: Tok, end: usize) {
        self.indent_stack.clear();
        self.indent = -1;
        self.next_indent = 0;
        self.block_scalar_indent = None;
        self.token(tok, end);
    }

    /// `save_indent(Whitespace, start)` over the spaces `pos..end`.
    fn save_indent(&mut self, end: usize, start: bool) {
        let len = (end - self.pos) as i64;
        let mut text_end = end;
        let mut extra = None;
        if start {
            self.next_indent = len;
            if self.next_indent < self.indent {
                while self.next_indent < self.indent {
                    self.indent = self.indent_stack.pop().unwrap_or(-1);
                }
                if self.next_indent > self.indent {
                    let cut = self.pos + usize::try_from(self.indent).unwrap_or(0);
                    extra = Some(cut..end);
                    text_end = cut;
                }
            }
        } else {
            self.next_indent += len;
        }
        self.emit(Tok::Whitespace, self.pos, text_end);
        if let Some(extra) = extra {
            // `Whitespace.Error`: a token of its own, in whitespace's colour.
            self.emit(Tok::Whitespace, extra.start, extra.end);
        }
        self.pos = end;
    }

    /// `set_indent(tok, implicit)` over `pos..end`.
    fn set_indent(&mut self, tok: Tok, end: usize, implicit: bool) {
        if self.indent < self.next_indent {
            self.indent_stack.push(self.indent);
            self.indent = self.next_indent;
        }
        if !implicit {
            self.next_indent += (end - self.pos) as i64;
        }
        self.token(tok, end);
    }

    // ---- states -------------------------------------------------------------------------

    /// Tries the current state's rules in order; false when none matched.
    fn step(&mut self) -> bool {
        let state = *self.stack.last().unwrap_or(&State::Root);
        match state {
            State::Root => self.root(),
            State::IgnoredLine => self.ignored_line(),
            State::YamlDirective => self.yaml_directive(),
            State::TagDirective => self.tag_directive(),
            State::Indentation => self.indentation(),
            State::BlockLine => self.block_line(),
            State::FlowSequence => self.flow_collection(b']', false),
            State::FlowMapping => self.flow_collection(b'}', true),
            State::BlockScalarContent => self.block_scalar_content(),
            State::BlockScalarHeader => self.block_scalar_header(),
            State::SingleQuoted => self.quoted(b'\''),
            State::DoubleQuoted => self.quoted(b'"'),
            State::PlainNewLine => self.plain_new_line(),
            State::PlainBlock => self.plain_block(),
            State::PlainFlow => self.plain_flow(),
        }
    }

    fn root(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        if sp > p && (self.eol(sp) || self.byte(sp) == Some(b'#')) {
            self.token(Tok::Whitespace, sp);
        } else if self.byte(p) == Some(b'\n') {
            let end = self.run_of(p, |b| b == b'\n');
            self.token(Tok::Whitespace, end);
        } else if self.byte(p) == Some(b'#') {
            let end = self.run_of(p, |b| b != b'\n');
            self.token(Tok::Comment, end);
        } else if self.bol(p) && self.at(p, "%YAML") && self.space_or_eol(p + 5) {
            self.reset_indent(Tok::NameTag, p + 5);
            self.push(&[State::YamlDirective]);
        } else if self.bol(p) && self.at(p, "%TAG") && self.space_or_eol(p + 4) {
            self.reset_indent(Tok::NameTag, p + 4);
            self.push(&[State::TagDirective]);
        } else if self.bol(p)
            && (self.at(p, "---") || self.at(p, "..."))
            && self.space_or_eol(p + 3)
        {
            self.reset_indent(Tok::NameNamespace, p + 3);
            self.push(&[State::BlockLine]);
        } else if self.char_at(sp).is_some_and(|c| !is_space(c)) {
            self.save_indent(sp, true);
            self.push(&[State::BlockLine, State::Indentation]);
        } else {
            return false;
        }
        true
    }

    fn ignored_line(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        if sp > p && (self.eol(sp) || self.byte(sp) == Some(b'#')) {
            self.token(Tok::Whitespace, sp);
        } else if self.byte(p) == Some(b'#') {
            let end = self.run_of(p, |b| b != b'\n');
            self.token(Tok::Comment, end);
        } else if self.byte(p) == Some(b'\n') {
            self.token(Tok::Whitespace, p + 1);
            self.pop(2);
        } else {
            return false;
        }
        true
    }

    fn yaml_directive(&mut self) -> bool {
        // ([ ]+)([0-9]+\.[0-9]+)
        let p = self.pos;
        let sp = self.spaces(p);
        let major = self.run_of(sp, |b| b.is_ascii_digit());
        if sp == p || major == sp || self.byte(major) != Some(b'.') {
            return false;
        }
        let minor = self.run_of(major + 1, |b| b.is_ascii_digit());
        if minor == major + 1 {
            return false;
        }
        self.token(Tok::Whitespace, sp);
        self.token(Tok::Number, minor);
        self.push(&[State::IgnoredLine]);
        true
    }

    fn tag_directive(&mut self) -> bool {
        // ([ ]+)(!|![\w-]*!)([ ]+)(!|!?[\w;/?:@&=+$,.!~*\'()\[\]%-]+)
        let p = self.pos;
        let sp1 = self.spaces(p);
        if sp1 == p || self.byte(sp1) != Some(b'!') {
            return false;
        }
        let handle_run = self.chars_while(sp1 + 1, |c| is_word(c) || c == '-');
        let handle = if self.byte(handle_run) == Some(b'!') {
            handle_run + 1
        } else {
            sp1 + 1
        };
        let sp2 = self.spaces(handle);
        if sp2 == handle {
            return false;
        }
        let tag_chars = |c: char| is_tag_char(c) && c != '#';
        let bang = usize::from(self.byte(sp2) == Some(b'!'));
        let prefix = self.chars_while(sp2 + bang, tag_chars);
        let prefix = if prefix > sp2 + bang {
            prefix
        } else if bang == 1 {
            sp2 + 1
        } else {
            return false;
        };
        self.token(Tok::Whitespace, sp1);
        self.token(Tok::KeywordType, handle);
        self.token(Tok::Whitespace, sp2);
        self.token(Tok::KeywordType, prefix);
        self.push(&[State::IgnoredLine]);
        true
    }

    fn indentation(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        let indicator = |b: Option<u8>| matches!(b, Some(b'?' | b':' | b'-'));
        if self.eol(sp) {
            self.token(Tok::Whitespace, sp);
            self.pop(2);
        } else if sp > p && indicator(self.byte(sp)) && self.space_or_eol(sp + 1) {
            self.save_indent(sp, false);
        } else if indicator(self.byte(p)) && self.space_or_eol(p + 1) {
            self.set_indent(Tok::Punct, p + 1, false);
        } else {
            self.save_indent(sp, false);
            self.pop(1);
        }
        true
    }

    fn block_line(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        if self.eol(sp) || self.byte(sp) == Some(b'#') {
            self.token(Tok::Whitespace, sp);
            self.pop(1);
            return true;
        }
        if sp > p {
            self.token(Tok::Whitespace, sp);
            return true;
        }
        // ([^#,?\[\]{}"'\n]+)(:)(?=[ ]|$): the last fitting `:` of the longest run.
        let run = self.chars_while(p, |c| !"#,?[]{}\"'\n".contains(c));
        if let Some(colon) = self.text[p..run]
            .rmatch_indices(':')
            .map(|(i, _)| p + i)
            .find(|&k| k > p && self.space_or_eol(k + 1))
        {
            self.token(Tok::NameTag, colon);
            self.set_indent(Tok::Punct, colon + 1, true);
            return true;
        }
        if self.descriptor() {
            return true;
        }
        if self.byte(p) == Some(b':') && self.space_or_eol(p + 1) {
            self.set_indent(Tok::Punct, p + 1, true);
            return true;
        }
        if matches!(self.byte(p), Some(b'|' | b'>')) {
            self.token(Tok::Punct, p + 1);
            self.push(&[State::BlockScalarContent, State::BlockScalarHeader]);
            return true;
        }
        if self.flow_node() {
            return true;
        }
        // (?=[^\s?:,\[\]{}#&*!|>\'"%@`-]|[?:-]\S)
        let Some(c) = self.char_at(p) else {
            return false;
        };
        let next_solid = self.char_at(p + 1).is_some_and(|n| !is_space(n));
        if (!is_space(c) && !"?:,[]{}#&*!|>'\"%@`-".contains(c))
            || ("?:-".contains(c) && next_solid)
        {
            self.push(&[State::PlainBlock]);
            return true;
        }
        false
    }

    /// Tags, anchors and aliases.
    fn descriptor(&mut self) -> bool {
        let p = self.pos;
        match self.byte(p) {
            Some(b'!') => {
                if self.byte(p + 1) == Some(b'<') {
                    let end = self.chars_while(p + 2, is_tag_char);
                    if end > p + 2 && self.byte(end) == Some(b'>') {
                        self.token(Tok::KeywordType, end + 1);
                        return true;
                    }
                }
                // `!(?:[\w-]+!)?[tag chars]*`: the optional group's characters are tag
                // characters too, so the match is `!` and the longest tag-character run.
                let end = self.chars_while(p + 1, is_tag_char);
                self.token(Tok::KeywordType, end);
                true
            }
            Some(b @ (b'&' | b'*')) => {
                let end = self.chars_while(p + 1, |c| is_word(c) || c == '-');
                if end == p + 1 {
                    return false;
                }
                let tok = if b == b'&' {
                    Tok::NameLabel
                } else {
                    Tok::NameVariable
                };
                self.token(tok, end);
                true
            }
            _ => false,
        }
    }

    /// Flow collections and quoted scalars.
    fn flow_node(&mut self) -> bool {
        let (tok, state) = match self.byte(self.pos) {
            Some(b'[') => (Tok::Punct, State::FlowSequence),
            Some(b'{') => (Tok::Punct, State::FlowMapping),
            Some(b'\'') => (Tok::Str, State::SingleQuoted),
            Some(b'"') => (Tok::Str, State::DoubleQuoted),
            _ => return false,
        };
        self.token(tok, self.pos + 1);
        self.push(&[state]);
        true
    }

    /// `flow-sequence` (closing `]`) and `flow-mapping` (keys first, closing `}`).
    fn flow_collection(&mut self, close: u8, mapping: bool) -> bool {
        let p = self.pos;
        if mapping {
            // ([^,:?\[\]{}"'\n]+)(:)(?=[ ]|$)
            let run = self.chars_while(p, |c| !",:?[]{}\"'\n".contains(c));
            if run > p && self.byte(run) == Some(b':') && self.space_or_eol(run + 1) {
                self.token(Tok::NameTag, run);
                self.token(Tok::Punct, run + 1);
                return true;
            }
        }
        match self.byte(p) {
            Some(b' ') => {
                let end = self.spaces(p);
                self.token(Tok::Whitespace, end);
            }
            Some(b'\n') => {
                let end = self.run_of(p, |b| b == b'\n');
                self.token(Tok::Whitespace, end);
            }
            Some(b'#') => {
                let end = self.run_of(p, |b| b != b'\n');
                self.token(Tok::Comment, end);
            }
            Some(b'?' | b':' | b',') => self.token(Tok::Punct, p + 1),
            _ => {
                if self.descriptor() || self.flow_node() {
                    return true;
                }
                let Some(c) = self.char_at(p) else {
                    return false;
                };
                if !is_space(c) && !"?:,[]{}#&*!|>'\"%@`".contains(c) {
                    self.push(&[State::PlainFlow]);
                } else if self.byte(p) == Some(close) {
                    self.token(Tok::Punct, p + 1);
                    self.pop(1);
                } else {
                    return false;
                }
            }
        }
        true
    }

    fn block_scalar_content(&mut self) -> bool {
        let p = self.pos;
        if self.byte(p) == Some(b'\n') {
            self.token(Tok::Whitespace, p + 1);
            return true;
        }
        let sp = self.spaces(p);
        if self.bol(p) && sp > p && self.eol(sp) {
            // An empty line: indentation up to the scalar's, the rest is content.
            let len = (sp - p) as i64;
            match self.block_scalar_indent {
                Some(bsi) if len > bsi => {
                    let cut = p + usize::try_from(bsi).unwrap_or(0);
                    self.emit(Tok::Whitespace, p, cut);
                    self.emit(Tok::NameVariable, cut, sp);
                }
                _ => self.emit(Tok::Whitespace, p, sp),
            }
            self.pos = sp;
            return true;
        }
        if self.bol(p) {
            let len = (sp - p) as i64;
            let leave = match self.block_scalar_indent {
                None if len <= self.indent.max(0) => true,
                None => {
                    self.block_scalar_indent = Some(len);
                    false
                }
                Some(bsi) => len < bsi,
            };
            if leave {
                self.pop_raw();
                self.pop_raw();
            } else {
                self.token(Tok::Whitespace, sp);
            }
            return true;
        }
        let end = self.chars_while(p, |c| !is_space(c) || c == '\t' || c == ' ');
        if end > p {
            self.token(Tok::NameVariable, end);
            return true;
        }
        false
    }

    fn block_scalar_header(&mut self) -> bool {
        // ([1-9])?[+-]?(?=[ ]|$), then [+-]?([1-9])?(?=[ ]|$), each trying its longest form
        // first.
        let p = self.pos;
        let digit = |i: usize| matches!(self.byte(i), Some(b'1'..=b'9'));
        let sign = |i: usize| matches!(self.byte(i), Some(b'+' | b'-'));
        let mut found = None;
        'rules: for digit_first in [true, false] {
            for (use_a, use_b) in [(true, true), (true, false), (false, true), (false, false)] {
                let mut i = p;
                let mut increment = None;
                for (first, used) in [(true, use_a), (false, use_b)] {
                    if !used {
                        continue;
                    }
                    let is_digit_slot = first == digit_first;
                    if is_digit_slot && digit(i) {
                        increment = self.byte(i).map(|b| i64::from(b - b'0'));
                        i += 1;
                    } else if !is_digit_slot && sign(i) {
                        i += 1;
                    } else {
                        continue;
                    }
                }
                let wanted = usize::from(use_a) + usize::from(use_b);
                if i - p == wanted && self.space_or_eol(i) {
                    found = Some((i, increment));
                    break 'rules;
                }
            }
        }
        let Some((end, increment)) = found else {
            return false;
        };
        self.block_scalar_indent = increment.map(|n| self.indent.max(0) + n);
        if end > p {
            self.token(Tok::Punct, end);
        }
        self.push(&[State::IgnoredLine]);
        true
    }

    /// `single-quoted-scalar` and `double-quoted-scalar`, with their shared whitespace rules.
    fn quoted(&mut self, quote: u8) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        if self.bol(p) && sp > p {
            self.token(Tok::Whitespace, sp);
            return true;
        }
        if sp > p && self.eol(sp) {
            self.token(Tok::Whitespace, sp);
            return true;
        }
        if self.byte(p) == Some(b'\n') {
            let end = self.run_of(p, |b| b == b'\n');
            self.token(Tok::Whitespace, end);
            return true;
        }
        let blanks = self.chars_while(p, |c| c == ' ' || c == '\u{a0}');
        if blanks > p {
            self.token(Tok::NameVariable, blanks);
            return true;
        }
        if quote == b'\'' {
            if self.at(p, "''") {
                self.token(Tok::Str, p + 2);
                return true;
            }
        } else if self.byte(p) == Some(b'\\') {
            let c = self.char_at(p + 1);
            if c.is_some_and(|c| "0abt\tn\nvfre \"\\N_LP".contains(c)) {
                self.token(Tok::Str, p + 2);
                return true;
            }
            let hex = |n: usize| {
                self.text
                    .get(p + 2..p + 2 + n)
                    .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            };
            let len = match c {
                Some('x') if hex(2) => 2,
                Some('u') if hex(4) => 4,
                Some('U') if hex(8) => 8,
                _ => 0,
            };
            if len > 0 {
                self.token(Tok::Str, p + 2 + len);
                return true;
            }
        }
        let q = char::from(quote);
        let end = self.chars_while(p, |c| {
            !is_space(c) && c != q && (quote == b'\'' || c != '\\')
        });
        if end > p {
            self.token(Tok::Str, end);
            return true;
        }
        if self.byte(p) == Some(quote) {
            self.token(Tok::Str, p + 1);
            self.pop(1);
            return true;
        }
        false
    }

    fn plain_new_line(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        if self.bol(p) && sp > p && self.eol(sp) {
            self.token(Tok::Whitespace, sp);
        } else if self.byte(p) == Some(b'\n') {
            let end = self.run_of(p, |b| b == b'\n');
            self.token(Tok::Whitespace, end);
        } else if self.bol(p) && (self.at(p, "---") || self.at(p, "...")) {
            self.pop(3);
        } else if self.bol(p) {
            if (sp - p) as i64 <= self.indent {
                // The callback leaves the scalar and the block line, then the rule's `#pop`.
                self.pop_raw();
                self.pop_raw();
            } else {
                self.token(Tok::Whitespace, sp);
            }
            self.pop(1);
        } else {
            return false;
        }
        true
    }

    fn plain_block(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        // The scalar ends before a `:` indicator, or before spaces and a comment.
        let ends_at_colon = self.byte(sp) == Some(b':') && self.space_or_eol(sp + 1);
        if ends_at_colon || (sp > p && self.byte(sp) == Some(b'#')) {
            self.token(Tok::Whitespace, sp);
            self.pop(1);
        } else if sp > p && self.eol(sp) {
            self.token(Tok::Whitespace, sp);
        } else if self.byte(p) == Some(b'\n') {
            let end = self.run_of(p, |b| b == b'\n');
            self.token(Tok::Whitespace, end);
            self.push(&[State::PlainNewLine]);
        } else {
            let blanks = self.chars_while(p, |c| c == ' ' || c == '\u{a0}');
            if blanks > p {
                self.token(Tok::Plain, blanks);
                return true;
            }
            // (?::(?!\s)|[^\s:])+
            let mut end = p;
            while let Some(c) = self.char_at(end) {
                let solid_colon = c == ':' && self.char_at(end + 1).is_some_and(|n| !is_space(n));
                if solid_colon || (!is_space(c) && c != ':') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            if end == p {
                return false;
            }
            self.token(Tok::Plain, end);
        }
        true
    }

    fn plain_flow(&mut self) -> bool {
        let p = self.pos;
        let sp = self.spaces(p);
        let indicator =
            |b: Option<u8>| matches!(b, Some(b',' | b':' | b'?' | b'[' | b']' | b'{' | b'}'));
        if indicator(self.byte(sp)) || (sp > p && self.byte(sp) == Some(b'#')) {
            self.token(Tok::Whitespace, sp);
            self.pop(1);
        } else if sp > p && (self.bol(p) || self.eol(sp)) {
            self.token(Tok::Whitespace, sp);
        } else if self.byte(p) == Some(b'\n') {
            let end = self.run_of(p, |b| b == b'\n');
            self.token(Tok::Whitespace, end);
        } else {
            let blanks = self.chars_while(p, |c| c == ' ' || c == '\u{a0}');
            if blanks > p {
                self.token(Tok::NameVariable, blanks);
                return true;
            }
            let end = self.chars_while(p, |c| !is_space(c) && !",:?[]{}".contains(c));
            if end == p {
                return false;
            }
            self.token(Tok::NameVariable, end);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ESC[<c>m` + text + reset, for readable expectations.
    fn c(code: &str, text: &str) -> String {
        format!("\u{1b}[{code}m{text}\u{1b}[39;49;00m")
    }

    #[test]
    fn keys_whitespace_and_plain_values() {
        assert_eq!(
            highlight("a: x\n"),
            format!("{}:{}x{}\n", c("94", "a"), c("37", " "), c("37", ""))
        );
    }

    #[test]
    fn quoted_scalars_are_strings_with_red_spaces() {
        // `n: '1'` and a single-quoted value with an escaped quote and a space.
        assert_eq!(
            highlight("n: '1'\ne: 'it''s a'\n"),
            format!(
                "{}:{}{}{}{}{}\n{}:{}{}{}{}{}{}{}{}{}\n",
                c("94", "n"),
                c("37", " "),
                c("33", "'"),
                c("33", "1"),
                c("33", "'"),
                c("37", ""),
                c("94", "e"),
                c("37", " "),
                c("33", "'"),
                c("33", "it"),
                c("33", "''"),
                c("33", "s"),
                c("31", " "),
                c("33", "a"),
                c("33", "'"),
                c("37", ""),
            )
        );
    }

    #[test]
    fn document_end_marker_is_underlined_cyan() {
        assert_eq!(
            highlight("hello\n...\n"),
            format!(
                "hello{}\n{}{}\n",
                c("37", ""),
                c("04m\u{1b}[36", "..."),
                c("37", "")
            )
        );
    }

    #[test]
    fn nested_indentation_splits_line_break_and_indent() {
        // `\n` and the next line's indentation are separate tokens, each wrapped.
        assert_eq!(
            highlight("p:\n  q: 1\n"),
            format!(
                "{}:{}\n{}{}:{}1{}\n",
                c("94", "p"),
                c("37", ""),
                c("37", "  "),
                c("94", "q"),
                c("37", " "),
                c("37", "")
            )
        );
    }
}
