//! Building domains in code.
