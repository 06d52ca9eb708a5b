//! Validated codes: instruments, items, units, services and service areas.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The most characters a code may have.
pub const MAX_CODE_LEN: usize = 64;

/// Why a text was refused as a code.
///
/// A code is 1 to 64 characters from ASCII letters, digits, `-`, `_` and `.`; codes are
/// case-sensitive (`KW-NTT` and `kw-ntt` are different units).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} code {text:?} is not 1 to 64 characters of ASCII letters, digits, '-', '_' or '.'")]
pub struct CodeError {
    /// What the code was for (`unit`, `service`, `item`, ...).
    pub what: &'static str,
    /// The text that was refused.
    pub text: String,
}

pub(crate) fn is_valid_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_CODE_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// A code is 1 to 64 characters from ASCII letters, digits, `-`, `_` and `.`,
        /// case-sensitive; it is checked once, when it is made. A clone shares the text (a
        /// reference count), so reports can name the same code thousands of times cheaply.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let code: persepsi::", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(code.as_str(), \"", $example, "\");")]
        #[doc = concat!("assert!(\"has space\".parse::<persepsi::", stringify!($name), ">().is_err());")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks `text` and makes the code.
            ///
            /// # Errors
            ///
            /// [`CodeError`] when `text` is empty, longer than 64 bytes or has a character
            /// other than ASCII letters, digits, `-`, `_` and `.`.
            pub fn new(text: &str) -> Result<Self, CodeError> {
                if is_valid_code(text) {
                    Ok($name(text.into()))
                } else {
                    Err(CodeError { what: $what, text: text.to_owned() })
                }
            }

            /// The code as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = CodeError;
            fn from_str(text: &str) -> Result<Self, CodeError> {
                $name::new(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(text: String) -> Result<Self, CodeError> {
                if is_valid_code(&text) {
                    Ok($name(text.into()))
                } else {
                    Err(CodeError { what: $what, text })
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = CodeError;
            fn try_from(text: &str) -> Result<Self, CodeError> {
                $name::new(text)
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0.as_ref().to_owned()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

code_type!(
    /// The code of an instrument: `SPKP`, `SPAK`, `IKM`, or a user's own.
    InstrumentCode, "instrument", "SPKP"
);
code_type!(
    /// The code of a questionnaire item (unsur): `SPKP1`, `SPAK3`, `U9`, ...; also the name of
    /// its column in a responses file.
    ItemCode, "item", "SPAK3"
);
code_type!(
    /// The code of an organizational unit: `KEMENKUM`, `DJAHU`, `KW-NTT`, `KW-NTT-YANKUM`, ...
    UnitCode, "unit", "KW-NTT"
);
code_type!(
    /// The code of a service in the taxonomy: `AHU-FIDUSIA`, `KI-MEREK`, ...
    ServiceCode, "service", "KI-MEREK"
);
code_type!(
    /// The code of a service area: `AHU`, `KI`, `PUU`, `BINKUM`, `BHP`, `UMUM`, or a user's own.
    AreaCode, "area", "AHU"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rules() {
        assert!(UnitCode::new("KW-NTT").is_ok());
        assert!(UnitCode::new("a.b_c-1").is_ok());
        assert_eq!(
            UnitCode::new("").unwrap_err(),
            CodeError {
                what: "unit",
                text: String::new()
            }
        );
        assert!(UnitCode::new("KW NTT").is_err());
        assert!(UnitCode::new("KW,NTT").is_err());
        assert!(UnitCode::new("ÄHU").is_err());
        assert!(UnitCode::new(&"A".repeat(64)).is_ok());
        assert!(UnitCode::new(&"A".repeat(65)).is_err());
    }
}
