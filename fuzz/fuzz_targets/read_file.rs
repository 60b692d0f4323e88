//! Any bytes as a workbook of any format: byte 0 picks the format, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: gsw_fuzz::write_corpora_if_asked(),
    |data: &[u8]| {
        if let Some((&sel, bytes)) = data.split_first() {
            let format = gsw_fuzz::FORMATS[usize::from(sel) % gsw_fuzz::FORMATS.len()];
            gsw_fuzz::read_and_check(bytes, format);
        }
    }
);
