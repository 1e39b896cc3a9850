//! Performance indicators judged: the target of a period, RAG, trend, quartile position and
//! late data ([`judge`], one function each), and which indicators a listing selects
//! ([`select`]). What an indicator *is* (its targets, actuals and quartiles, as loaded) is
//! part of the plan: [`crate::model::indicator`].

mod exact;
pub mod judge;
pub mod select;
#[cfg(test)]
mod tests;

pub use judge::{Assessment, Quartile, Step, Trend, is_late, quartile, rag, trend};
