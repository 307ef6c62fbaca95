//! The output engine: turns a command's result into the exact bytes az 2.91 writes for
//! `--query` and every `-o` format (json, jsonc, yaml, yamlc, table, tsv, none), plus the
//! stderr texts of query and table errors. It is pure: `render` writes into any
//! `std::io::Write` and never decides colour or TTY-ness (the caller passes `color`), never
//! prints, and never injects `resourceGroup` by itself (call [`inject_resource_group`] first,
//! as az's global transform runs before the query).
//!
//! Internally values become [`crate::py::PyValue`], which keeps the two distinctions Python's
//! pipeline can see (int vs float, handler dict vs query-built ordered dict). Python's
//! spellings come from [`crate::py`], the YAML emitter from [`crate::yaml`]; ARM error texts
//! belong to [`crate::arm::ArmError`].

pub mod errors;
mod inject;
mod json;
mod list;
pub mod query;
mod table;
pub mod transformers;
mod tsv;

pub use errors::{QUERY_HELP_LINE, error_line};
pub use inject::inject_resource_group;
pub use list::{RawList, render_list_to};
pub use query::{MAX_DEPTH as MAX_QUERY_DEPTH, Query, QueryError};
pub use transformers::TransformError;

use crate::py::PyValue;
use crate::term::Term;
use crate::yaml;
use serde_json::Value;
use std::io::Write;

/// The `-o/--output` formats: the one format enum (the parser reads `--output` into it as
/// `cli::OutputFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonc,
    Yaml,
    Yamlc,
    Table,
    Tsv,
    None,
}

/// A format name that is not one of az's seven.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none."
)]
pub struct UnknownFormat(pub String);

impl Format {
    /// All formats, in az's order (the order of its "Allowed values" message).
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Jsonc,
        Format::Yaml,
        Format::Yamlc,
        Format::Table,
        Format::Tsv,
        Format::None,
    ];

    /// Parses a format name case-insensitively (`TSV` works, like az lower-casing first).
    pub fn parse(name: &str) -> Result<Format, UnknownFormat> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonc" => Format::Jsonc,
            "yaml" => Format::Yaml,
            "yamlc" => Format::Yamlc,
            "table" => Format::Table,
            "tsv" => Format::Tsv,
            "none" => Format::None,
            _ => return Err(UnknownFormat(name.to_string())),
        })
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonc => "jsonc",
            Format::Yaml => "yaml",
            Format::Yamlc => "yamlc",
            Format::Table => "table",
            Format::Tsv => "tsv",
            Format::None => "none",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::parse(s)
    }
}

/// A command's table transformer (see [`transformers`]); used for `-o table` without
/// `--query`. An `Err` means the data did not fit (az: `Table output unavailable`).
pub type TableTransformer = fn(&Value) -> Result<Value, TransformError>;

/// How to render one result.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    pub format: Format,
    pub query: Option<&'a str>,
    /// Colour for jsonc/yamlc; the caller decides (TTY, `no_color`).
    pub color: bool,
    pub table_transformer: Option<TableTransformer>,
}

/// Why rendering failed. Each variant knows az's stderr text and exit code.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(
        "Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info."
    )]
    TableUnavailable(#[source] TransformError),
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
}

impl OutputError {
    /// az's exit code: 2 for a query syntax error, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            OutputError::Query(QueryError::Syntax { .. }) => 2,
            _ => 1,
        }
    }

    /// The exact stderr bytes az prints (no colour): the `ERROR:` record plus, for query
    /// errors, the `--query` help line. Empty for I/O errors (a closed pipe stays quiet).
    pub fn stderr_text(&self) -> String {
        self.stderr_text_with(&error_line)
    }

    /// The same text with the `ERROR` record written by `record` (the terminal's, coloured
    /// when colour is on); the `--query` help line is printed plain either way, as az does.
    pub fn stderr_text_with(&self, record: &dyn Fn(&str) -> String) -> String {
        match self {
            OutputError::Query(e) => format!("{}{QUERY_HELP_LINE}\n", record(&e.to_string())),
            OutputError::TableUnavailable(_) => record(&self.to_string()),
            OutputError::Io(_) => String::new(),
        }
    }
}

/// Runs `--query` (if any) and writes the result in the chosen format. A `null` result (or
/// `-o none`) writes nothing; a query error writes nothing and is returned.
pub fn render(
    out: &mut dyn Write,
    value: &Value,
    opts: &RenderOptions<'_>,
) -> Result<(), OutputError> {
    render_owned_to(out, value.clone(), opts)
}

/// Like [`render`], returning the text.
pub fn render_to_string(value: &Value, opts: &RenderOptions<'_>) -> Result<String, OutputError> {
    render_owned(value.clone(), opts)
}

/// Like [`render_to_string`], consuming the value.
pub fn render_owned(value: Value, opts: &RenderOptions<'_>) -> Result<String, OutputError> {
    let mut out = Vec::new();
    render_owned_to(&mut out, value, opts)?;
    // Every format writes whole UTF-8 strings, so the lossy branch is never taken.
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Like [`render`], consuming the value: the app's path. A large list is held once, not
/// three times (the JSON tree, its Python-view copy and the text): the tree is taken apart as
/// its Python view is built, a table transformer, which reads the JSON itself, gets it
/// without a Python view being built at all, and `json`/`tsv` text goes to `out` as it is
/// made instead of being gathered first. Query and table errors are found before the first
/// byte is written, so a failed render writes nothing.
pub fn render_owned_to(
    out: &mut dyn Write,
    value: Value,
    opts: &RenderOptions<'_>,
) -> Result<(), OutputError> {
    if let (Format::Table, None, Some(transform)) =
        (opts.format, opts.query, opts.table_transformer)
    {
        if value.is_null() {
            return Ok(());
        }
        let shaped = into_py(transform(&value).map_err(OutputError::TableUnavailable)?);
        drop(value);
        if shaped.is_null() {
            return Ok(());
        }
        out.write_all(table::render(&shaped, false).as_bytes())?;
        return Ok(());
    }
    render_py(out, into_py(value), opts)
}

/// The query and the format over the Python view (the common tail of both renderers).
fn render_py(
    out: &mut dyn Write,
    value: PyValue,
    opts: &RenderOptions<'_>,
) -> Result<(), OutputError> {
    let result = match opts.query {
        Some(q) => Query::compile(q)?.search(&value)?,
        None => value,
    };
    write_result(out, result, opts)
}

/// The format over the query's result (or the value, without a query).
fn write_result(
    out: &mut dyn Write,
    result: PyValue,
    opts: &RenderOptions<'_>,
) -> Result<(), OutputError> {
    if result.is_null() {
        return Ok(());
    }
    let text = match opts.format {
        Format::None => return Ok(()),
        Format::Json => return Ok(json::write(out, &result)?),
        Format::Tsv => return Ok(tsv::write(out, &result)?),
        Format::Jsonc => json::render(&result, opts.color),
        Format::Yaml => yaml::render(&result, false),
        Format::Yamlc => yaml::render(&result, opts.color),
        Format::Table => table::render(&result, opts.query.is_none()),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// The process's stdout (through [`Term`]) as a writer for [`render_owned_to`]. A closed
/// pipe (`azrs group list | head -1`) ends the output quietly, as az does: the rest is
/// dropped and no error is raised.
pub struct TermStdout<'a> {
    term: &'a Term,
    closed: bool,
}

impl<'a> TermStdout<'a> {
    pub fn new(term: &'a Term) -> Self {
        TermStdout {
            term,
            closed: false,
        }
    }
}

impl Write for TermStdout<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed && !self.term.write_stdout(buf)? {
            self.closed = true;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // `Term::write_stdout` flushes every piece it is given.
        Ok(())
    }
}

/// [`PyValue::from_json`] by value: strings and numbers move instead of being copied, and each
/// object or array of the JSON tree is freed as soon as its Python view exists.
fn into_py(value: Value) -> PyValue {
    match value {
        Value::Null => PyValue::Null,
        Value::Bool(b) => PyValue::Bool(b),
        Value::Number(n) => PyValue::Num(n),
        Value::String(s) => PyValue::Str(s),
        Value::Array(a) => PyValue::List(a.into_iter().map(into_py).collect()),
        Value::Object(o) => PyValue::Dict {
            map: o.into_iter().map(|(k, v)| (k, into_py(v))).collect(),
            built: false,
        },
    }
}
