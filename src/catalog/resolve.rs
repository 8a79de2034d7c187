//! The catalog's by-name references turned into indices once it is checked: the advisory
//! role, the size factors, the effort tables and the firm's place. Pricing and the intake's
//! checks read these and never look a name up.

use super::types::*;
use super::values::Factor;
use crate::diag::{Error, Result};
use rust_decimal::Decimal;

/// What the checker resolved. Only a checked catalog has one; the default is never read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub advisory_role: RoleId,
    /// Indexed by `Size as usize`.
    pub sizes: [Factor; 3],
    /// One slot per (scenario, process): `scenario × processes + process`.
    effort: Vec<Option<EffortTable>>,
    processes: usize,
    /// `firm.country` read: every intake's tax starts from it, and reading it for each was
    /// 2,600 instructions of a batch scenario's 136,000 (callgrind, 2026-12-01).
    pub firm_place: Option<crate::calendar::Place>,
}

impl Resolved {
    pub fn effort(&self, scenario: ScenarioId, process: ProcessId) -> Option<&EffortTable> {
        self.effort.get(scenario.0 * self.processes + process.0)?.as_ref()
    }
}

/// A project's medium-size effort: hours for every phase of its process and every role on
/// the rate card (zero where the catalog gives none).
#[derive(Debug, Clone)]
pub struct EffortTable {
    roles: usize,
    /// `phase × roles + role`.
    hours: Vec<Decimal>,
}

impl EffortTable {
    /// The hours of `role` in phase `phase` (an index into the process's phases).
    pub fn hours(&self, phase: usize, role: RoleId) -> Decimal {
        self.hours.get(phase * self.roles + role.0).copied().unwrap_or_default()
    }
}

/// Resolves a catalog the checker found no fault in; a name that does not resolve is a bug.
pub(super) fn resolve(cat: &Catalog) -> Result<Resolved> {
    let missing = |what: &str, name: &str| Error::Internal(format!("checked catalog has no {what} `{name}`"));
    let advisory = &cat.pricing.advisory.role;
    let advisory_role = cat.role_id(advisory).ok_or_else(|| missing("role", advisory))?;
    let mut sizes = [Factor::default(); 3];
    for (name, size) in Size::ALL {
        sizes[size as usize] = *cat.pricing.sizes.get(name).ok_or_else(|| missing("size", name))?;
    }
    // The checker has read the firm's country; an unchecked (embedded) catalog's reads alike.
    let firm_place = cat.firm.country.as_deref().and_then(|c| crate::calendar::Place::parse(c).ok());
    let scenarios = cat.model(ModelKind::Project).ideal_for.len();
    let processes = cat.processes.len();
    let mut effort = vec![None; scenarios * processes];
    for e in &cat.effort {
        let scenario = cat.scenario_id(&e.scenario).ok_or_else(|| missing("scenario", &e.scenario))?;
        let process = cat.process_id(&e.process).ok_or_else(|| missing("process", &e.process))?;
        let phases = &cat.process(process).phases;
        let roles = cat.pricing.roles.len();
        let mut hours = vec![Decimal::ZERO; phases.len() * roles];
        for (phase, by_role) in &e.hours {
            let p = phases.iter().position(|p| &p.id == phase).ok_or_else(|| missing("phase", phase))?;
            for (role, h) in by_role {
                let r = cat.role_id(role).ok_or_else(|| missing("role", role))?;
                hours[p * roles + r.0] = h.get();
            }
        }
        effort[scenario.0 * processes + process.0] = Some(EffortTable { roles, hours });
    }
    Ok(Resolved { advisory_role, sizes, effort, processes, firm_place })
}
