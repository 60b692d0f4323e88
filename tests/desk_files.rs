//! Files as they arrive from real desks: WPS's own .et, password-protected workbooks in
//! every format, damaged and missing files, each named in Chinese with what to do.
//!
//! The encrypted and odd files are made here from the committed LibreOffice fixtures
//! (`tests/formats.rs` says how those were made):
//! - an .ods with a password: LibreOffice lists each encrypted part in
//!   `META-INF/manifest.xml` with `<manifest:encryption-data>` and stores the part as
//!   ciphertext; here the manifest gets that element for `content.xml` and the part
//!   random bytes;
//! - an .xls with XOR obfuscation (Excel's "weak" protection): a FILEPASS record whose
//!   first field, wEncryptionType, is 0; here the CODEPAGE record (2 bytes) becomes one;
//! - an .xls whose CODEPAGE says 0x8001, which calamine does not know.

mod common;

use gsw::cmd::check::check_one;
use gsw::ingest::FileResult;
use gsw::model::{FileKind, FileStatus};
use gsw::problem::Code;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(path).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The one problem of a file not used, with its code and message.
fn refused(r: &FileResult) -> (Code, &str) {
    assert_eq!(r.file.status, FileStatus::NotUsed, "{}", r.file.reason);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.file.reason, r.problems[0].message);
    (r.problems[0].code, r.problems[0].message.as_str())
}

const ENCRYPTED: &str = "文件已加密：请学院取消密码后重新发送";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_wps_et_file_is_read_like_an_xls() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "化工站.et", &fixture("messy-libreoffice.xls"));
    common::assert_messy_read(check_one(&path));
    // And in a folder, it is found and used.
    let results = gsw::ingest::ingest(dir.path(), &[], Default::default(), &|| {});
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].file.kind, FileKind::Report);
}

#[test]
fn a_password_protected_ods_is_named_as_encrypted() {
    let bytes = fixture("messy-libreoffice.ods");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if name == "META-INF/manifest.xml" {
            let xml = String::from_utf8(data).unwrap();
            let entry = r#"manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#;
            assert!(xml.contains(entry), "{xml}");
            let encrypted = r#"manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="21093"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="c2hhMjU2LTFr"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="aXYxMjM0NTY3ODkwMTIz"/><manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="c2FsdDEyMzQ1Njc4OTAxMg=="/></manifest:encryption-data></manifest:file-entry>"#;
            data = xml.replace(entry, encrypted).into_bytes();
        }
        if name == "content.xml" {
            // Ciphertext: bytes that are no XML (and no UTF-8).
            data = (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    let r = check_one(&write(dir.path(), "加密.ods", &bytes));
    assert_eq!(refused(&r), (Code::FileEncrypted, ENCRYPTED));
}

#[test]
fn an_xls_with_xor_obfuscation_is_named_as_encrypted() {
    let mut bytes = fixture("messy-libreoffice.xls");
    // CODEPAGE (0x0042, 2 bytes: 1200, UTF-16) becomes FILEPASS (0x002F) with
    // wEncryptionType 0: XOR obfuscation.
    let at = find(&bytes, &[0x42, 0x00, 0x02, 0x00, 0xB0, 0x04]).unwrap();
    bytes[at..at + 6].copy_from_slice(&[0x2F, 0x00, 0x02, 0x00, 0x00, 0x00]);
    let dir = tempfile::tempdir().unwrap();
    let r = check_one(&write(dir.path(), "加密.xls", &bytes));
    assert_eq!(refused(&r), (Code::FileEncrypted, ENCRYPTED));
    // The same bytes as WPS's .et.
    let r = check_one(&write(dir.path(), "加密.et", &bytes));
    assert_eq!(refused(&r), (Code::FileEncrypted, ENCRYPTED));
}

#[test]
fn a_password_protected_xlsx_is_named_as_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fixture("encrypted-password-gsw.xlsx");
    let r = check_one(&write(dir.path(), "加密.xlsx", &bytes));
    assert_eq!(refused(&r), (Code::FileEncrypted, ENCRYPTED));
    // Saved under an .xls name: still named as encrypted, not as damaged.
    let r = check_one(&write(dir.path(), "加密.xls", &bytes));
    assert_eq!(refused(&r), (Code::FileEncrypted, ENCRYPTED));
}

#[test]
fn an_xls_in_a_codepage_calamine_does_not_know_says_what_to_do() {
    let mut bytes = fixture("messy-libreoffice.xls");
    let at = find(&bytes, &[0x42, 0x00, 0x02, 0x00, 0xB0, 0x04]).unwrap();
    bytes[at + 4..at + 6].copy_from_slice(&0x8001u16.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let r = check_one(&write(dir.path(), "编码.xls", &bytes));
    assert_eq!(
        refused(&r),
        (
            Code::FileUnreadable,
            "文件使用了本程序不认识的字符编码，无法读取：请学院用 Excel 或 WPS 打开后另存为 .xlsx 重新发送\
             （Cfb error: Codepage 8001 not found）"
        )
    );
}

#[test]
fn a_damaged_or_missing_file_is_said_in_chinese_first() {
    let dir = tempfile::tempdir().unwrap();
    let r = check_one(&write(dir.path(), "坏.xlsx", b"\x00\x01garbage\xff"));
    assert_eq!(
        refused(&r),
        (
            Code::FileUnreadable,
            "文件已损坏或不完整，无法作为 xlsx 工作簿（压缩包）打开：请学院重新发送\
             （Zip error: invalid Zip archive: Could not find EOCD）"
        )
    );
    let r = check_one(&write(dir.path(), "坏.xls", b"not an ole file"));
    let (code, message) = refused(&r);
    assert_eq!(code, Code::FileUnreadable);
    assert!(
        message.starts_with(
            "文件已损坏或不是有效的 xls 工作簿，无法读取：请学院用 Excel 或 WPS 打开后另存为 .xlsx 重新发送（"
        ),
        "{message}"
    );
    let r = check_one(&write(dir.path(), "空.xlsx", b""));
    assert_eq!(
        refused(&r),
        (Code::FileEmpty, "文件为空（0 字节）：请学院重新发送")
    );
    let missing = dir.path().join("没有.xlsx");
    let r = check_one(&missing);
    let (code, message) = refused(&r);
    assert_eq!(code, Code::FileUnreadable);
    let os = std::io::Error::from(std::io::ErrorKind::NotFound);
    let os = std::fs::metadata(&missing).err().unwrap_or(os);
    assert_eq!(
        message,
        format!("无法打开：找不到该文件或文件夹，请检查路径是否正确（{os}）")
    );
    let r = check_one(dir.path());
    assert_eq!(
        refused(&r),
        (
            Code::FileUnreadable,
            "这是文件夹，不是工作簿：要检查整个文件夹，请用 gsw consolidate 文件夹"
        )
    );
}

/// An .xls renamed .xlsx (a common way to "convert" one), an .xlsx saved as .xls, an .ods
/// named .xlsx: each is read as what it is, with every cell in place, and a 提示 says so.
#[test]
fn a_file_whose_extension_names_another_format_is_read_as_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture_name, name, actual) in [
        ("messy-libreoffice.xls", "改名.xlsx", ".xls"),
        ("messy-libreoffice.xlsx", "改名.xls", ".xlsx"),
        ("messy-libreoffice.ods", "改名2.xlsx", ".ods"),
        ("messy-libreoffice.xls", "改名.xlsb", ".xls"),
    ] {
        let path = write(dir.path(), name, &fixture(fixture_name));
        let mut r = check_one(&path);
        let at = r
            .problems
            .iter()
            .position(|p| p.code == Code::MisnamedFile)
            .unwrap_or_else(|| panic!("{name}: {:?}", r.problems));
        let note = r.problems.remove(at);
        let ext = Path::new(name).extension().unwrap().to_string_lossy();
        assert_eq!(
            note.message,
            format!(
                "文件扩展名是 .{ext}，内容却是 {actual} 格式，已按 {actual} 读取；建议把扩展名改为 {actual}，或用 Excel 或 WPS 打开后另存为 .xlsx"
            )
        );
        assert_eq!(note.severity, gsw::problem::Severity::Info);
        common::assert_messy_read(r);
    }
    // A file named right gets no such note.
    let path = write(dir.path(), "对.xls", &fixture("messy-libreoffice.xls"));
    assert!(check_one(&path)
        .problems
        .iter()
        .all(|p| p.code != Code::MisnamedFile));
}
