//! Hamesh: read and annotate right-to-left text.
//!
//! The core ([`text`], [`corpus`]) is plain Rust with no UI dependency; [`ui`] is the egui shell
//! and [`cli`] the headless commands, both built on the core.

pub mod agreement;
pub mod annotate;
pub mod cli;
pub mod corpus;
pub mod dataset;
pub mod destination;
pub mod fsutil;
pub mod i18n;
pub mod parallel;
pub mod search;
pub mod settings;
pub mod text;
pub mod ui;
