//! One file per subcommand. Each takes the resolved [`Context`], its own arguments and the
//! output stream, and returns the exit code.

pub mod add;
pub mod calendar;
pub mod chase;
pub mod check;
pub mod diff;
pub mod done;
pub mod drop;
pub mod history;
pub mod import;
pub mod indicators;
pub mod init;
pub mod list;
pub mod man;
pub mod owner;
pub mod owners;
pub mod priorities;
pub mod record;
pub mod report;
pub mod role;
pub mod set;
pub mod show;
pub mod update;
pub mod waive;
