//! How numbers read in Chinese text and in the summary: one rule for every stage.

/// A number without a needless `.0`, at most two decimals: `800`, `999.5`, `0.33`.
pub fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An amount of yuan, the same way.
pub fn yuan(v: f64) -> String {
    number(v)
}
