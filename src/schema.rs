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
    // A project's scenario, or a retainer's focus.
    let scenarios = ids([ModelKind::Project, ModelKind::Advisory]
        .iter()
        .flat_map(|m| c.model(*m).ideal_for.iter().map(|s| s.id.as_str()))
        .collect());
    let processes = ids(c.processes.iter().map(|p| p.id.as_str()).collect());
    let tiers = ids(c.tiers.iter().map(|t| t.id.as_str()).collect());
    let currencies = ids(c.pricing.currencies.iter().map(|r| r.code.as_str()).collect());
    let locales = ids(Locale::all().iter().map(|(t, _)| *t).collect());
    let languages = ids(crate::locale::Language::all().iter().map(|(c, _)| *c).collect());
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
    let countries: Vec<&str> = crate::calendar::countries().iter().map(|c| c.code).collect();
    let place = |desc: &str| json!({"type": "string", "pattern": format!("^(?i)({})(-[A-Z0-9]{{1,3}})?$", countries.join("|")), "description": desc});
    let tax_ids = format!(
        "The client's VAT/GST ID, checked against its country's format: {}.",
        c.tax_ids
            .tax_id
            .iter()
            .map(|f| format!("{} {} (e.g. {})", f.country, f.name, f.example))
            .collect::<Vec<_>>()
            .join("; ")
    );
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
            "objectives": {"type": "array", "maxItems": MAX_ENTRIES, "items": {"oneOf": [
                prose("A client objective, quoted in the summary."),
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text"],
                    "description": "A client objective and what delivers it: the summary shows each with the phase that meets it and its date.",
                    "properties": {
                        "text": prose("The objective."),
                        "by": {"type": "array", "items": {"type": "string", "pattern": "^([1-9][0-9]?(:[a-z0-9-]+)?|[a-z0-9-]+)$"}, "description": "Phases by id (`deployment`, or `2:deployment` for engagement 2's), or whole engagements by number (`2`)."}
                    }
                }
            ]}},
            "assumptions": list(MAX_ENTRIES, "An assumption the proposal rests on."),
            "exclusions": list(MAX_ENTRIES, "Something out of scope."),
            "terms": {
                "type": "object",
                "additionalProperties": false,
                "description": "This proposal's contract terms: the catalog's parameters it sets, and clauses of its own.",
                "properties": {
                    "governing_law": text("Whose law governs the agreement, e.g. `England and Wales`."),
                    "venue": text("The courts with jurisdiction, e.g. `the courts of London`."),
                    "payment_days": {"type": "integer", "minimum": 1, "maximum": MAX_PAYMENT_DAYS, "description": "Days an invoice is payable in."},
                    "clause": {"type": "array", "maxItems": MAX_CLAUSES, "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["title", "text"],
                        "properties": {"title": short("The clause's title.", MAX_TITLE), "text": prose("The clause.")}
                    }}
                }
            },
            "holidays": {
                "description": "The client's own non-working days (added to the calendar's public holidays), `false` to turn the public holidays off, or a table of both.",
                "anyOf": [
                    {"type": "array", "items": date("A day the business-day calendar skips."), "maxItems": MAX_HOLIDAYS},
                    {"type": "boolean"},
                    {"type": "object", "additionalProperties": false, "properties": {
                        "public": {"type": "boolean", "description": "Whether the calendar's public holidays count."},
                        "extra": {"type": "array", "items": date("A day the business-day calendar skips."), "maxItems": MAX_HOLIDAYS}
                    }}
                ]
            },
            "calendar": place("The place whose calendar (weekends and public holidays) the schedule uses, if not the client's country: `GB-ENG`."),
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
                    "tax": number(0.0, 100.0, "Tax rate in percent, overriding the tax rule (with `tax_reason`)."),
                    "tax_label": text("What the tax is called, e.g. VAT."),
                    "tax_reason": prose("Why `tax` overrides the tax rule; printed on the proposal (required when the client has a country)."),
                    "withholding": number(0.0, 100.0, "The client's withholding tax in percent, overriding the catalog's (with `withholding_reason`)."),
                    "withholding_reason": prose("Why `withholding` is set, e.g. a tax treaty; printed on the proposal."),
                    "locale": {"enum": locales, "description": "The client's locale: how amounts and dates are written in its language, and the language unless `language` is given."},
                    "language": {"enum": languages, "description": "The language every sentence is written in (default: the locale's)."},
                    "prepared_by": short("Who leads the work, by name alone (or give `consultant`, not both).", MAX_NAME),
                    "consultant": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["name"],
                        "description": "Who leads the work, named on the cover and in the next steps.",
                        "properties": {
                            "name": short("The consultant's name.", MAX_NAME),
                            "title": short("Their job title.", MAX_NAME),
                            "email": short("Their email address (the firm's when absent).", MAX_NAME),
                            "phone": short("Their phone number.", MAX_NAME)
                        }
                    },
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
                    "contact": text("The contact person: a name (`Yuki Tanaka`), or a name and role as one text (`Yuki Tanaka, Head of IT`)."),
                    "contact_title": text("The contact's title or role, written apart from the name (`Head of IT`): each language addresses the contact with both (`Yuki Tanaka, Head of IT`; `Head of IT Yuki Tanaka 様`). Needs `contact`."),
                    "email": text("The contact's email."),
                    "address": prose("Postal address."),
                    "industry": text("The client's industry."),
                    "country": place("Where the client is: ISO 3166-1 alpha-2, optionally with its ISO 3166-2 subdivision (`DE`, `CA-QC`). It chooses the tax rule and the calendar."),
                    "kind": {"enum": ["business", "consumer", "public"], "description": "What kind of client this is, for the tax rules (default business)."},
                    "tax_id": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": SINGLE_LINE, "description": tax_ids}
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
                        "not_to_exceed": {"anyOf": [number(0.0, MAX_AMOUNT as f64, "Time and materials: the cap on its invoices, after discount and tax, in the proposal currency."), {"type": "string"}]},
                        "scenario": {"enum": scenarios, "description": "A project's scenario, or a retainer's focus (the advisory model's `ideal_for`)."},
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
                        "label": text("How the discount is named; without it, the catalog's word for a discount in the proposal's language."),
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
