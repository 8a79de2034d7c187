//! The default catalog, templates and fonts, compiled into the binary so it works anywhere.
//! `--catalog DIR` and `--templates DIR` replace any of these files by name.

macro_rules! files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../", $dir, "/", $name)))),*]
    };
}

const CATALOG: &[(&str, &str)] = files!("catalog":
    "firm.toml", "models.toml", "tiers.toml", "processes.toml", "texts.toml", "pricing.toml", "effort.toml",
);

/// The embedded text of catalog file `name`.
pub fn catalog_file(name: &str) -> Option<&'static str> {
    CATALOG.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
