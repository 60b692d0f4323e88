//! A college's name as a file name that Windows accepts, each unique in its folder.

/// Longest file stem kept, in characters: a path of the feedback folder plus the name stays
/// well within Windows' 260.
const MAX_CHARS: usize = 80;

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `name` made a file stem that Windows accepts: the characters it forbids (`<>:"/\|?*`
/// and control characters) become `_`, spaces and dots at the ends go (Windows drops
/// them), a device name (`CON`, `LPT1.x`…) gets `_` in front, an empty name is 未命名.
pub fn file_stem(name: &str) -> String {
    let replaced: String = (name.chars())
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(MAX_CHARS)
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return "未命名".to_string();
    }
    let base = trimmed.split('.').next().unwrap_or(trimmed).trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)) {
        return format!("_{trimmed}");
    }
    trimmed.to_string()
}

/// One file stem per name, in order: [`file_stem`], and where two would be the same file on
/// Windows (which ignores case) or a name in `taken`, `（2）`, `（3）`… after the later one.
pub fn unique_stems<'a>(names: impl IntoIterator<Item = &'a str>, taken: &[&str]) -> Vec<String> {
    let mut used: Vec<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    let mut out = Vec::new();
    for name in names {
        let stem = file_stem(name);
        let mut candidate = stem.clone();
        let mut n = 1;
        while used.contains(&candidate.to_lowercase()) {
            n += 1;
            candidate = format!("{stem}（{n}）");
        }
        used.push(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_and_device_names_are_made_safe() {
        let cases = [
            ("药学院", "药学院"),
            ("第二医院/口腔医院", "第二医院_口腔医院"),
            ("a<b>c:d\"e\\f|g?h*i", "a_b_c_d_e_f_g_h_i"),
            ("  学院. ", "学院"),
            ("...", "未命名"),
            ("", "未命名"),
            ("con", "_con"),
            ("LPT1.学院", "_LPT1.学院"),
            ("CONSOLE", "CONSOLE"),
            ("行\t政", "行_政"),
        ];
        for (name, stem) in cases {
            assert_eq!(file_stem(name), stem, "{name:?}");
        }
        assert_eq!(file_stem(&"长".repeat(200)).chars().count(), MAX_CHARS);
    }

    #[test]
    fn names_that_would_be_one_file_are_told_apart() {
        let names = ["A/B", "A_B", "abc", "ABC", "无法归属", "药学院"];
        let stems = unique_stems(names, &["无法归属"]);
        assert_eq!(
            stems,
            [
                "A_B",
                "A_B（2）",
                "abc",
                "ABC（2）",
                "无法归属（2）",
                "药学院"
            ]
        );
    }
}
