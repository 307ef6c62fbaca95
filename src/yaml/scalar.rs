//! Scalar styles: PyYAML's `analyze_scalar` / `choose_scalar_style` (plain, single-quoted or
//! double-quoted) and the three writers with their 80-column folding rules.

use super::YamlOptions;
use super::resolve::resolves_to_other_type;

const BEST_WIDTH: usize = 80;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    Single,
    Double,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_space_or_break(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, '\0' | ' ' | '\t' | '\r') || is_break(c),
    }
}

struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

/// PyYAML `Emitter.analyze_scalar`, block context only.
fn analyze(s: &str, allow_unicode: bool) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_ws = is_space_or_break(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':' || c == '-') && followed_by_ws {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_ws) || (c == '#' && preceded_by_ws) {
            block_indicators = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if !(c == '\n' || (' '..='~').contains(&c)) {
            let u = c as u32;
            let unicode_ok = (c == '\u{85}'
                || (0xA0..=0xD7FF).contains(&u)
                || (0xE000..=0xFFFD).contains(&u)
                || (0x10000..0x10FFFF).contains(&u))
                && c != '\u{FEFF}';
            if !unicode_ok || !allow_unicode {
                special = true;
            }
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_space_or_break(Some(c));
    }
    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if space_break || special {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        empty: false,
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

/// PyYAML `choose_scalar_style` for a string in block context.
pub(super) fn choose_style(s: &str, simple_key: bool, allow_unicode: bool) -> Style {
    let a = analyze(s, allow_unicode);
    let implicit_str = !resolves_to_other_type(s);
    if implicit_str && !(simple_key && (a.empty || a.multiline)) && a.allow_block_plain {
        return Style::Plain;
    }
    if a.allow_single_quoted && !(simple_key && a.multiline) {
        return Style::Single;
    }
    Style::Double
}

/// Line break plus indentation used when folding.
fn fold(out: &mut String, column: &mut usize, indent: usize) {
    out.push('\n');
    out.push_str(&" ".repeat(indent));
    *column = indent;
}

pub(super) fn plain(s: &str, indent: usize, start_column: usize, split: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut column = start_column;
    let mut start = 0;
    let mut spaces = false;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end && column > BEST_WIDTH && split {
                    fold(&mut out, &mut column, indent);
                } else {
                    out.extend(&chars[start..end]);
                    column += end - start;
                }
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ') {
            out.extend(&chars[start..end]);
            column += end - start;
            start = end;
        }
        spaces = ch == Some(' ');
    }
    out
}

pub(super) fn single_quoted(s: &str, indent: usize, start_column: usize, split: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("'");
    let mut column = start_column + 1;
    let (mut spaces, mut breaks) = (false, false);
    let mut start = 0;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end
                    && column > BEST_WIDTH
                    && split
                    && start != 0
                    && end != chars.len()
                {
                    fold(&mut out, &mut column, indent);
                } else {
                    out.extend(&chars[start..end]);
                    column += end - start;
                }
                start = end;
            }
        } else if breaks {
            if ch.is_none_or(|c| !is_break(c)) {
                if chars[start] == '\n' {
                    out.push('\n');
                }
                for &br in &chars[start..end] {
                    // PyYAML writes `\n` for a newline and the break character itself otherwise.
                    out.push(if br == '\n' { '\n' } else { br });
                }
                out.push_str(&" ".repeat(indent));
                column = indent;
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ' || c == '\'' || is_break(c)) && start < end {
            out.extend(&chars[start..end]);
            column += end - start;
            start = end;
        }
        if ch == Some('\'') {
            out.push_str("''");
            column += 2;
            start = end + 1;
        }
        if let Some(c) = ch {
            spaces = c == ' ';
            breaks = is_break(c);
        }
    }
    out.push('\'');
    out
}

pub(super) fn double_quoted(
    s: &str,
    indent: usize,
    start_column: usize,
    split: bool,
    opts: YamlOptions,
) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("\"");
    let mut column = start_column + 1;
    let mut start = 0;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        let needs_escape = ch.is_none_or(|c| {
            let u = c as u32;
            "\"\\\u{85}\u{2028}\u{2029}\u{FEFF}".contains(c)
                || !((' '..='~').contains(&c)
                    || (opts.allow_unicode
                        && ((0xA0..=0xD7FF).contains(&u) || (0xE000..=0xFFFD).contains(&u))))
        });
        if needs_escape {
            if start < end {
                out.extend(&chars[start..end]);
                column += end - start;
                start = end;
            }
            if let Some(c) = ch {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".to_string(),
                    '\u{8}' => "\\b".to_string(),
                    '\t' => "\\t".to_string(),
                    '\n' => "\\n".to_string(),
                    '\u{b}' => "\\v".to_string(),
                    '\u{c}' => "\\f".to_string(),
                    '\r' => "\\r".to_string(),
                    '\u{1b}' => "\\e".to_string(),
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    '\u{85}' => "\\N".to_string(),
                    '\u{A0}' => "\\_".to_string(),
                    '\u{2028}' => "\\L".to_string(),
                    '\u{2029}' => "\\P".to_string(),
                    c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                column += esc.chars().count();
                out.push_str(&esc);
                start = end + 1;
            }
        }
        if end > 0
            && end + 1 < chars.len()
            && (ch == Some(' ') || start >= end)
            && column + end.saturating_sub(start) > BEST_WIDTH
            && split
        {
            if start < end {
                out.extend(&chars[start..end]);
                start = end;
            }
            out.push('\\');
            fold(&mut out, &mut column, indent);
            if chars.get(start) == Some(&' ') {
                out.push('\\');
                column += 1;
            }
        }
    }
    out.push('"');
    out
}
