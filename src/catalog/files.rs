// The catalog's file lists, shared with build.rs (which `include!`s this file, so it holds
// nothing but these constants).

/// The catalog's files, each holding one part; a `--catalog DIR` may replace any of them.
pub const FILES: [&str; 11] = [
    "firm.toml",
    "models.toml",
    "tiers.toml",
    "processes.toml",
    "scenarios.toml",
    "texts.toml",
    "pricing.toml",
    "effort.toml",
    "tax.toml",
    "tax-ids.toml",
    "terms.toml",
];

/// The catalog files that hold texts a client reads, in the order a translation applies.
pub const TEXT_FILES: [&str; 9] = [
    "firm.toml",
    "models.toml",
    "tiers.toml",
    "processes.toml",
    "scenarios.toml",
    "texts.toml",
    "terms.toml",
    "pricing.toml",
    "tax.toml",
];
