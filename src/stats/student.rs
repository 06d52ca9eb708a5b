//! Student's t distribution in [`Decimal`] arithmetic: its distribution function for any real
//! degrees of freedom, its quantiles, and the normal distribution beneath them. No `f64`.
//!
//! - The distribution function of t with ν degrees of freedom is, for t >= 0,
//!   `F(t) = 1 - I_x(ν/2, 1/2) / 2` with `x = ν / (ν + t²)`, where `I` is the regularized
//!   incomplete beta function. `I` is evaluated by its continued fraction (modified Lentz), its
//!   prefactor `x^a (1-x)^b / (a B(a, b))` from a Stirling series of `ln Γ`.
//! - From ν = 200 on, for |t| <= 8, the Cornish-Fisher expansion of t in the normal deviate z,
//!   `t = z + g1(z)/ν + g2(z)/ν² + ... + g5(z)/ν⁵` (Abramowitz and Stegun 26.7.5), is solved
//!   for z by Newton's method and `F(t) = Φ(z)`; beyond |t| = 8 the tail is below 10⁻¹² and
//!   `F` is 0 or 1. The two ways agree to 10⁻¹² where they meet (a test checks a grid).
//! - The normal distribution function is `Φ(z) = 1/2 + φ(z) Σ z^(2k+1) / (1·3···(2k+1))`
//!   (Marsaglia's series: its terms share the sign of z), 0 or 1 beyond |z| = 8.
//! - A quantile is the root of `F(t) = p` by Newton's method kept inside a bracket (bisection
//!   where a step would leave it), to 10⁻²⁰.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

/// `1 / sqrt(2π)`, 28 decimals.
fn inv_sqrt_2pi() -> Decimal {
    Decimal::from_i128_with_scale(3_989_422_804_014_326_779_399_460_599, 28)
}

/// `ln(2π) / 2`, 28 decimals.
fn half_ln_2pi() -> Decimal {
    Decimal::from_i128_with_scale(9_189_385_332_046_727_417_803_297_364, 28)
}

/// `ln Γ(1/2) = ln(π) / 2`, 28 decimals.
fn ln_gamma_half() -> Decimal {
    Decimal::from_i128_with_scale(5_723_649_429_247_000_870_717_136_756, 28)
}

/// Φ⁻¹(0.975), 28 decimals: the normal deviate of a two-sided 95% interval.
pub(crate) fn z975() -> Decimal {
    Decimal::from_i128_with_scale(19_599_639_845_400_542_355_245_944_305, 28)
}

fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

/// `exp(x)`, 0 below -60 (where `Decimal` would underflow), `None` on overflow.
fn exp(x: Decimal) -> Option<Decimal> {
    if x < dec(-60) {
        Some(Decimal::ZERO)
    } else {
        x.checked_exp()
    }
}

/// The standard normal density.
fn normal_pdf(z: Decimal) -> Decimal {
    let half_square = z.checked_mul(z).map_or(Decimal::MAX, |s| s / Decimal::TWO);
    exp(-half_square).unwrap_or(Decimal::ZERO) * inv_sqrt_2pi()
}

/// The standard normal distribution function, to about 10⁻²⁰ for |z| <= 5 and 10⁻¹⁴ up to 8
/// (absolute: `exp(-z²/2)` keeps fewer digits as |z| grows, so a far lower tail has few correct
/// digits of its own); 0 or 1 beyond |z| = 8, where the tail is below 10⁻¹⁵.
///
/// ```
/// use persepsi::normal_cdf;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// // Φ(1.96) = 0.97500210485177952...
/// assert_eq!(normal_cdf(d("1.96")).round_dp(12).to_string(), "0.975002104852");
/// assert_eq!(normal_cdf(d("0")).to_string(), "0.5");
/// ```
#[must_use]
pub fn normal_cdf(z: Decimal) -> Decimal {
    let eight = dec(8);
    if z >= eight {
        return Decimal::ONE;
    }
    if z <= -eight {
        return Decimal::ZERO;
    }
    if z.is_zero() {
        return Decimal::new(5, 1);
    }
    let square = z * z;
    let (mut term, mut sum) = (z, z);
    let tolerance = Decimal::new(1, 26);
    for k in 1..400i64 {
        term = term * square / dec(2 * k + 1);
        sum += term;
        if term.abs() < tolerance {
            break;
        }
    }
    let p = Decimal::new(5, 1) + normal_pdf(z) * sum;
    p.max(Decimal::ZERO).min(Decimal::ONE)
}

/// `ln Γ(z)` for `z > 0`: shifted up to 12 or more, then the Stirling series to `z⁻¹³`
/// (error below 10⁻¹⁶).
fn ln_gamma(z: Decimal) -> Option<Decimal> {
    if z <= Decimal::ZERO {
        return None;
    }
    let twelve = dec(12);
    let (mut z, mut shift) = (z, Decimal::ONE);
    while z < twelve {
        shift = shift.checked_mul(z)?;
        z += Decimal::ONE;
    }
    let inv = Decimal::ONE / z;
    let inv2 = inv * inv;
    // Stirling: B_2k / (2k (2k - 1) z^(2k-1)), k = 1..7
    let coefficients: [(i64, i64); 7] = [
        (1, 12),
        (-1, 360),
        (1, 1260),
        (-1, 1680),
        (1, 1188),
        (-691, 360_360),
        (1, 156),
    ];
    let mut series = Decimal::ZERO;
    for &(n, d) in coefficients.iter().rev() {
        series = series * inv2 + Decimal::from(n) / Decimal::from(d);
    }
    series *= inv;
    let ln_z = z.checked_ln()?;
    let ln_shift = shift.checked_ln()?;
    (z - Decimal::new(5, 1))
        .checked_mul(ln_z)?
        .checked_sub(z)?
        .checked_add(half_ln_2pi() + series)?
        .checked_sub(ln_shift)
}

/// The continued fraction of the incomplete beta function (modified Lentz), to about 10⁻²².
fn beta_fraction(a: Decimal, b: Decimal, x: Decimal) -> Option<Decimal> {
    let tiny = Decimal::new(1, 24);
    let guard = |v: Decimal| if v.abs() < tiny { tiny } else { v };
    let epsilon = Decimal::new(1, 22);
    let (qab, qap, qam) = (a + b, a + Decimal::ONE, a - Decimal::ONE);
    let mut c = Decimal::ONE;
    let mut d = Decimal::ONE / guard(Decimal::ONE - qab * x / qap);
    let mut h = d;
    for m in 1..10_000i64 {
        let m = dec(m);
        let m2 = m + m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = Decimal::ONE / guard(Decimal::ONE + aa * d);
        c = guard(Decimal::ONE + aa / c);
        h = h.checked_mul(d.checked_mul(c)?)?;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = Decimal::ONE / guard(Decimal::ONE + aa * d);
        c = guard(Decimal::ONE + aa / c);
        let step = d.checked_mul(c)?;
        h = h.checked_mul(step)?;
        if (step - Decimal::ONE).abs() < epsilon {
            return Some(h);
        }
    }
    Some(h)
}

/// The regularized incomplete beta function `I_x(a, b)`, for `0 < x < 1` and `a, b > 0`, given
/// `x` with `ln x` and `ln(1 - x)` (taken where they lose no digits: `x` may be too small for a
/// `Decimal` to hold its logarithm's argument).
fn incomplete_beta(
    a: Decimal,
    b: Decimal,
    x: Decimal,
    ln_x: Decimal,
    ln_1mx: Decimal,
) -> Option<Decimal> {
    let ln_beta = ln_gamma(a)?
        .checked_add(ln_gamma(b)?)?
        .checked_sub(ln_gamma(a.checked_add(b)?)?)?;
    // x^a (1 - x)^b / B(a, b), over a or b inside the exponent: for a tiny `a` the power and
    // 1 / a cancel, and neither may underflow alone
    let power = a
        .checked_mul(ln_x)?
        .checked_add(b.checked_mul(ln_1mx)?)?
        .checked_sub(ln_beta)?;
    let switch = (a + Decimal::ONE) / (a + b + Decimal::TWO);
    let value = if x < switch {
        exp(power.checked_sub(a.checked_ln()?)?)?.checked_mul(beta_fraction(a, b, x)?)?
    } else {
        let front = exp(power.checked_sub(b.checked_ln()?)?)?;
        Decimal::ONE - front.checked_mul(beta_fraction(b, a, Decimal::ONE - x)?)?
    };
    Some(value.max(Decimal::ZERO).min(Decimal::ONE))
}

/// The Cornish-Fisher polynomials `g1..g5` of A&S 26.7.5: coefficients of z, z³, z⁵, ... over
/// a denominator.
const G: [(&[i64], i64); 5] = [
    (&[1, 1], 4),
    (&[3, 16, 5], 96),
    (&[-15, 17, 19, 3], 384),
    (&[-945, -1920, 1482, 776, 79], 92_160),
    (&[17_955, -765, -1782, 930, 339, 27], 368_640),
];

/// `g_{k+1}(z)`.
fn cornish_fisher_term(z: Decimal, k: usize) -> Decimal {
    let (coefficients, denominator) = G[k];
    let square = z * z;
    let mut value = Decimal::ZERO;
    for &c in coefficients.iter().rev() {
        value = value * square + Decimal::from(c);
    }
    value * z / Decimal::from(denominator)
}

/// The Cornish-Fisher terms `g1(z)..g5(z)` and their derivatives, combined at `1/ν`:
/// `(t(z), dt/dz)`.
fn cornish_fisher(z: Decimal, inv_df: Decimal) -> (Decimal, Decimal) {
    let square = z * z;
    let (mut t, mut slope) = (z, Decimal::ONE);
    let mut power = inv_df;
    for (coefficients, denominator) in G {
        let (mut value, mut derivative) = (Decimal::ZERO, Decimal::ZERO);
        // value = Σ c_i z^(2i+1), derivative = Σ (2i+1) c_i z^(2i)
        for (i, &c) in coefficients.iter().enumerate().rev() {
            value = value * square + Decimal::from(c);
            derivative = derivative * square + Decimal::from(c * (2 * i as i64 + 1));
        }
        let denominator = Decimal::from(denominator);
        t += power * value * z / denominator;
        slope += power * derivative / denominator;
        power *= inv_df;
    }
    (t, slope)
}

/// From this many degrees of freedom on, the distribution function and the 95% quantile use
/// the Cornish-Fisher expansion.
const LARGE_DF: i64 = 200;

/// The distribution function of Student's t with `df` degrees of freedom (any real `df > 0`),
/// to about 10⁻¹² (absolute); `None` for `df <= 0` and for df below 2·10⁻²⁸, of which a
/// `Decimal` cannot hold a half.
///
/// ```
/// use persepsi::student_t_cdf;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// // t(10) at 2.228139: the 97.5% point
/// assert_eq!(student_t_cdf(d("2.228139"), d("10")).map(|p| p.round_dp(6).to_string()), Some("0.975000".into()));
/// // one degree of freedom is the Cauchy distribution: F(1) = 3/4
/// assert_eq!(student_t_cdf(d("1"), d("1")).map(|p| p.round_dp(12).to_string()), Some("0.750000000000".into()));
/// assert_eq!(student_t_cdf(d("1"), d("0")), None);
/// ```
#[must_use]
pub fn student_t_cdf(t: Decimal, df: Decimal) -> Option<Decimal> {
    if df <= Decimal::ZERO {
        return None;
    }
    if t.is_zero() {
        return Some(Decimal::new(5, 1));
    }
    if df >= dec(LARGE_DF) {
        if t.abs() > dec(8) {
            return Some(if t > Decimal::ZERO {
                Decimal::ONE
            } else {
                Decimal::ZERO
            });
        }
        let inv_df = Decimal::ONE / df;
        // Newton on t(z) = t, from z = t (t(z) > z for z > 0)
        let mut z = t;
        for _ in 0..50 {
            let (value, slope) = cornish_fisher(z, inv_df);
            let step = (value - t) / slope;
            z -= step;
            if step.abs() < Decimal::new(1, 24) {
                break;
            }
        }
        return Some(normal_cdf(z));
    }
    let a = df / Decimal::TWO;
    if a.is_zero() {
        // below 2·10⁻²⁸ df a Decimal holds no half of it
        return None;
    }
    // x = df / (df + t²), with its logarithm and that of 1 - x = t² / (df + t²)
    let (x, ln_x, ln_1mx) = match t
        .checked_mul(t)
        .filter(|square| !square.is_zero())
        .and_then(|square| Some((square, df.checked_add(square)?)))
    {
        Some((square, sum)) => {
            let ln_sum = sum.checked_ln()?;
            (
                df / sum,
                df.checked_ln()?.checked_sub(ln_sum)?,
                square.checked_ln()?.checked_sub(ln_sum)?,
            )
        }
        None if t.abs() < Decimal::ONE => return Some(Decimal::new(5, 1)),
        None => {
            // t² (or df + t²) beyond a Decimal: x = r / (1 + r) with r = df / t², in logs
            let ln_r = df
                .checked_ln()?
                .checked_sub(Decimal::TWO.checked_mul(t.abs().checked_ln()?)?)?;
            let r = exp(ln_r)?;
            let ln_1r = (Decimal::ONE.checked_add(r)?).checked_ln()?;
            (r / (Decimal::ONE + r), ln_r.checked_sub(ln_1r)?, -ln_1r)
        }
    };
    let tail = incomplete_beta(a, Decimal::new(5, 1), x, ln_x, ln_1mx)? / Decimal::TWO;
    Some(if t > Decimal::ZERO {
        Decimal::ONE - tail
    } else {
        tail
    })
}

/// The density of Student's t, for Newton's steps.
fn student_t_pdf(t: Decimal, df: Decimal) -> Option<Decimal> {
    let half = Decimal::new(5, 1);
    let a = df.checked_add(Decimal::ONE)?.checked_mul(half)?;
    let ln_norm = ln_gamma(a)?
        .checked_sub(ln_gamma(df.checked_mul(half)?)?)?
        .checked_sub(ln_gamma_half())?
        .checked_sub(df.checked_ln()?.checked_mul(half)?)?;
    let ratio = t.checked_mul(t)?.checked_div(df)?;
    let ln_kernel = a.checked_mul(Decimal::ONE.checked_add(ratio)?.checked_ln()?)?;
    exp(ln_norm.checked_sub(ln_kernel)?)
}

/// The `p` quantile of Student's t with `df` degrees of freedom (any real `df > 0`): the `t`
/// with `F(t) = p`, to the accuracy of [`student_t_cdf`]. `None` unless `0 < p < 1` and
/// `df > 0`.
///
/// ```
/// use persepsi::student_t_quantile;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let q = |p, df| student_t_quantile(d(p), d(df)).map(|t| t.round_dp(6).to_string());
/// assert_eq!(q("0.975", "1"), Some("12.706205".into()));
/// assert_eq!(q("0.975", "2.5"), Some("3.574655".into())); // a fractional df
/// assert_eq!(q("0.025", "2.5"), Some("-3.574655".into()));
/// assert_eq!(q("1", "5"), None);
/// ```
#[must_use]
pub fn student_t_quantile(p: Decimal, df: Decimal) -> Option<Decimal> {
    if p <= Decimal::ZERO || p >= Decimal::ONE || df <= Decimal::ZERO {
        return None;
    }
    let half = Decimal::new(5, 1);
    if p < half {
        return student_t_quantile(Decimal::ONE - p, df).map(|t| -t);
    }
    if p == half {
        return Some(Decimal::ZERO);
    }
    // a bracket [lo, hi] with F(lo) < p <= F(hi)
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ONE);
    while student_t_cdf(hi, df)? < p {
        lo = hi;
        hi = hi.checked_mul(dec(4))?;
    }
    let mut t = (lo + hi) / Decimal::TWO;
    let tolerance = Decimal::new(1, 20);
    for _ in 0..200 {
        let f = student_t_cdf(t, df)? - p;
        if f.is_zero() {
            return Some(t);
        }
        if f < Decimal::ZERO {
            lo = t;
        } else {
            hi = t;
        }
        let newton = student_t_pdf(t, df)
            .filter(|d| !d.is_zero())
            .and_then(|d| f.checked_div(d))
            .map(|step| t - step);
        let next = match newton {
            Some(n) if n > lo && n < hi => n,
            _ => (lo + hi) / Decimal::TWO,
        };
        if (next - t).abs() < tolerance || hi - lo < tolerance {
            return Some(next);
        }
        t = next;
    }
    Some(t)
}

/// The two-sided 95% quantile (the 97.5% point) for a real `df`: the table of integer df below
/// [`LARGE_DF`] where `df` is one, Cornish-Fisher from there on, the root of the distribution
/// function otherwise. `None` for `df <= 0`.
pub(crate) fn t975(df: Decimal) -> Option<Decimal> {
    if df <= Decimal::ZERO {
        return None;
    }
    if df >= dec(LARGE_DF) {
        // z + g1(z)/ν + ... + g5(z)/ν⁵ at z = z975, the g's evaluated once
        static TERMS: std::sync::OnceLock<[Decimal; 5]> = std::sync::OnceLock::new();
        let terms = TERMS.get_or_init(|| {
            let z = z975();
            let mut terms = [Decimal::ZERO; 5];
            for (k, term) in terms.iter_mut().enumerate() {
                *term = cornish_fisher_term(z, k);
            }
            terms
        });
        let inv = Decimal::ONE / df;
        let mut t = Decimal::ZERO;
        for term in terms.iter().rev() {
            t = (t + *term) * inv;
        }
        return Some(z975() + t);
    }
    if df.fract().is_zero()
        && let Some(&q) = df.to_usize().and_then(|i| T975.get(i.wrapping_sub(1)))
    {
        return Some(Decimal::from_i128_with_scale(q, 15));
    }
    student_t_quantile(Decimal::new(975, 3), df)
}

/// The 97.5% points of t for df 1 to 199, 15 decimals: [`student_t_quantile`]'s roots, kept
/// here because every interval needs one (a test recomputes each).
#[rustfmt::skip]
pub(crate) const T975: [i128; 199] = include!("t975.in");

#[cfg(test)]
mod tests {
    use rust_decimal::{Decimal, MathematicalOps};

    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn constants_are_their_definitions() {
        let close = |a: Decimal, b: Decimal| (a - b).abs() < Decimal::new(1, 26);
        assert!(close(half_ln_2pi(), Decimal::TWO_PI.ln() / Decimal::TWO));
        assert!(close(ln_gamma_half(), Decimal::PI.ln() / Decimal::TWO));
        let root = Decimal::TWO_PI.sqrt().unwrap_or_default();
        assert!(close(inv_sqrt_2pi(), Decimal::ONE / root));
        // Φ(z975) = 0.975
        assert!((normal_cdf(z975()) - d("0.975")).abs() < Decimal::new(1, 19));
    }

    #[test]
    fn ln_gamma_of_known_values() {
        // Γ(5) = 24, Γ(1/2) = sqrt(π), Γ(0.1) = 9.513507698668731836...
        let close =
            |a: Option<Decimal>, b: Decimal| a.is_some_and(|a| (a - b).abs() < Decimal::new(1, 15));
        assert!(close(ln_gamma(d("5")), d("24").ln()));
        assert!(close(ln_gamma(d("0.5")), ln_gamma_half()));
        assert!(close(
            ln_gamma(d("0.1")),
            d("9.5135076986687318362924191633").ln()
        ));
        // Γ(z + 1) = z Γ(z), across the shift to 12 and far above it
        for z in ["0.25", "11.5", "999.5"] {
            let z = d(z);
            let next = ln_gamma(z + Decimal::ONE).unwrap_or_default();
            assert!(close(ln_gamma(z).map(|l| l + z.ln()), next), "z {z}");
        }
        assert_eq!(ln_gamma(Decimal::ZERO), None);
    }

    #[test]
    fn normal_cdf_of_known_values() {
        // Φ(1) = 0.841344746068542948585232545632, Φ(-3) = 0.001349898031630094526651814888
        assert!(
            (normal_cdf(d("1")) - d("0.841344746068542948585232545632")).abs()
                < Decimal::new(1, 20)
        );
        assert!(
            (normal_cdf(d("-3")) - d("0.001349898031630094526651814888")).abs()
                < Decimal::new(1, 20)
        );
        assert_eq!(normal_cdf(d("9")), Decimal::ONE);
        assert_eq!(normal_cdf(d("-9")), Decimal::ZERO);
    }

    /// Integer df have closed forms: df 2, F(t) = 1/2 + t / (2 sqrt(2 + t²)); df 1 (Cauchy),
    /// F(t) = 1/2 + atan(t)/π, so F(tan(π/8)) = F(sqrt(2) - 1) = 5/8.
    #[test]
    fn cdf_matches_closed_forms() {
        for t in ["0.1", "0.5", "1", "2.5", "7", "40", "-3"] {
            let t = d(t);
            let exact =
                d("0.5") + t / (Decimal::TWO * (Decimal::TWO + t * t).sqrt().unwrap_or_default());
            let got = student_t_cdf(t, Decimal::TWO).unwrap_or_default();
            assert!(
                (got - exact).abs() < Decimal::new(1, 15),
                "df 2, t {t}: {got} vs {exact}"
            );
        }
        let tan = Decimal::TWO.sqrt().unwrap_or_default() - Decimal::ONE; // tan(π/8)
        let got = student_t_cdf(tan, Decimal::ONE).unwrap_or_default();
        assert!((got - d("0.625")).abs() < Decimal::new(1, 15), "{got}");
    }

    /// Where the two ways meet, they agree to 10⁻¹².
    #[test]
    fn cornish_fisher_agrees_with_the_continued_fraction() {
        for df in ["200", "250", "400", "1000", "5000.5"] {
            let df = d(df);
            for t in [
                "-8", "-4.5", "-1.96", "-0.3", "0.01", "1", "1.96", "2.6", "3.3", "5", "8",
            ] {
                let t = d(t);
                let square = t * t;
                let x = df / (df + square);
                let (ln_x, ln_1mx) = (x.ln(), (Decimal::ONE - x).ln());
                let tail = incomplete_beta(df / Decimal::TWO, d("0.5"), x, ln_x, ln_1mx)
                    .unwrap_or_default()
                    / Decimal::TWO;
                let fraction = if t > Decimal::ZERO {
                    Decimal::ONE - tail
                } else {
                    tail
                };
                let expansion = student_t_cdf(t, df).unwrap_or_default();
                assert!(
                    (fraction - expansion).abs() < Decimal::new(1, 12),
                    "df {df}, t {t}: {fraction} vs {expansion}"
                );
            }
        }
    }

    /// The table is the quantile, recomputed.
    #[test]
    fn t975_table_is_the_quantile() {
        for (i, &q) in T975.iter().enumerate() {
            let df = Decimal::from(i + 1);
            let root = student_t_quantile(d("0.975"), df).unwrap_or_default();
            let table = Decimal::from_i128_with_scale(q, 15);
            assert!(
                (root - table).abs() <= Decimal::new(1, 15),
                "df {df}: {root} vs {table}"
            );
        }
    }

    /// Cornish-Fisher's 97.5% point from df 200 on is the root of the distribution function,
    /// and below 200 a fractional df takes the root itself.
    #[test]
    fn t975_expansion_is_the_root() {
        for df in ["200", "201.5", "350", "1000", "100000"] {
            let df = d(df);
            let root = student_t_quantile(d("0.975"), df).unwrap_or_default();
            let expansion = t975(df).unwrap_or_default();
            assert!(
                (root - expansion).abs() < Decimal::new(1, 11),
                "df {df}: {root} vs {expansion}"
            );
        }
        let fractional = t975(d("2.5")).unwrap_or_default();
        assert_eq!(fractional.round_dp(6), d("3.574655"));
    }

    #[test]
    fn hostile_arguments_give_answers() {
        assert_eq!(student_t_cdf(Decimal::MAX, d("3")), Some(Decimal::ONE));
        assert_eq!(student_t_cdf(Decimal::MIN, d("3")), Some(Decimal::ZERO));
        assert_eq!(
            student_t_cdf(d("1"), Decimal::MAX).map(|p| p.round_dp(6)),
            Some(d("0.841345"))
        );
        assert!(student_t_cdf(d("1"), d("0.0001")).is_some());
        assert!(student_t_quantile(d("0.975"), d("0.5")).is_some());
        assert_eq!(t975(Decimal::ZERO), None);
        // no panic anywhere: t² or df + t² past a Decimal, tiny and huge df, the quantile's
        // bracket running out of Decimals (then `None`, never a wrong root)
        let values = [
            "0",
            "1e-28",
            "1e-20",
            "0.001",
            "0.02",
            "0.5",
            "1",
            "199.99",
            "200",
            "1e6",
            "281474976710655.99999999999999",
            "1e20",
            "1e28",
        ];
        for t in values
            .iter()
            .map(|v| d(v))
            .chain([Decimal::MAX, Decimal::MIN])
        {
            for df in values.iter().map(|v| d(v)).chain([Decimal::MAX]) {
                let _ = student_t_cdf(t, df);
                let _ = student_t_cdf(-t, df);
            }
        }
        for p in ["0.5000001", "0.975", "0.999999999999999"] {
            for df in values.iter().map(|v| d(v)).chain([Decimal::MAX]) {
                let _ = student_t_quantile(d(p), df);
            }
        }
        // the true 97.5% point of 0.01 df is about 6·10¹²⁸: no Decimal
        assert_eq!(student_t_quantile(d("0.975"), d("0.01")), None);
    }

    /// Values of mpmath (40 digits: 1 - betainc(df/2, 1/2, 0, df/(df+t²), regularized) / 2),
    /// independent of this crate: fractional df, the far tail at 200 df, t² beyond a Decimal
    /// with a heavy tail, a df too small for the prefactor to be taken alone.
    #[test]
    fn cdf_matches_independent_values() {
        let cases = [
            ("1.5", "0.5", "0.74604910467594577627"),
            ("-2", "2.5", "0.078695747878982993312"),
            ("3", "4.8035", "0.98417162423977438241"),
            ("7.5", "200", "0.99999999999898047504"),
            ("100000000000000", "0.05", "0.91049989410944563241"),
            ("100000000000000", "0.5", "0.99999996792990245858"),
            ("1", "0.00000000000000000001", "0.50000000000000000012"),
            ("-3", "0.00000000000000000001", "0.49999999999999999988"),
        ];
        for (t, df, expected) in cases {
            let got = student_t_cdf(d(t), d(df)).unwrap_or_default();
            assert!(
                (got - d(expected)).abs() < Decimal::new(1, 12),
                "t {t}, df {df}: {got} vs {expected}"
            );
        }
        // mpmath's t(296) = 1.96801072755025561: all 10 decimals of t95
        assert_eq!(crate::t95(296).to_string(), "1.9680107276");
        // and of a fractional df: t(4.8035) = 2.602534845
        let q = student_t_quantile(d("0.975"), d("4.8035")).unwrap_or_default();
        assert_eq!(q.round_dp(9), d("2.602534845"));
    }
}
