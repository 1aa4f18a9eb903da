//! Annotation: spans, labels, the store that keeps them safe, undo, re-anchoring, and the
//! entity registry the spans link to.
//!
//! Plain Rust with no UI dependency: the window and the command line both work through it.

pub mod anchor;
pub mod edit;
pub mod entities;
pub mod label;
pub mod layers;
pub mod mentions;
pub mod session;
pub mod snap;
pub mod span;
pub mod store;

pub use edit::{Edit, EditError, History};
pub use label::{Label, LabelSet};
pub use span::{DocStatus, DocumentAnnotations, ReviewReason, ReviewSpan, Source, Span, SpanId};
pub use store::{Store, StoreError, Summary};
