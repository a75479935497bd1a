//! What a document means: scalars resolved as YAML 1.1 resolves them (Looker
//! reads dashboards with a YAML 1.1 reader), tags applied, aliases expanded, and
//! the whole as JSON.
//!
//! The rules are PyYAML's `SafeLoader`, so anyone can check our reading with
//! a few lines of Python (`tests/yaml_oracle.py`), less two of its resolvers:
//! dates stay strings, and a lone `=` is a string. Plain scalars resolve to
//! null (`~`, `null`, empty), booleans (`yes`, `on`, `true`, ...), integers
//! (`0777` octal, `0x1F`, `0b101`, `1_000`, sexagesimal `1:30:00`) and floats
//! (which need a `.`: `1e3` is a string, `1.5e+3` a float). Tags in
//! `tag:yaml.org,2002:` apply (`!!null ''` is null, `!!str 1` a string, `!!int
//! "12"` an integer); every other tag (local `!thing`, `!ruby/hash:...`, a
//! `%TAG`-declared one, the non-specific `!`) leaves the value as if it were not
//! there.

use super::*;

/// What a scalar means.
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

const YAML_TAG: &str = "tag:yaml.org,2002:";

/// The YAML type a tag names (`null` for `!!null`), or `None` for a tag that
/// leaves the value alone.
fn yaml_type(props: Option<&Props>) -> Option<&str> {
    props?.tag.as_ref()?.name.strip_prefix(YAML_TAG)
}

/// Types whose empty value is an empty string rather than null.
fn is_text_type(t: &str) -> bool {
    matches!(t, "str" | "binary" | "timestamp")
}

// --- YAML 1.1 implicit resolution -----------------------------------------------

/// `[0-9][0-9_]*` at the start of `s`: its length (0 when there is none).
fn digits_underscores(s: &[u8], first: fn(u8) -> bool, rest: fn(u8) -> bool) -> usize {
    match s.first() {
        Some(&c) if first(c) => 1 + s[1..].iter().take_while(|&&c| rest(c) || c == b'_').count(),
        _ => 0,
    }
}

fn digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// `(:[0-5]?[0-9])+` exactly filling `s`.
fn sexagesimal_tail(mut s: &[u8]) -> bool {
    if s.is_empty() {
        return false;
    }
    while !s.is_empty() {
        s = match s {
            [b':', a @ b'0'..=b'5', b, rest @ ..] if digit(*b) && digit(*a) => rest,
            [b':', b, rest @ ..] if digit(*b) => rest,
            _ => return false,
        };
    }
    true
}

/// PyYAML's int pattern, after the sign.
fn is_yaml11_int(u: &[u8]) -> bool {
    let all = |s: &[u8], ok: fn(u8) -> bool| !s.is_empty() && s.iter().all(|&c| ok(c) || c == b'_');
    match u {
        [b'0', b'b', rest @ ..] => all(rest, |c| matches!(c, b'0' | b'1')),
        [b'0', b'x', rest @ ..] => all(rest, |c| c.is_ascii_hexdigit()),
        [b'0'] => true,
        [b'0', rest @ ..] => all(rest, |c| matches!(c, b'0'..=b'7')),
        _ => {
            let n = digits_underscores(u, |c| matches!(c, b'1'..=b'9'), digit);
            n > 0 && (n == u.len() || sexagesimal_tail(&u[n..]))
        }
    }
}

/// `([eE][-+][0-9]+)?` exactly filling `s`.
fn exponent_or_nothing(s: &[u8]) -> bool {
    match s {
        [] => true,
        [b'e' | b'E', b'-' | b'+', rest @ ..] => !rest.is_empty() && rest.iter().all(|&c| digit(c)),
        _ => false,
    }
}

/// PyYAML's float pattern; `signed` tells whether a sign was stripped from `u`.
fn is_yaml11_float(u: &[u8], signed: bool) -> bool {
    if matches!(u, b".inf" | b".Inf" | b".INF") {
        return true;
    }
    if !signed && matches!(u, b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    if let [b'.', rest @ ..] = u {
        let n = digits_underscores(rest, digit, digit);
        return !signed && n > 0 && exponent_or_nothing(&rest[n..]);
    }
    let n = digits_underscores(u, digit, digit);
    if n == 0 {
        return false;
    }
    let rest = &u[n..];
    if let [b'.', frac @ ..] = rest {
        let m = frac.iter().take_while(|&&c| digit(c) || c == b'_').count();
        return exponent_or_nothing(&frac[m..]);
    }
    // Sexagesimal: `1:30.5`.
    let Some(dot) = rest.iter().position(|&c| c == b'.') else {
        return false;
    };
    sexagesimal_tail(&rest[..dot]) && rest[dot + 1..].iter().all(|&c| digit(c) || c == b'_')
}

fn split_sign(s: &str) -> (bool, &str, bool) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..], true),
        Some(b'+') => (false, &s[1..], true),
        _ => (false, s, false),
    }
}

/// An integer's value as PyYAML's `construct_yaml_int` computes it.
fn int_value(text: &str) -> Option<Resolved> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, u, _) = split_sign(&cleaned);
    let exact: Option<u128> = if u == "0" {
        Some(0)
    } else if let Some(b) = u.strip_prefix("0b") {
        u128::from_str_radix(b, 2).ok()
    } else if let Some(h) = u.strip_prefix("0x") {
        u128::from_str_radix(h, 16).ok()
    } else if u.len() > 1 && u.starts_with('0') {
        u128::from_str_radix(&u[1..], 8).ok()
    } else if u.contains(':') {
        let mut total: u128 = 0;
        for part in u.split(':') {
            total = total
                .checked_mul(60)?
                .checked_add(part.parse::<u128>().ok()?)?;
        }
        Some(total)
    } else {
        u.parse::<u128>().ok()
    };
    match exact {
        Some(v) => {
            if negative {
                if let Ok(i) = i64::try_from(v).map(|i| -i) {
                    return Some(Resolved::Int(i));
                }
                if v == 1u128 << 63 {
                    return Some(Resolved::Int(i64::MIN));
                }
                Some(Resolved::BigInt(-(v as f64)))
            } else if let Ok(u) = u64::try_from(v) {
                Some(Resolved::UInt(u))
            } else {
                Some(Resolved::BigInt(v as f64))
            }
        }
        // Beyond 128 bits: only decimal digits are worth a float.
        None if !u.is_empty() && u.bytes().all(|b| b.is_ascii_digit()) => {
            let f: f64 = u.parse().ok().filter(|f: &f64| f.is_finite())?;
            Some(Resolved::BigInt(if negative { -f } else { f }))
        }
        None => None,
    }
}

/// A float's value as PyYAML's `construct_yaml_float` computes it.
fn float_value(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let (negative, u, _) = split_sign(&lower);
    let sign = if negative { -1.0 } else { 1.0 };
    let v = match u {
        ".inf" => f64::INFINITY,
        ".nan" => f64::NAN,
        _ if u.contains(':') => {
            let mut total = 0.0;
            for part in u.split(':') {
                total = total * 60.0 + part.parse::<f64>().ok()?;
            }
            total
        }
        _ => u.parse::<f64>().ok()?,
    };
    Some(sign * v)
}

/// What a plain, untagged scalar means in YAML 1.1.
pub(super) fn resolve_plain(v: &str) -> Resolved {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        _ => {}
    }
    let (_, u, signed) = split_sign(v);
    let u = u.as_bytes();
    if is_yaml11_float(u, signed)
        && let Some(f) = float_value(v)
    {
        return Resolved::Float(f);
    }
    if is_yaml11_int(u)
        && let Some(i) = int_value(v)
    {
        return i;
    }
    Resolved::Str
}

/// What `value` means written in `style` with `props`: `resolve_plain` for a
/// plain untagged scalar, a string when quoted, and what a YAML tag says.
pub(super) fn resolve_as(value: &str, style: ScalarStyle, props: Option<&Props>) -> Resolved {
    match yaml_type(props) {
        None => {
            if style == ScalarStyle::Plain {
                resolve_plain(value)
            } else {
                Resolved::Str
            }
        }
        Some("null") => Resolved::Null,
        Some("bool") => match value.to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" => Resolved::Bool(true),
            "no" | "false" | "off" => Resolved::Bool(false),
            _ => Resolved::Str,
        },
        Some("int") => int_value(value).unwrap_or(Resolved::Str),
        Some("float") => float_value(value).map_or(Resolved::Str, Resolved::Float),
        Some(_) => Resolved::Str,
    }
}

pub(super) fn resolve_scalar(s: &Scalar) -> Resolved {
    resolve_as(&s.value, s.style, s.props.as_deref())
}

/// Whether `node` (not an alias) means null. Asked of every property a
/// dashboard has, so it looks only as far as null needs: a tag, or one of the
/// five plain spellings.
pub(super) fn is_null(node: &Node) -> bool {
    match node {
        Node::Null { props, .. } => !yaml_type(props.as_deref()).is_some_and(is_text_type),
        Node::Scalar(s) => match yaml_type(s.props.as_deref()) {
            Some(t) => t == "null",
            None => {
                s.style == ScalarStyle::Plain
                    && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
        },
        _ => false,
    }
}

// --- JSON -------------------------------------------------------------------------

fn float_json(f: f64) -> serde_json::Value {
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

fn scalar_json(s: &Scalar) -> serde_json::Value {
    use serde_json::Value;
    match resolve_scalar(s) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::UInt(u) => Value::from(u),
        Resolved::Int(i) => Value::from(i),
        Resolved::BigInt(f) | Resolved::Float(f) => float_json(f),
        Resolved::Str if yaml_type(s.props.as_deref()) == Some("binary") => {
            Value::String(s.value.chars().filter(|c| !c.is_whitespace()).collect())
        }
        Resolved::Str => Value::String(s.value.to_string()),
    }
}

/// A float as Python's `repr` writes it, which is how `json.dumps` names a
/// float key: `1.0`, `1e+20`, `1.5e-05`, `inf` as `Infinity`.
fn python_float_key(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest digits that read back, as Python's repr does.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else {
            let point = point as usize;
            if digits.len() <= point {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        };
        return format!("{sign}{text}");
    }
    let (head, tail) = digits.split_at(1);
    let mantissa = if tail.is_empty() {
        head.to_string()
    } else {
        format!("{head}.{tail}")
    };
    let exp_sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{exp_sign}{:02}", exp.unsigned_abs())
}

/// The JSON object key for a mapping key, as Python's `json.dumps` names the
/// key PyYAML reads: a string as it is, `null`, `true`, a number as Python
/// writes it, and a collection key as its compact JSON.
pub(super) fn key_string(k: &Node) -> String {
    use serde_json::Value;
    match to_json(k) {
        Value::String(s) => s,
        Value::Null => match k.resolved() {
            Node::Scalar(s) => match resolve_scalar(s) {
                Resolved::Float(f) | Resolved::BigInt(f) => python_float_key(f),
                _ => "null".into(),
            },
            _ => "null".into(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => python_float_key(f),
            _ => n.to_string(),
        },
        other => serde_json::to_string(&other).unwrap_or_default(),
    }
}

/// The entries of a mapping with `<<` merge keys applied as YAML 1.1 (and
/// PyYAML) applies them: the merged mappings' entries first, then its own.
fn merged_entries(m: &Mapping) -> Vec<(&Node, &Node)> {
    let is_merge = |k: &Node| {
        matches!(k.resolved(), Node::Scalar(s) if s.style == ScalarStyle::Plain
            && s.value == "<<" && s.props.is_none())
    };
    if !m.entries.iter().any(|(k, _)| is_merge(k)) {
        return m.entries.iter().map(|(k, v)| (k, v)).collect();
    }
    let mut merged = Vec::new();
    let mut own = Vec::new();
    for (k, v) in &m.entries {
        if !is_merge(k) {
            own.push((k, v));
            continue;
        }
        match v.resolved() {
            Node::Mapping(src) => merged.extend(merged_entries(src)),
            Node::Sequence(s) => {
                for item in s.items.iter().rev() {
                    if let Some(src) = item.as_mapping() {
                        merged.extend(merged_entries(src));
                    }
                }
            }
            _ => own.push((k, v)),
        }
    }
    merged.extend(own);
    merged
}

/// The document as JSON, as PyYAML's `SafeLoader` reads it (see the module's
/// documentation): mappings become objects (keys in source order; a repeated key
/// keeps its first position and takes the last value), sequences arrays,
/// aliases their anchor's value. NaN and infinities, which JSON cannot hold,
/// become null, as `serde_json::to_value` makes them.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null { props, .. } => {
            if yaml_type(props.as_deref()).is_some_and(is_text_type) {
                Value::String(String::new())
            } else {
                Value::Null
            }
        }
        Node::Scalar(s) => scalar_json(s),
        Node::Sequence(s) => Value::Array(s.items.iter().map(to_json).collect()),
        Node::Mapping(m) => {
            let mut map = serde_json::Map::new();
            for (k, v) in merged_entries(m) {
                map.insert(key_string(k), to_json(v));
            }
            Value::Object(map)
        }
        Node::Alias(a) => to_json(&a.target),
    }
}
