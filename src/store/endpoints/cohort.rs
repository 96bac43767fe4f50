//! CohortId: "0"–"99", fixed at creation, derived from a hash of the app and endpoint id so the
//! same endpoint gets the same cohort on every run (reproducible tests), spread about 1% each.

/// FNV-1a over the app id, a separator and the case-folded endpoint id, reduced to 0–99.
/// FNV is stable across Rust versions, unlike `DefaultHasher`.
pub fn cohort_id(app_id: &str, folded_endpoint_id: &str) -> u8 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in app_id
        .bytes()
        .chain([0u8])
        .chain(folded_endpoint_id.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Fold the high bits in: FNV's low bits alone are weak for short keys.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    (h % 100) as u8
}

#[cfg(test)]
mod tests {
    use super::cohort_id;

    #[test]
    fn stable_for_the_same_app_and_endpoint() {
        assert_eq!(cohort_id("app", "ep-1"), cohort_id("app", "ep-1"));
        // Pinned values: a change here would move every endpoint's cohort between releases.
        assert_eq!(cohort_id("app", "ep-1"), 70);
        assert_eq!(
            cohort_id("2a92b87e59114eb7a097e65ac59b36a3", "example_endpoint"),
            96
        );
    }

    #[test]
    fn spread_about_one_percent_each() {
        let n = 100_000;
        let mut counts = [0u32; 100];
        for i in 0..n {
            counts[cohort_id("2a92b87e59114eb7a097e65ac59b36a3", &format!("endpoint-{i}"))
                as usize] += 1;
        }
        for (c, k) in counts.iter().enumerate() {
            let share = f64::from(*k) / f64::from(n);
            assert!((0.008..0.012).contains(&share), "cohort {c} holds {share}");
        }
    }
}
