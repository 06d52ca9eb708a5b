//! Why a responses file could not be read at all.

use std::io;

/// Why a responses file could not be read at all (rejected records are not errors: they are
/// kept in the survey's summary).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no header row (it is empty, blank, or only a byte-order mark).
    #[error("the file has no header row")]
    NoHeader,
    /// The header row is not valid UTF-8.
    #[error("the header row is not valid UTF-8")]
    HeaderNotUtf8,
    /// A required column is missing from the header.
    #[error("the header lacks the required column {column:?}")]
    MissingColumn {
        /// The column's name.
        column: String,
    },
    /// The header looks `;`-separated (as Excel writes CSV in Indonesian and other locales):
    /// the reader needs commas.
    #[error(
        "the header has no comma but {semicolons} semicolons: the file looks ';'-separated; save it as comma-separated CSV"
    )]
    Semicolons {
        /// The number of `;` in the header.
        semicolons: usize,
    },
    /// Reading failed.
    #[error("cannot read the responses: {0}")]
    Io(#[from] io::Error),
}
