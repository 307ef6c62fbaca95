//! A value parser for az's enum arguments (`get_enum_type`): the value is matched
//! case-insensitively and stored in the canonical spelling of the choice list.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// A fixed list of allowed values, in az's order.
#[derive(Debug, Clone, Copy)]
pub struct Choice(pub &'static [&'static str]);

impl Choice {
    /// The canonical spelling of `value`, if it is one of the choices (case-insensitive).
    pub fn canonical(&self, value: &str) -> Option<&'static str> {
        self.0
            .iter()
            .copied()
            .find(|c| c.eq_ignore_ascii_case(value))
    }
}

impl TypedValueParser for Choice {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        match self.canonical(&text) {
            Some(c) => Ok(c.to_string()),
            None => {
                let mut err = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
                if let Some(arg) = arg {
                    err.insert(
                        ContextKind::InvalidArg,
                        ContextValue::String(arg.to_string()),
                    );
                }
                err.insert(
                    ContextKind::InvalidValue,
                    ContextValue::String(text.into_owned()),
                );
                err.insert(
                    ContextKind::ValidValue,
                    ContextValue::Strings(self.0.iter().map(|s| s.to_string()).collect()),
                );
                Err(err)
            }
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|v| PossibleValue::new(*v))))
    }
}
