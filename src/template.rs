//! The blank templates (stub: being written).
