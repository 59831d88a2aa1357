//! The generated demo company.
//!
//! TODO(dataset helper): `pub(crate) fn generate(scale: u32) -> Database`.
