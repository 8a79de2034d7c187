#[test]
fn loads() { match propose::catalog::Catalog::embedded() { Ok(c) => {
    for t in &c.tiers { println!("{} {:?}", t.id, t.all_includes); }
    println!("models {} processes {} effort {} roles {}", c.models.len(), c.processes.len(), c.effort.len(), c.pricing.roles.len());
}, Err(e) => panic!("{}", e.render(false)) } }
