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

/// An amount of yuan as the summary's money cells show it (`#,##0.00`): `12,345.50`.
pub fn money(v: f64) -> String {
    let fixed = format!("{:.2}", v.abs());
    let (whole, cents) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if v < 0.0 && fixed != "0.00" { "-" } else { "" };
    format!("{sign}{grouped}.{cents}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_groups_thousands_with_two_decimals() {
        let cases = [
            (0.0, "0.00"),
            (5.0, "5.00"),
            (999.999, "1,000.00"),
            (12_345.5, "12,345.50"),
            (1_234_567.0, "1,234,567.00"),
            (-2_500.25, "-2,500.25"),
            (-0.001, "0.00"),
        ];
        for (v, want) in cases {
            assert_eq!(super::money(v), want, "{v}");
        }
    }
}
