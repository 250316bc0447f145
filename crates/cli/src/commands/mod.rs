//! One module per subcommand.

pub mod backup;
pub mod bench;
pub mod bench_export;
pub mod bench_schedule;
pub mod demo;
pub mod eval;
pub mod export;
pub mod forums;
pub mod guide;
pub mod import;
pub mod mechanism;
pub mod publish;
pub mod report;
pub mod schedule;
pub mod serve;
pub mod session_report;
pub mod sessions;
pub mod taking_stock;
pub mod track;
pub mod user;
