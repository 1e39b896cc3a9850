//! `plan history`.

use std::io::Write;
use std::process::ExitCode;

use crate::context::Context;
use crate::error::Error;

pub fn run(
    _ctx: &Context,
    _args: &crate::cli::HistoryArgs,
    _out: &mut dyn Write,
) -> Result<ExitCode, Error> {
    Err(Error::Usage("not yet".into()))
}
