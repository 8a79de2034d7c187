//! Batch quoting: many intakes and scenario matrices, priced in parallel, one row each.

use crate::cli::BatchArgs;
use crate::diag::Result;
use std::path::Path;

pub fn run(_args: BatchArgs, _catalog: Option<&Path>, _color: bool) -> Result<i32> {
    Err(crate::diag::Error::Internal("batch is not implemented yet".into()))
}
