//! Decimal arithmetic for the RAG edges: a figure written `95.55` is exactly 95.55, so an
//! actual at the edge of a "2%" band of 97.5 is amber, not red by a floating-point hair.
//! Values are read back from the shortest decimal that round-trips the `f64` (what the file
//! said); anything too long for 128 bits falls back to `f64` comparison.

use std::cmp::Ordering;

/// `m / 10^s`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dec {
    m: i128,
    s: u32,
}

impl Dec {
    pub(super) fn of(x: f64) -> Option<Dec> {
        if !x.is_finite() {
            return None;
        }
        let text = x.to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let mut m: i128 = 0;
        for c in whole.chars().chain(fraction.chars()) {
            let digit = i128::from(c.to_digit(10)? as u8);
            m = m.checked_mul(10)?.checked_add(digit)?;
        }
        let s = u32::try_from(fraction.len()).ok()?;
        Some(Dec {
            m: if negative { -m } else { m },
            s,
        })
    }

    fn scaled(self, s: u32) -> Option<i128> {
        self.m
            .checked_mul(10i128.checked_pow(s.checked_sub(self.s)?)?)
    }

    pub(super) fn sub(self, other: Dec) -> Option<Dec> {
        let s = self.s.max(other.s);
        Some(Dec {
            m: self.scaled(s)?.checked_sub(other.scaled(s)?)?,
            s,
        })
    }

    pub(super) fn mul(self, other: Dec) -> Option<Dec> {
        Some(Dec {
            m: self.m.checked_mul(other.m)?,
            s: self.s.checked_add(other.s)?,
        })
    }

    pub(super) fn abs(self) -> Dec {
        Dec {
            m: self.m.abs(),
            s: self.s,
        }
    }

    pub(super) fn compare(self, other: Dec) -> Option<Ordering> {
        let s = self.s.max(other.s);
        Some(self.scaled(s)?.cmp(&other.scaled(s)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_back_what_was_written() {
        let d = Dec::of(95.55).unwrap();
        assert_eq!((d.m, d.s), (9555, 2));
        let band = Dec::of(97.5).unwrap().mul(Dec::of(2.0).unwrap()).unwrap();
        // 97.5 × 2 = 195.0, exactly; 97.5 − 95.55 = 1.95, exactly.
        let gap = Dec::of(97.5).unwrap().sub(d).unwrap();
        let hundred = Dec::of(100.0).unwrap();
        assert_eq!(
            gap.mul(hundred).unwrap().compare(band),
            Some(Ordering::Equal)
        );
        assert!(Dec::of(f64::NAN).is_none());
        assert_eq!(Dec::of(-1.5).unwrap().m, -15);
    }
}
