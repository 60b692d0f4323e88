//! One module per subcommand, each with a `run` that returns the exit status.

pub mod check;
pub mod consolidate;
pub mod rules;
pub mod template;
