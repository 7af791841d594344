//! Small, bounded helpers over `ciborium::Value`: decoding untrusted bytes with a nesting limit,
//! and typed access to integer-keyed maps. Every accessor names the item it was looking for, so
//! an error says what is wrong.

use ciborium::Value;

/// Deepest nesting accepted in untrusted CBOR. Our structures nest at most 6 levels; the limit
/// keeps the decoder's recursion (and stack) small whatever the input.
pub const MAX_DEPTH: usize = 16;

/// Largest CBOR item accepted from a QR or a file. A version-40 QR holds under 3 KB; trust and
/// status lists are larger, so they pass their own bound.
pub const MAX_QR_BYTES: usize = 4096;

/// What went wrong reading CBOR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborError {
    /// The bytes are not well-formed CBOR, nest too deep, or have bytes after the item.
    #[error("not valid CBOR: {0}")]
    Syntax(String),
    /// The input is larger than allowed.
    #[error("too large: {0} bytes, at most {1}")]
    TooLarge(usize, usize),
    /// A required item is missing.
    #[error("missing {0}")]
    Missing(&'static str),
    /// An item has the wrong type or an out-of-range value.
    #[error("wrong type or value for {0}")]
    Invalid(&'static str),
}

/// Decodes exactly one CBOR item from `bytes` (at most `max_len` bytes, nesting at most
/// [`MAX_DEPTH`]); trailing bytes are an error.
pub fn decode(bytes: &[u8], max_len: usize) -> Result<Value, CborError> {
    if bytes.len() > max_len {
        return Err(CborError::TooLarge(bytes.len(), max_len));
    }
    let mut reader = bytes;
    let value: Value = ciborium::de::from_reader_with_recursion_limit(&mut reader, MAX_DEPTH)
        .map_err(|e| CborError::Syntax(e.to_string()))?;
    if !reader.is_empty() {
        return Err(CborError::Syntax(format!(
            "{} bytes after the item",
            reader.len()
        )));
    }
    Ok(value)
}

/// Encodes a value. Encoding a `Value` into a `Vec` cannot fail except on allocation failure.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec<u8> is infallible; ciborium's only error source here is the writer.
    ciborium::ser::into_writer(value, &mut out).unwrap_or_default();
    out
}

/// Looks up an integer key in a CBOR map.
pub fn map_get(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter()
        .find(|(k, _)| k.as_integer().and_then(|i| i64::try_from(i).ok()) == Some(key))
        .map(|(_, v)| v)
}

/// Looks up a text key in a CBOR map.
pub fn map_get_text<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.as_text() == Some(key))
        .map(|(_, v)| v)
}

/// A required map entry.
pub fn required<'a>(
    map: &'a [(Value, Value)],
    key: i64,
    name: &'static str,
) -> Result<&'a Value, CborError> {
    map_get(map, key).ok_or(CborError::Missing(name))
}

/// The value as a map.
pub fn as_map<'a>(v: &'a Value, name: &'static str) -> Result<&'a [(Value, Value)], CborError> {
    v.as_map()
        .map(|m| m.as_slice())
        .ok_or(CborError::Invalid(name))
}

/// The value as an array.
pub fn as_array<'a>(v: &'a Value, name: &'static str) -> Result<&'a [Value], CborError> {
    v.as_array()
        .map(|a| a.as_slice())
        .ok_or(CborError::Invalid(name))
}

/// The value as a byte string.
pub fn as_bytes<'a>(v: &'a Value, name: &'static str) -> Result<&'a [u8], CborError> {
    v.as_bytes()
        .map(|b| b.as_slice())
        .ok_or(CborError::Invalid(name))
}

/// The value as a text string.
pub fn as_text<'a>(v: &'a Value, name: &'static str) -> Result<&'a str, CborError> {
    v.as_text().ok_or(CborError::Invalid(name))
}

/// The value as an unsigned integer that fits in a `u64`.
pub fn as_u64(v: &Value, name: &'static str) -> Result<u64, CborError> {
    v.as_integer()
        .and_then(|i| u64::try_from(i).ok())
        .ok_or(CborError::Invalid(name))
}

/// A map with integer keys, in the order given.
pub fn int_map(entries: Vec<(i64, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (Value::Integer(k.into()), v))
            .collect(),
    )
}

/// An unsigned integer value.
pub fn uint(n: u64) -> Value {
    Value::Integer(n.into())
}
