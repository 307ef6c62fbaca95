//! The value model the output pipeline works on: JSON-shaped data that also remembers the two
//! Python distinctions az's formatters can see. A number is an `int` or a `float` by its
//! spelling (Python's json parser rule), and an object is either a plain `dict` (handler data,
//! passed through) or an `OrderedDict` built by a `--query` multi-select hash. `tsv` orders a
//! row by that difference, and Python's `repr` prints the two differently. Conversion from and
//! to `serde_json::Value` lives here; nothing here formats text.

use indexmap::IndexMap;
use serde_json::{Number, Value};

/// Object map, insertion ordered.
pub type Map = IndexMap<String, PyValue>;

/// A result value as az's Python pipeline holds it.
#[derive(Clone, Debug)]
pub enum PyValue {
    Null,
    Bool(bool),
    Num(Number),
    Str(String),
    List(Vec<PyValue>),
    /// `built` is true for objects created by a query's multi-select hash (`OrderedDict`).
    Dict {
        map: Map,
        built: bool,
    },
}

/// A number as Python sees it after `json.loads`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PyNum {
    Int(i128),
    Float(f64),
}

/// True when the number's text is an integer literal (no `.`, `e` or `E`), as Python's json
/// parser decides.
pub fn is_int_text(n: &Number) -> bool {
    !n.to_string().contains(['.', 'e', 'E'])
}

/// The number as a Python `int` or `float`. Integers too large for `i128` degrade to floats
/// (only arithmetic sees this; printing uses the original digits).
pub fn py_num(n: &Number) -> PyNum {
    let text = n.to_string();
    if is_int_text(n)
        && let Ok(i) = text.parse::<i128>()
    {
        return PyNum::Int(i);
    }
    PyNum::Float(text.parse::<f64>().unwrap_or(f64::NAN))
}

/// Builds a `Number` from a Python-side number. Non-finite floats have no JSON spelling and
/// become `None`.
pub fn number_from(n: PyNum) -> Option<Number> {
    match n {
        PyNum::Int(i) => serde_json::from_str::<Number>(&i.to_string()).ok(),
        PyNum::Float(f) => {
            if !f.is_finite() {
                return None;
            }
            // Keep a float spelling even for integral values so it stays a float.
            let text = if f.fract() == 0.0 && f.abs() < 1e16 {
                format!("{f:.1}")
            } else {
                format!("{f:e}")
            };
            serde_json::from_str::<Number>(&text).ok()
        }
    }
}

impl PyValue {
    /// Converts handler data; every object is a plain (pass-through) `dict`.
    pub fn from_json(value: &Value) -> PyValue {
        match value {
            Value::Null => PyValue::Null,
            Value::Bool(b) => PyValue::Bool(*b),
            Value::Number(n) => PyValue::Num(n.clone()),
            Value::String(s) => PyValue::Str(s.clone()),
            Value::Array(a) => PyValue::List(a.iter().map(PyValue::from_json).collect()),
            Value::Object(o) => PyValue::Dict {
                map: o
                    .iter()
                    .map(|(k, v)| (k.clone(), PyValue::from_json(v)))
                    .collect(),
                built: false,
            },
        }
    }

    /// Converts back to plain JSON data (insertion order kept).
    pub fn to_json(&self) -> Value {
        match self {
            PyValue::Null => Value::Null,
            PyValue::Bool(b) => Value::Bool(*b),
            PyValue::Num(n) => Value::Number(n.clone()),
            PyValue::Str(s) => Value::String(s.clone()),
            PyValue::List(a) => Value::Array(a.iter().map(PyValue::to_json).collect()),
            PyValue::Dict { map, .. } => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, PyValue::Null)
    }

    /// JMESPath's truthiness (Python jmespath's `_is_false`): `""`, `[]`, `{}`, `null` and
    /// `false` are false; unlike Python's `bool()` ([`super::truthy`]), `0` is true.
    pub fn jmespath_truthy(&self) -> bool {
        match self {
            PyValue::Null => false,
            PyValue::Bool(b) => *b,
            PyValue::Num(_) => true,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(a) => !a.is_empty(),
            PyValue::Dict { map, .. } => !map.is_empty(),
        }
    }

    /// The JMESPath type name (`string`, `number`, …).
    pub fn jmespath_type(&self) -> &'static str {
        match self {
            PyValue::Null => "null",
            PyValue::Bool(_) => "boolean",
            PyValue::Num(_) => "number",
            PyValue::Str(_) => "string",
            PyValue::List(_) => "array",
            PyValue::Dict { .. } => "object",
        }
    }

    /// Python's `type(x).__name__`.
    pub fn python_type(&self) -> &'static str {
        match self {
            PyValue::Null => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Num(n) => match py_num(n) {
                PyNum::Int(_) => "int",
                PyNum::Float(_) => "float",
            },
            PyValue::Str(_) => "str",
            PyValue::List(_) => "list",
            PyValue::Dict { built: true, .. } => "OrderedDict",
            PyValue::Dict { built: false, .. } => "dict",
        }
    }

    /// Python `==` on JSON-shaped data (`1 == 1.0`; a bool never equals a number here, which
    /// is JMESPath's rule for `0`/`1` against `true`/`false`).
    pub fn py_eq(&self, other: &PyValue) -> bool {
        match (self, other) {
            (PyValue::Null, PyValue::Null) => true,
            (PyValue::Bool(a), PyValue::Bool(b)) => a == b,
            (PyValue::Num(a), PyValue::Num(b)) => match (py_num(a), py_num(b)) {
                (PyNum::Int(x), PyNum::Int(y)) => x == y,
                (x, y) => as_f64(x) == as_f64(y),
            },
            (PyValue::Str(a), PyValue::Str(b)) => a == b,
            (PyValue::List(a), PyValue::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (PyValue::Dict { map: a, .. }, PyValue::Dict { map: b, .. }) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v.py_eq(w)))
            }
            _ => false,
        }
    }
}

pub fn as_f64(n: PyNum) -> f64 {
    match n {
        PyNum::Int(i) => i as f64,
        PyNum::Float(f) => f,
    }
}
