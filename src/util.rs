//! Small helpers shared by every stage, depending on nothing in the crate:
//! hashes in, hex out; numbers in, numbers rounded for stable output.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Round for stable output: points to 0.1, confidences to 0.001 (`step`
/// a power of ten).
pub fn round_to(x: f64, step: f64) -> f64 {
    // Whole steps divided by the steps per unit: the double nearest the
    // decimal, so 0.3 prints 0.3 (times `step` it would be
    // 0.30000000000000004). No formatting: the repair engine rounds every
    // change's margin.
    (x / step).round() / (1.0 / step).round()
}

/// The middle value (the upper one of an even count); `None` when empty.
pub fn median(mut v: Vec<f32>) -> Option<f32> {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_is_lower_case_hex_of_the_digest() {
        for (bytes, want) in [
            (
                &b""[..],
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ] {
            assert_eq!(sha256_hex(bytes), want);
        }
    }

    #[test]
    fn rounding_is_stable() {
        for (x, step, want) in [
            (841.889_99, 0.1, 841.9),
            (0.1 + 0.2, 0.001, 0.3),
            (0.9449, 0.001, 0.945),
            (12.0, 0.1, 12.0),
            (-1.234, 0.01, -1.23),
            (2.0 / 3.0, 0.0001, 0.6667),
        ] {
            assert_eq!(round_to(x, step), want);
        }
        // Printed, a rounded value has no more decimals than its step.
        for i in 0..20_000 {
            let x = f64::from(i) * 0.000_37 - 3.0;
            for (step, places) in [(0.1, 1), (0.01, 2), (0.001, 3)] {
                let printed = round_to(x, step).to_string();
                let decimals = printed.split('.').nth(1).map_or(0, str::len);
                assert!(decimals <= places, "{x} to {step}: {printed}");
            }
        }
    }
}
