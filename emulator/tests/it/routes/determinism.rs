//! The core is a pure function of state, settings, clock and request: the same requests at the
//! same times give identical answers, and state survives a serde round trip mid-operation.

use super::*;

// ---------------------------------------------------------------- determinism, persistence

fn walkthrough(e: &mut Emu) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    out.push((r.status, r.body.clone()));
    for p in e.finish(&r) {
        out.push((p.status, p.body));
    }
    let g = e.get(&cluster_path("rg", "c1"));
    out.push((g.status, g.body));
    out
}

#[test]
fn same_requests_at_same_times_give_identical_answers() {
    let (mut a, mut b) = (Emu::new(), Emu::new());
    assert_eq!(walkthrough(&mut a), walkthrough(&mut b));
}

#[test]
fn state_survives_a_serde_round_trip_mid_operation() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    let saved = serde_json::to_string(&e.state).unwrap();
    e.state = serde_json::from_str(&saved).unwrap();
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 2);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Succeeded"
    );
}
