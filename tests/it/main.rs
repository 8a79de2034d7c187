//! The integration tests, one binary (as ripgrep and just do): each module tests one
//! capability, through the binary or the library; `common` holds what they share.

mod bad_intakes;
mod batch;
mod billing;
mod calendar;
mod catalog_bounds;
mod closed_stdout;
mod common;
mod ecosystem;
mod editions;
mod examples;
mod fonts;
mod fuzz_corpus;
mod hardening;
mod languages;
mod layout;
mod markdown;
mod mutations;
mod options;
mod order_form;
mod output_sets;
mod overrides;
mod payment_plan;
mod pdf;
mod pdf_limits;
mod policy;
mod properties;
mod rates;
mod readme;
mod set;
mod strings;
mod tax;
mod terms;
mod toml_suite;
mod typography;
mod verify;
