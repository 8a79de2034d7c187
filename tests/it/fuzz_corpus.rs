//! Replays the fuzz corpus (`fuzz/corpus/pipeline`) through the whole pipeline on stable
//! Rust: every input that ever found new behaviour must still run without a panic. The
//! inputs are shared out over every core.

#[test]
fn every_corpus_input_runs_without_panicking() {
    let dir = crate::common::root().join("fuzz/corpus/pipeline");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is missing");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads);
    let panicked: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|path| {
                            let data = std::fs::read(path).unwrap();
                            std::panic::catch_unwind(|| propose::fuzzing::run(&data)).is_err()
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
