//! Search over articles, Arabic- and Persian-aware: one normaliser ([`fold`]) that search,
//! suggestions and the entity registry share, matching a query in one text ([`find`]), and
//! the corpus-wide search ([`corpus`]). Plain Rust with no UI dependency.

pub mod corpus;
pub mod find;
pub mod fold;
pub mod label_all;
pub mod rejections;
pub mod suggest;
pub mod suggest_corpus;

pub use find::{Hit, MatchOptions, Query, QueryError};
pub use fold::{FoldOptions, Folded, fold};
