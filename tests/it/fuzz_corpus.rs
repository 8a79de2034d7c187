//! Replays the fuzz corpora (`fuzz/corpus/pipeline`, `fuzz/corpus/verify`) on stable Rust:
//! every input that ever found new behaviour must still run without a panic. The inputs are
//! shared out over every core.

use std::path::Path;

#[test]
fn every_pipeline_corpus_input_runs_without_panicking() {
    replay("fuzz/corpus/pipeline", propose::fuzzing::run);
}

#[test]
fn every_verify_corpus_input_runs_without_panicking() {
    replay("fuzz/corpus/verify", propose::fuzzing::verify);
}

/// Runs `target` on every file in `dir` (relative to the repository root), failing with
/// the inputs that panicked.
fn replay(dir: &str, target: fn(&[u8])) {
    let dir = crate::common::root().join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus {} is missing", dir.display());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads);
    let panicked: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|path: &&std::path::PathBuf| {
                            let data = std::fs::read(Path::new(path)).unwrap();
                            std::panic::catch_unwind(|| target(&data)).is_err()
                        })
                        .map(|path| path.display().to_string())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(panicked.is_empty(), "these corpus inputs panicked: {panicked:?}");
}
