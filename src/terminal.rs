//! terminal (being written)
