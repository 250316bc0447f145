//! The bundled demo forum (`demo/forum.jsonl`), compiled into the binary so
//! that `throughline demo` works on a fresh machine with nothing else.

/// The demo forum in Throughline's JSON Lines format.
pub const JSONL: &str = include_str!("../../../demo/forum.jsonl");

/// The demo's answer key (`demo/truth.json`): per track, its core and
/// borderline sessions. The tests check discovery against it, and the demo's
/// coordinator decides the Enhanced cooperation track by it.
pub const TRUTH: &str = include_str!("../../../demo/truth.json");

/// The name it is imported under, for messages and the audit trail.
pub const FILE_NAME: &str = "demo/forum.jsonl";
