//! The `kring` command: parse the command line, set up logging, run the chosen command.

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = kring::Cli::parse();
    kring::init_tracing();
    match kring::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kring: {error:#}");
            ExitCode::FAILURE
        }
    }
}
