//! Small, bounded helpers over `ciborium::Value`: decoding untrusted bytes under the strict rules
//! of docs/formats.md §1.1, encoding deterministically, and typed access to integer-keyed maps.
//! Every accessor names the item it was looking for, so an error says what is wrong.

use ciborium::Value;

/// Deepest nesting accepted in untrusted CBOR: the top-level item is at depth 0, and the elements
/// of an array, the keys and values of a map and the content of a tag are one deeper than their
/// container (as SD-CWT counts levels). Our structures reach depth 5; the limit keeps the
/// decoder's recursion (and stack) small whatever the input.
pub const MAX_DEPTH: usize = 16;

/// Largest presentation accepted from any source: what a version-40 QR at error correction M
/// holds (3,391 alphanumeric characters, less the 4 of the `EP1:` prefix, is 3,387 base45
/// characters, which carry 2,258 bytes). The issuer's COSE_Sign1, its claims and the items are
/// inside a presentation, so the same bound holds for each of them.
pub const MAX_QR_BYTES: usize = 2258;

/// Largest issued document (or one of its items, which may hold a display portrait) accepted
/// from storage or the network.
pub const MAX_ISSUED_BYTES: usize = 64 * 1024;

/// The only CBOR tags in any eID Wallet structure: 18 (COSE_Sign1) and 1004 (full date).
pub const ALLOWED_TAGS: [u64; 2] = [18, 1004];

/// What went wrong reading CBOR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborError {
    /// The bytes are not well-formed CBOR, break a rule of §1.1 (not deterministic, indefinite
    /// length, a tag or simple value we do not use, too deep), or have bytes after the item.
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

/// Decodes exactly one CBOR item from `bytes` (at most `max_len` bytes) after checking it against
/// every rule of [`check_strict`]; trailing bytes are an error.
pub fn decode(bytes: &[u8], max_len: usize) -> Result<Value, CborError> {
    if bytes.len() > max_len {
        return Err(CborError::TooLarge(bytes.len(), max_len));
    }
    check_strict(bytes)?;
    let mut reader = bytes;
    // The strict pass above already bounded the depth by our own count; ciborium's limit (which
    // counts its own way) is set above it so that it never decides, only guards the stack.
    let value: Value = ciborium::de::from_reader_with_recursion_limit(&mut reader, MAX_DEPTH + 8)
        .map_err(|e| CborError::Syntax(e.to_string()))?;
    if !reader.is_empty() {
        return Err(CborError::Syntax(format!(
            "{} bytes after the item",
            reader.len()
        )));
    }
    Ok(value)
}

/// Checks that `bytes` is exactly one CBOR data item obeying docs/formats.md §1.1:
///
/// - well formed (RFC 8949 §5.3.1), nothing after the item;
/// - definite lengths only (no indefinite-length strings, arrays or maps, no "break");
/// - every integer, length and tag number in its shortest form (RFC 8949 §4.2.1);
/// - map keys are integers or text strings, each map's keys strictly ascending in the bytewise
///   order of their encodings (so no key appears twice);
/// - text strings are valid UTF-8;
/// - no tag other than 18 and 1004, no floating-point number, no simple value other than
///   `false`, `true` and `null`;
/// - no item deeper than [`MAX_DEPTH`].
///
/// ciborium (like serde-based CBOR decoders generally) accepts duplicate keys, unsorted maps,
/// non-shortest heads and indefinite lengths without saying so, and no well-kept crate checks
/// exactly these rules over raw bytes without building its own data model (dcbor, for one, also
/// requires NFC text and numeric reduction, which is not our format). So this is a small walk over
/// the bytes that allocates nothing and is bounded by their length.
pub fn check_strict(bytes: &[u8]) -> Result<(), CborError> {
    let mut w = Walker { bytes, pos: 0 };
    w.item(0)?;
    if w.pos != bytes.len() {
        return Err(CborError::Syntax(format!(
            "{} bytes after the item",
            bytes.len() - w.pos
        )));
    }
    Ok(())
}

struct Walker<'b> {
    bytes: &'b [u8],
    pos: usize,
}

fn syntax(what: impl Into<String>) -> CborError {
    CborError::Syntax(what.into())
}

impl Walker<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: u64) -> Result<&[u8], CborError> {
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.remaining())
            .ok_or_else(|| syntax("truncated item"))?;
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Reads an item's head: major type and argument, refusing what §1.1 refuses in a head.
    fn head(&mut self) -> Result<(u8, u64), CborError> {
        let initial = *self.take(1)?.first().ok_or_else(|| syntax("truncated"))?;
        let (major, info) = (initial >> 5, initial & 0x1f);
        if major == 7 {
            return match info {
                20..=22 => Ok((7, u64::from(info))),
                25..=27 => Err(syntax("floating-point numbers are not used")),
                31 => Err(syntax("indefinite length (a break byte)")),
                _ => Err(syntax(
                    "simple values other than false, true, null are not used",
                )),
            };
        }
        let arg = match info {
            0..=23 => return Ok((major, u64::from(info))),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes([self.take(1)?[0], self.take(1)?[0]])),
            26 => {
                let b = self.take(4)?;
                u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            }
            27 => {
                let b = self.take(8)?;
                u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            }
            31 => return Err(syntax("indefinite length")),
            _ => return Err(syntax("reserved additional information 28-30")),
        };
        let shortest = match info {
            24 => arg >= 24,
            25 => arg > 0xff,
            26 => arg > 0xffff,
            _ => arg > 0xffff_ffff,
        };
        if !shortest {
            return Err(syntax("an integer, length or tag not in its shortest form"));
        }
        Ok((major, arg))
    }

    fn item(&mut self, depth: usize) -> Result<(), CborError> {
        if depth > MAX_DEPTH {
            return Err(syntax(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let (major, arg) = self.head()?;
        match major {
            0 | 1 | 7 => Ok(()),
            2 => self.take(arg).map(|_| ()),
            3 => {
                let text = self.take(arg)?;
                std::str::from_utf8(text)
                    .map(|_| ())
                    .map_err(|_| syntax("text string is not valid UTF-8"))
            }
            4 => {
                // Each element takes at least one byte: a count beyond the input is refused at
                // once instead of looping over it.
                if arg > self.remaining() as u64 {
                    return Err(syntax("truncated array"));
                }
                (0..arg).try_for_each(|_| self.item(depth + 1))
            }
            5 => {
                if arg.saturating_mul(2) > self.remaining() as u64 {
                    return Err(syntax("truncated map"));
                }
                let mut previous: Option<(usize, usize)> = None;
                for _ in 0..arg {
                    let start = self.pos;
                    let key_major = self.bytes.get(start).map(|b| b >> 5);
                    if !matches!(key_major, Some(0 | 1 | 3)) {
                        return Err(syntax("a map key that is not an integer or text"));
                    }
                    self.item(depth + 1)?;
                    let key = (start, self.pos);
                    if let Some((ps, pe)) = previous {
                        let (prev, this) = (&self.bytes[ps..pe], &self.bytes[key.0..key.1]);
                        if this == prev {
                            return Err(syntax("a map key appears twice"));
                        }
                        if this < prev {
                            return Err(syntax("map keys not in deterministic order"));
                        }
                    }
                    previous = Some(key);
                    self.item(depth + 1)?;
                }
                Ok(())
            }
            _ => {
                if !ALLOWED_TAGS.contains(&arg) {
                    return Err(syntax(format!("CBOR tag {arg} is not used")));
                }
                self.item(depth + 1)
            }
        }
    }
}

/// Encodes a value deterministically (RFC 8949 §4.2.1, as §1.1 requires): ciborium writes
/// shortest forms and definite lengths; the keys of every map are put in the bytewise order of
/// their encodings here, whatever order the value lists them in. Encoding into a `Vec` cannot
/// fail except on allocation failure.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec<u8> is infallible; ciborium's only error source here is the writer.
    ciborium::ser::into_writer(&sorted(value), &mut out).unwrap_or_default();
    out
}

fn encode_as_is(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).unwrap_or_default();
    out
}

/// The value with the keys of every map, at any depth, in deterministic order.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        Value::Tag(t, inner) => Value::Tag(*t, Box::new(sorted(inner))),
        Value::Map(m) => {
            let mut entries: Vec<(Vec<u8>, Value, Value)> = m
                .iter()
                .map(|(k, v)| {
                    let k = sorted(k);
                    (encode_as_is(&k), k, sorted(v))
                })
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(entries.into_iter().map(|(_, k, v)| (k, v)).collect())
        }
        other => other.clone(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(hex_bytes: &str, why: &str) {
        match decode(&hex_to_vec(hex_bytes), 1 << 20) {
            Err(CborError::Syntax(m)) => assert!(m.contains(why), "{hex_bytes}: {m}"),
            other => panic!("{hex_bytes} accepted or wrong error: {other:?}"),
        }
    }

    #[test]
    fn accepts_the_deterministic_forms_we_write() {
        for ok in [
            "00",
            "17",
            "1818",
            "19ffff",
            "1a00010000",
            "1b0000000100000000",
            "20",
            "3a00010000",
            "40",
            "60",
            "80",
            "a0",
            "f4",
            "f5",
            "f6",
            "d2a0",
            "d903ec6a313938352d30332d3134",
        ] {
            assert!(decode(&hex_to_vec(ok), 100).is_ok(), "{ok}");
        }
        // {"lst": h'', "bits": 1}: "lst" (63…) sorts before "bits" (64…), the shorter first.
        assert!(decode(&hex_to_vec("a2636c737440646269747301"), 100).is_ok());
        // {1: 0, -1: 0, "a": 0}: 01 < 20 < 61.
        assert!(decode(&hex_to_vec("a301002000616100"), 100).is_ok());
    }

    fn hex_to_vec(h: &str) -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn refuses_duplicate_and_unsorted_map_keys() {
        refused("a201000100", "twice"); // {1: 0, 1: 0}
        refused("a202000100", "order"); // {2: 0, 1: 0}
        refused("a2646269747301636c737440", "order"); // {"bits": 1, "lst": h''}
        refused("a220000100", "order"); // {-1: 0, 1: 0}: 20 sorts after 01
        refused("a1f600", "not an integer or text"); // {null: 0}
        refused("a1400000", "not an integer or text"); // {h'': 0}
    }

    #[test]
    fn refuses_indefinite_lengths() {
        refused("9f00ff", "indefinite"); // [_ 0]
        refused("bf0000ff", "indefinite"); // {_ 0: 0}
        refused("5f4100ff", "indefinite"); // (_ h'00')
        refused("7f6161ff", "indefinite"); // (_ "a")
        refused("ff", "break");
    }

    #[test]
    fn refuses_non_shortest_forms() {
        refused("1800", "shortest"); // 0 in one extra byte
        refused("1817", "shortest");
        refused("190018", "shortest");
        refused("1a0000ffff", "shortest");
        refused("1b00000000ffffffff", "shortest");
        refused("3800", "shortest"); // -1 in one extra byte
        refused("5800", "shortest"); // empty bstr, 1-byte length
        refused("780161", "shortest"); // "a" with a 1-byte length
        refused("9800", "shortest"); // empty array
        refused("b800", "shortest"); // empty map
        refused("d81200", "shortest"); // tag 18 in two bytes
    }

    #[test]
    fn refuses_tags_floats_and_simple_values_we_do_not_use() {
        refused("c074323031332d30332d32315432303a30343a30305a", "tag 0"); // tdate
        refused("c11a514b67b0", "tag 1");
        refused("d818410a", "tag 24"); // encoded CBOR data item
        refused("c249010000000000000000", "tag 2"); // bignum
        refused("f97e00", "floating-point");
        refused("fa47c35000", "floating-point");
        refused("fb3ff199999999999a", "floating-point");
        refused("f7", "simple"); // undefined
        refused("f0", "simple"); // simple(16)
        refused("f820", "simple"); // simple(32)
        refused("f818", "simple"); // simple(24), not well formed either
        refused("1c", "reserved");
    }

    #[test]
    fn refuses_bad_utf8_truncation_and_trailing_bytes() {
        refused("62c328", "UTF-8");
        refused("63eda080", "UTF-8"); // a surrogate, U+D800
        refused("4201", "truncated");
        refused("9a7fffffff", "truncated"); // a huge count, no elements
        refused("bb7fffffffffffffff", "truncated");
        refused("0000", "after the item");
    }

    #[test]
    fn depth_is_counted_from_zero_at_the_top_and_limited_to_16() {
        // 16 arrays around an integer: the integer is at depth 16.
        let ok = format!("{}00", "81".repeat(MAX_DEPTH));
        assert!(decode(&hex_to_vec(&ok), 100).is_ok());
        let deep = format!("{}00", "81".repeat(MAX_DEPTH + 1));
        refused(&deep, "deeper");
        // A tag's content is one level deeper too: 16 arrays and a date tag put its text at 17.
        let tagged = format!("{}d903ec6161", "81".repeat(MAX_DEPTH));
        refused(&tagged, "deeper");
        // A map's keys and values are one level deeper than the map.
        let map = format!("{}a10000", "81".repeat(MAX_DEPTH));
        refused(&map, "deeper");
    }

    #[test]
    fn encoding_sorts_map_keys_whatever_order_they_are_given_in() {
        let v = Value::Map(vec![
            (Value::Text("bits".into()), uint(1)),
            (Value::Text("lst".into()), Value::Bytes(vec![])),
            (Value::Integer((-1).into()), uint(0)),
            (
                uint(24),
                Value::Array(vec![int_map(vec![(3, uint(0)), (2, uint(0))])]),
            ),
            (uint(1), uint(0)),
        ]);
        let bytes = encode(&v);
        assert_eq!(
            bytes,
            // 01 < 18 18 < 20 < 63… < 64…: bytewise, so 24 comes before -1.
            hex_to_vec("a50100181881a2020003002000636c737440646269747301")
        );
        assert!(decode(&bytes, 100).is_ok());
    }
}
