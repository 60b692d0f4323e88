//! One CSV per summary sheet (stub: being written).

use super::Table;
use crate::Error;
use std::path::Path;

pub fn write(_tables: &[Table], _dir: &Path) -> Result<(), Error> {
    Ok(())
}
