//! Finished exports, kept in memory and served as `odoo://{instance}/export/{id}` resources:
//! the few most recent ones (at most [`MAX_KEPT`], [`MAX_TOTAL_BYTES`] together), the oldest
//! dropped first. Ids are random, so one client cannot guess another's export, and an export
//! is served only to the caller that made it, so a URI that leaked is no use to anyone else.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Exports kept at most.
const MAX_KEPT: usize = 16;
/// Bytes kept at most, all exports together (64 MiB).
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;

/// One finished export file.
#[derive(Debug, Clone)]
pub(crate) struct ExportFile {
    pub(crate) id: u64,
    pub(crate) instance: String,
    /// The caller that exported it ([`crate::caller::Caller::owner_key`]): the only one that
    /// may read it.
    pub(crate) owner: String,
    pub(crate) mime_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The store of finished exports.
#[derive(Debug, Default)]
pub(crate) struct ExportStore {
    files: Mutex<VecDeque<ExportFile>>,
}

impl ExportStore {
    /// Keeps `file` (dropping the oldest to stay within the limits) and returns its id.
    pub(crate) fn insert(&self, mut file: ExportFile) -> u64 {
        let mut id = [0u8; 8];
        if getrandom::fill(&mut id).is_err() {
            tracing::error!("no randomness for an export id; using the clock");
        }
        file.id = u64::from_le_bytes(id)
            ^ std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
        let id = file.id;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push_back(file);
        while files.len() > MAX_KEPT
            || (files.len() > 1
                && files.iter().map(|f| f.bytes.len()).sum::<usize>() > MAX_TOTAL_BYTES)
        {
            files.pop_front();
        }
        id
    }

    /// The export `id` of `instance` made by `owner`, if still kept.
    pub(crate) fn get(&self, instance: &str, id: u64, owner: &str) -> Option<ExportFile> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .iter()
            .find(|f| f.id == id && f.instance == instance && f.owner == owner)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(instance: &str, size: usize) -> ExportFile {
        ExportFile {
            id: 0,
            instance: instance.into(),
            owner: "token:alice".into(),
            mime_type: "text/csv",
            bytes: vec![b'x'; size],
        }
    }

    #[test]
    fn the_oldest_go_first_and_ids_belong_to_their_instance() {
        let store = ExportStore::default();
        let first = store.insert(file("a", 10));
        assert!(store.get("a", first, "token:alice").is_some());
        assert!(store.get("b", first, "token:alice").is_none());
        assert!(
            store.get("a", first, "token:bob").is_none(),
            "another caller's"
        );
        assert!(
            store.get("a", first, "oauth:alice").is_none(),
            "another kind of alice"
        );
        let ids: Vec<u64> = (0..MAX_KEPT).map(|_| store.insert(file("a", 10))).collect();
        assert!(store.get("a", first, "token:alice").is_none(), "dropped");
        assert!(
            ids.iter()
                .all(|id| store.get("a", *id, "token:alice").is_some())
        );
        let big = store.insert(file("a", MAX_TOTAL_BYTES));
        assert!(store.get("a", big, "token:alice").is_some());
        assert!(
            store.get("a", ids[0], "token:alice").is_none(),
            "room made for the big one"
        );
    }
}
