//! What the tree walker (`eval`) and the built-in functions (`functions`) share: a resolved
//! function argument, the seam through which a function evaluates an expression reference,
//! and Python's ordering of comparable values. It sits below both so the arrows point one
//! way (`eval` -> `functions` -> `types`); it evaluates nothing itself.

use crate::py::value::{PyNum, PyValue, as_f64, py_num};
use jmespath::ast::Ast;
use std::cmp::Ordering;

/// A resolved function argument: a value or an expression reference (`&expr`).
pub(super) enum Arg<'a> {
    Val(PyValue),
    Expref(&'a Ast),
}

/// Evaluates an expression reference against one item (`sort_by`, `map`, `max_by`, ...).
/// Implemented by the tree walker; functions only see this seam.
pub(super) trait Interpret {
    fn eval(&self, node: &Ast, data: &PyValue) -> Result<PyValue, String>;
}

/// Python ordering between two comparable values (numbers with numbers, strings with strings).
pub(super) fn py_order(a: &PyValue, b: &PyValue) -> Option<Ordering> {
    match (a, b) {
        (PyValue::Num(x), PyValue::Num(y)) => match (py_num(x), py_num(y)) {
            (PyNum::Int(i), PyNum::Int(j)) => Some(i.cmp(&j)),
            (x, y) => as_f64(x).partial_cmp(&as_f64(y)),
        },
        (PyValue::Str(x), PyValue::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}
