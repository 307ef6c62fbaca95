//! The JMESPath tree walker over `PyValue`, following Python jmespath's `TreeInterpreter`
//! node by node (projections drop `null`s, ordering comparisons work on numbers and on
//! strings, multi-select hashes build ordered objects). Functions live in `functions`.

use super::LITERAL_MARK;
use super::functions;
use super::types::{Arg, Interpret, py_order};
use crate::py::value::{Map, PyValue};
use jmespath::Variable;
use jmespath::ast::{Ast, Comparator};
use std::cmp::Ordering;

pub(super) struct Evaluator<'a> {
    pub literals: &'a [PyValue],
}

impl Interpret for Evaluator<'_> {
    fn eval(&self, node: &Ast, data: &PyValue) -> Result<PyValue, String> {
        Ok(match node {
            Ast::Identity { .. } => data.clone(),
            Ast::Field { name, .. } => match data {
                PyValue::Dict { map, .. } => map.get(name).cloned().unwrap_or(PyValue::Null),
                _ => PyValue::Null,
            },
            Ast::Subexpr { lhs, rhs, .. } => {
                let left = self.eval(lhs, data)?;
                self.eval(rhs, &left)?
            }
            Ast::Literal { value, .. } => self.literal(value),
            Ast::Index { idx, .. } => match data {
                PyValue::List(items) => {
                    let len = items.len() as i64;
                    let i = if *idx < 0 {
                        len + *idx as i64
                    } else {
                        *idx as i64
                    };
                    if (0..len).contains(&i) {
                        items[i as usize].clone()
                    } else {
                        PyValue::Null
                    }
                }
                _ => PyValue::Null,
            },
            Ast::Or { lhs, rhs, .. } => {
                let left = self.eval(lhs, data)?;
                if left.jmespath_truthy() {
                    left
                } else {
                    self.eval(rhs, data)?
                }
            }
            Ast::And { lhs, rhs, .. } => {
                let left = self.eval(lhs, data)?;
                if left.jmespath_truthy() {
                    self.eval(rhs, data)?
                } else {
                    left
                }
            }
            Ast::Not { node, .. } => PyValue::Bool(!self.eval(node, data)?.jmespath_truthy()),
            Ast::Condition {
                predicate, then, ..
            } => {
                if self.eval(predicate, data)?.jmespath_truthy() {
                    self.eval(then, data)?
                } else {
                    PyValue::Null
                }
            }
            Ast::Comparison {
                comparator,
                lhs,
                rhs,
                ..
            } => {
                let left = self.eval(lhs, data)?;
                let right = self.eval(rhs, data)?;
                compare(comparator, &left, &right)?
            }
            Ast::ObjectValues { node, .. } => match self.eval(node, data)? {
                PyValue::Dict { map, .. } => PyValue::List(map.into_values().collect()),
                _ => PyValue::Null,
            },
            Ast::Projection { lhs, rhs, .. } => {
                // `[?...]`/`[*]` over the data itself reads it in place: evaluating the
                // identity would copy a 10,000-item list just to walk it.
                let left;
                let list = if matches!(**lhs, Ast::Identity { .. }) {
                    data
                } else {
                    left = self.eval(lhs, data)?;
                    &left
                };
                match list {
                    PyValue::List(items) => self.project(rhs, items.iter())?,
                    _ => PyValue::Null,
                }
            }
            Ast::Flatten { node, .. } => match self.eval(node, data)? {
                PyValue::List(items) => {
                    let mut collected = Vec::new();
                    for item in items {
                        match item {
                            PyValue::List(inner) => collected.extend(inner),
                            other => collected.push(other),
                        }
                    }
                    PyValue::List(collected)
                }
                _ => PyValue::Null,
            },
            Ast::MultiList { elements, .. } => {
                if data.is_null() {
                    PyValue::Null
                } else {
                    let mut collected = Vec::with_capacity(elements.len());
                    for e in elements {
                        collected.push(self.eval(e, data)?);
                    }
                    PyValue::List(collected)
                }
            }
            Ast::MultiHash { elements, .. } => {
                if data.is_null() {
                    PyValue::Null
                } else {
                    let mut map = Map::new();
                    for kv in elements {
                        let v = self.eval(&kv.value, data)?;
                        map.insert(kv.key.clone(), v);
                    }
                    PyValue::Dict { map, built: true }
                }
            }
            Ast::Function { name, args, .. } => {
                let mut resolved = Vec::with_capacity(args.len());
                for a in args {
                    resolved.push(match a {
                        Ast::Expref { ast, .. } => Arg::Expref(ast),
                        other => Arg::Val(self.eval(other, data)?),
                    });
                }
                functions::call(self, name, resolved)?
            }
            // A bare `&expr` outside a function argument: Python returns an expression object
            // that no formatter can print; treat it as null.
            Ast::Expref { .. } => PyValue::Null,
            Ast::Slice {
                start, stop, step, ..
            } => match data {
                PyValue::List(items) => {
                    if *step == 0 {
                        return Err("slice step cannot be zero".to_string());
                    }
                    PyValue::List(slice(items, *start, *stop, *step))
                }
                _ => PyValue::Null,
            },
        })
    }
}

impl Evaluator<'_> {
    /// A projection's right-hand side over each item, `null`s dropped.
    fn project<V: std::borrow::Borrow<PyValue>>(
        &self,
        rhs: &Ast,
        items: impl Iterator<Item = V>,
    ) -> Result<PyValue, String> {
        let mut collected = Vec::new();
        for item in items {
            let v = self.eval(rhs, item.borrow())?;
            if !v.is_null() {
                collected.push(v);
            }
        }
        Ok(PyValue::List(collected))
    }

    /// `node` over the list `items` makes, made one item at a time: a projection over the
    /// list itself (`[?cond].x`, `[*].x`, also followed by `| ...` or `.x`) sees each item
    /// and lets it go, so the whole list is never built; any other expression gets the list
    /// built whole. The result and errors are `eval`'s over the whole list.
    pub(super) fn eval_items(
        &self,
        node: &Ast,
        items: impl Iterator<Item = PyValue>,
    ) -> Result<PyValue, String> {
        match node {
            Ast::Projection { lhs, rhs, .. } if matches!(**lhs, Ast::Identity { .. }) => {
                self.project(rhs, items)
            }
            Ast::Subexpr { lhs, rhs, .. } if projects_over_input(lhs) => {
                let left = self.eval_items(lhs, items)?;
                self.eval(rhs, &left)
            }
            _ => self.eval(node, &PyValue::List(items.collect())),
        }
    }

    fn literal(&self, value: &Variable) -> PyValue {
        if let Variable::String(s) = value
            && let Some(n) = s.strip_prefix(LITERAL_MARK)
            && let Ok(i) = n.parse::<usize>()
            && let Some(v) = self.literals.get(i)
        {
            return v.clone();
        }
        variable_to_py(value)
    }
}

/// Whether [`Evaluator::eval_items`] can take `node` one item at a time.
fn projects_over_input(node: &Ast) -> bool {
    match node {
        Ast::Projection { lhs, .. } => matches!(**lhs, Ast::Identity { .. }),
        Ast::Subexpr { lhs, .. } => projects_over_input(lhs),
        _ => false,
    }
}

fn variable_to_py(v: &Variable) -> PyValue {
    match v {
        Variable::Null | Variable::Expref(_) => PyValue::Null,
        Variable::Bool(b) => PyValue::Bool(*b),
        Variable::Number(n) => PyValue::Num(n.clone()),
        Variable::String(s) => PyValue::Str(s.clone()),
        Variable::Array(a) => PyValue::List(a.iter().map(|x| variable_to_py(x)).collect()),
        Variable::Object(o) => PyValue::Dict {
            map: o
                .iter()
                .map(|(k, x)| (k.clone(), variable_to_py(x)))
                .collect(),
            built: false,
        },
    }
}

/// Python's list slicing.
fn slice(items: &[PyValue], start: Option<i32>, stop: Option<i32>, step: i32) -> Vec<PyValue> {
    let len = items.len() as i64;
    let step = step as i64;
    let clamp = |v: Option<i32>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) => {
                let mut v = v as i64;
                if v < 0 {
                    v += len;
                    if v < 0 {
                        v = if step < 0 { -1 } else { 0 };
                    }
                } else if v >= len {
                    v = if step < 0 { len - 1 } else { len };
                }
                v
            }
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let (mut i, end) = (clamp(start, 0), clamp(stop, len));
        while i < end {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        let (mut i, end) = (clamp(start, len - 1), clamp(stop, -1));
        while i > end {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    out
}

fn compare(op: &Comparator, left: &PyValue, right: &PyValue) -> Result<PyValue, String> {
    match op {
        Comparator::Equal => return Ok(PyValue::Bool(left.py_eq(right))),
        Comparator::NotEqual => return Ok(PyValue::Bool(!left.py_eq(right))),
        _ => {}
    }
    let comparable = |v: &PyValue| matches!(v, PyValue::Num(_) | PyValue::Str(_));
    if !(comparable(left) && comparable(right)) {
        return Ok(PyValue::Null);
    }
    let Some(ord) = py_order(left, right) else {
        // Python raises TypeError comparing str with a number.
        return Err(format!(
            "'<' not supported between instances of '{}' and '{}'",
            left.python_type(),
            right.python_type()
        ));
    };
    Ok(PyValue::Bool(match op {
        Comparator::LessThan => ord == Ordering::Less,
        Comparator::LessThanEqual => ord != Ordering::Greater,
        Comparator::GreaterThan => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    }))
}
