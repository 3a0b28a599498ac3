//! Synthetic instances (placeholder; filled in below).
