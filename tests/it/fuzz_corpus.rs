//! Replays the fuzz corpora on stable Rust: every input that ever found new behaviour must
//! still run without a panic. `fuzz/corpus/pipeline` holds intakes; `fuzz/corpus/overrides`
//! catalog files and templates; `fuzz/corpus/verify` files given to `verify` (see
//! `propose::fuzzing`). The inputs are shared out over every
//! core.

/// Runs every file of `fuzz/corpus/<name>` through `run`; the names of those that panicked.
fn replay(name: &str, run: fn(&[u8])) -> Vec<String> {
    let dir = crate::common::root().join("fuzz/corpus").join(name);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the {name} corpus is missing");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|path| {
                            let data = std::fs::read(path).unwrap();
                            std::panic::catch_unwind(|| run(&data)).is_err()
                        })
                        .map(|path| path.display().to_string())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn every_corpus_input_runs_without_panicking() {
    let panicked = replay("pipeline", propose::fuzzing::run);
    assert!(panicked.is_empty(), "these corpus inputs panicked: {panicked:?}");
}

#[test]
fn every_catalog_and_template_corpus_input_runs_without_panicking() {
    let panicked = replay("overrides", propose::fuzzing::run_overrides);
    assert!(panicked.is_empty(), "these corpus inputs panicked: {panicked:?}");
}

#[test]
fn every_verify_corpus_input_runs_without_panicking() {
    let panicked = replay("verify", propose::fuzzing::verify);
    assert!(panicked.is_empty(), "these corpus inputs panicked: {panicked:?}");
}
