//! Exact rational values and the one rounding policy of the crate.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Sub};

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// The largest number of decimals [`Exact::round`] produces; larger requests are clamped to it.
///
/// Every value the crate computes lies in `[0, 100]`, so 20 decimals always fit a [`Decimal`].
pub const MAX_DECIMALS: u32 = 20;

/// An exact rational number: what every NRR, raw index and mapped index is until output.
///
/// Indices are ratios of integer star counts, so they are kept as exact fractions and rounded
/// once, with [`Exact::round`] (half away from zero), when a person reads them. `Exact` never
/// overflows (its numerator and denominator are arbitrary-precision integers) and is always
/// in lowest terms, so `==` compares values. A value whose numerator and denominator fit 128
/// bits (every NRR, and most indices) is kept in two machine words and computed on without
/// allocating; a larger one in big integers.
///
/// # Examples
///
/// ```
/// use persepsi::Exact;
///
/// let one_ninth = Exact::from_ratio(1, 9)?;
/// assert_eq!(one_ninth.to_string(), "1/9");
/// assert_eq!(one_ninth.round(4).to_string(), "0.1111");
/// assert_eq!(Exact::from_ratio(88305, 1000)?.round(2).to_string(), "88.31");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Exact(Repr);

/// The two forms of a value, one per value: a fraction whose lowest terms fit two words is
/// always `Small`, so the derived `==` and `Hash` compare values.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// `numer / denom` in lowest terms, `denom > 0`, neither `i128::MIN` (negation never
    /// overflows).
    Small { numer: i128, denom: i128 },
    /// A fraction in lowest terms that does not fit `Small`.
    Big(Box<BigRational>),
}

/// The error of [`Exact::from_ratio`]: a fraction with a zero denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the fraction {numerator}/0 has a zero denominator")]
pub struct ZeroDenominator {
    /// The numerator that was given.
    pub numerator: i128,
}

impl Exact {
    /// Zero.
    ///
    /// ```
    /// assert_eq!(persepsi::Exact::zero().to_string(), "0");
    /// ```
    #[must_use]
    pub fn zero() -> Self {
        Exact::small(0, 1)
    }

    /// A fraction already in lowest terms with `denom > 0`, both above `i128::MIN`.
    fn small(numer: i128, denom: i128) -> Exact {
        debug_assert!(denom > 0 && numer != i128::MIN);
        Exact(Repr::Small { numer, denom })
    }

    /// A fraction in lowest terms (as `num-rational` keeps them), in its one form.
    fn from_rational(r: BigRational) -> Exact {
        match (r.numer().to_i128(), r.denom().to_i128()) {
            (Some(numer), Some(denom)) if numer != i128::MIN && denom != i128::MIN => {
                Exact::small(numer, denom)
            }
            _ => Exact(Repr::Big(Box::new(r))),
        }
    }

    /// `numer / denom` brought to lowest terms in words; `None` when `denom` is 0 or a value
    /// is `i128::MIN`.
    fn reduced(numer: i128, denom: i128) -> Option<Exact> {
        if denom == 0 || numer == i128::MIN || denom == i128::MIN {
            return None;
        }
        let g = i128::try_from(word_gcd(numer.unsigned_abs(), denom.unsigned_abs())).ok()?;
        let (n, d) = (numer / g, denom / g);
        Some(if d < 0 {
            Exact::small(-n, -d)
        } else {
            Exact::small(n, d)
        })
    }

    /// The value as a big fraction (a copy for a small value).
    fn rational(&self) -> Cow<'_, BigRational> {
        match &self.0 {
            Repr::Small { numer, denom } => Cow::Owned(BigRational::new_raw(
                BigInt::from(*numer),
                BigInt::from(*denom),
            )),
            Repr::Big(r) => Cow::Borrowed(r),
        }
    }

    /// The numerator and denominator of a small value.
    fn words(&self) -> Option<(i128, i128)> {
        match self.0 {
            Repr::Small { numer, denom } => Some((numer, denom)),
            Repr::Big(_) => None,
        }
    }

    /// The integer `n`.
    ///
    /// ```
    /// assert_eq!(persepsi::Exact::integer(4).to_string(), "4");
    /// ```
    #[must_use]
    pub fn integer(n: i128) -> Self {
        if n == i128::MIN {
            Exact::from_rational(BigRational::from_integer(BigInt::from(n)))
        } else {
            Exact::small(n, 1)
        }
    }

    /// The fraction `numerator / denominator`, reduced to lowest terms.
    ///
    /// # Errors
    ///
    /// [`ZeroDenominator`] when `denominator` is 0.
    ///
    /// ```
    /// let x = persepsi::Exact::from_ratio(358, 100)?;
    /// assert_eq!(x.to_string(), "179/50");
    /// assert!(persepsi::Exact::from_ratio(1, 0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_ratio(numerator: i128, denominator: i128) -> Result<Self, ZeroDenominator> {
        if denominator == 0 {
            return Err(ZeroDenominator { numerator });
        }
        Ok(Exact::reduced(numerator, denominator).unwrap_or_else(|| {
            Exact::from_rational(BigRational::new(
                BigInt::from(numerator),
                BigInt::from(denominator),
            ))
        }))
    }

    /// The exact value of a [`Decimal`] (`0.11` is `11/100`).
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let x = persepsi::Exact::from_decimal(Decimal::new(11, 2));
    /// assert_eq!(x.to_string(), "11/100");
    /// ```
    #[must_use]
    pub fn from_decimal(value: Decimal) -> Self {
        // m / 10^s in lowest terms without a gcd: the only common factors are 2s and 5s
        let (mut m, s) = (value.mantissa(), value.scale());
        if m == 0 {
            return Exact::zero();
        }
        let (mut twos, mut fives) = (s, s);
        while twos > 0 && m % 2 == 0 {
            m /= 2;
            twos -= 1;
        }
        while fives > 0 && m % 5 == 0 {
            m /= 5;
            fives -= 1;
        }
        // a Decimal's scale is at most 28 and its mantissa below 2^96: 2^28 x 5^28 = 10^28
        // and the mantissa fit an i128
        match 2i128
            .checked_pow(twos)
            .zip(5i128.checked_pow(fives))
            .and_then(|(t, f)| t.checked_mul(f))
        {
            Some(d) if m != i128::MIN => Exact::small(m, d),
            _ => Exact::from_rational(BigRational::new_raw(
                BigInt::from(m),
                BigInt::from(2u8).pow(twos) * BigInt::from(5u8).pow(fives),
            )),
        }
    }

    /// `numerator / (f_1 x f_2 x ...)` for positive factors, brought to lowest terms by the
    /// gcd with each factor in turn (`a / g` and `b / g` are coprime for `g = gcd(a, b)`, so what
    /// is left shares nothing with any factor): gcds of small numbers only. `None` when a factor
    /// is 0 or their product overflows a word.
    pub(crate) fn from_factors(numerator: i128, factors: &[u128]) -> Option<Exact> {
        let negative = numerator < 0;
        let mut n = numerator.unsigned_abs();
        let mut denominator = 1u128;
        for &f in factors {
            if f == 0 {
                return None;
            }
            let g = word_gcd(n, f);
            n /= g;
            denominator = denominator.checked_mul(f / g)?;
        }
        // both at most i128::MAX: neither is i128::MIN
        let n = i128::try_from(n).ok()?;
        let d = i128::try_from(denominator).ok()?;
        Some(Exact::small(if negative { -n } else { n }, d))
    }

    /// `numerator / denominator` (a non-zero denominator) in lowest terms, in its one form.
    pub(crate) fn from_big(numerator: BigInt, denominator: BigInt) -> Self {
        debug_assert!(!denominator.is_zero());
        // the gcd of numbers that fit a machine word, in the word: a big-number gcd costs more
        // than the rest of an NRR
        if let (Some(n), Some(d)) = (numerator.to_i128(), denominator.to_i128())
            && let Some(x) = Exact::reduced(n, d)
        {
            return x;
        }
        Exact::from_rational(BigRational::new(numerator, denominator))
    }

    /// The numerator and the (positive) denominator, in lowest terms.
    pub(crate) fn parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small { numer, denom } => (BigInt::from(*numer), BigInt::from(*denom)),
            Repr::Big(r) => (r.numer().clone(), r.denom().clone()),
        }
    }

    /// `(a + b x self) / c` for small integers, brought to lowest terms with gcds of small
    /// numbers only (no gcd of the big numerator and denominator): the maps from a raw mean to
    /// the 1-4 and 0-100 values, whose raw means can have denominators of a hundred digits.
    /// `None` when `c` is 0.
    pub(crate) fn affine(&self, a: i64, b: i64, c: i64) -> Option<Exact> {
        if c == 0 {
            return None;
        }
        if let Some(x) = self.affine_in_words(a, b, c) {
            return Some(x);
        }
        let r = self.rational();
        let (p, q) = (r.numer(), r.denom());
        let numerator = BigInt::from(a) * q + BigInt::from(b) * p;
        // lowest terms without a gcd of big numbers: p/q is in lowest terms, so
        // gcd(a q + b p, q) = gcd(b, q), and once that is divided out the numerator shares with
        // c q only factors of c
        let g = if b == 0 {
            q.clone()
        } else {
            BigInt::from(small_gcd(b.unsigned_abs(), q))
        };
        let (numerator, q) = if g.is_one() {
            (numerator, q.clone())
        } else {
            (numerator / &g, q / &g)
        };
        let h = small_gcd(c.unsigned_abs(), &numerator);
        let (mut numerator, mut denominator) = if h == 1 {
            (numerator, BigInt::from(c) * q)
        } else {
            (numerator / h, BigInt::from(c) / h * q)
        };
        if denominator.is_negative() {
            numerator = -numerator;
            denominator = -denominator;
        }
        Some(Exact::from_rational(BigRational::new_raw(
            numerator,
            denominator,
        )))
    }

    /// [`Exact::affine`] in machine words, `None` when a word would overflow (or `c` is 0).
    fn affine_in_words(&self, a: i64, b: i64, c: i64) -> Option<Exact> {
        let (p, q) = self.words()?;
        let numerator = i128::from(a)
            .checked_mul(q)?
            .checked_add(i128::from(b).checked_mul(p)?)?;
        // p / q in lowest terms: gcd(a q + b p, q) = gcd(b, q), a small gcd; then c
        let g = if b == 0 {
            q
        } else {
            i128::try_from(word_gcd(q.unsigned_abs(), u128::from(b.unsigned_abs()))).ok()?
        };
        let (numerator, q) = (numerator / g, q / g);
        let c = i128::from(c);
        if c == 0 {
            return None;
        }
        let h = i128::try_from(word_gcd(numerator.unsigned_abs(), c.unsigned_abs())).ok()?;
        let (mut numerator, mut denominator) = (numerator / h, (c / h).checked_mul(q)?);
        if denominator < 0 {
            numerator = numerator.checked_neg()?;
            denominator = denominator.checked_neg()?;
        }
        (numerator != i128::MIN).then(|| Exact::small(numerator, denominator))
    }

    /// The quotient `self / rhs`, or `None` when `rhs` is zero.
    ///
    /// ```
    /// use persepsi::Exact;
    /// assert_eq!(Exact::integer(1).checked_div(&Exact::integer(4)), Some(Exact::from_ratio(1, 4)?));
    /// assert_eq!(Exact::integer(1).checked_div(&Exact::zero()), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn checked_div(&self, rhs: &Exact) -> Option<Exact> {
        if rhs.is_zero() {
            return None;
        }
        // (a / b) / (c / d) = (a / g1)(d / g2) / ((b / g2)(c / g1)), g1 = gcd(a, c),
        // g2 = gcd(b, d): in lowest terms without a gcd of the products
        let words = || {
            let ((a, b), (c, d)) = (self.words()?, rhs.words()?);
            let g1 = i128::try_from(word_gcd(a.unsigned_abs(), c.unsigned_abs())).ok()?;
            let g2 = i128::try_from(word_gcd(b.unsigned_abs(), d.unsigned_abs())).ok()?;
            let n = (a / g1).checked_mul(d / g2)?;
            let m = (b / g2).checked_mul(c / g1)?;
            if m < 0 {
                Exact::reduced(n.checked_neg()?, m.checked_neg()?)
            } else {
                Exact::reduced(n, m)
            }
        };
        Some(words().unwrap_or_else(|| {
            Exact::from_rational(self.rational().as_ref() / rhs.rational().as_ref())
        }))
    }

    /// True when the value is zero.
    ///
    /// ```
    /// assert!(persepsi::Exact::zero().is_zero());
    /// ```
    #[must_use]
    pub fn is_zero(&self) -> bool {
        // a big value is never zero: zero is small
        matches!(self.0, Repr::Small { numer: 0, .. })
    }

    /// The value rounded to `decimals` places, **half away from zero** (like Excel's `ROUND`),
    /// computed exactly from the fraction: no intermediate binary or decimal approximation.
    ///
    /// `decimals` above [`MAX_DECIMALS`] is treated as [`MAX_DECIMALS`].
    ///
    /// ```
    /// use persepsi::Exact;
    /// // 88.305 rounds up (banker's rounding would give 88.30)
    /// assert_eq!(Exact::from_ratio(88305, 1000)?.round(2).to_string(), "88.31");
    /// assert_eq!(Exact::from_ratio(-5, 2)?.round(0).to_string(), "-3");
    /// assert_eq!(Exact::from_ratio(2, 3)?.round(4).to_string(), "0.6667");
    /// assert_eq!(Exact::integer(97).round(2).to_string(), "97.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn round(&self, decimals: u32) -> Decimal {
        let decimals = decimals.min(MAX_DECIMALS);
        // in machine words when the numerator and denominator fit one (every NRR, most
        // indices, every value made from a Decimal)
        if let Some((numer, denom)) = self.words()
            && let Some(magnitude) =
                scaled_quotient(numer.unsigned_abs(), denom.unsigned_abs(), decimals)
            && let Ok(m) = i128::try_from(magnitude)
            && let Ok(d) =
                Decimal::try_from_i128_with_scale(if numer < 0 { -m } else { m }, decimals)
        {
            return d;
        }
        self.round_big(decimals)
    }

    /// [`Exact::round`] in big numbers, whatever the size (`decimals` at most [`MAX_DECIMALS`]).
    fn round_big(&self, decimals: u32) -> Decimal {
        let scale = BigInt::from(10u128.pow(decimals));
        let r = self.rational();
        let numer = r.numer() * &scale;
        let denom = r.denom(); // always positive in lowest terms
        let negative = numer.sign() == Sign::Minus;
        let (quotient, remainder) = numer.abs().div_rem(denom);
        let twice = remainder * 2u8;
        let magnitude = if twice >= *denom {
            quotient + BigInt::one()
        } else {
            quotient
        };
        let signed = if negative { -magnitude } else { magnitude };
        // Every value the crate builds is bounded (|x| <= 100 in practice); a user-built huge
        // value saturates instead of panicking.
        let mantissa = signed
            .to_i128()
            .unwrap_or(if negative { i128::MIN } else { i128::MAX });
        Decimal::try_from_i128_with_scale(mantissa, decimals).unwrap_or(if negative {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
    }
}

/// A [`Decimal`] rounded to `decimals` places half away from zero: [`Exact::round`] of its
/// exact value, without making the fraction.
pub(crate) fn round_decimal(value: Decimal, decimals: u32) -> Decimal {
    let decimals = decimals.min(MAX_DECIMALS);
    let mut rounded = value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    // always `decimals` places, as Exact::round prints them (97 -> 97.00)
    rounded.rescale(decimals);
    if rounded.scale() == decimals {
        rounded
    } else {
        // too many digits for the scale: the exact path saturates as it does elsewhere
        Exact::from_decimal(value).round(decimals)
    }
}

/// `(a + b x) / c` for a [`Decimal`] `x`, rounded to `decimals` places half away from zero:
/// [`Exact::round`] of the exact value, in machine words where they hold it (0 when `c` is 0,
/// as [`ScaleMap::apply`](crate::ScaleMap::apply) gives).
pub(crate) fn affine_rounded(x: Decimal, a: i64, b: i64, c: i64, decimals: u32) -> Decimal {
    let decimals = decimals.min(MAX_DECIMALS);
    // x = m / 10^s: (a 10^s + b m) / (c 10^s)
    let words = || {
        let m = x.mantissa();
        let ten_s = 10i128.checked_pow(x.scale())?;
        let numerator = i128::from(a)
            .checked_mul(ten_s)?
            .checked_add(i128::from(b).checked_mul(m)?)?;
        let denominator = i128::from(c).checked_mul(ten_s)?;
        if denominator == 0 {
            return None;
        }
        let negative = (numerator < 0) != (denominator < 0);
        let magnitude = scaled_quotient(
            numerator.unsigned_abs(),
            denominator.unsigned_abs(),
            decimals,
        )?;
        let m = i128::try_from(magnitude).ok()?;
        Decimal::try_from_i128_with_scale(if negative { -m } else { m }, decimals).ok()
    };
    words().unwrap_or_else(|| {
        Exact::from_decimal(x)
            .affine(a, b, c)
            .unwrap_or_else(Exact::zero)
            .round(decimals)
    })
}

/// `numer x 10^decimals / denom` rounded half away from zero, by long division in machine
/// words, as many decimal digits a step as fit; `None` when the denominator is 0 or too large
/// for a step, or the quotient overflows.
fn scaled_quotient(numer: u128, denom: u128, decimals: u32) -> Option<u128> {
    if denom == 0 {
        return None;
    }
    let (mut quotient, mut remainder) = (numer / denom, numer % denom);
    let mut left = decimals;
    while left > 0 {
        // the most digits whose power times the remainder (< denom) fits a word
        let step = (1..=left.min(38))
            .rev()
            .find(|&k| remainder.checked_mul(10u128.pow(k)).is_some())?;
        let scale = 10u128.pow(step);
        let scaled = remainder * scale;
        quotient = quotient.checked_mul(scale)?.checked_add(scaled / denom)?;
        remainder = scaled % denom;
        left -= step;
    }
    // remainder < denom, so 2 x remainder >= denom compares without overflow
    quotient.checked_add(u128::from(remainder >= denom - remainder))
}

/// `gcd(a, b)` (0 only when both are 0): one division brings `a` below `b`, then Stein's
/// algorithm runs in 64-bit words when both fit one (a 128-bit gcd costs several times more).
pub(crate) fn word_gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        return a;
    }
    let (mut a, mut b) = (b, a % b);
    // Euclid's steps while a number is wider than 64 bits
    while b != 0 && a > u128::from(u64::MAX) {
        (a, b) = (b, a % b);
    }
    if b == 0 {
        return a;
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(a.gcd(&b)),
        _ => a.gcd(&b),
    }
}

/// `gcd(small, |big|)` for a non-zero `small` (the gcd of `0` and `small` is `small`).
fn small_gcd(small: u64, big: &BigInt) -> u64 {
    let rest = (big.magnitude() % small).to_u64().unwrap_or(0);
    rest.gcd(&small)
}

impl Ord for Exact {
    /// Compares by cross-multiplying (denominators are positive): in words when the products
    /// fit, else a few big multiplications, not the continued-fraction walk of `num-rational`,
    /// which costs divisions of big numbers.
    fn cmp(&self, other: &Exact) -> Ordering {
        if let (Some((a, b)), Some((c, d))) = (self.words(), other.words()) {
            if b == d {
                return a.cmp(&c);
            }
            match a.signum().cmp(&c.signum()) {
                Ordering::Equal => {
                    if let (Some(x), Some(y)) = (a.checked_mul(d), c.checked_mul(b)) {
                        return x.cmp(&y);
                    }
                }
                unequal => return unequal,
            }
        }
        let (x, y) = (self.rational(), other.rational());
        let (a, b) = (x.as_ref(), y.as_ref());
        if a.denom() == b.denom() {
            return a.numer().cmp(b.numer());
        }
        // signs first: most comparisons end there or at equal denominators
        match a.numer().sign().cmp(&b.numer().sign()) {
            Ordering::Equal => (a.numer() * b.denom()).cmp(&(b.numer() * a.denom())),
            unequal => unequal,
        }
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Exact {
    /// The fraction in lowest terms, `numerator/denominator` (just the integer when the
    /// denominator is 1).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small { numer, denom: 1 } => write!(f, "{numer}"),
            Repr::Small { numer, denom } => write!(f, "{numer}/{denom}"),
            Repr::Big(r) if r.denom().is_one() => write!(f, "{}", r.numer()),
            Repr::Big(r) => write!(f, "{}/{}", r.numer(), r.denom()),
        }
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Exact({self})")
    }
}

impl From<u64> for Exact {
    fn from(n: u64) -> Self {
        Exact::small(i128::from(n), 1)
    }
}

/// An arithmetic operation of two values.
#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
}

impl Exact {
    /// `self op rhs`, in words when they hold the result, else in big numbers.
    fn combine(&self, rhs: &Exact, op: Op) -> Exact {
        let words = || {
            let ((a, b), (c, d)) = (self.words()?, rhs.words()?);
            match op {
                Op::Add | Op::Sub => {
                    let c = if matches!(op, Op::Sub) { -c } else { c };
                    // a/b + c/d over the lcm of b and d
                    let g = i128::try_from(word_gcd(b.unsigned_abs(), d.unsigned_abs())).ok()?;
                    let n = a.checked_mul(d / g)?.checked_add(c.checked_mul(b / g)?)?;
                    Exact::reduced(n, b.checked_mul(d / g)?)
                }
                Op::Mul => {
                    // (a / g1)(c / g2) / ((b / g2)(d / g1)), g1 = gcd(a, d), g2 = gcd(c, b):
                    // in lowest terms
                    let g1 = i128::try_from(word_gcd(a.unsigned_abs(), d.unsigned_abs())).ok()?;
                    let g2 = i128::try_from(word_gcd(c.unsigned_abs(), b.unsigned_abs())).ok()?;
                    let n = (a / g1).checked_mul(c / g2)?;
                    Exact::reduced(n, (b / g2).checked_mul(d / g1)?)
                }
            }
        };
        words().unwrap_or_else(|| {
            let (x, y) = (self.rational(), rhs.rational());
            let (x, y) = (x.as_ref(), y.as_ref());
            Exact::from_rational(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
            })
        })
    }
}

macro_rules! exact_op {
    ($trait:ident, $method:ident, $op:ident) => {
        impl $trait for Exact {
            type Output = Exact;
            fn $method(self, rhs: Exact) -> Exact {
                self.combine(&rhs, Op::$op)
            }
        }
        impl $trait<&Exact> for &Exact {
            type Output = Exact;
            fn $method(self, rhs: &Exact) -> Exact {
                self.combine(rhs, Op::$op)
            }
        }
    };
}
exact_op!(Add, add, Add);
exact_op!(Sub, sub, Sub);
exact_op!(Mul, mul, Mul);

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

impl PartialEq<Decimal> for Exact {
    fn eq(&self, other: &Decimal) -> bool {
        *self == Exact::from_decimal(*other)
    }
}

impl PartialOrd<Decimal> for Exact {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(&Exact::from_decimal(*other)))
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Rounding in machine words gives what rounding in big numbers gives, at every scale
        /// and sign, ties included (half away from zero), and at the edges of the word path.
        #[test]
        fn word_rounding_equals_big_rounding(
            n in proptest::prelude::any::<i128>(),
            d in 1i128..,
            small in proptest::prelude::any::<bool>(),
            tie in proptest::prelude::any::<bool>(),
            decimals in 0u32..=24,
        ) {
            // small values (NRRs, indices) and ties are where the word path is taken
            let (n, d) = if small { (n % 1_000_000_000, d % 100_000 + 1) } else { (n, d) };
            let decimals = decimals.min(MAX_DECIMALS);
            // an exact tie at `decimals`: (2m + 1) / (2 x 10^decimals)
            let (n, d) = if tie {
                ((n % (1 << 80)) * 2 + 1, 2 * 10i128.pow(decimals))
            } else {
                (n, d)
            };
            let x = Exact::from_ratio(n, d).expect("d > 0");
            proptest::prop_assert_eq!(x.round(decimals), x.round_big(decimals));
        }

        /// The word-sized gcd gives the fraction `num-rational` normalizes, signs included.
        #[test]
        fn from_big_is_in_lowest_terms(
            n in proptest::prelude::any::<i128>(),
            d in proptest::prelude::any::<i128>(),
            f in 1i128..1_000_000,
        ) {
            proptest::prop_assume!(d != 0);
            let (n, d) = (n / f * f, d / f * f);
            proptest::prop_assume!(d != 0);
            let expected = Exact::from_rational(BigRational::new(BigInt::from(n), BigInt::from(d)));
            proptest::prop_assert_eq!(Exact::from_big(BigInt::from(n), BigInt::from(d)), expected);
        }

        /// Rounding a Decimal is rounding its exact value: same digits, same scale.
        #[test]
        fn decimal_rounding_is_exact_rounding(
            m in proptest::prelude::any::<i64>(),
            wide in proptest::prelude::any::<bool>(),
            s in 0u32..=28,
            decimals in 0u32..=22,
        ) {
            let mantissa = if wide { i128::from(m) * 1_000_000_007 } else { i128::from(m) };
            let value = Decimal::from_i128_with_scale(mantissa, s);
            let (a, b) = (round_decimal(value, decimals), Exact::from_decimal(value).round(decimals));
            proptest::prop_assert_eq!(a, b);
            proptest::prop_assert_eq!(a.to_string(), b.to_string());
        }

        /// An affine map of a Decimal rounded in words is the rounding of the exact map.
        #[test]
        fn affine_rounded_is_the_exact_rounding(
            m in proptest::prelude::any::<i64>(),
            wide in proptest::prelude::any::<bool>(),
            s in 0u32..=28,
            (a, b, c) in (-200i64..200, -200i64..200, -10i64..10),
            decimals in 0u32..=20,
        ) {
            let mantissa = if wide { i128::from(m) * 1_000_000_007 } else { i128::from(m) };
            let x = Decimal::from_i128_with_scale(mantissa, s);
            let exact = Exact::from_decimal(x).affine(a, b, c).unwrap_or_else(Exact::zero);
            proptest::prop_assert_eq!(affine_rounded(x, a, b, c, decimals), exact.round(decimals));
        }

        /// Arithmetic in words gives what `num-rational` gives, near the edges of the words
        /// too, and every result is in its one form (small whenever it fits), so `==` and
        /// `Hash` compare values.
        #[test]
        fn word_arithmetic_equals_big_arithmetic(
            (a, b, c, d) in (
                proptest::prelude::any::<i128>(),
                1i128..,
                proptest::prelude::any::<i128>(),
                1i128..,
            ),
            small in proptest::prelude::any::<bool>(),
        ) {
            let cut = |v: i128| if small { v % 1_000_000_007 } else { v };
            let (a, c) = (cut(a), cut(c));
            let (b, d) = (cut(b).max(1), cut(d).max(1));
            let x = Exact::from_ratio(a, b).expect("b > 0");
            let y = Exact::from_ratio(c, d).expect("d > 0");
            let (p, q) = (x.rational().into_owned(), y.rational().into_owned());
            let canonical = |e: &Exact| match &e.0 {
                Repr::Small { .. } => true,
                Repr::Big(r) => r.numer().to_i128().zip(r.denom().to_i128()).is_none_or(|(n, d)| n == i128::MIN || d == i128::MIN),
            };
            for (got, want) in [
                (&x + &y, &p + &q),
                (&x - &y, &p - &q),
                (&x * &y, &p * &q),
            ] {
                proptest::prop_assert!(canonical(&got));
                proptest::prop_assert_eq!(got, Exact::from_rational(want));
            }
            if !q.is_zero() {
                let got = x.checked_div(&y).expect("nonzero");
                proptest::prop_assert!(canonical(&got));
                proptest::prop_assert_eq!(got, Exact::from_rational(&p / &q));
            }
            proptest::prop_assert_eq!(x.cmp(&y), p.cmp(&q));
            proptest::prop_assert_eq!(x.to_string(), if p.denom().is_one() { p.numer().to_string() } else { format!("{}/{}", p.numer(), p.denom()) });
        }

        /// Reducing by each factor in turn gives the fraction `num-rational` normalizes.
        #[test]
        fn from_factors_is_in_lowest_terms(
            n in proptest::prelude::any::<i64>(),
            wide in proptest::prelude::any::<bool>(),
            factors in proptest::collection::vec(1u64..=5_000_000, 0..5),
        ) {
            let n = if wide { i128::from(n) * 6_469_693_230 } else { i128::from(n) };
            let factors: Vec<u128> = factors.into_iter().map(u128::from).collect();
            let product = factors.iter().fold(BigInt::from(1u8), |p, &f| p * BigInt::from(f));
            let expected = Exact::from_rational(BigRational::new(BigInt::from(n), product));
            if let Some(x) = Exact::from_factors(n, &factors) {
                proptest::prop_assert_eq!(x, expected);
            }
            proptest::prop_assert_eq!(Exact::from_factors(n, &[3, 0]), None);
        }

        /// The gcd-free conversion of a decimal gives the normalized fraction.
        #[test]
        fn from_decimal_is_in_lowest_terms(m in proptest::prelude::any::<i64>(), wide in proptest::prelude::any::<bool>(), s in 0u32..=28) {
            let mantissa = if wide { i128::from(m) * 1_000_000_007 } else { i128::from(m) };
            let value = Decimal::from_i128_with_scale(mantissa, s);
            let expected = Exact::from_rational(BigRational::new(
                BigInt::from(value.mantissa()),
                BigInt::from(10u8).pow(value.scale()),
            ));
            proptest::prop_assert_eq!(Exact::from_decimal(value), expected);
        }

        /// One normalization gives the value the step-by-step arithmetic gives, for any raw
        /// value (huge denominators included) and any scale's coefficients.
        #[test]
        fn affine_equals_the_steps(
            n in proptest::prelude::any::<i128>(),
            d in 1i128..,
            m in 1i128..=1_000_000_007,
            s in 1i64..10,
        ) {
            let raw = Exact::from_ratio(n, d).expect("d > 0")
                * Exact::from_ratio(1, m).expect("m > 0")
                * Exact::from_ratio(7, 1_000_000_009).expect("nonzero");
            let span = Exact::integer(i128::from(s));
            let p = (&raw - &Exact::integer(1)).checked_div(&span).expect("s > 0");
            let index4 = Exact::integer(1) + Exact::integer(3) * p.clone();
            let index100 = Exact::integer(100) * p;
            proptest::prop_assert_eq!(raw.affine(s - 3, 3, s), Some(index4));
            proptest::prop_assert_eq!(raw.affine(-100, 100, s), Some(index100));
            proptest::prop_assert_eq!(raw.affine(0, 25, 1), Some(Exact::integer(25) * raw.clone()));
            proptest::prop_assert_eq!(raw.affine(1, 1, 0), None);
            // any small coefficients, signs and common factors included
            for (a, b, c) in [(6, 4, 2), (-6, 4, -8), (0, 12, 18), (5, 0, 10), (7, -14, -21), (0, 0, 3), (i64::MIN, 2, i64::MIN), (1, i64::MIN, i64::MIN)] {
                let expected = (Exact::integer(a.into()) + Exact::integer(b.into()) * raw.clone())
                    .checked_div(&Exact::integer(c.into()));
                proptest::prop_assert_eq!(raw.affine(a, b, c), expected);
            }
        }

        /// The order is the order of the values: cross-multiplication agrees with
        /// `num-rational`'s comparison.
        #[test]
        fn order_is_the_order_of_values(
            a in proptest::prelude::any::<i128>(),
            b in 1i128..,
            c in proptest::prelude::any::<i128>(),
            d in 1i128..,
            scale in proptest::prelude::any::<bool>(),
        ) {
            let x = Exact::from_ratio(a, b).expect("b > 0");
            let y = if scale {
                // often the same denominator, or the same value in other terms
                Exact::from_ratio(c % 7, b).expect("b > 0")
            } else {
                Exact::from_ratio(c, d).expect("d > 0")
            };
            proptest::prop_assert_eq!(x.cmp(&y), x.rational().cmp(&y.rational()));
            proptest::prop_assert_eq!(y.cmp(&x), y.rational().cmp(&x.rational()));
            proptest::prop_assert_eq!(x.cmp(&x.clone()), Ordering::Equal);
        }
    }

    use super::*;

    fn r(n: i128, d: i128) -> Exact {
        Exact::from_ratio(n, d).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        assert_eq!(r(5, 2).round(0), Decimal::new(3, 0));
        assert_eq!(r(7, 2).round(0), Decimal::new(4, 0));
        assert_eq!(r(-5, 2).round(0), Decimal::new(-3, 0));
        assert_eq!(r(88305, 1000).round(2), Decimal::new(8831, 2));
        assert_eq!(r(88304999, 1000000).round(2), Decimal::new(8830, 2));
        assert_eq!(r(1, 3).round(4), Decimal::new(3333, 4));
    }

    #[test]
    fn round_keeps_trailing_zeros_at_the_scale() {
        assert_eq!(Exact::integer(100).round(2).to_string(), "100.00");
        assert_eq!(r(1, 8).round(2).to_string(), "0.13");
    }

    #[test]
    fn decimals_are_clamped() {
        assert_eq!(r(1, 3).round(99).scale(), MAX_DECIMALS);
    }

    #[test]
    fn huge_values_saturate() {
        let big = Exact::integer(i128::MAX) * Exact::integer(i128::MAX);
        assert_eq!(big.round(2), Decimal::MAX);
    }
}
