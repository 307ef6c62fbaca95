//! `--query`: JMESPath with the semantics of Python jmespath 1.1.0 as az runs it. The
//! `jmespath` crate only parses (its AST); evaluation is ours (`eval`, `functions`) so that
//! objects keep their insertion order, multi-select hashes keep expression order (and are
//! marked as built, which `tsv` needs), integers stay integers (`sum`, `abs`, `ceil`,
//! `floor`), `avg([])` is `null`, and errors carry Python's texts. Before parsing, backtick
//! literals that are not valid JSON are read as strings (Python's deprecated JEP-12 rule,
//! e.g. ``[?location==`eastus`]``), and every literal is parsed here with full number
//! precision. How deep an expression may nest is `depth`'s.

mod depth;
mod eval;
mod functions;
mod types;

pub use depth::MAX_DEPTH;

use crate::py::value::PyValue;
use jmespath::ast::Ast;
use serde_json::Value;

/// A `--query` failure; both texts are az's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The expression does not compile (az: parser error, exit 2).
    #[error("argument --query: invalid jmespath_type value: {}", crate::py::repr::str_repr(.query))]
    Syntax { query: String },
    /// The expression nests deeper than [`MAX_DEPTH`]. az's parser hits Python's recursion
    /// limit and az reports an unexpected error with this text (exit 1, before any request).
    #[error("maximum recursion depth exceeded")]
    TooDeep,
    /// Evaluation failed (az: exit 1).
    #[error("Invalid jmespath query supplied for `--query`: {message}")]
    Runtime { message: String },
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Query {
    ast: Ast,
    literals: Vec<PyValue>,
    /// The expression tree's depth ([`depth::ast_depth`]): whether it is evaluated in place.
    depth: usize,
}

/// Marks a raw-string literal that stands for a pre-parsed JSON literal (`literals[n]`).
const LITERAL_MARK: char = '\u{1}';

impl Query {
    /// Compiles an expression; any failure (including an empty expression) is a syntax error.
    pub fn compile(query: &str) -> Result<Query, QueryError> {
        let syntax = || QueryError::Syntax {
            query: query.to_string(),
        };
        // Before the crate's recursive parser sees it: a query nested thousands deep would
        // overflow the stack there (quoted text and backtick literals are skipped).
        let lexical = depth::lexical_depth(query);
        if lexical > 2 * MAX_DEPTH {
            return Err(QueryError::TooDeep);
        }
        let (rewritten, literals) = extract_literals(query).ok_or_else(syntax)?;
        let ast =
            depth::with_stack_for(lexical, || jmespath::parse(&rewritten)).map_err(|_| syntax())?;
        let depth = depth::ast_depth(&ast);
        if depth > MAX_DEPTH {
            depth::dismantle(ast);
            return Err(QueryError::TooDeep);
        }
        Ok(Query {
            ast,
            literals,
            depth,
        })
    }

    /// Evaluates over pipeline data.
    pub fn search(&self, data: &PyValue) -> Result<PyValue, QueryError> {
        use types::Interpret;
        let evaluator = eval::Evaluator {
            literals: &self.literals,
        };
        depth::with_stack_for(self.depth, || evaluator.eval(&self.ast, data))
            .map_err(|message| QueryError::Runtime { message })
    }

    /// [`Self::search`] over a list whose items are made one at a time (a long ARM list):
    /// a query projecting over the list itself (`[?cond].name`) never has the list whole.
    pub fn search_items(
        &self,
        items: impl Iterator<Item = PyValue> + Send,
    ) -> Result<PyValue, QueryError> {
        let evaluator = eval::Evaluator {
            literals: &self.literals,
        };
        depth::with_stack_for(self.depth, || evaluator.eval_items(&self.ast, items))
            .map_err(|message| QueryError::Runtime { message })
    }

    /// Evaluates over plain JSON (e.g. `aks wait --custom`).
    pub fn search_json(&self, data: &Value) -> Result<Value, QueryError> {
        Ok(self.search(&PyValue::from_json(data))?.to_json())
    }
}

/// Replaces each backtick literal with a marked raw string naming its pre-parsed value.
/// Returns `None` when a literal is neither JSON nor a JSON string once quoted.
fn extract_literals(query: &str) -> Option<(String, Vec<PyValue>)> {
    let mut out = String::with_capacity(query.len());
    let mut literals = Vec::new();
    let mut chars = query.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                // Copy a raw string / quoted identifier verbatim.
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            '`' => {
                let mut body = String::new();
                let mut closed = false;
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => match chars.next() {
                            Some('`') => body.push('`'),
                            Some(e) => {
                                body.push('\\');
                                body.push(e);
                            }
                            None => body.push('\\'),
                        },
                        '`' => {
                            closed = true;
                            break;
                        }
                        d => body.push(d),
                    }
                }
                if !closed {
                    return None;
                }
                let value = serde_json::from_str::<Value>(&body)
                    .or_else(|_| {
                        serde_json::from_str::<Value>(&format!("\"{}\"", body.trim_start()))
                    })
                    .ok()?;
                out.push('\'');
                out.push(LITERAL_MARK);
                out.push_str(&literals.len().to_string());
                out.push('\'');
                literals.push(PyValue::from_json(&value));
            }
            c => out.push(c),
        }
    }
    Some((out, literals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(expr: &str, data: serde_json::Value) -> Result<serde_json::Value, QueryError> {
        Query::compile(expr)?.search_json(&data)
    }

    #[test]
    fn python_semantics_that_differ_from_the_crate() {
        let obj: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":2,"c":3}"#).expect("json");
        assert_eq!(q("keys(@)", obj.clone()), Ok(json!(["b", "a", "c"])));
        assert_eq!(q("values(@)", obj.clone()), Ok(json!([1, 2, 3])));
        assert_eq!(q("*", obj.clone()), Ok(json!([1, 2, 3])));
        assert_eq!(
            q(
                "to_string(@)",
                serde_json::from_str(r#"{"b":1,"a":[1,2.5,"x"]}"#).expect("json")
            ),
            Ok(json!("{\"b\":1,\"a\":[1,2.5,\"x\"]}"))
        );
        assert_eq!(
            q("sum(@)", json!([1, 2, 3])).map(|v| v.to_string()),
            Ok("6".into())
        );
        assert_eq!(
            q("abs(@)", json!(-5)).map(|v| v.to_string()),
            Ok("5".into())
        );
        assert_eq!(
            q("ceil(@)", json!(1.2)).map(|v| v.to_string()),
            Ok("2".into())
        );
        assert_eq!(
            q("floor(@)", json!(1.8)).map(|v| v.to_string()),
            Ok("1".into())
        );
        assert_eq!(q("avg(@)", json!([])), Ok(json!(null)));
        assert_eq!(
            q("avg(@)", json!([1, 2, 3])).map(|v| v.to_string()),
            Ok("2.0".into())
        );
        assert_eq!(
            q("to_number('3.0')", json!(null)).map(|v| v.to_string()),
            Ok("3.0".into())
        );
        let order = q("{zeta:name, alpha:name}", json!({"name": "n"})).expect("ok");
        let keys: Vec<&String> = order.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["zeta", "alpha"]);
    }

    #[test]
    fn filters_projections_and_literals() {
        let data = json!([
            {"name": "a", "location": "eastus", "n": 1},
            {"name": "b", "location": "westus", "n": 2},
            {"name": "c", "location": "eastus", "n": 3}
        ]);
        assert_eq!(
            q("[?location==`eastus`].name", data.clone()),
            Ok(json!(["a", "c"]))
        );
        assert_eq!(q("[?n > `1`].name", data.clone()), Ok(json!(["b", "c"])));
        assert_eq!(
            q("[?contains(name, 'b')] | [0].n", data.clone()),
            Ok(json!(2))
        );
        assert_eq!(
            q("sort_by(@, &location)[].name", data.clone()),
            Ok(json!(["a", "c", "b"]))
        );
        assert_eq!(q("max_by(@, &n).name", data.clone()), Ok(json!("c")));
        assert_eq!(q("[-1:0:-1].name", data.clone()), Ok(json!(["c", "b"])));
        assert_eq!(
            q("length([?location=='nowhere'])", data.clone()),
            Ok(json!(0))
        );
        assert_eq!(q("[0].missing", data.clone()), Ok(json!(null)));
        assert_eq!(
            q("`10000000000000000000000`", json!(null)).map(|v| v.to_string()),
            Ok("10000000000000000000000".into())
        );
        assert_eq!(q("not_null(missing, [1].name)", data), Ok(json!("b")));
    }

    /// Queries on either side of [`depth::SHALLOW_DEPTH`] (in place, then on the deep-stack
    /// thread) give the same answers, from a test thread's 2 MiB stack.
    #[test]
    fn shallow_queries_run_in_place_and_deeper_ones_on_their_thread_alike() {
        for n in [1, depth::SHALLOW_DEPTH - 1, depth::SHALLOW_DEPTH + 1, 100] {
            let nots = format!("{}a", "!".repeat(n));
            let compiled = Query::compile(&nots).expect("compiles");
            assert_eq!(
                compiled.depth > depth::SHALLOW_DEPTH,
                n >= depth::SHALLOW_DEPTH
            );
            assert_eq!(
                compiled.search_json(&json!({"a": true})),
                Ok(json!(n % 2 == 0)),
                "{n}"
            );
            let projection = format!("[?{}a].a", "!".repeat(n));
            let items =
                || [json!({"a": true}), json!({"a": false})].map(|v| PyValue::from_json(&v));
            let compiled = Query::compile(&projection).expect("compiles");
            let by_item = compiled
                .search_items(items().into_iter())
                .expect("evaluates");
            let whole = compiled
                .search(&PyValue::List(items().to_vec()))
                .expect("evaluates");
            let kept = if n % 2 == 0 {
                json!([true])
            } else {
                json!([false])
            };
            assert_eq!(
                (by_item.to_json(), whole.to_json()),
                (kept.clone(), kept),
                "{n}"
            );
        }
    }

    // Regression: `--query` of 10,000 nested `!` overflowed the stack (SIGSEGV).
    #[test]
    fn deep_queries_are_refused_without_overflowing_the_stack() {
        let n = MAX_DEPTH;
        let at_cap = format!("{}a", "!".repeat(n - 1));
        assert_eq!(
            q(&at_cap, json!({"a": true})),
            Ok(json!((n - 1).is_multiple_of(2))),
            "{n} nodes"
        );
        let nested_list = format!("{}a{}", "[".repeat(n - 1), "]".repeat(n - 1));
        assert!(q(&nested_list, json!({"a": 1})).is_ok());
        let deep: Vec<String> = vec![
            format!("{}a", "!".repeat(10_000)),
            format!("{}a", "!".repeat(n)),
            format!("{}a", "!".repeat(3 * n)),
            format!("{}a{}", "(".repeat(3 * n), ")".repeat(3 * n)),
            format!("{}a{}", "[".repeat(3 * n), "]".repeat(3 * n)),
            format!("{}a{}", "{k:".repeat(3 * n), "}".repeat(3 * n)),
            format!("{}a{}", "abs(".repeat(3 * n), ")".repeat(3 * n)),
            format!("{}a{}", "[?".repeat(3 * n), "]".repeat(3 * n)),
            format!("{}a", "& ".repeat(3 * n)),
            format!("a{}", "[*]".repeat(3 * n)),
            format!("a{}", "[]".repeat(3 * n)),
            format!("a{}", ".*".repeat(3 * n)),
            format!("a{}", "[0]".repeat(100_000)),
            vec!["a"; 100_000].join("."),
            vec!["a"; 100_000].join(" || "),
            vec!["!a"; 100_000].join(" && "),
        ];
        for expr in &deep {
            assert_eq!(
                Query::compile(expr).map(drop),
                Err(QueryError::TooDeep),
                "{}…",
                &expr[..20]
            );
        }
        // At the lexical bound the crate's parser recurses deepest; it runs on a deep stack.
        let m = 2 * n;
        let at_lexical_bound = [
            format!("{}a", "!".repeat(m)),
            format!("{}a{}", "abs(".repeat(m), ")".repeat(m)),
            format!("{}a{}", "{k:".repeat(m), "}".repeat(m)),
            format!("{}a{}", "[".repeat(m), "]".repeat(m)),
            format!("{}a{}", "[?".repeat(n), "]".repeat(n)),
            format!("a{}", "[*]".repeat(m - 1)),
        ];
        for expr in &at_lexical_bound {
            assert_eq!(depth::lexical_depth(expr), m, "{}…", &expr[..20]);
            assert_eq!(
                Query::compile(expr).map(drop),
                Err(QueryError::TooDeep),
                "{}…",
                &expr[..20]
            );
        }
        assert_eq!(
            QueryError::TooDeep.to_string(),
            "maximum recursion depth exceeded"
        );
    }

    #[test]
    fn error_texts_match_python() {
        let groups = json!([{"name": "rg-web"}]);
        assert_eq!(
            q("[?name==", groups.clone()).map_err(|e| e.to_string()),
            Err("argument --query: invalid jmespath_type value: '[?name=='".to_string())
        );
        assert!(matches!(
            q("", groups.clone()),
            Err(QueryError::Syntax { .. })
        ));
        assert_eq!(
            q("length(@, @)", groups.clone()).map_err(|e| e.to_string()),
            Err("Invalid jmespath query supplied for `--query`: Expected 1 argument for function length(), received 2".to_string())
        );
        assert_eq!(
            q("foo(@)", groups.clone()).map_err(|e| e.to_string()),
            Err(
                "Invalid jmespath query supplied for `--query`: Unknown function: foo()"
                    .to_string()
            )
        );
        assert_eq!(
            q("sum([].name)", groups.clone()).map_err(|e| e.to_string()),
            Err("Invalid jmespath query supplied for `--query`: In function sum(), invalid type for value: rg-web, expected one of: ['array-number'], received: \"str\"".to_string())
        );
        assert_eq!(
            q("merge(`1`)", groups).map_err(|e| e.to_string()),
            Err("Invalid jmespath query supplied for `--query`: In function merge(), invalid type for value: 1, expected one of: ['object'], received: \"number\"".to_string())
        );
    }
}
