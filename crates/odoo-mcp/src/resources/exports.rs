//! Finished exports, kept in memory and served as `odoo://{instance}/export/{id}` resources:
//! the few most recent ones (at most [`MAX_KEPT`], [`MAX_TOTAL_BYTES`] together, and
//! [`MAX_PER_OWNER`] of one caller's). When room is needed, the caller holding the most bytes
//! gives up its oldest export, so one busy client cannot push everyone else's out. Ids are random, so one client cannot guess another's export, and an export
//! is served only to the caller that made it, so a URI that leaked is no use to anyone else.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Exports kept at most.
const MAX_KEPT: usize = 16;
/// Bytes kept at most, all exports together (64 MiB).
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// Exports kept at most for one caller: its oldest make room for its newest.
const MAX_PER_OWNER: usize = 4;

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
        let owner = file.owner.clone();
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push_back(file);
        // The newest (last) file is never the one dropped: its id is what the caller gets.
        while files.iter().filter(|f| f.owner == owner).count() > MAX_PER_OWNER {
            match files.iter().position(|f| f.owner == owner) {
                Some(oldest) if oldest + 1 < files.len() => {
                    files.remove(oldest);
                }
                _ => break,
            }
        }
        while files.len() > 1
            && (files.len() > MAX_KEPT
                || files.iter().map(|f| f.bytes.len()).sum::<usize>() > MAX_TOTAL_BYTES)
        {
            let Some(oldest) = oldest_of_heaviest(&files) else {
                break;
            };
            files.remove(oldest);
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

/// The position of the oldest export of the caller holding the most bytes, leaving out the
/// newest export (the one just kept); ties go to the caller whose export is oldest.
fn oldest_of_heaviest(files: &VecDeque<ExportFile>) -> Option<usize> {
    let older = files.len().checked_sub(1)?;
    let held = |owner: &str| -> usize {
        files
            .iter()
            .take(older)
            .filter(|f| f.owner == owner)
            .map(|f| f.bytes.len().max(1))
            .sum()
    };
    let mut best: Option<(usize, usize)> = None;
    for (position, file) in files.iter().take(older).enumerate() {
        let bytes = held(&file.owner);
        if best.is_none_or(|(_, most)| bytes > most) {
            best = Some((position, bytes));
        }
    }
    best.map(|(position, _)| position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(instance: &str, owner: &str, size: usize) -> ExportFile {
        ExportFile {
            id: 0,
            instance: instance.into(),
            owner: owner.into(),
            mime_type: "text/csv",
            bytes: vec![b'x'; size],
        }
    }

    const ALICE: &str = "token:alice";

    #[test]
    fn an_export_belongs_to_its_instance_and_its_caller() {
        let store = ExportStore::default();
        let first = store.insert(file("a", ALICE, 10));
        assert!(store.get("a", first, ALICE).is_some());
        assert!(store.get("b", first, ALICE).is_none());
        assert!(
            store.get("a", first, "token:bob").is_none(),
            "another caller's"
        );
        assert!(
            store.get("a", first, "oauth:alice").is_none(),
            "another kind of alice"
        );
    }

    #[test]
    fn a_callers_oldest_exports_make_room_for_its_newest() {
        let store = ExportStore::default();
        let ids: Vec<u64> = (0..MAX_PER_OWNER + 2)
            .map(|_| store.insert(file("a", ALICE, 10)))
            .collect();
        let (dropped, kept) = ids.split_at(2);
        assert!(
            dropped
                .iter()
                .all(|id| store.get("a", *id, ALICE).is_none())
        );
        assert!(kept.iter().all(|id| store.get("a", *id, ALICE).is_some()));
    }

    #[test]
    fn one_busy_caller_cannot_push_the_others_out() {
        let store = ExportStore::default();
        let others: Vec<(String, u64)> = (0..MAX_KEPT - 1)
            .map(|n| {
                let owner = format!("token:user{n}");
                let id = store.insert(file("a", &owner, 10));
                (owner, id)
            })
            .collect();
        // Alice exports many files, then one half as large as everything may be together.
        for _ in 0..10 {
            store.insert(file("a", ALICE, 1_000));
        }
        let big = store.insert(file("a", ALICE, MAX_TOTAL_BYTES / 2));
        assert!(store.get("a", big, ALICE).is_some(), "the newest is kept");
        let survivors = others
            .iter()
            .filter(|(owner, id)| store.get("a", *id, owner).is_some())
            .count();
        assert_eq!(survivors, others.len(), "alice's exports made the room");
        // Over the byte cap, the newest still stays, the heaviest caller's older ones go first.
        let huge = store.insert(file("a", "token:bob", MAX_TOTAL_BYTES));
        assert!(store.get("a", huge, "token:bob").is_some());
        assert!(
            store.get("a", big, ALICE).is_none(),
            "the heaviest gave way"
        );
    }
}
