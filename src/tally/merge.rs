//! Merging and taking away: the one rule every tally follows, and the operators built on it.

use crate::tally::TallyError;

/// A tally that merges and takes away like a collection ([`Tally`](crate::Tally),
/// [`QuestionnaireTally`](crate::QuestionnaireTally)).
///
/// The rule, written once here: **check everything, then change**. [`Merge::merge`] runs
/// [`Merge::merge_check`] over the whole of the other tally before [`Merge::merge_checked`]
/// changes anything, and [`Merge::subtract`] builds the whole difference before it replaces
/// the tally, so an error changes nothing. A tally made of tallies checks all its parts first,
/// with their own `merge_check`, and adds them with their own `merge_checked`. `+=` and `Sum`
/// ([`merge_ops!`]) are `merge` that panics, as integer `+` does.
pub(crate) trait Merge: Clone + Default {
    /// The error [`Merge::merge`] would return, without changing anything.
    fn merge_check(&self, other: &Self) -> Result<(), TallyError>;

    /// Adds `other`, which [`Merge::merge_check`] accepted (so nothing can fail here).
    fn merge_checked(&mut self, other: &Self);

    /// This tally with `other` taken away, or why that is impossible; `self` is not changed.
    fn difference(&self, other: &Self) -> Result<Self, TallyError>;

    /// Adds `other` when the whole of it fits; changes nothing otherwise.
    fn merge(&mut self, other: &Self) -> Result<(), TallyError> {
        self.merge_check(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Takes `other` away when the whole of it was counted here; changes nothing otherwise.
    fn subtract(&mut self, other: &Self) -> Result<(), TallyError> {
        *self = self.difference(other)?;
        Ok(())
    }
}

/// `+=` (by reference and by value) and [`Sum`](std::iter::Sum) (of references and of values)
/// for a [`Merge`] type: its `merge`, panicking with the error where `merge` returns one.
macro_rules! merge_ops {
    ($tally:ident) => {
        impl ::std::ops::AddAssign<&$tally> for $tally {
            #[doc = concat!("[`", stringify!($tally), "::merge`].")]
            ///
            /// # Panics
            ///
            /// When `merge` returns an error (another shape, a count passing `u64::MAX`); use
            /// `merge` to get the [`TallyError`](crate::TallyError) instead.
            fn add_assign(&mut self, other: &$tally) {
                if let Err(e) = $crate::tally::merge::Merge::merge(self, other) {
                    panic!(concat!(stringify!($tally), " += failed: {}"), e);
                }
            }
        }

        impl ::std::ops::AddAssign for $tally {
            #[doc = concat!("[`", stringify!($tally), "::merge`]; panics as `+= &", stringify!($tally), "` does.")]
            fn add_assign(&mut self, other: $tally) {
                *self += &other;
            }
        }

        impl<'a> ::std::iter::Sum<&'a $tally> for $tally {
            /// Merges all; panics as `+=` does.
            fn sum<I: Iterator<Item = &'a $tally>>(iter: I) -> $tally {
                let mut total = $tally::default();
                for t in iter {
                    total += t;
                }
                total
            }
        }

        impl ::std::iter::Sum for $tally {
            /// Merges all; panics as `+=` does.
            fn sum<I: Iterator<Item = $tally>>(iter: I) -> $tally {
                let mut total = $tally::default();
                for t in iter {
                    total += &t;
                }
                total
            }
        }
    };
}

pub(crate) use merge_ops;
