//! The duplicate-id check while a file is read: each shard of the seen ids takes the blocks'
//! batches of ids in file order.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use super::profile::retract_values;
use crate::instrument::Questionnaire;
use crate::profile::ProfileStore;
use crate::response::seen::IdShard;
use crate::response::{RejectReason, Rejection};
use crate::tally::{CellKey, QuestionnaireTally};

/// Tallies per (unit, service, month) cell, in a hash map (the duplicates' retraction).
pub(super) type Cells = HashMap<CellKey, QuestionnaireTally, foldhash::fast::RandomState>;

/// A record that passed the worker's checks or failed them after showing an id: the id check
/// (in its shard, in file order) decides between acceptance, a duplicate and the failure.
pub(super) struct Probe {
    pub(super) hash: u64,
    pub(super) line: u64,
    pub(super) at: Position,
    /// The id is `ids[previous probe's id_end..id_end]` of its batch.
    pub(super) id_end: usize,
    pub(super) outcome: Outcome,
}

pub(super) enum Outcome {
    /// Counted by its worker in `cell`; its stars at `slots` in the batch's arena, its profile
    /// values (when it counted any) at `profile` in the batch's other one.
    Counted {
        cell: CellKey,
        slots: usize,
        profile: Option<usize>,
    },
    /// Failed the field checks with the batch's `reasons[index]`.
    Failed(usize),
}

/// Where a record is in the file: its block's number and its number in the block (lines do not
/// order records: records ended by a lone `\r` share a line).
pub(super) type Position = (u64, u64);

/// One block's probes for one shard.
#[derive(Default)]
pub(super) struct ShardBatch {
    pub(super) ids: Vec<u8>,
    pub(super) probes: Vec<Probe>,
    pub(super) slots: Vec<u8>,
    /// The profile values of the records counted (see `push_values`).
    pub(super) profile: Vec<u8>,
    pub(super) reasons: Vec<RejectReason>,
}

/// One shard of the seen ids while the reader runs, and what its id checks found.
pub(super) struct ShardState {
    pub(super) ids: IdShard,
    /// The next block (by number) this shard takes; later blocks wait in `pending`.
    pub(super) next: u64,
    pub(super) pending: BTreeMap<u64, ShardBatch>,
    pub(super) accepted: u64,
    pub(super) rejected: Vec<(Position, Rejection)>,
    /// The stars of duplicates their workers counted, taken back out at the end.
    pub(super) retract: Cells,
    /// The profile columns read, and the duplicates' values their workers counted.
    pub(super) profile_columns: Vec<String>,
    pub(super) retract_profile: ProfileStore,
    /// Checked batches, emptied, to be filled again.
    pub(super) spare: Vec<ShardBatch>,
}

impl ShardState {
    pub(super) fn new(ids: IdShard, profile_columns: Vec<String>) -> Self {
        ShardState {
            ids,
            next: 0,
            pending: BTreeMap::new(),
            accepted: 0,
            rejected: Vec::new(),
            retract: Cells::default(),
            profile_columns,
            retract_profile: ProfileStore::default(),
            spare: Vec::new(),
        }
    }

    /// Takes block `seq`'s batch, and checks every batch whose turn has come, in block order.
    /// Returns an empty batch to fill next.
    pub(super) fn offer(&mut self, seq: u64, batch: ShardBatch, q: &Questionnaire) -> ShardBatch {
        if seq != self.next {
            self.pending.insert(seq, batch);
        } else {
            self.check(batch, q);
            self.next += 1;
            while let Some(batch) = self.pending.remove(&self.next) {
                self.check(batch, q);
                self.next += 1;
            }
        }
        self.spare.pop().unwrap_or_default()
    }

    /// Checks the batches still waiting (none, when every block was offered to every shard).
    pub(super) fn check_pending(&mut self, q: &Questionnaire) {
        for (_, batch) in std::mem::take(&mut self.pending) {
            self.check(batch, q);
        }
    }

    /// Checks a batch's ids in order, against the ids accepted before.
    pub(super) fn check(&mut self, mut batch: ShardBatch, q: &Questionnaire) {
        let items = q.item_count();
        let mut start = 0;
        for group in batch.probes.chunks(32) {
            // start the group's cache misses together
            let mut touched = 0;
            for p in group {
                touched ^= self.ids.touch(p.hash);
            }
            std::hint::black_box(touched);
            for p in group {
                let id = batch.ids.get(start..p.id_end).unwrap_or(&[]);
                start = p.id_end;
                let reason = match p.outcome {
                    Outcome::Counted {
                        cell,
                        slots,
                        profile,
                    } => {
                        match self.ids.admit(id, p.hash, p.line, Ok(())) {
                            Ok(()) => {
                                self.accepted += 1;
                                continue;
                            }
                            Err(reason) => {
                                let slots = batch.slots.get(slots..slots + items).unwrap_or(&[]);
                                // bounded by the records read: cannot overflow
                                let _ = self
                                    .retract
                                    .entry(cell)
                                    .or_insert_with(|| QuestionnaireTally::new(q))
                                    .record_slots(slots);
                                if let Some(profile) = profile {
                                    retract_values(
                                        &mut self.retract_profile,
                                        &self.profile_columns,
                                        &batch.profile,
                                        profile,
                                        cell,
                                    );
                                }
                                reason
                            }
                        }
                    }
                    Outcome::Failed(index) => {
                        let reason = batch
                            .reasons
                            .get_mut(index)
                            .map_or(RejectReason::NoAnswers, |r| {
                                std::mem::replace(r, RejectReason::NoAnswers)
                            });
                        match self.ids.admit::<()>(id, p.hash, p.line, Err(reason)) {
                            Err(reason) => reason,
                            Ok(()) => continue,
                        }
                    }
                };
                let response_id = String::from_utf8_lossy(id).into_owned();
                self.rejected.push((
                    p.at,
                    Rejection {
                        line: p.line,
                        response_id,
                        reason,
                    },
                ));
            }
        }
        batch.ids.clear();
        batch.probes.clear();
        batch.slots.clear();
        batch.profile.clear();
        batch.reasons.clear();
        self.spare.push(batch);
    }
}

/// Offers a block's batches to their shards (those another thread holds, after the others).
/// Each shard hands back an empty batch (with room) in exchange, for the worker's next block.
pub(super) fn offer_all(
    shards: &[Mutex<ShardState>],
    seq: u64,
    batches: &mut [ShardBatch],
    q: &Questionnaire,
) {
    let mut busy = Vec::new();
    for (shard, slot) in shards.iter().zip(batches.iter_mut()) {
        let batch = std::mem::take(slot);
        *slot = match shard.try_lock() {
            Ok(mut state) => state.offer(seq, batch, q),
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().offer(seq, batch, q),
            Err(std::sync::TryLockError::WouldBlock) => {
                busy.push((shard, slot, batch));
                continue;
            }
        };
    }
    for (shard, slot, batch) in busy {
        *slot = shard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .offer(seq, batch, q);
    }
}
