//! What can go wrong while writing a document.

use std::path::PathBuf;

/// A document that could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The workbook could not be written to `path` (the library's reason: a file that cannot
    /// be created, a full disk, ...).
    #[error("cannot write the workbook {path}: {source}")]
    Xlsx {
        /// Where it was to go.
        path: PathBuf,
        /// Why not.
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
}
