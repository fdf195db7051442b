//! Typed group notices (issue #8): the notice is a value with typed fields, JSON carries
//! a `kind` tag and a `message` beside them and reads back, and ids live in typed fields
//! only (no `#p` markers in any text).

use peermatch::cohort::generate::{generate, GeneratorConfig};
use peermatch::compat::{CandidateMode, Policy};
use peermatch::graph::CompatibilityGraph;
use peermatch::groups::{
    form_groups, form_groups_scores, GroupNotice, GroupOptions, GroupPlan, Participant,
};

/// Participant 0 has only infeasible pairs; everybody else is compatible.
fn isolated_plan() -> GroupPlan {
    let score = |a: usize, _b: usize| if a == 0 { None } else { Some(10) };
    let schools = vec![0; 8];
    let opts = GroupOptions {
        school_mix_weight: 0,
        ..GroupOptions::default()
    };
    form_groups_scores(8, score, &schools, &opts).unwrap()
}

#[test]
fn isolated_participant_gets_a_typed_notice() {
    let plan = isolated_plan();
    let g = plan.groups.iter().find(|g| g.members.contains(&0)).unwrap();
    let expected = GroupNotice::NoFeasiblePartner {
        member: Participant { index: 0, id: None },
        group: Participant {
            index: g.members[0],
            id: None,
        },
    };
    // Exactly the members whose every in-group pair is infeasible are named: only 0.
    assert_eq!(plan.notices, vec![expected.clone()]);
    assert_eq!(
        expected.to_string(),
        "participant 0 has no feasible partner in their group (participant 0, …)"
    );
    assert!(!expected.to_string().contains("#p"));
}

#[test]
fn json_has_kind_fields_and_message_and_reads_back() {
    let plan = isolated_plan();
    let text = serde_json::to_string(&plan).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let n = &v["notices"][0];
    assert_eq!(n["kind"], "NoFeasiblePartner");
    assert_eq!(n["member"]["index"], 0);
    assert_eq!(n["message"], plan.notices[0].to_string());
    let back: GroupPlan = serde_json::from_str(&text).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn iteration_cap_notice_round_trips() {
    let n = 60;
    let w = |a: usize, b: usize| Some(((a * 7919 + b * 104_729) % 97) as i64);
    let schools: Vec<usize> = (0..n).map(|i| i % 7).collect();
    let o = GroupOptions {
        max_iterations: 1,
        ..GroupOptions::default()
    };
    let plan = form_groups_scores(n, w, &schools, &o).unwrap();
    assert_eq!(
        plan.notices,
        vec![GroupNotice::IterationCap { max_iterations: 1 }]
    );
    let back: GroupPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert_eq!(back.notices, plan.notices);
}

#[test]
fn graph_notices_name_teachers_by_id_in_typed_fields() {
    let cohort = generate(&GeneratorConfig::city(30, 2));
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::TopK { k: 1 })
        .unwrap();
    let plan = form_groups(&g, &GroupOptions::default()).unwrap();
    assert!(plan.notices.contains(&GroupNotice::InexactGraph {
        mode: CandidateMode::TopK { k: 1 }
    }));
    let mut named = 0;
    for note in &plan.notices {
        if let GroupNotice::NoFeasiblePartner { member, group } = note {
            named += 1;
            // Independent check: the member's in-group pairs are all non-edges.
            let grp = plan
                .groups
                .iter()
                .find(|x| x.members.contains(&member.index))
                .unwrap();
            assert_eq!(grp.members[0], group.index);
            for &b in &grp.members {
                assert!(
                    !g.edges()
                        .any(|(x, y, _)| (x, y) == (member.index.min(b), member.index.max(b))),
                    "{} has an edge to {b} in its group",
                    member.index
                );
            }
            assert_eq!(member.id.as_deref(), Some(g.teacher_id(member.index)));
            assert_eq!(group.id.as_deref(), Some(g.teacher_id(group.index)));
            let text = note.to_string();
            assert!(text.starts_with(g.teacher_id(member.index)), "{text}");
            assert!(!text.contains("#p") && !text.contains("participant "));
        }
    }
    // With one kept partner per teacher, some member has no edge inside its group.
    assert!(named > 0, "{:?}", plan.notices);
    // Renaming touches the typed ids only.
    let mut renamed = plan.notices.clone();
    for n in &mut renamed {
        n.rename(&|id| format!("X-{id}"));
    }
    for (a, b) in plan.notices.iter().zip(&renamed) {
        if let (
            GroupNotice::NoFeasiblePartner { member: m, .. },
            GroupNotice::NoFeasiblePartner { member: r, .. },
        ) = (a, b)
        {
            assert_eq!(r.id, m.id.as_ref().map(|i| format!("X-{i}")));
            assert_eq!(r.index, m.index);
        } else {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn long_travel_advice_round_trips_and_keeps_ids_in_display() {
    let mut plan = isolated_plan();
    let n = GroupNotice::LongTravel {
        group: 1,
        member: Participant {
            index: 11,
            id: Some("T12".into()),
        },
        minutes: 98,
        venue: "S01".into(),
        threshold_minutes: 45,
    };
    plan.notices.push(n.clone());
    let v = serde_json::to_value(&plan).unwrap();
    let last = v["notices"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "LongTravel");
    assert_eq!(last["minutes"], 98);
    assert_eq!(last["threshold_minutes"], 45);
    assert_eq!(last["message"], n.to_string());
    assert_eq!(
        n.to_string(),
        "T12 travels 98 minutes one way to the venue of Group 2 (S01), more than 45 minutes"
    );
    let back: GroupPlan = serde_json::from_value(v).unwrap();
    assert_eq!(back.notices, plan.notices);
    let mut renamed = n.clone();
    renamed.rename(&|id| format!("X-{id}"));
    assert_eq!(
        renamed.participants()[0].id.as_deref(),
        Some("X-T12"),
        "{renamed:?}"
    );
}

/// The coordinator's words number the group that holds the participant (looked up here
/// in the plan), while `Display` and `named` keep their words.
#[test]
fn coordinator_words_number_the_group_holding_the_member() {
    use peermatch::groups::notice::Wording;
    let plan = isolated_plan();
    let teacher = |p: &Participant| format!("P{}", p.index);
    let school = |s: &str| s.to_string();
    let words = Wording {
        teacher: &teacher,
        school: &school,
        groups: &plan.groups,
    };
    for n in &plan.notices {
        let GroupNotice::NoFeasiblePartner { member, .. } = n else {
            continue;
        };
        let g = plan
            .groups
            .iter()
            .position(|g| g.members.contains(&member.index))
            .unwrap();
        let text = n.for_coordinator(&words).to_string();
        assert!(
            text.starts_with(&format!(
                "P{} has no feasible partner in Group {}:",
                member.index,
                g + 1
            )),
            "{text}"
        );
        assert!(n.named(&teacher).to_string().contains("in their group (P"));
        assert!(n.to_string().contains("in their group (participant "));
        assert!(!n.to_string().contains("the group with"));
    }
}
