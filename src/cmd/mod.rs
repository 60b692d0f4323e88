//! One module per subcommand, each with a `run` that returns the exit status; and, for
//! gsw.exe on Windows, [`desktop`] (no command: double-click or a dropped folder) and
//! [`wildcard`] (`check *.xlsx` where the shell does not expand `*`).

pub mod check;
pub mod consolidate;
pub mod desktop;
pub mod rules;
pub mod spot_check;
pub mod template;
pub mod wildcard;
