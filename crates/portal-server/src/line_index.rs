//! A file of one record per line, read once to index each line's position by a numeric key and
//! then read back one line at a time: what lets the portal hold a registry of millions of
//! citizens in tens of megabytes (the index) instead of gigabytes (every record parsed).
//!
//! The file must not change while the index is in use; a line that no longer reads back as it
//! was indexed is reported as missing rather than misread.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

/// Longest line accepted, in bytes: a record with every document of a citizen and its
/// portraits fits well within it.
pub const MAX_LINE: usize = 1 << 20;

/// Why a file cannot be indexed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError<E> {
    /// The file cannot be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A line is longer than [`MAX_LINE`].
    #[error("line {0} is longer than {MAX_LINE} bytes")]
    TooLong(u64),
    /// Two lines have the same key.
    #[error("line {line} repeats the key of an earlier line")]
    Duplicate {
        /// The line, from 1.
        line: u64,
    },
    /// The record on a line was refused.
    #[error("line {line}: {error}")]
    Record {
        /// The line, from 1.
        line: u64,
        /// Why.
        error: E,
    },
}

/// Where each key's line is in the file.
pub struct LineIndex {
    file: Mutex<File>,
    at: HashMap<u64, (u64, u32)>,
}

impl std::fmt::Debug for LineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineIndex")
            .field("lines", &self.at.len())
            .finish_non_exhaustive()
    }
}

impl LineIndex {
    /// Reads `path` line by line; `key_of` checks each non-blank line and gives its key.
    pub fn build<E>(
        path: &Path,
        mut key_of: impl FnMut(&str) -> Result<u64, E>,
    ) -> Result<LineIndex, IndexError<E>> {
        let mut reader = BufReader::new(File::open(path)?);
        let mut at = HashMap::new();
        let mut line = String::new();
        let (mut offset, mut number) = (0u64, 0u64);
        loop {
            line.clear();
            let read = (&mut reader)
                .take(MAX_LINE as u64 + 1)
                .read_line(&mut line)?;
            if read == 0 {
                break;
            }
            number += 1;
            if read > MAX_LINE {
                return Err(IndexError::TooLong(number));
            }
            let record = line.trim_end_matches(['\n', '\r']);
            if !record.trim().is_empty() {
                let key = key_of(record).map_err(|error| IndexError::Record {
                    line: number,
                    error,
                })?;
                if at.insert(key, (offset, record.len() as u32)).is_some() {
                    return Err(IndexError::Duplicate { line: number });
                }
            }
            offset += read as u64;
        }
        at.shrink_to_fit();
        Ok(LineIndex {
            file: Mutex::new(reader.into_inner()),
            at,
        })
    }

    /// How many lines are indexed.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether no line is indexed.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The line of `key`, read from the file now.
    pub fn line(&self, key: u64) -> Option<String> {
        let &(offset, len) = self.at.get(&key)?;
        let mut bytes = vec![0; len as usize];
        let mut file = self.file.lock().ok()?;
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
        f
    }

    fn key(line: &str) -> Result<u64, String> {
        line.split(' ')
            .next()
            .unwrap()
            .parse()
            .map_err(|_| format!("bad key in {line:?}"))
    }

    #[test]
    fn lines_come_back_by_key() {
        let f = file("7 seven\n\n3 three ba\u{0300}\r\n12 twelve");
        let index = LineIndex::build(f.path(), key).unwrap();
        assert_eq!(index.len(), 3);
        assert_eq!(index.line(3).as_deref(), Some("3 three ba\u{0300}"));
        assert_eq!(index.line(12).as_deref(), Some("12 twelve"));
        assert_eq!(index.line(7).as_deref(), Some("7 seven"));
        assert_eq!(index.line(8), None);
    }

    #[test]
    fn bad_records_duplicates_and_long_lines_are_refused_with_their_line() {
        let f = file("1 a\nx b\n");
        assert!(matches!(
            LineIndex::build(f.path(), key),
            Err(IndexError::Record { line: 2, .. })
        ));
        let f = file("1 a\n2 b\n1 c\n");
        assert!(matches!(
            LineIndex::build(f.path(), key),
            Err(IndexError::Duplicate { line: 3 })
        ));
        let f = file(&format!("1 {}\n", "a".repeat(MAX_LINE)));
        assert!(matches!(
            LineIndex::build(f.path(), key),
            Err(IndexError::TooLong(1))
        ));
    }
}
