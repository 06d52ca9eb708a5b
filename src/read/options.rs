//! How a responses file is read: threads, block size and the respondent-profile columns.

use std::num::NonZeroUsize;

/// How [`Survey::read_csv_with`](crate::Survey::read_csv_with) reads: the number of threads that
/// parse and validate, and the respondent-profile columns to count.
///
/// [`Survey::read_csv_with`]: crate::Survey::read_csv_with
///
/// ```
/// use std::num::NonZeroUsize;
/// let options = persepsi::ReadOptions::default().threads(NonZeroUsize::MIN);
/// assert_eq!(options.thread_count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    pub(crate) threads: NonZeroUsize,
    pub(crate) block: usize,
    pub(crate) profile: Vec<String>,
}

impl Default for ReadOptions {
    /// As many threads as [`std::thread::available_parallelism`] reports (1 if unknown), blocks
    /// of 1 MiB.
    fn default() -> Self {
        ReadOptions {
            threads: crate::par::available(),
            block: 1 << 20,
            profile: Vec::new(),
        }
    }
}

impl ReadOptions {
    /// Sets the number of threads (1: everything on the calling thread; at most 256 are
    /// started).
    #[must_use]
    pub fn threads(mut self, threads: NonZeroUsize) -> ReadOptions {
        self.threads = threads;
        self
    }

    /// Sets the block size in bytes handed to one worker at a time (at least 1; a record longer
    /// than a block makes its block longer).
    #[must_use]
    pub fn block_bytes(mut self, bytes: NonZeroUsize) -> ReadOptions {
        self.block = bytes.get();
        self
    }

    /// Sets the respondent-profile columns to count (gender, education, ...): named extra
    /// columns of the file, matched as header cells are (both trimmed); a name given twice
    /// counts once. Each accepted response counts in the value its cell holds, trimmed (an
    /// empty cell is the value `""`), per (unit, service, month) cell; see
    /// [`Survey::profile`](crate::Survey::profile). A name that is not in the header makes
    /// the read fail with [`ReadError::MissingColumn`](crate::ReadError::MissingColumn).
    ///
    /// ```
    /// let options = persepsi::ReadOptions::default().profile([" gender", "education", "gender"]);
    /// assert_eq!(options.profile_columns(), ["gender", "education"]);
    /// ```
    #[must_use]
    pub fn profile<S: AsRef<str>>(mut self, columns: impl IntoIterator<Item = S>) -> ReadOptions {
        self.profile.clear();
        for column in columns {
            let column = column.as_ref().trim();
            if !self.profile.iter().any(|c| c == column) {
                self.profile.push(column.to_owned());
            }
        }
        self
    }

    /// The profile columns to count, in order.
    #[must_use]
    pub fn profile_columns(&self) -> &[String] {
        &self.profile
    }

    /// The number of threads.
    #[must_use]
    pub fn thread_count(&self) -> usize {
        self.threads.get()
    }
}
