//! The dataset's top level read in one pass, with `value` kept as a plain
//! list of entries: a sparse `value` of a million cells is an object of a
//! million keys, and reading it into a map (hashing every key) was a third
//! of the read. Anything this reader does not take — a top level that is
//! not an object — is left to the general reader, which says what is
//! wrong.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// `value` as written: a list, an object's entries in file order, or
/// anything else (reported as the wrong type).
pub(super) enum Cells {
    /// `[…]`.
    List(Vec<Value>),
    /// `{"0": …, …}`, in file order (a repeated key: the last counts).
    Entries(Vec<(String, Value)>),
    /// Neither.
    Other(Value),
}

/// The top level: every member but `value`, and `value`.
pub(super) struct Root {
    pub(super) members: Map<String, Value>,
    pub(super) value: Option<Cells>,
}

struct CellsVisitor;

impl<'de> Visitor<'de> for CellsVisitor {
    type Value = Cells;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list or an object of cells")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Cells, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
        while let Some(v) = seq.next_element::<Value>()? {
            out.push(v);
        }
        Ok(Cells::List(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cells, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 20));
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.push((k, v));
        }
        Ok(Cells::Entries(out))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Cells, E> {
        Ok(Cells::Other(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Cells, E> {
        Ok(Cells::Other(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Cells, E> {
        Ok(Cells::Other(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Cells, E> {
        Ok(Cells::Other(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cells, E> {
        Ok(Cells::Other(Value::String(v.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Cells, E> {
        Ok(Cells::Other(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Cells, E> {
        Ok(Cells::Other(Value::Null))
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cells, D::Error> {
        d.deserialize_any(CellsVisitor)
    }
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-stat dataset (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root, A::Error> {
        let mut members = Map::new();
        let mut value = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == "value" {
                value = Some(map.next_value::<Cells>()?);
            } else {
                let v = map.next_value::<Value>()?;
                members.insert(k, v);
            }
        }
        Ok(Root { members, value })
    }
}

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Root, D::Error> {
        d.deserialize_map(RootVisitor)
    }
}
