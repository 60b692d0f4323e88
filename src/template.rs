//! The blank templates (stub: being written).

use crate::schema::Kind;
use std::path::Path;

pub fn write_blank(_kind: Kind, _path: &Path) -> Result<(), crate::Error> {
    Err(crate::Error::BadArgument("模板尚未完成".into()))
}
