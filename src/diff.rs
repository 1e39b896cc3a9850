//! What changed in a plan between two loads of it.
