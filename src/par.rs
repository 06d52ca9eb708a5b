//! Mapping a slice on a few scoped threads, in order (for the per-unit work of reports).

use std::num::NonZeroUsize;

/// [`std::thread::available_parallelism`] (1 if unknown), asked once per process: on Linux each
/// call reads the cgroup files, which costs more than reading a small file of responses.
pub(crate) fn available() -> NonZeroUsize {
    static THREADS: std::sync::OnceLock<NonZeroUsize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
}

/// `items.iter().map(f).collect()`, with the slice cut into `threads` contiguous runs mapped at
/// the same time; the result is in item order, the same for any number of threads. A run whose
/// thread cannot be started is mapped on the calling thread.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    threads: NonZeroUsize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let runs = threads.get().min(items.len());
    if runs <= 1 {
        return items.iter().map(f).collect();
    }
    let size = items.len().div_ceil(runs);
    let f = &f;
    std::thread::scope(|scope| {
        let mut chunks = items.chunks(size);
        let first = chunks.next().unwrap_or(&[]);
        let handles: Vec<_> = chunks
            .map(|chunk| {
                let spawned = std::thread::Builder::new()
                    .spawn_scoped(scope, move || chunk.iter().map(f).collect::<Vec<R>>());
                (chunk, spawned.ok())
            })
            .collect();
        let mut out: Vec<R> = first.iter().map(f).collect();
        for (chunk, handle) in handles {
            match handle.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(part)) => out.extend(part),
                // not started (or failed, which `f` cannot do without panicking): map it here
                _ => out.extend(chunk.iter().map(f)),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

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
}
