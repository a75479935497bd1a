//! What scalars mean, and the document as JSON.

use super::*;

/// What a plain scalar means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Resolved {
    Null,
    Bool(bool),
    UInt(u64),
    Int(i64),
    /// An integer beyond 64 bits, kept as a float.
    BigInt(f64),
    Float(f64),
    Str,
}

impl Resolved {
    pub(super) fn kind(self) -> &'static str {
        match self {
            Resolved::Null => "null",
            Resolved::Bool(_) => "a boolean",
            Resolved::UInt(_) | Resolved::Int(_) | Resolved::BigInt(_) => "an integer",
            Resolved::Float(_) => "a float",
            Resolved::Str => "string",
        }
    }
}

/// Leading zeros followed by digits: a string in YAML 1.2.
fn digits_but_not_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    t.len() > 1 && t.starts_with('0') && t.bytes().skip(1).all(|b| b.is_ascii_digit())
}

fn parse_radix_unsigned<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(v) = parse(rest, radix) {
                return Some(v);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn parse_radix_negative<T>(
    s: &str,
    parse: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = s.strip_prefix(prefix)
            && let Ok(v) = parse(&format!("-{rest}"), radix)
        {
            return Some(v);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    parse(s, 10).ok()
}

fn parse_float(s: &str) -> Option<f64> {
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => s,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(s, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

pub(super) fn resolve_plain(v: &str) -> Resolved {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    if let Some(u) = parse_radix_unsigned(v, u64::from_str_radix) {
        return Resolved::UInt(u);
    }
    if let Some(i) = parse_radix_negative(v, i64::from_str_radix) {
        return Resolved::Int(i);
    }
    if let Some(u) = parse_radix_unsigned(v, u128::from_str_radix) {
        return Resolved::BigInt(u as f64);
    }
    if let Some(i) = parse_radix_negative(v, i128::from_str_radix) {
        return Resolved::BigInt(i as f64);
    }
    if !digits_but_not_number(v)
        && let Some(f) = parse_float(v)
    {
        return Resolved::Float(f);
    }
    Resolved::Str
}

fn float_json(f: f64) -> serde_json::Value {
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

fn scalar_json(s: &Scalar) -> serde_json::Value {
    use serde_json::Value;
    if s.style != ScalarStyle::Plain {
        return Value::String(s.value.to_string());
    }
    match resolve_plain(&s.value) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::UInt(u) => Value::from(u),
        Resolved::Int(i) => Value::from(i),
        Resolved::BigInt(f) | Resolved::Float(f) => float_json(f),
        Resolved::Str => Value::String(s.value.to_string()),
    }
}

/// The JSON object key for a mapping key, as `serde_json` stringifies what
/// `serde_yaml` reads; keys it cannot stringify keep their text.
fn key_string(k: &Scalar) -> String {
    if k.style != ScalarStyle::Plain {
        return k.value.to_string();
    }
    match resolve_plain(&k.value) {
        Resolved::Bool(b) => b.to_string(),
        Resolved::UInt(u) => u.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => n.to_string(),
            None => k.value.to_string(),
        },
        Resolved::Null | Resolved::BigInt(_) | Resolved::Str => k.value.to_string(),
    }
}

/// The document as JSON, as `serde_yaml` reads it: mappings become objects (keys
/// in source order; a repeated key keeps its first position and takes the last
/// value), sequences arrays, quoted and block scalars strings, and plain scalars
/// are resolved to null, booleans, integers and floats by YAML 1.2 core rules
/// (`~`, `null`, `true`, `0x1F`, `1e3`, `.inf`, ...). NaN and infinities, which
/// JSON cannot hold, become null, as `serde_json::to_value` makes them.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null { .. } => Value::Null,
        Node::Scalar(s) => scalar_json(s),
        Node::Sequence(s) => Value::Array(s.items.iter().map(to_json).collect()),
        Node::Mapping(m) => {
            let mut map = serde_json::Map::new();
            for (k, v) in &m.entries {
                map.insert(key_string(k), to_json(v));
            }
            Value::Object(map)
        }
    }
}
