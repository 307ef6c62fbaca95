//! Python's `textwrap.TextWrapper.fill`, as knack calls it for every help line
//! (`replace_whitespace=False`, `break_long_words=True`, `break_on_hyphens=True`,
//! `drop_whitespace=True`, tabs expanded to 8 columns).
//!
//! az's wrapping is not a plain "break at spaces": words are also split after hyphens inside
//! hyphenated words (`foo-bar` may end a line at `foo-`), a word longer than the line is cut,
//! preferring a cut after its last hyphen that fits, and whitespace at a line break is dropped.
//! Reproducing help byte for byte needs exactly those rules, so this module follows the
//! standard library's algorithm (its `wordsep_re` chunking and `_wrap_chunks`) step by step.
//! Widths count characters (code points), as Python's `len` does. It knows nothing about help
//! pages: [`super::layout`] decides indents and widths.

/// Python's `textwrap` whitespace set (`_whitespace`).
fn is_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// `\w` of Python's `re` on `str` patterns: Unicode letters, digits and the underscore.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `[^\d\W]`: a word character that is not a decimal digit.
fn is_letter(c: char) -> bool {
    is_word(c) && !c.is_numeric()
}

/// `word_punct` of `wordsep_re`: `[\w!"'&.,?]`.
fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

/// Whether `-{2,}\w` matches at `at` (an em-dash followed by a word character).
fn em_dash_at(s: &[char], at: usize) -> bool {
    let mut j = at;
    while j < s.len() && s[j] == '-' {
        j += 1;
    }
    j - at >= 2 && j < s.len() && is_word(s[j])
}

/// `TextWrapper._split_chunks`: the text cut the way `wordsep_re` splits it (whitespace runs,
/// em-dashes between words, words possibly ending after a hyphen), empty pieces dropped. Each
/// chunk is a range of `s`, so filling a line copies characters once, into the output.
fn chunks(s: &[char]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let end = if is_ws(s[i]) {
            // `%(ws)s+`
            let mut j = i;
            while j < s.len() && is_ws(s[j]) {
                j += 1;
            }
            j
        } else if i > 0 && is_word_punct(s[i - 1]) && em_dash_at(s, i) {
            // `(?<=%(wp)s) -{2,} (?=\w)`
            let mut j = i;
            while s[j] == '-' {
                j += 1;
            }
            j
        } else {
            word_end(s, i)
        };
        out.push(Chunk { start: i, end });
        i = end;
    }
    out
}

/// A piece of the text being filled: `start..end` of its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    start: usize,
    end: usize,
}

impl Chunk {
    fn len(self) -> usize {
        self.end - self.start
    }

    /// `chunk.strip() == ''`: empty or whitespace only.
    fn is_blank(self, s: &[char]) -> bool {
        s[self.start..self.end].iter().all(|&c| is_ws(c))
    }
}

/// Where the lazy `%(nws)s+?` word alternative of `wordsep_re` ends when it starts at `i`
/// (a non-whitespace character): the first position that ends a hyphenated part, the word, or
/// comes before an em-dash.
fn word_end(s: &[char], i: usize) -> usize {
    let letter_at = |k: usize| k < s.len() && is_letter(s[k]);
    let mut k = i + 1;
    loop {
        // `-(?: (?<=%(lt)s{2}-) | (?<=%(lt)s-%(lt)s-)) (?= %(lt)s -? %(lt)s)`: the hyphen at
        // `k` is taken into the chunk.
        if k < s.len() && s[k] == '-' {
            let behind = (k >= 2 && letter_at(k - 1) && letter_at(k - 2))
                || (k >= 3 && letter_at(k - 1) && s[k - 2] == '-' && letter_at(k - 3));
            let ahead = letter_at(k + 1)
                && (letter_at(k + 2) || (s.get(k + 2) == Some(&'-') && letter_at(k + 3)));
            if behind && ahead {
                return k + 1;
            }
        }
        // `(?=%(ws)s|\Z)`
        if k >= s.len() || is_ws(s[k]) {
            return k;
        }
        // `(?<=%(wp)s) (?=-{2,}\w)`
        if is_word_punct(s[k - 1]) && em_dash_at(s, k) {
            return k;
        }
        k += 1;
    }
}

/// Python's `str.expandtabs(8)`.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let n = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// `TextWrapper(initial_indent, subsequent_indent, width).wrap(text)`: the lines, without
/// line breaks. An empty or all-blank text gives no lines. (Help fills lines straight into
/// its page with [`print_indent`]; this form is for the tests.)
#[cfg(test)]
fn wrap(text: &str, width: usize, initial_indent: &str, subsequent_indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    fill(
        text,
        width,
        initial_indent,
        subsequent_indent,
        |indent, s, line| {
            let mut out = String::from(indent);
            out.extend(line.iter().flat_map(|c| &s[c.start..c.end]));
            lines.push(out);
        },
    );
    lines
}

/// `TextWrapper._wrap_chunks`: calls `emit` with each line's indent, the text's characters
/// and the chunks that make up the line, in order.
fn fill(
    text: &str,
    width: usize,
    initial_indent: &str,
    subsequent_indent: &str,
    mut emit: impl FnMut(&str, &[char], &[Chunk]),
) {
    // A text that fits on its first line is that line: every chunk fits, the first line
    // keeps its leading whitespace, and only the trailing whitespace chunk is dropped.
    if !text.contains('\t') && width_of(initial_indent) + width_of(text) <= width {
        let kept: Vec<char> = text.trim_end_matches(is_ws).chars().collect();
        if !kept.is_empty() {
            let whole = [Chunk {
                start: 0,
                end: kept.len(),
            }];
            emit(initial_indent, &kept, &whole);
        }
        return;
    }
    let s: Vec<char> = if text.contains('\t') {
        expand_tabs(text).chars().collect()
    } else {
        text.chars().collect()
    };
    let mut rest = chunks(&s);
    let mut next = 0;
    let mut line: Vec<Chunk> = Vec::new();
    let mut first = true;
    while next < rest.len() {
        let indent = if first {
            initial_indent
        } else {
            subsequent_indent
        };
        let room = width.saturating_sub(width_of(indent));
        // Whitespace at the start of a line other than the first is dropped.
        if !first && rest[next].is_blank(&s) {
            next += 1;
        }
        line.clear();
        let mut len = 0;
        while let Some(&chunk) = rest.get(next) {
            if len + chunk.len() > room {
                break;
            }
            len += chunk.len();
            line.push(chunk);
            next += 1;
        }
        if let Some(long) = rest.get_mut(next)
            && long.len() > room
        {
            break_long_word(&s, long, &mut line, len, room);
        }
        if line.last().is_some_and(|c| c.is_blank(&s)) {
            line.pop();
        }
        if !line.is_empty() {
            emit(indent, &s, &line);
            first = false;
        }
    }
}

/// `TextWrapper._handle_long_word` with `break_long_words` and `break_on_hyphens`: as much of
/// the too-long chunk as fits goes on this line, cut after its last hyphen that fits when there
/// is one with something other than hyphens before it; the chunk keeps the rest.
fn break_long_word(s: &[char], chunk: &mut Chunk, line: &mut Vec<Chunk>, len: usize, room: usize) {
    let space_left = if room < 1 { 1 } else { room - len };
    let chars = &s[chunk.start..chunk.end];
    let mut end = space_left;
    if chars.len() > space_left
        && let Some(hyphen) = chars[..space_left].iter().rposition(|&c| c == '-')
        && hyphen > 0
        && chars[..hyphen].iter().any(|&c| c != '-')
    {
        end = hyphen + 1;
    }
    let end = end.min(chars.len());
    line.push(Chunk {
        start: chunk.start,
        end: chunk.start + end,
    });
    chunk.start += end;
}

/// knack's `_print_indent`: every `\n`-separated paragraph of `text` filled on its own with
/// `indent` levels of four spaces (continuation lines at `subsequent` spaces when given), each
/// followed by a line break; an empty paragraph gives an empty line.
pub fn print_indent(
    out: &mut String,
    text: &str,
    indent: usize,
    subsequent: Option<usize>,
    width: usize,
) {
    const SPACES: &str = "                                                                ";
    let spaces = |n: usize| {
        SPACES
            .get(..n)
            .map_or_else(|| " ".repeat(n).into(), std::borrow::Cow::Borrowed)
    };
    let first = spaces(indent * 4);
    let rest = subsequent.map_or_else(|| first.clone(), spaces);
    for paragraph in text.split('\n') {
        let mut lines = 0;
        fill(paragraph, width, &first, &rest, |indent, s, line| {
            if lines > 0 {
                out.push('\n');
            }
            out.push_str(indent);
            out.extend(line.iter().flat_map(|c| &s[c.start..c.end]));
            lines += 1;
        });
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_wordsep_re() {
        let split = |s: &str| {
            let chars: Vec<char> = s.chars().collect();
            chunks(&chars)
                .into_iter()
                .map(|c| chars[c.start..c.end].iter().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(split("foo-bar baz"), ["foo-", "bar", " ", "baz"]);
        assert_eq!(split("a-b x--y"), ["a-b", " ", "x", "--", "y"]);
        assert_eq!(split("00000000-0000"), ["00000000-0000"]);
        assert_eq!(split("well-known-name"), ["well-", "known-", "name"]);
    }

    #[test]
    fn long_words_break_after_a_hyphen_that_fits() {
        let lines = wrap(
            "abc /subscriptions/00000000-0000-0000-0000-000000000000/x",
            30,
            "",
            "",
        );
        assert_eq!(
            lines,
            [
                "abc /subscriptions/00000000-",
                "0000-0000-0000-000000000000/x"
            ]
        );
    }

    #[test]
    fn a_text_that_fits_keeps_its_leading_whitespace_and_drops_its_trailing() {
        assert_eq!(wrap("  ab  ", 10, "", ""), ["  ab"]);
        assert_eq!(wrap("abc", 3, "", ""), ["abc"]);
        assert_eq!(wrap("abc", 5, "  ", "    "), ["  abc"]);
        assert_eq!(wrap("ab cd", 4, "", ""), ["ab", "cd"]);
        assert_eq!(wrap("ab\x0b", 10, "", ""), ["ab"]);
        assert!(wrap(" \r ", 10, "", "").is_empty());
    }

    #[test]
    fn blank_text_gives_no_lines_and_an_empty_paragraph_an_empty_line() {
        assert!(wrap("   ", 10, "", "").is_empty());
        let mut out = String::new();
        print_indent(&mut out, "a\n\nb", 1, None, 100);
        assert_eq!(out, "    a\n\n    b\n");
    }
}
