//! The one error type of the crate: every variant says where (file, line, byte).

use std::fmt;

/// Everything that can go wrong reading input or a grammar folder.
///
/// Each variant names the file (or `-` for stdin) and the line or byte where
/// the problem is, so a user can open the file and look.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not UTF-8. `byte` is the offset of the first bad byte.
    #[error(
        "{path}: invalid UTF-8 at byte {byte} (line {line}); pass --lossy to replace bad bytes with U+FFFD"
    )]
    InvalidUtf8 {
        path: String,
        byte: usize,
        line: usize,
    },
    /// The file holds a NUL byte: it is binary data, not an article.
    #[error("{path}: binary data (NUL byte at byte {byte}); quotegraph reads text and JSONL only")]
    Binary { path: String, byte: usize },
    /// A JSONL line that is not an object with string `doc` and `text`.
    #[error("{path}:{line}: {message}")]
    Jsonl {
        path: String,
        line: usize,
        message: String,
    },
    /// Two input documents with one id: statement ids and the graph would mix them.
    #[error(
        "{path}: document id {id:?} appears twice; ids must be unique (rename one file or fix the JSONL 'doc')"
    )]
    DuplicateDocument { path: String, id: String },
    /// A grammar file that does not parse.
    #[error("grammar {file}:{line}: {message}")]
    Grammar {
        file: String,
        line: usize,
        message: String,
    },
}

impl Error {
    /// Exit code the CLI uses for this error (documented in `quotegraph --help`).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Io { .. } => 3,
            Error::InvalidUtf8 { .. }
            | Error::Binary { .. }
            | Error::Jsonl { .. }
            | Error::DuplicateDocument { .. } => 4,
            Error::Grammar { .. } => 5,
        }
    }
}

/// A result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Line number (1-based) of a byte offset, for error messages.
pub(crate) fn line_of(bytes: &[u8], byte: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &bytes[..byte.min(bytes.len())]).count()
}

pub(crate) struct DisplayPath<'a>(pub &'a std::path::Path);

impl fmt::Display for DisplayPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())
    }
}
