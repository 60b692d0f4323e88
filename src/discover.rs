//! discover (being written)
