//! Scoped parallel work, the one way the crate uses threads: a slice mapped on a few threads in
//! order ([`map`]), and workers fed through a bounded queue ([`feed`]). A panic on any thread is
//! raised again on the caller once every thread has stopped: a call never returns the results of
//! the threads that happened to survive.

use std::num::NonZeroUsize;
use std::sync::atomic::AtomicUsize;
#[cfg(feature = "csv")]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(feature = "csv")]
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{Scope, ScopedJoinHandle};

/// [`std::thread::available_parallelism`] (1 if unknown), asked once per process: on Linux each
/// call reads the cgroup files, which costs more than reading a small file of responses.
pub(crate) fn available() -> NonZeroUsize {
    static THREADS: std::sync::OnceLock<NonZeroUsize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
}

/// The most threads one call starts: a thread's stack is set up inside the new thread, where a
/// failure aborts the process rather than returning an error, and 20,000 of them do fail.
pub(crate) const MAX_THREADS: usize = 256;

/// The result of a scoped thread, its panic raised again here.
fn join<R>(handle: ScopedJoinHandle<'_, R>) -> R {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Starts `f` on a scoped thread, or `None` when the system cannot start one.
fn spawn<'scope, R: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> R + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, R>> {
    std::thread::Builder::new().spawn_scoped(scope, f).ok()
}

/// `items.iter().map(f).collect()` on up to `threads` threads (at most [`MAX_THREADS`]) at the same time, each taking the
/// next unmapped item until none is left (items of very different cost, such as a ministry and
/// its smallest office, keep every thread busy); the result is in item order, the same for any
/// number of threads. When a thread cannot be started, the others map its share.
///
/// # Panics
///
/// When `f` panics, on whichever thread.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    threads: NonZeroUsize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let runs = threads.get().min(items.len()).min(MAX_THREADS);
    if runs <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..runs).filter_map(|_| spawn(scope, work)).collect();
        let mut pieces = vec![work()];
        pieces.extend(handles.into_iter().map(join));
        let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
        for (i, r) in pieces.into_iter().flatten() {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(r);
            }
        }
        slots.into_iter().flatten().collect()
    })
}

/// The jobs a worker of [`feed`] takes, one at a time, until the feeder is done.
#[cfg(feature = "csv")]
pub(crate) struct Jobs<J> {
    queue: Arc<Mutex<mpsc::Receiver<J>>>,
}

#[cfg(feature = "csv")]
impl<J> Iterator for Jobs<J> {
    type Item = J;

    fn next(&mut self) -> Option<J> {
        // a worker that panicked while it held the lock cannot have left a job half taken
        let queue = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        queue.recv().ok()
    }
}

/// Set when a worker of [`feed`] unwinds, so that the feeder stops handing out jobs.
#[cfg(feature = "csv")]
struct Alarm<'a>(&'a AtomicBool);

#[cfg(feature = "csv")]
impl Drop for Alarm<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// `threads` workers (at most [`MAX_THREADS`]), each running `work` over the jobs that `feed` (on the calling thread)
/// hands to its sender through a queue of `queue` jobs; returns what `feed` returned and each
/// worker's result. The sender's `send` fails once a worker has panicked or none is left to
/// take a job, so a feeder stops at once and never waits on workers that died. Workers that
/// cannot be started are left out (the jobs go to the others); when none can start, `None`,
/// and neither `work` nor `feed` has run (the caller does the work on its own thread).
///
/// # Panics
///
/// When a worker panics: once every thread has stopped, the first panic is raised again here.
#[cfg(feature = "csv")]
pub(crate) fn feed<J: Send, R: Send, T>(
    threads: NonZeroUsize,
    queue: usize,
    work: impl Fn(Jobs<J>) -> R + Sync,
    feed: impl FnOnce(&dyn Fn(J) -> bool) -> T,
) -> Option<(T, Vec<R>)> {
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<J>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let (work, failed) = (&work, &failed);
        let handles: Vec<_> = (0..threads.get().min(MAX_THREADS))
            .filter_map(|_| {
                let jobs = Jobs {
                    queue: Arc::clone(&rx),
                };
                spawn(scope, move || {
                    let _alarm = Alarm(failed);
                    work(jobs)
                })
            })
            .collect();
        if handles.is_empty() {
            return None;
        }
        // the workers hold the only receivers: when the last one stops, `send` fails
        drop(rx);
        let fed = feed(&|job| !failed.load(Ordering::Relaxed) && tx.send(job).is_ok());
        drop(tx);
        let results = handles.into_iter().map(join).collect();
        Some((fed, results))
    })
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;
    use std::panic::catch_unwind;

    #[test]
    fn same_as_a_sequential_map_for_any_thread_count() {
        let items: Vec<u64> = (0..103).collect();
        let want: Vec<u64> = items.iter().map(|x| x * x + 1).collect();
        for threads in [1, 2, 3, 8, 200] {
            let threads = NonZeroUsize::new(threads).unwrap();
            assert_eq!(super::map(&items, threads, |x| x * x + 1), want);
        }
        assert!(super::map(&[] as &[u64], NonZeroUsize::MIN, |x| *x).is_empty());
    }

    /// 20,000 threads asked for abort the process if started (their stacks fail inside the new
    /// threads); at most `MAX_THREADS` are started, and the work is all done.
    #[test]
    fn a_huge_thread_count_is_capped() {
        let items: Vec<u64> = (0..1_000).collect();
        let threads = NonZeroUsize::new(20_000).unwrap();
        let want: Vec<u64> = items.iter().map(|x| x + 1).collect();
        assert_eq!(super::map(&items, threads, |x| x + 1), want);
    }

    #[test]
    fn a_panic_in_a_mapping_thread_reaches_the_caller_and_nothing_is_mapped_twice() {
        let items: Vec<u64> = (0..100).collect();
        for threads in [1, 2, 4] {
            let threads = NonZeroUsize::new(threads).unwrap();
            let calls = std::sync::atomic::AtomicUsize::new(0);
            // item 99 is in the last run: on a spawned thread when there are several
            let got = catch_unwind(|| {
                super::map(&items, threads, |&x| {
                    calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    assert!(x != 99, "injected");
                    x
                })
            });
            let message = got
                .expect_err("a result")
                .downcast::<&str>()
                .expect("a message");
            assert_eq!(*message, "injected");
            // the failed run is not mapped again on the calling thread
            assert!(calls.into_inner() <= items.len(), "{threads} threads");
        }
    }

    #[test]
    #[cfg(feature = "csv")]
    fn fed_workers_take_every_job_once() {
        for threads in [1, 2, 5] {
            let threads = NonZeroUsize::new(threads).unwrap();
            let (fed, sums) = super::feed(
                threads,
                2,
                |jobs| jobs.sum::<u64>(),
                |send| (1..=1000u64).filter(|&j| send(j)).count(),
            )
            .expect("threads start");
            assert_eq!(fed, 1000);
            assert_eq!(sums.len(), threads.get());
            assert_eq!(sums.iter().sum::<u64>(), 500_500);
        }
    }

    #[test]
    #[cfg(feature = "csv")]
    fn a_panicking_worker_makes_the_call_panic_and_never_blocks_the_feeder() {
        for (threads, bad) in [(1, 1), (2, 1), (2, 2), (4, 3)] {
            let threads = NonZeroUsize::new(threads).unwrap();
            let seen = std::sync::atomic::AtomicUsize::new(0);
            let got = catch_unwind(std::panic::AssertUnwindSafe(|| {
                super::feed(
                    threads,
                    1,
                    |jobs| {
                        // the first `bad` workers to start die at once; when all do, the
                        // feeder's `send` fails instead of waiting
                        let me = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        assert!(me >= bad, "injected");
                        jobs.sum::<u64>()
                    },
                    |send| {
                        let fed = (0..10_000u64).take_while(|&j| send(j)).count();
                        // a panic stops the feeder long before the end
                        assert!(fed < 10_000, "fed {fed} jobs past a panic");
                        fed
                    },
                )
            }));
            let message = got
                .expect_err("a result")
                .downcast::<&str>()
                .expect("a message");
            assert_eq!(*message, "injected", "{threads} threads, {bad} panicking");
        }
    }
}
