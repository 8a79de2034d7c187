//! Live preview (`propose watch`): which changed files call for a new render, the one line
//! printed after each render, and the loopback server of `--serve`. The command layer
//! (`src/cmd/watch.rs`) runs the loop and renders as `render` does.

pub mod inputs;
pub mod line;
pub mod serve;
