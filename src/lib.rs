//! gsw: consolidates the annual reports of the university's industry–education graduate
//! workstations (产教融合研究生工作站) and grades each station under the management measures.
//!
//! The pipeline, in the order data flows:
//!
//! 1. [`discover`]: every file under the input folder → [`discover::Found`]
//! 2. [`read`]: one workbook's sheets and cells, within [`rules::Limits`] → [`read::RawSheet`]s
//! 3. [`validate`]: cells checked against the [`schema`] → a typed [`model::Submission`]
//! 4. [`group`]: reports, register, review and filled 抽查清单s joined per station →
//!    [`group::StationHistory`], and what it decided about files (superseded and why, …) →
//!    [`group::FileDecision`]
//! 5. [`evaluate`]: term, years, students, outcomes, criteria C1–C8 (decided on data, then
//!    rendered), status, grade → [`evaluate::Assessment`]; [`spotcheck`] draws stations to
//!    check and lists what counts toward their grades → [`spotcheck::Checklist`]
//! 6. [`summary`]: all of it, each file's 文件清单 row built once from what reading found and
//!    what stages 4–5 decided, every [`problem::Problem`] → [`summary::Summary`]
//! 7. [`output`]: the summary workbook and CSVs; [`terminal`] the short report on screen.
//!
//! [`ingest`] runs stages 1–3 over a folder in parallel (each file → [`ingest::FileRead`],
//! its submission and problems); [`consolidate`] runs stages 1–6 (for a spot check, 1–5 and
//! the draw), for the binary and the tests alike, reporting progress through
//! [`consolidate::Progress`].
//! Below the line, the shared vocabulary every stage may use and that uses no stage:
//! [`dates`], [`rules`] (every number of the measures, the reading limits and the readings of
//! the measures' words), [`schema`] (the templates' fields and the summary's sheet names),
//! [`model`] (typed records, files and formats), [`problem`], [`format`], [`print`],
//! [`unwind`] and [`error`]. No stage uses a later one; `tests/layers.rs` checks it.
//!
//! Beside the line: [`template`] writes the blank and pre-filled templates from the same
//! schema, [`fill`] fills them (tests, sample data, benchmark), [`cli`]/[`cmd`] are the
//! command line (`main.rs` only dispatches), and [`allocator`] sets the process's memory.
//! `fuzzing` (hidden from the documentation) states what every per-file result must
//! satisfy, for the two fuzzers.

pub mod allocator;
pub mod cli;
pub mod cmd;
pub mod consolidate;
pub mod dates;
pub mod discover;
pub mod error;
pub mod evaluate;
pub mod fill;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod group;
pub mod ingest;
pub mod model;
pub mod output;
pub mod print;
pub mod problem;
pub mod read;
pub mod rules;
pub mod schema;
pub mod spotcheck;
pub mod summary;
pub mod template;
pub mod terminal;
pub mod unwind;
pub mod validate;

pub use error::Error;
