//! What ingestion saw: records seen, accepted and rejected.

use std::collections::BTreeMap;

use crate::response::Rejection;

/// What ingestion saw: every record is either accepted or rejected with its reason and position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IngestSummary {
    /// Records seen.
    pub seen: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Every rejected record, in input order.
    pub rejected: Vec<Rejection>,
}

impl IngestSummary {
    /// Rejections counted per reason code ([`RejectReason::code`](crate::RejectReason::code)), in alphabetical order of the code.
    ///
    /// [`RejectReason::code`]: crate::RejectReason::code
    ///
    /// ```
    /// let s = persepsi::IngestSummary::default();
    /// assert!(s.rejected_by_reason().is_empty());
    /// ```
    #[must_use]
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        crate::response::count_by_reason(&self.rejected)
    }
}
