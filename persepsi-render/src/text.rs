//! Text from a user as a workbook cell holds it.

use std::borrow::Cow;

/// The most characters an Excel cell holds.
pub(crate) const CELL_CHARS: usize = 32_767;

/// `text` as a cell can hold it: unchanged when it fits, else its first characters and a
/// visible marker saying how many were cut, 32,767 characters in all.
pub(crate) fn fit_cell(text: &str) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let marker = |cut: usize| format!(" [… dipotong {cut} karakter]");
    // the marker's length depends on the count it prints: start from the longest marker, then
    // keep one more character while the text and its (shorter) marker still fit
    let mut room = CELL_CHARS - marker(count).chars().count();
    while room + 1 + marker(count - room - 1).chars().count() <= CELL_CHARS {
        room += 1;
    }
    let kept: String = text.chars().take(room).collect();
    Cow::Owned(kept + &marker(count - room))
}

/// Whether a spreadsheet program would read `text`, typed into a cell, as a formula or a
/// number's sign: it starts with `=`, `+`, `-` or `@`. Such a cell gets the quote-prefix
/// format, so that editing it keeps it text.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_the_cell_with_a_marker() {
        let short = "a".repeat(CELL_CHARS);
        assert!(matches!(fit_cell(&short), Cow::Borrowed(_)));
        let long = "é".repeat(100_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        let kept = cut.chars().take_while(|&c| c == 'é').count();
        assert!(cut.ends_with(&format!(" [… dipotong {} karakter]", 100_000 - kept)));
    }

    #[test]
    fn formula_starts() {
        for t in ["=1+1", "+1", "-1", "@SUM(A1)"] {
            assert!(looks_like_formula(t), "{t}");
        }
        for t in ["", "R1", " =1", "'=1"] {
            assert!(!looks_like_formula(t), "{t}");
        }
    }
}
