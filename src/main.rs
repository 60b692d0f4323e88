use clap::Parser;
use gsw::cli::{Cli, Command};
use std::process::ExitCode;

/// mimalloc: faster than the system allocator for the many small allocations of reading in
/// parallel (measured in `benches/README.md`); its settings are in [`gsw::allocator`].
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    gsw::allocator::tune();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", gsw::cli::describe_error(&e));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Some(Command::Consolidate(args)) => gsw::cmd::consolidate::run(&args),
        Some(Command::Check(args)) => gsw::cmd::wildcard::run_check(args),
        Some(Command::Template(args)) => gsw::cmd::template::run(&args),
        Some(Command::Rules) => gsw::cmd::rules::run(),
        Some(Command::SpotCheck(args)) => gsw::cmd::spot_check::run(&args),
        None => gsw::cmd::desktop::run(cli.dir),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("错误: {e}");
            ExitCode::from(2)
        }
    }
}
