//! The human texts of the result types (`Display` on `Objective`, `Check`, `Reason`,
//! `Proposal`, the audit and its unmatched reasons) and the typed `SameTeacher` error of
//! `CompatibilityGraph::explain`.
//!
//! Texts are checked against values built by hand (exact strings) or against the fields
//! of a real plan (every pair and every unmatched teacher appears, in order).

use peermatch::cohort::Cohort;
use peermatch::compat::{CandidateMode, Policy};
use peermatch::fairness::{audit, AuditInput, UnmatchedReason};
use peermatch::graph::{CompatibilityGraph, ExplainError};
use peermatch::matching::{max_weight_matching, CertificateError, Mode, WeightedGraph};
use peermatch::plan::{CertifiedGraph, Check, Objective, Planner, PlannerOptions, Reason};
use peermatch::units::units_to_points;

#[test]
fn objective_display_is_the_command_line_name() {
    let names: Vec<String> = [
        Objective::Participation,
        Objective::MaxWeight,
        Objective::MaxCardinalityThenWeight,
        Objective::Stable,
        Objective::MinRegret,
    ]
    .iter()
    .map(Objective::to_string)
    .collect();
    // The values `propose_pairs --objective` accepts (clap's kebab-case of its enum).
    assert_eq!(
        names,
        [
            "participation",
            "max-weight",
            "max-cardinality",
            "stable",
            "min-regret"
        ]
    );
}

#[test]
fn certificate_check_is_typed_in_json() {
    // The graph reads and writes as the same strings as before ("matching",
    // "b-matching gadget"); a failure carries the checker's typed reason, not its text.
    let ok = Check::Certificate {
        verified: true,
        graph: CertifiedGraph::BMatchingGadget,
        error: None,
    };
    let json = serde_json::to_value(&ok).unwrap();
    assert_eq!(json["Certificate"]["graph"], "b-matching gadget");
    assert!(json["Certificate"]["error"].is_null());
    let failed = Check::Certificate {
        verified: false,
        graph: CertifiedGraph::Matching,
        error: Some(CertificateError::EdgeViolated {
            u: 1,
            v: 4,
            weight: 9,
            slack: -6,
        }),
    };
    let text = serde_json::to_string(&failed).unwrap();
    let back: Check = serde_json::from_str(&text).unwrap();
    assert_eq!(back, failed);
    match back {
        Check::Certificate {
            error: Some(CertificateError::EdgeViolated { u, v, slack, .. }),
            ..
        } => assert_eq!((u, v, slack), (1, 4, -6)),
        other => panic!("typed error lost: {other:?}"),
    }
}

#[test]
fn check_display_says_what_was_proved() {
    let cases = [
        (
            Check::Certificate {
                verified: true,
                graph: CertifiedGraph::Matching,
                error: None,
            },
            "optimality certificate verified (matching)",
        ),
        (
            Check::Certificate {
                verified: false,
                graph: CertifiedGraph::BMatchingGadget,
                error: Some(CertificateError::NegativeVertexDual {
                    vertex: 3,
                    dual: -2,
                }),
            },
            "optimality certificate FAILED (b-matching gadget): vertex 3 has negative dual -2",
        ),
        (
            Check::Stability { blocking_pairs: 0 },
            "stable: no blocking pair",
        ),
        (
            Check::Stability { blocking_pairs: 2 },
            "not stable: 2 blocking pair(s)",
        ),
        (
            Check::Bottleneck {
                weakest_pair: Some(41_500),
            },
            "minimum regret: weakest pair scores 41.5",
        ),
        (
            Check::Bottleneck { weakest_pair: None },
            "minimum regret: no optimised pair",
        ),
    ];
    for (check, text) in cases {
        assert_eq!(check.to_string(), text, "{check:?}");
        // The words agree with the verdict.
        assert_eq!(
            text.contains("FAILED") || text.starts_with("not"),
            !check.passed()
        );
    }
}

#[test]
fn reason_display_names_the_partners() {
    assert_eq!(
        Reason::Capacity {
            full_partners: vec!["T2".into(), "T30".into()]
        }
        .to_string(),
        "every feasible partner (T2, T30) is already paired with someone they score at least as high"
    );
    assert_eq!(
        Reason::LostOut {
            candidates: vec!["A".into()]
        }
        .to_string(),
        "feasible partners (A) went to pairings with a better overall result"
    );
    assert_eq!(
        Reason::ZeroCapacity.to_string(),
        "capacity 0: peer groups only"
    );
}

/// A plan with an odd cohort, so somebody is unmatched.
fn city_plan() -> peermatch::plan::Proposal {
    let cohort = Cohort::from_path("examples/data/city_maths_cohort.json").unwrap();
    Planner::new(cohort, Policy::default())
        .with_options(PlannerOptions {
            objective: Objective::MaxWeight,
            ..Default::default()
        })
        .plan()
        .unwrap()
}

#[test]
fn proposal_display_lists_every_pair_and_unmatched_teacher() {
    let p = city_plan();
    assert!(!p.unmatched.is_empty(), "the city cohort is odd");
    let text = p.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{} pair(s) for {} teacher(s), {} matched, total score {:.1}, objective max-weight",
            p.pairs.len(),
            p.teachers.len(),
            p.audit.matched_agents,
            units_to_points(p.total_score)
        )
    );
    assert_eq!(lines[1], format!("check: {}", p.check));
    for (line, pair) in lines[2..].iter().zip(&p.pairs) {
        assert_eq!(
            *line,
            format!(
                "  {} + {}: {:.1}",
                pair.a,
                pair.b,
                units_to_points(pair.score.total)
            )
        );
    }
    let rest = &lines[2 + p.pairs.len()..];
    for (line, u) in rest.iter().zip(&p.unmatched) {
        assert_eq!(*line, format!("unmatched {}: {}", u.id, u.message));
        match &u.contested {
            // A teacher whose feasible partners were all taken: the message is the typed
            // `Contested` reason's text.
            Some(c) if !c.partners.is_empty() => assert_eq!(u.message, c.to_string()),
            _ if u.blockers.is_none() => assert_eq!(u.message, u.reason.to_string()),
            _ => {}
        }
    }
    let tail = &rest[p.unmatched.len()..];
    if p.notices.is_empty() {
        assert!(tail.is_empty());
    } else {
        assert_eq!(tail, [format!("{} notice(s)", p.notices.len())]);
    }
}

#[test]
fn audit_display_on_a_small_graph() {
    // 0-1 matched (9); 2 likes 0 but 0 is full with a better partner; 3-4 could pair but
    // were left apart; 5 has no feasible pair.
    let g = WeightedGraph::new(6, [(0, 1, 9), (0, 2, 4), (3, 4, 2)]).unwrap();
    let lists = vec![vec![1], vec![0], vec![0], vec![4], vec![3], vec![]];
    let a = audit(&AuditInput::new(&g).with_stated_prefs(&lists), [(0, 1)]).unwrap();
    assert_eq!(
        a.to_string(),
        "1 pair(s), 2 of 6 agents matched (33.3%), total score 9, weakest pair 9\n\
         blocking pairs by score: 1; by stated preferences: 1\n\
         unmatched agent 2: every feasible partner (0) is full with partners it scores at least as high\n\
         unmatched agent 3: lost out: feasible partners (4) had room or would have scored it higher, but the plan paired them otherwise\n\
         unmatched agent 4: lost out: feasible partners (3) had room or would have scored it higher, but the plan paired them otherwise\n\
         unmatched agent 5: no feasible partner"
    );
    assert_eq!(UnmatchedReason::ZeroCapacity.to_string(), "capacity 0");
    assert_eq!(a.blocking_pairs_scores[0].to_string(), "(3, 4) score 2");
}

#[test]
fn audit_takes_matching_pairs_and_slices_alike() {
    let g = WeightedGraph::new(5, [(0, 1, 3), (1, 2, 5), (2, 3, 4), (3, 4, 1)]).unwrap();
    let m = max_weight_matching(&g, Mode::MaxWeight).unwrap();
    let input = AuditInput::new(&g);
    let from_iter = audit(&input, m.pairs()).unwrap();
    let pairs: Vec<(usize, usize)> = m.pairs().collect();
    assert_eq!(from_iter, audit(&input, &pairs).unwrap());
    assert_eq!(from_iter, audit(&input, pairs.clone()).unwrap());
    // The defaults are what the struct literal says.
    let literal = AuditInput {
        scores: &g,
        stated_prefs: None,
        capacities: None,
        groups: &[],
    };
    assert_eq!(from_iter, audit(&literal, &pairs).unwrap());
    assert_eq!(from_iter.total_score, m.weight());
}

#[test]
fn explaining_a_teacher_with_themself_is_a_typed_error() {
    let cohort = Cohort::from_path("examples/data/pilot_cohort.json").unwrap();
    let g = CompatibilityGraph::build(&cohort, &Policy::default(), CandidateMode::Exact).unwrap();
    let id = g.teacher_id(2).to_string();
    let same = ExplainError::SameTeacher { id: id.clone() };
    assert_eq!(g.explain(&id, &id), Err(same.clone()));
    assert_eq!(g.explain_index(2, 2), Err(same.clone()));
    assert!(same.to_string().contains(&id), "{same}");
    let n = g.node_count();
    assert_eq!(
        g.explain_index(0, n),
        Err(ExplainError::IndexOutOfRange { index: n, nodes: n })
    );
    assert!(matches!(
        g.explain(&id, "nobody"),
        Err(ExplainError::UnknownTeacher(_))
    ));
    // A distinct pair is explained; the crate error wraps the typed cause.
    assert_eq!(g.explain_index(2, 3).unwrap().a, id);
    let err: peermatch::Error = g.explain(&id, &id).unwrap_err().into();
    assert!(matches!(
        err,
        peermatch::Error::Explain(ExplainError::SameTeacher { .. })
    ));
}
