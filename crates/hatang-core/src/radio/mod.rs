//! Radio propagation models and the link budget.
