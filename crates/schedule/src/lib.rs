//! Timetables. For now: the checker that finds every problem of a forum's
//! current timetable. Pure logic: it reads a `Programme` and returns problems.

pub mod check;

pub use check::{Problem, check};
