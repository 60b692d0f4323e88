//! The committed templates in `templates/` are exactly what the writer writes today.
//! After a deliberate change to the schema or the writer, regenerate them with
//! `cargo run -- template --out-dir templates --force` or `GSW_BLESS=1 cargo test --test template`.

use gsw::schema::KINDS;
use std::path::Path;

#[test]
fn committed_templates_match_the_writer() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    if std::env::var_os("GSW_BLESS").is_some_and(|v| v == "1") {
        let written = gsw::template::write_all(&committed).expect("write templates/");
        eprintln!(
            "rewrote {} templates in {}",
            written.len(),
            committed.display()
        );
        return;
    }
    let fresh = tempfile::tempdir().expect("temp dir");
    let written = gsw::template::write_all(fresh.path()).expect("write templates");
    assert_eq!(written.len(), KINDS.len());
    let mut drifted = Vec::new();
    for kind in KINDS {
        let new = std::fs::read(fresh.path().join(kind.template_file)).expect("read new");
        match std::fs::read(committed.join(kind.template_file)) {
            Ok(old) if old == new => {}
            Ok(_) => drifted.push(format!("{} differs", kind.template_file)),
            Err(e) => drifted.push(format!("{} missing: {e}", kind.template_file)),
        }
    }
    assert!(
        drifted.is_empty(),
        "templates/ is out of date ({}).\nRegenerate with `cargo run -- template --out-dir templates --force` \
         or `GSW_BLESS=1 cargo test --test template`, check the result and commit it.",
        drifted.join("; ")
    );
}
