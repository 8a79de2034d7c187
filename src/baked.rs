//! Values build.rs bakes into the binary from the embedded TOML files (the catalog and its
//! translations), and a serde deserializer that reads the crate's types from them.
//!
//! Why: the embedded catalog was read from JSON at every start, 1.77 M of the 4.36 M
//! instructions of a `quote` (fabrikam, callgrind, 2026-12-02), mostly scanning its text for
//! the end of each string. Baked values have no text to scan and no numbers to read: what is
//! left is matching each key to its field and copying each string.

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use std::fmt;

/// A TOML value as build.rs writes it. A TOML date or time is written as serde sees one from
/// the `toml` crate: a table of one key, `$__toml_private_datetime`, whose value is the
/// date's text.
#[derive(Debug)]
pub enum Value {
    Str(&'static str),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(&'static [Value]),
    Table(&'static [Entry]),
}

/// Why a baked value does not fit a type (the embedded file is then read from its TOML,
/// which reports where).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Reads a `T` from `value`.
pub fn read<T: de::DeserializeOwned>(value: &'static Value) -> Result<T, Error> {
    T::deserialize(value)
}

/// A table's entries, each a key and its value.
type Entries = std::iter::Map<
    std::slice::Iter<'static, (&'static str, Value)>,
    fn(&'static Entry) -> (&'static str, &'static Value),
>;
type Entry = (&'static str, Value);

impl Value {
    fn table<'de>(entries: &'static [Entry]) -> MapDeserializer<'de, Entries, Error> {
        fn split(e: &'static Entry) -> (&'static str, &'static Value) {
            (e.0, &e.1)
        }
        MapDeserializer::new(entries.iter().map(split as fn(&'static Entry) -> _))
    }
}

impl<'de> IntoDeserializer<'de, Error> for &'static Value {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for &'static Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match *self {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Int(n) => visitor.visit_i64(n),
            Value::Float(x) => visitor.visit_f64(x),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::List(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let out = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Value::Table(pairs) => {
                let mut map = Value::table(pairs);
                let out = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
        }
    }

    /// A value present is `Some`: TOML has no null, and a missing key is the type's default.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is its name; any other, a table of one key naming it.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match *self {
            Value::Str(s) => visitor.visit_enum(StrDeserializer::<Error>::new(s)),
            Value::Table(pairs) => visitor.visit_enum(MapAccessDeserializer::new(Value::table(pairs))),
            _ => Err(de::Error::invalid_type(de::Unexpected::Other("a value that is not a text or table"), &visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Plain,
        Sized { n: u32 },
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct T {
        name: String,
        given: Option<bool>,
        #[serde(default)]
        missing: Option<i64>,
        kinds: Vec<Kind>,
        ratio: f64,
        from: toml::value::Datetime,
    }

    static GOOD: Value = Value::Table(&[
        ("name", Value::Str("Fabrikam")),
        ("given", Value::Bool(true)),
        (
            "kinds",
            Value::List(&[Value::Str("plain"), Value::Table(&[("sized", Value::Table(&[("n", Value::Int(3))]))])]),
        ),
        ("ratio", Value::Float(0.5)),
        ("from", Value::Table(&[("$__toml_private_datetime", Value::Str("2026-12-02"))])),
    ]);

    #[test]
    fn a_baked_table_reads_as_the_toml_would() {
        let t: T = read(&GOOD).unwrap();
        let toml: T = toml::from_str(
            "name = \"Fabrikam\"\ngiven = true\nkinds = [\"plain\", { sized = { n = 3 } }]\nratio = 0.5\nfrom = 2026-12-02",
        )
        .unwrap();
        assert_eq!(t, toml);
        assert_eq!(t.kinds, [Kind::Plain, Kind::Sized { n: 3 }]);
    }

    #[test]
    fn a_value_that_does_not_fit_is_an_error() {
        static UNKNOWN: Value = Value::Table(&[("nme", Value::Str("x"))]);
        assert!(read::<T>(&UNKNOWN).unwrap_err().to_string().contains("unknown field `nme`"));
        static WRONG: Value = Value::Table(&[("n", Value::Str("3"))]);
        #[derive(Debug, Deserialize)]
        struct N {
            #[allow(dead_code)]
            n: u32,
        }
        assert!(read::<N>(&WRONG).unwrap_err().to_string().contains("invalid type: string \"3\""));
        assert!(read::<Kind>(&Value::Int(1)).is_err());
    }
}
