//! The two pieces of Python's `difflib` that az's parser uses for "Did you mean" hints:
//! `SequenceMatcher(None, a, b).ratio()` and `get_close_matches(word, possibilities, n, cutoff)`.
//! It owns only the scoring and ordering; which names are offered and how the hint is worded
//! stay with the parser.
//!
//! Why hand-written rather than a crate: no kept crate computes Python's ratio. `similar`'s (3.2)
//! `TextDiff::ratio` counts the matches of a Myers (or LCS/Patience) diff, which is the longest
//! common subsequence, and returns an `f32`; `SequenceMatcher` instead takes the longest common
//! block and recurses on either side of it, which can find fewer matches. That changes az's
//! output: for `az group deetle` az prints no suggestion (`delete` scores 8/12 = 0.667 < 0.7),
//! while an LCS ratio gives 10/12 and would suggest `delete`; likewise `exstis`/`exists` and
//! `-o nene`/`none` (the tests pin these against az 2.91). `strsim` (already in the tree
//! through clap) offers edit-distance and Jaro metrics, not this one.
//!
//! Python's "autojunk" heuristic (popular characters ignored when the typed word has 200 or
//! more characters) is not implemented: a ratio of at least 0.7 against such a word needs a
//! candidate of at least 108 characters, and az's command and choice names are far shorter,
//! so it cannot change a suggestion. Inputs being that short, the quadratic longest-match
//! search is fine.

/// Python's `SequenceMatcher(None, a, b).ratio()`: `2 * matches / (len(a) + len(b))`.
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_chars(&a, &b, 0, a.len(), 0, b.len()) as f64 / total as f64
}

/// Total size of the matching blocks of `a[alo..ahi]` and `b[blo..bhi]`, found the way
/// `get_matching_blocks` does: the longest match (earliest in `a`, then in `b`), then recurse
/// on both sides.
fn matching_chars(a: &[char], b: &[char], alo: usize, ahi: usize, blo: usize, bhi: usize) -> usize {
    let (i, j, k) = longest_match(a, b, alo, ahi, blo, bhi);
    if k == 0 {
        return 0;
    }
    k + matching_chars(a, b, alo, i, blo, j) + matching_chars(a, b, i + k, ahi, j + k, bhi)
}

fn longest_match(
    a: &[char],
    b: &[char],
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    // lengths[j] = length of the match ending at a[i-1], b[j-1] (previous row).
    let mut prev = vec![0usize; bhi + 1];
    for (i, ca) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut cur = vec![0usize; bhi + 1];
        for (j, cb) in b.iter().enumerate().take(bhi).skip(blo) {
            if ca == cb {
                let k = prev[j] + 1;
                cur[j + 1] = k;
                if k > best_k {
                    best_i = i + 1 - k;
                    best_j = j + 1 - k;
                    best_k = k;
                }
            }
        }
        prev = cur;
    }
    (best_i, best_j, best_k)
}

/// Python's `difflib.get_close_matches(word, possibilities, n, cutoff)`: the best `n`
/// possibilities with a ratio of at least `cutoff`, best first (ties: the larger string first,
/// as Python's `heapq.nlargest` over `(score, x)` tuples orders them).
pub fn get_close_matches<'a>(
    word: &str,
    possibilities: impl IntoIterator<Item = &'a str>,
    n: usize,
    cutoff: f64,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = possibilities
        .into_iter()
        .map(|x| (ratio(x, word), x))
        .filter(|(score, _)| *score >= cutoff)
        .collect();
    scored.sort_by(|l, r| r.0.total_cmp(&l.0).then_with(|| r.1.cmp(l.1)));
    scored.into_iter().take(n).map(|(_, x)| x).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_matches_python() {
        // Values computed with CPython 3.11 difflib.
        assert!((ratio("lst", "list") - 6.0 / 7.0).abs() < 1e-12);
        assert!((ratio("abcd", "bcde") - 0.75).abs() < 1e-12);
        assert_eq!(ratio("", ""), 1.0);
        assert_eq!(ratio("abc", "xyz"), 0.0);
        // Longest block first, not the longest common subsequence: one match ("p"), where an
        // LCS would find two ("ro").
        assert_eq!(ratio("provider", "gorup"), 2.0 / 13.0);
        assert_eq!(ratio("delete", "deetle"), 2.0 * 4.0 / 12.0);
    }

    #[test]
    fn close_matches_are_ordered_and_cut() {
        let choices = ["create", "delete", "exists", "list", "show"];
        assert_eq!(get_close_matches("lst", choices, 3, 0.7), vec!["list"]);
        assert!(get_close_matches("zzz", choices, 3, 0.7).is_empty());
        assert_eq!(
            get_close_matches("jsn", ["json", "jsonc"], 3, 0.7),
            vec!["json", "jsonc"]
        );
        // Equal scores: the larger string first, as `heapq.nlargest` over (score, x).
        assert_eq!(
            get_close_matches("xone", ["none", "zone", "bone"], 3, 0.7),
            vec!["zone", "none", "bone"]
        );
        assert_eq!(
            get_close_matches("xone", ["none", "zone", "bone"], 2, 0.7),
            vec!["zone", "none"]
        );
    }

    // What az 2.91 printed for these misspellings (`az group deetle`, `az group lis`,
    // `az aks get-credental`, `az group list -o nene` / `-o jsn`): a suggestion, or none. An
    // LCS-based ratio (the `similar` crate's) would suggest `delete`, `exists` and `none`.
    #[test]
    fn suggestions_match_az() {
        let group = [
            "create", "delete", "exists", "export", "list", "show", "update", "wait",
        ];
        let outputs = ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"];
        let aks = ["browse", "create", "get-credentials", "install-cli", "list"];
        let first = |word: &str, names: &[&'static str]| {
            get_close_matches(word, names.iter().copied(), 3, 0.7)
                .first()
                .copied()
        };
        assert_eq!(first("deetle", &group), None);
        assert_eq!(first("detete", &group), None);
        assert_eq!(first("exstis", &group), None);
        assert_eq!(first("lis", &group), Some("list"));
        assert_eq!(first("craete", &group), Some("create"));
        assert_eq!(first("expots", &group), Some("export"));
        assert_eq!(first("get-credental", &aks), Some("get-credentials"));
        assert_eq!(first("nene", &outputs), None);
        assert_eq!(first("jsn", &outputs), Some("json"));
        assert_eq!(first("tabel", &outputs), Some("table"));
    }
}
