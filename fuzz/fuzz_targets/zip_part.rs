//! One XML part of a valid .xlsx or .ods replaced by the input (see `zip_part_case`), so the
//! fuzzer works on sheet XML, shared strings, styles and the workbook part directly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: gsw_fuzz::write_corpora_if_asked(),
    |data: &[u8]| {
        if let Some((bytes, format)) = gsw_fuzz::zip_part_case(data) {
            gsw_fuzz::read_and_check(&bytes, format);
        }
    }
);
