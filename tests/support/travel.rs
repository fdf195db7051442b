//! Travel minutes between a cohort's schools, recomputed in the tests independently of the
//! crate (haversine on the school locations, the policy's speed and overhead).

use peermatch::cohort::Cohort;
use peermatch::compat::Policy;

/// One-way minutes between two schools of the cohort, by haversine (R = 6371.0088 km).
pub fn minutes(c: &Cohort, p: &Policy, a: &str, b: &str) -> u64 {
    if a == b {
        return 0;
    }
    let loc = |id: &str| {
        let s = c.schools.iter().find(|s| s.id == id).unwrap();
        let l = s.location.unwrap();
        (l.lat.to_radians(), l.lon.to_radians())
    };
    let ((la1, lo1), (la2, lo2)) = (loc(a), loc(b));
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    let km = 2.0 * 6371.0088 * h.sqrt().min(1.0).asin();
    (km / p.travel_speed_kmh * 60.0).ceil() as u64 + u64::from(p.travel_overhead_minutes)
}
