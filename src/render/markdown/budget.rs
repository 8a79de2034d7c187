//! What one proposal's rendering may spend: bytes of Markdown, loop items, and sections
//! within sections. A template that loops over a list inside a list inside a list stops with
//! a located error instead of filling the memory or running for hours.
//!
//! The counters live in the rendering thread (helpers see no state of ours), reset by
//! [`Budget::start`] when a proposal's rendering begins; a rendering never changes thread.

use handlebars::{RenderError, RenderErrorReason};
use std::cell::Cell;

/// The most Markdown one proposal may come to: the largest shipped example is 30 KB.
pub(super) const MAX_OUTPUT: usize = 10 * 1024 * 1024;
/// The most list items all the `each` loops of one proposal may render together:
/// the largest shipped example renders fewer than 2,000.
pub(super) const MAX_ITEMS: u64 = 200_000;
/// The deepest `{{section}}` within `{{section}}` at render time. Cycles are refused before
/// rendering (see [`super::structure`]); this is the second line of defence.
pub(super) const MAX_DEPTH: usize = 32;

thread_local! {
    static ITEMS: Cell<u64> = const { Cell::new(0) };
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static SPENT: Cell<bool> = const { Cell::new(false) };
}

pub(super) struct Budget;

impl Budget {
    /// Starts a proposal's rendering with the whole budget.
    pub fn start() {
        ITEMS.with(|n| n.set(0));
        DEPTH.with(|d| d.set(0));
        SPENT.with(|s| s.set(false));
    }

    /// Whether the last rendering on this thread ran out of loop items or section depth.
    pub fn spent() -> bool {
        SPENT.with(Cell::get)
    }

    /// Counts `n` more loop items, or fails once the proposal's loops exceed [`MAX_ITEMS`].
    pub fn items(n: usize) -> Result<(), RenderError> {
        let total = ITEMS.with(|c| {
            let total = c.get().saturating_add(n as u64);
            c.set(total);
            total
        });
        if total > MAX_ITEMS {
            SPENT.with(|s| s.set(true));
            return Err(RenderErrorReason::Other(format!(
                "the template's loops render more than {MAX_ITEMS} list items; is a loop nested in another over the same list?"
            ))
            .into());
        }
        Ok(())
    }

    /// Runs `f` one section deeper, or fails past [`MAX_DEPTH`].
    pub fn deeper<T>(f: impl FnOnce() -> Result<T, RenderError>) -> Result<T, RenderError> {
        let depth = DEPTH.with(|d| d.get()) + 1;
        if depth > MAX_DEPTH {
            SPENT.with(|s| s.set(true));
            return Err(RenderErrorReason::Other(format!(
                "sections are nested more than {MAX_DEPTH} deep; does a section include itself?"
            ))
            .into());
        }
        DEPTH.with(|d| d.set(depth));
        let result = f();
        DEPTH.with(|d| d.set(depth - 1));
        result
    }
}

/// The Markdown being written, refused past [`MAX_OUTPUT`] bytes.
#[derive(Default)]
pub(super) struct Limited {
    pub bytes: Vec<u8>,
    pub exceeded: bool,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.exceeded = true;
            return Err(std::io::Error::other("the Markdown output budget is spent"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
