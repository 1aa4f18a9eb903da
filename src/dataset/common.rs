//! What export and import both do with a corpus: read its label set, leave no trace in it,
//! check the relative paths a dataset names.

use std::path::{Path, PathBuf};

use crate::annotate::label::UNKNOWN_LABEL_COLOR;
use crate::annotate::{Label, LabelSet};
use crate::fsutil::{ReadError, file_limit, read_regular};

pub use crate::parallel::par_map;

/// Removes the corpus's `.hamesh` folder when dropped if it did not exist before and is still
/// empty: opening the store creates it, and reading a corpus (or refusing an import) should
/// leave no trace.
pub struct NoTrace {
    dir: PathBuf,
    existed: bool,
}

impl NoTrace {
    pub fn new(root: &Path) -> NoTrace {
        let dir = root.join(crate::annotate::store::DATA_DIR);
        NoTrace {
            existed: dir.exists(),
            dir,
        }
    }
}

impl Drop for NoTrace {
    fn drop(&mut self) {
        if !self.existed {
            // Fails, as it should, when anything was written there.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// The label set at `path`, or the default set when there is no file (nothing is written).
pub fn read_labels(path: &Path) -> Result<LabelSet, String> {
    match read_regular(path, &file_limit(None)) {
        Ok(bytes) => {
            let set: LabelSet = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            set.validate().map_err(|e| e.to_string())?;
            Ok(set)
        }
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(LabelSet::default())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// A label used by spans but missing from the label set, as the header lists it.
pub fn undefined_label(name: &str) -> Label {
    let [r, g, b] = UNKNOWN_LABEL_COLOR;
    Label {
        name: name.to_string(),
        description: "not in the label set".into(),
        color: format!("#{r:02X}{g:02X}{b:02X}"),
        key: None,
    }
}

/// Whether `rel` is a relative `/`-separated path that stays inside a folder.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.contains(['\\', ':', '\0'])
                && !part.chars().any(char::is_control)
        })
}
