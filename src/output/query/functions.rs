//! The 26 JMESPath built-in functions with Python jmespath 1.1.0's signatures, argument
//! checks and error texts (`Unknown function: foo()`, `Expected 1 argument for function
//! length(), received 2`, `In function sum(), invalid type for value: …`) and Python's numeric
//! results (`sum`/`abs`/`ceil`/`floor` of integers are integers, `avg` is a float, `avg([])`
//! is `null`). `keys`, `values` and `to_string` follow insertion order.

use super::types::{Arg, Interpret, py_order};
use crate::py::json::Dumps;
use crate::py::repr::py_str;
use crate::py::value::{Map, PyNum, PyValue, as_f64, number_from, py_num};
use jmespath::ast::Ast;
use std::cmp::Ordering;

/// `(argument types, variadic)`; an empty type list accepts anything.
fn signature(name: &str) -> Option<(&'static [&'static [&'static str]], bool)> {
    const NUM: &[&str] = &["number"];
    const STR: &[&str] = &["string"];
    const ARR: &[&str] = &["array"];
    const OBJ: &[&str] = &["object"];
    const ANY: &[&str] = &[];
    const EXPREF: &[&str] = &["expref"];
    const ARR_NUM: &[&str] = &["array-number"];
    const NUM_OR_STR_ARR: &[&str] = &["array-number", "array-string"];
    Some(match name {
        "abs" | "ceil" | "floor" => (&[NUM], false),
        "avg" | "sum" => (&[ARR_NUM], false),
        "contains" => (&[&["array", "string"], ANY], false),
        "ends_with" | "starts_with" => (&[STR, STR], false),
        "join" => (&[STR, &["array-string"]], false),
        "keys" | "values" => (&[OBJ], false),
        "length" => (&[&["string", "array", "object"]], false),
        "map" => (&[EXPREF, ARR], false),
        "max" | "min" => (&[NUM_OR_STR_ARR], false),
        "max_by" | "min_by" | "sort_by" => (&[ARR, EXPREF], false),
        "merge" => (&[OBJ], true),
        "not_null" => (&[ANY], true),
        "reverse" => (&[&["array", "string"]], false),
        "sort" => (&[&["array-string", "array-number"]], false),
        "to_array" | "to_number" | "to_string" | "type" => (&[ANY], false),
        _ => return None,
    })
}

fn type_list(types: &[&str]) -> String {
    let items: Vec<String> = types.iter().map(|t| format!("'{t}'")).collect();
    format!("[{}]", items.join(", "))
}

fn type_error(function: &str, current: &str, received: &str, types: &[&str]) -> String {
    format!(
        "In function {function}(), invalid type for value: {current}, expected one of: {}, received: \"{received}\"",
        type_list(types)
    )
}

fn arg_type(arg: &Arg<'_>) -> &'static str {
    match arg {
        Arg::Expref(_) => "expref",
        Arg::Val(v) => v.jmespath_type(),
    }
}

fn arg_text(arg: &Arg<'_>) -> String {
    match arg {
        Arg::Expref(_) => "<jmespath expression>".to_string(),
        Arg::Val(v) => py_str(v),
    }
}

fn check_type(function: &str, arg: &Arg<'_>, types: &[&str]) -> Result<(), String> {
    if types.is_empty() {
        return Ok(());
    }
    let mut allowed = Vec::new();
    let mut subtypes = Vec::new();
    for t in types {
        match t.split_once('-') {
            Some((base, sub)) => {
                allowed.push(base);
                subtypes.push(sub);
            }
            None => allowed.push(*t),
        }
    }
    let actual = arg_type(arg);
    if !allowed.contains(&actual) {
        return Err(type_error(function, &arg_text(arg), actual, types));
    }
    let Arg::Val(PyValue::List(items)) = arg else {
        return Ok(());
    };
    let wanted = match subtypes.as_slice() {
        [] => return Ok(()),
        [one] => *one,
        many => match items.first() {
            None => return Ok(()),
            Some(first) => match many.iter().find(|s| **s == first.jmespath_type()) {
                Some(s) => *s,
                None => {
                    return Err(type_error(
                        function,
                        &py_str(first),
                        first.python_type(),
                        types,
                    ));
                }
            },
        },
    };
    for item in items {
        if item.jmespath_type() != wanted {
            return Err(type_error(
                function,
                &py_str(item),
                item.python_type(),
                types,
            ));
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "argument" } else { "arguments" }
}

fn num(n: PyNum) -> PyValue {
    number_from(n).map_or(PyValue::Null, PyValue::Num)
}

fn val(arg: Arg<'_>) -> PyValue {
    match arg {
        Arg::Val(v) => v,
        Arg::Expref(_) => PyValue::Null,
    }
}

/// Calls a built-in function with resolved arguments.
pub(super) fn call(ev: &dyn Interpret, name: &str, args: Vec<Arg<'_>>) -> Result<PyValue, String> {
    let Some((sig, variadic)) = signature(name) else {
        return Err(format!("Unknown function: {name}()"));
    };
    if variadic && args.len() < sig.len() {
        return Err(format!(
            "Expected at least {} {} for function {name}(), received {}",
            sig.len(),
            plural(sig.len()),
            args.len()
        ));
    }
    if !variadic && args.len() != sig.len() {
        return Err(format!(
            "Expected {} {} for function {name}(), received {}",
            sig.len(),
            plural(sig.len()),
            args.len()
        ));
    }
    for (i, arg) in args.iter().enumerate() {
        let types = sig.get(i).or(sig.last()).copied().unwrap_or(&[]);
        check_type(name, arg, types)?;
    }
    let mut args = args.into_iter();
    let mut next = || args.next().unwrap_or(Arg::Val(PyValue::Null));
    match name {
        "abs" => Ok(match val(next()) {
            PyValue::Num(n) => match py_num(&n) {
                PyNum::Int(i) => num(PyNum::Int(i.abs())),
                PyNum::Float(f) => num(PyNum::Float(f.abs())),
            },
            _ => PyValue::Null,
        }),
        "ceil" | "floor" => Ok(match val(next()) {
            PyValue::Num(n) => match py_num(&n) {
                PyNum::Int(i) => num(PyNum::Int(i)),
                PyNum::Float(f) => {
                    let r = if name == "ceil" { f.ceil() } else { f.floor() };
                    num(PyNum::Int(r as i128))
                }
            },
            _ => PyValue::Null,
        }),
        "avg" | "sum" => {
            let items = list(val(next()));
            let total = sum(&items);
            if name == "sum" {
                return Ok(num(total));
            }
            if items.is_empty() {
                return Ok(PyValue::Null);
            }
            Ok(num(PyNum::Float(as_f64(total) / items.len() as f64)))
        }
        "contains" => {
            let subject = val(next());
            let search = val(next());
            match (subject, search) {
                (PyValue::List(items), s) => Ok(PyValue::Bool(items.iter().any(|i| i.py_eq(&s)))),
                (PyValue::Str(hay), PyValue::Str(needle)) => {
                    Ok(PyValue::Bool(hay.contains(needle.as_str())))
                }
                (PyValue::Str(_), other) => Err(format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.python_type()
                )),
                _ => Ok(PyValue::Null),
            }
        }
        "ends_with" | "starts_with" => {
            let (PyValue::Str(s), PyValue::Str(x)) = (val(next()), val(next())) else {
                return Ok(PyValue::Null);
            };
            Ok(PyValue::Bool(if name == "ends_with" {
                s.ends_with(x.as_str())
            } else {
                s.starts_with(x.as_str())
            }))
        }
        "join" => {
            let PyValue::Str(sep) = val(next()) else {
                return Ok(PyValue::Null);
            };
            let parts: Vec<String> = list(val(next())).iter().map(py_str).collect();
            Ok(PyValue::Str(parts.join(&sep)))
        }
        "keys" | "values" => Ok(match val(next()) {
            PyValue::Dict { map, .. } if name == "keys" => {
                PyValue::List(map.into_keys().map(PyValue::Str).collect())
            }
            PyValue::Dict { map, .. } => PyValue::List(map.into_values().collect()),
            _ => PyValue::Null,
        }),
        "length" => Ok(match val(next()) {
            PyValue::Str(s) => num(PyNum::Int(s.chars().count() as i128)),
            PyValue::List(a) => num(PyNum::Int(a.len() as i128)),
            PyValue::Dict { map, .. } => num(PyNum::Int(map.len() as i128)),
            _ => PyValue::Null,
        }),
        "map" => {
            let Arg::Expref(expr) = next() else {
                return Ok(PyValue::Null);
            };
            let mut out = Vec::new();
            for item in list(val(next())) {
                out.push(ev.eval(expr, &item)?);
            }
            Ok(PyValue::List(out))
        }
        "max" | "min" => {
            let items = list(val(next()));
            let want = if name == "max" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<PyValue> = None;
            for item in items {
                let better = match &best {
                    None => true,
                    Some(b) => py_order(&item, b) == Some(want),
                };
                if better {
                    best = Some(item);
                }
            }
            Ok(best.unwrap_or(PyValue::Null))
        }
        "max_by" | "min_by" | "sort_by" => {
            let items = list(val(next()));
            let Arg::Expref(expr) = next() else {
                return Ok(PyValue::Null);
            };
            by_key(ev, name, items, expr)
        }
        "merge" => {
            let mut merged = Map::new();
            for arg in args {
                if let PyValue::Dict { map, .. } = val(arg) {
                    merged.extend(map);
                }
            }
            Ok(PyValue::Dict {
                map: merged,
                built: false,
            })
        }
        "not_null" => {
            let first = val(next());
            if !first.is_null() {
                return Ok(first);
            }
            Ok(args
                .map(val)
                .find(|v| !v.is_null())
                .unwrap_or(PyValue::Null))
        }
        "reverse" => Ok(match val(next()) {
            PyValue::Str(s) => PyValue::Str(s.chars().rev().collect()),
            PyValue::List(mut a) => {
                a.reverse();
                PyValue::List(a)
            }
            _ => PyValue::Null,
        }),
        "sort" => {
            let mut items = list(val(next()));
            items.sort_by(|a, b| py_order(a, b).unwrap_or(Ordering::Equal));
            Ok(PyValue::List(items))
        }
        "to_array" => Ok(match val(next()) {
            PyValue::List(a) => PyValue::List(a),
            other => PyValue::List(vec![other]),
        }),
        "to_number" => Ok(match val(next()) {
            PyValue::Num(n) => PyValue::Num(n),
            PyValue::Str(s) => to_number(&s),
            _ => PyValue::Null,
        }),
        "to_string" => Ok(match val(next()) {
            PyValue::Str(s) => PyValue::Str(s),
            other => PyValue::Str(Dumps::COMPACT.to_string(&other)),
        }),
        "type" => Ok(PyValue::Str(val(next()).jmespath_type().to_string())),
        _ => Err(format!("Unknown function: {name}()")),
    }
}

fn list(v: PyValue) -> Vec<PyValue> {
    match v {
        PyValue::List(a) => a,
        _ => Vec::new(),
    }
}

/// Python `sum()`: integer while every term is an integer.
fn sum(items: &[PyValue]) -> PyNum {
    let mut total = PyNum::Int(0);
    for item in items {
        if let PyValue::Num(n) = item {
            total = match (total, py_num(n)) {
                (PyNum::Int(a), PyNum::Int(b)) => match a.checked_add(b) {
                    Some(s) => PyNum::Int(s),
                    None => PyNum::Float(a as f64 + b as f64),
                },
                (a, b) => PyNum::Float(as_f64(a) + as_f64(b)),
            };
        }
    }
    total
}

/// Python `int(s)` then `float(s)` (surrounding whitespace allowed), else `null`.
fn to_number(s: &str) -> PyValue {
    let t = s.trim();
    if let Ok(i) = t.replace('_', "").parse::<i128>()
        && !t.starts_with('_')
        && !t.ends_with('_')
        && !t.contains("__")
    {
        return num(PyNum::Int(i));
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => num(PyNum::Float(f)),
        _ => PyValue::Null,
    }
}

fn by_key(
    ev: &dyn Interpret,
    name: &str,
    items: Vec<PyValue>,
    expr: &Ast,
) -> Result<PyValue, String> {
    if items.is_empty() {
        return Ok(if name == "sort_by" {
            PyValue::List(items)
        } else {
            PyValue::Null
        });
    }
    let allowed: Vec<&str> = if name == "sort_by" {
        let first = ev.eval(expr, &items[0])?.jmespath_type();
        if first != "number" && first != "string" {
            return Err(type_error(
                name,
                &py_str(&items[0]),
                first,
                &["string", "number"],
            ));
        }
        vec![first]
    } else {
        vec!["number", "string"]
    };
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let key = ev.eval(expr, &item)?;
        let t = key.jmespath_type();
        if !allowed.contains(&t) {
            return Err(type_error(name, &py_str(&key), t, &allowed));
        }
        keyed.push((key, item));
    }
    let cmp = |a: &PyValue, b: &PyValue| -> Result<Ordering, String> {
        py_order(a, b).ok_or_else(|| {
            format!(
                "'<' not supported between instances of '{}' and '{}'",
                a.python_type(),
                b.python_type()
            )
        })
    };
    match name {
        "sort_by" => {
            let mut err = None;
            keyed.sort_by(|(a, _), (b, _)| {
                cmp(a, b).unwrap_or_else(|e| {
                    err.get_or_insert(e);
                    Ordering::Equal
                })
            });
            if let Some(e) = err {
                return Err(e);
            }
            Ok(PyValue::List(keyed.into_iter().map(|(_, v)| v).collect()))
        }
        _ => {
            let want = if name == "max_by" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<(PyValue, PyValue)> = None;
            for (k, v) in keyed {
                let better = match &best {
                    None => true,
                    Some((bk, _)) => cmp(&k, bk)? == want,
                };
                if better {
                    best = Some((k, v));
                }
            }
            Ok(best.map_or(PyValue::Null, |(_, v)| v))
        }
    }
}
