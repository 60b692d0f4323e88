//! `gsw rules`: the default rules as a commented TOML file.

use crate::rules::Rules;

pub fn run() -> Result<u8, crate::Error> {
    print!("{}", Rules::default().to_commented_toml());
    Ok(0)
}
