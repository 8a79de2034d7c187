//! The intake's JSON Schema, built from the catalog in use so its ids (tiers, scenarios,
//! processes, inventory items) are the ones `propose` accepts. Editors with Taplo / Even
//! Better TOML use it to complete and check intakes as they are typed.

use crate::catalog::{Catalog, ModelKind, Size};
use crate::intake::limits::*;
use crate::money::Locale;
use serde_json::{json, Value};

/// A single-line text: no control characters, no bidirectional embeddings, overrides or
/// isolates (as `intake::text` checks).
const SINGLE_LINE: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$";

/// A multi-line text: the same, but tabs and line breaks are allowed.
const MULTI_LINE: &str =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$";

pub fn intake_schema(c: &Catalog) -> Value {
    let ids = |v: Vec<&str>| json!(v);
    let scenarios = ids(c.model(ModelKind::Project).ideal_for.iter().map(|s| s.id.as_str()).collect());
    let processes = ids(c.processes.iter().map(|p| p.id.as_str()).collect());
    let tiers = ids(c.tiers.iter().map(|t| t.id.as_str()).collect());
    let currencies = ids(c.pricing.currencies.iter().map(|r| r.code.as_str()).collect());
    let locales = ids(Locale::ALL.iter().map(|(t, _)| *t).collect());
    let sizes = ids(Size::ALL.iter().map(|(t, _)| *t).collect());
    let phase_ids: Vec<&str> = c.processes.iter().flat_map(|p| p.phases.iter().map(|ph| ph.id.as_str())).collect();
    let items: serde_json::Map<String, Value> = c
        .pricing
        .managed
        .items
        .iter()
        .map(|i| {
            (i.id.clone(), json!({"type": "integer", "minimum": 0, "maximum": MAX_QUANTITY, "description": i.name}))
        })
        .collect();
    let number = |min: f64, max: f64, desc: &str| json!({"type": ["number", "string"], "minimum": min, "maximum": max, "description": desc});
    let date = |desc: &str| json!({"type": "string", "format": "date", "description": desc});
    // Texts: no control characters (multi-line ones may break lines and hold tabs), and no
    // bidirectional embeddings, overrides or isolates. `\uXXXX` reads the same in ECMA-262
    // (JSON Schema) and Rust regex (Taplo).
    let text = |desc: &str| json!({"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": SINGLE_LINE, "description": desc});
    let prose = |desc: &str| json!({"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": MULTI_LINE, "description": desc});
    let list = |max: usize, desc: &str| json!({"type": "array", "maxItems": max, "items": prose(desc)});
    let short = |desc: &str, max: usize| json!({"type": "string", "minLength": 1, "maxLength": max, "pattern": SINGLE_LINE, "description": desc});
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://catdev.example/propose/intake.schema.json",
        "title": "propose intake",
        "description": "A client intake for `propose`: the proposal's facts, the client, and the engagements proposed.",
        "type": "object",
        "additionalProperties": false,
        "required": ["proposal", "client", "engagement"],
        "properties": {
            "objectives": list(MAX_ENTRIES, "A client objective, quoted in the executive summary."),
            "assumptions": list(MAX_ENTRIES, "An assumption the proposal rests on."),
            "exclusions": list(MAX_ENTRIES, "Something out of scope."),
            "holidays": {"type": "array", "items": date("A day the business-day calendar skips."), "maxItems": MAX_HOLIDAYS},
            "proposal": {
                "type": "object",
                "additionalProperties": false,
                "required": ["number", "date"],
                "properties": {
                    "number": {"type": "string", "minLength": 1, "maxLength": MAX_FILE_STEM, "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$", "description": format!("The proposal number; names the output files: ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit; with `-` and the revision, at most {MAX_FILE_STEM} characters; not a Windows device name (CON, NUL, COM1, ...).")},
                    "date": date("The proposal date (the document date of every output)."),
                    "title": short("The document title.", MAX_TITLE),
                    "valid_days": {"type": "integer", "minimum": 1, "maximum": 365, "description": "Calendar days the proposal stays valid."},
                    "currency": {"enum": currencies, "description": "ISO 4217 code."},
                    "tax": number(0.0, 100.0, "Tax rate in percent."),
                    "tax_label": text("What the tax is called, e.g. VAT."),
                    "locale": {"enum": locales},
                    "prepared_by": short("Who prepared the proposal.", MAX_NAME),
                    "revision": {"type": "string", "pattern": "^r[1-9][0-9]{0,3}$", "description": "The revision the client holds: r1, r2, ..."},
                    "logo": {"type": "string", "pattern": "(?i)\\.(png|jpe?g)$", "description": format!("PNG or JPEG for the PDF cover, relative to the intake; at most {} MiB and {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE} pixels.", MAX_LOGO_BYTES / (1024 * 1024))},
                    "accent": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$", "description": "PDF accent colour."},
                    "fonts": {"type": "array", "maxItems": MAX_FONTS, "items": {"type": "string", "pattern": "(?i)\\.(ttf|otf|ttc|otc)$"}, "description": "Font files for characters the embedded Liberation Sans lacks (Japanese, Arabic, ...), relative to the intake, tried in order after `--font` and the catalog's fonts."}
                }
            },
            "client": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {
                    "name": short("The client's name.", MAX_NAME),
                    "contact": text("The contact person."),
                    "email": text("The contact's email."),
                    "address": prose("Postal address."),
                    "industry": text("The client's industry.")
                }
            },
            "engagement": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ENGAGEMENTS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["model"],
                    "properties": {
                        "model": {"enum": ["project", "advisory", "managed"]},
                        "title": short("A title in place of the scenario's or model's.", MAX_NAME),
                        "why": prose("Why this engagement fits, in your words."),
                        "start": {"anyOf": [date("Start date."), {"const": "after-previous"}]},
                        "pricing": {"enum": ["fixed", "time-and-materials", "tm"], "description": "Project pricing."},
                        "scenario": {"enum": scenarios, "description": "Project scenario."},
                        "size": {"enum": sizes},
                        "process": {"enum": processes},
                        "phases": {
                            "type": "object",
                            "propertyNames": {"enum": phase_ids},
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": false,
                                "properties": {"scale": number(0.0, 10.0, "Factor on the phase's effort."), "skip": {"type": "boolean"}}
                            }
                        },
                        "hours": number(0.0, f64::from(MAX_HOURS), "Advisory: included hours a month."),
                        "months": {"type": "integer", "minimum": 1, "maximum": MAX_MONTHS, "description": "Advisory: expected months; managed: the term."},
                        "tier": {"enum": tiers, "description": "Managed services SLA tier."},
                        "inventory": {"type": "object", "additionalProperties": false, "properties": items}
                    },
                    "allOf": [
                        {"if": {"properties": {"model": {"const": "project"}}}, "then": {"required": ["scenario"]}},
                        {"if": {"properties": {"model": {"const": "advisory"}}}, "then": {"required": ["hours", "months"]}},
                        {"if": {"properties": {"model": {"const": "managed"}}}, "then": {"required": ["tier", "months", "inventory"]}}
                    ]
                }
            },
            "option": {
                "type": "array",
                "minItems": 2,
                "maxItems": MAX_OPTIONS,
                "description": "Alternatives offered side by side; exactly one is recommended.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name"],
                    "properties": {
                        "name": text("The option's name, e.g. Good, Better, Best."),
                        "recommended": {"type": "boolean"},
                        "description": prose("One sentence on what sets this option apart."),
                        "set": {
                            "type": "object",
                            "maxProperties": MAX_OPTION_SETS,
                            "propertyNames": {"pattern": "^(engagement|discount)([.\\[]|$)"},
                            "description": "Overrides of the intake's engagements and discounts by path, e.g. \"engagement[1].tier\" = \"24x7-premium\"."
                        }
                    }
                }
            },
            "discount": {
                "type": "array",
                "maxItems": MAX_DISCOUNTS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "label": text("How the discount is named."),
                        "percent": number(0.0, 99.0, "Percent off."),
                        "amount": number(0.0, MAX_AMOUNT as f64, "Amount off one-time fees."),
                        "applies_to": {"enum": ["one-time", "monthly", "all"]}
                    },
                    "oneOf": [{"required": ["percent"]}, {"required": ["amount"]}]
                }
            }
        }
    })
}
