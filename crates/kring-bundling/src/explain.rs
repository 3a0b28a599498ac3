//! Explanations (placeholder).
pub struct Explanation;
pub enum Placement {}
pub fn explain() {}
