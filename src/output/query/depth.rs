//! Bounds on how deeply a `--query` may nest, checked at compile time so that neither the
//! `jmespath` crate's recursive parser nor our recursive evaluator (nor dropping the tree) can
//! overflow the stack. Python jmespath has no explicit limit: az hits Python's recursion limit
//! (about 480 nested `!`, 320 nested `[`) and reports an unexpected error. This module only
//! measures; [`super::QueryError::TooDeep`] is the error and its text.

use jmespath::ast::Ast;

/// The deepest expression tree accepted (nodes on the longest path from the root), a little
/// above the deepest `!` nesting az 2.91 parses (480).
pub const MAX_DEPTH: usize = 500;

/// An upper bound on the crate parser's recursion, from the text alone: brackets open at once
/// plus every prefix operator and projection (`!`, a lone `&`, `*`, `[]`, `[?`), each of which
/// may start one more level of recursion. Quoted text and backtick literals do not count.
/// Binary operators do not either: the Pratt parser loops over a chain of them.
pub fn lexical_depth(query: &str) -> usize {
    let b = query.as_bytes();
    let (mut open, mut max_open, mut prefixes) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'{' => open += 1,
            b'[' => {
                open += 1;
                if matches!(b.get(i + 1), Some(b']' | b'?')) {
                    prefixes += 1;
                }
            }
            b')' | b']' | b'}' => open = open.saturating_sub(1),
            b'!' if b.get(i + 1) != Some(&b'=') => prefixes += 1,
            b'&' if b.get(i + 1) == Some(&b'&') => i += 1,
            b'&' | b'*' => prefixes += 1,
            _ => {}
        }
        max_open = max_open.max(open);
        i += 1;
    }
    max_open.saturating_add(prefixes)
}

/// The stack the parser and the evaluator run on. Their recursion is bounded by the caps
/// above, but a debug build spends kilobytes a level, more than a test thread's 2 MiB for a
/// few hundred levels; the pages are only touched as deep as a query actually goes.
const STACK_BYTES: usize = 64 << 20;

/// Expressions at most this deep (by [`lexical_depth`] before parsing, [`ast_depth`] after) are
/// parsed and evaluated on the caller's own stack: a few dozen levels need well under the
/// 2 MiB of a test thread even in a debug build. Deeper ones get [`on_deep_stack`]'s thread,
/// whose start and separate allocator arena are not free: a `--query` over a 10,000-group
/// list allocated every item in the thread's arena while the main arena's freed pages sat
/// unused (1.7 MiB of peak memory), and every `--query` paid for starting the thread.
pub const SHALLOW_DEPTH: usize = 32;

/// Runs `work` in place when `depth` is at most [`SHALLOW_DEPTH`], on [`on_deep_stack`]'s
/// thread otherwise.
pub fn with_stack_for<T: Send>(depth: usize, work: impl FnOnce() -> T + Send) -> T {
    if depth <= SHALLOW_DEPTH {
        work()
    } else {
        on_deep_stack(work)
    }
}

/// Runs `work` on a thread with [`STACK_BYTES`] of stack and returns its result (a panic there
/// is resumed here). Where no thread can be started it runs in place.
pub fn on_deep_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().map(|mut s| s.take()).unwrap_or_default();
    let spawned = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("query".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || take().map(|work| work()))
            .ok()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    match spawned.flatten() {
        Some(result) => result,
        None => match take() {
            Some(work) => work(),
            None => unreachable!("the spawned thread took the work but returned nothing"),
        },
    }
}

/// The children of a node, for walking the tree without recursion.
fn children(node: &Ast) -> Vec<&Ast> {
    match node {
        Ast::Comparison { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => vec![lhs, rhs],
        Ast::Condition {
            predicate, then, ..
        } => vec![predicate, then],
        Ast::Expref { ast, .. } => vec![ast],
        Ast::Flatten { node, .. } | Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => {
            vec![node]
        }
        Ast::Function { args, .. } => args.iter().collect(),
        Ast::MultiList { elements, .. } => elements.iter().collect(),
        Ast::MultiHash { elements, .. } => elements.iter().map(|kv| &kv.value).collect(),
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => Vec::new(),
    }
}

/// The tree's depth, measured with an explicit stack.
pub fn ast_depth(root: &Ast) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(root, 1usize)];
    while let Some((node, depth)) = todo.pop() {
        deepest = deepest.max(depth);
        todo.extend(children(node).into_iter().map(|c| (c, depth + 1)));
    }
    deepest
}

/// Drops a tree of any depth without recursing (the derived drop of a long `a.b.c…` chain
/// would overflow the stack): children are moved out onto a heap stack first.
pub fn dismantle(root: Ast) {
    let leaf = || Ast::Identity { offset: 0 };
    let mut todo = vec![root];
    while let Some(mut node) = todo.pop() {
        match &mut node {
            Ast::Comparison { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => {
                todo.push(std::mem::replace(&mut **lhs, leaf()));
                todo.push(std::mem::replace(&mut **rhs, leaf()));
            }
            Ast::Condition {
                predicate, then, ..
            } => {
                todo.push(std::mem::replace(&mut **predicate, leaf()));
                todo.push(std::mem::replace(&mut **then, leaf()));
            }
            Ast::Expref { ast: child, .. }
            | Ast::Flatten { node: child, .. }
            | Ast::Not { node: child, .. }
            | Ast::ObjectValues { node: child, .. } => {
                todo.push(std::mem::replace(&mut **child, leaf()));
            }
            Ast::Function { args: list, .. } | Ast::MultiList { elements: list, .. } => {
                todo.append(list);
            }
            Ast::MultiHash { elements, .. } => {
                todo.extend(elements.drain(..).map(|kv| kv.value));
            }
            Ast::Identity { .. }
            | Ast::Field { .. }
            | Ast::Index { .. }
            | Ast::Literal { .. }
            | Ast::Slice { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_depth_counts_nesting_and_prefixes_not_length() {
        assert_eq!(lexical_depth("a.b.c | d || e && f"), 0);
        assert_eq!(lexical_depth("!!a"), 2);
        assert_eq!(lexical_depth("a != b"), 0);
        assert_eq!(lexical_depth("[[a]]"), 2);
        assert_eq!(lexical_depth("[a][b][c]"), 1);
        assert_eq!(lexical_depth("[].{n: name}"), 2);
        assert_eq!(lexical_depth("sort_by(@, &name)"), 2);
        assert_eq!(lexical_depth("'[[[!!!' && `\"(((\"`"), 0);
    }

    #[test]
    fn depth_and_dismantle_handle_long_chains() {
        let chain = vec!["a"; 50_000].join(".");
        let ast = jmespath::parse(&chain).expect("a chain parses without recursion");
        assert_eq!(ast_depth(&ast), 50_000);
        dismantle(ast);
    }
}
