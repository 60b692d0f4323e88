//! read (being written)
