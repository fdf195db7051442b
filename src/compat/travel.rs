//! Travel between schools: great-circle distance, travel minutes, and the 3-D grid that
//! finds nearby schools without looking at every pair.
//!
//! The grid works on points of the sphere in 3-D (x, y, z in km). The straight-line
//! (chord) distance between two points never exceeds their great-circle distance, so two
//! schools within `d` km along the surface lie in the same or adjacent cubes of side `d`.
//! Looking at the 27 cubes around a school is therefore *lossless*: unlike a latitude /
//! longitude grid it has no trouble near the poles or the antimeridian.

use crate::cohort::Location;

/// Mean Earth radius in km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle (haversine) distance in km.
///
/// ```
/// use peermatch::cohort::Location;
/// use peermatch::compat::haversine_km;
/// let wellington = Location::new(-41.2865, 174.7762);
/// let auckland = Location::new(-36.8485, 174.7633);
/// let d = haversine_km(wellington, auckland);
/// assert!((d - 493.0).abs() < 2.0);
/// ```
#[must_use]
pub fn haversine_km(a: Location, b: Location) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// One-way travel minutes for `km` at `speed_kmh` plus `overhead` minutes, rounded up.
/// Saturates at `u32::MAX`; returns `None` for a non-finite input.
pub(crate) fn minutes_for_km(km: f64, speed_kmh: f64, overhead: u32) -> Option<u32> {
    let m = (km / speed_kmh * 60.0).ceil();
    if !m.is_finite() || m < 0.0 {
        return None;
    }
    Some(if m >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        (m as u32).saturating_add(overhead)
    })
}

/// The largest surface distance (km) a trip of at most `max_minutes` can cover, or `None`
/// if no trip fits (the overhead alone is too long).
pub(crate) fn reach_km(max_minutes: u32, speed_kmh: f64, overhead: u32) -> Option<f64> {
    let m = max_minutes.checked_sub(overhead)?;
    Some(f64::from(m) / 60.0 * speed_kmh)
}

/// 3-D position (km) of a location on the sphere.
pub(crate) fn xyz(l: Location) -> [f64; 3] {
    let (p, q) = (l.lat.to_radians(), l.lon.to_radians());
    [
        EARTH_RADIUS_KM * p.cos() * q.cos(),
        EARTH_RADIUS_KM * p.cos() * q.sin(),
        EARTH_RADIUS_KM * p.sin(),
    ]
}

/// Pairs `(i, j)`, `i < j`, of points whose chord distance may be `<= d`: a superset of
/// all pairs within surface distance `d`. Points are `(index, location)`.
///
/// # Complexity
/// O(p log p + output) for `p` points, up to constant factors from crowded cells.
pub(crate) fn near_pairs(points: &[(u32, Location)], d: f64, out: &mut Vec<(u32, u32)>) {
    if points.is_empty() || !(d.is_finite() && d > 0.0) {
        // d == 0 only keeps identical locations; handle via exact cells of size 1e-9 km.
        if d == 0.0 {
            near_pairs(points, 1e-9, out);
        }
        return;
    }
    // Bigger cubes than the whole Earth are pointless: clamp so cell keys stay small.
    let side = d.min(4.0 * EARTH_RADIUS_KM);
    let mut cells: Vec<([i64; 3], u32)> = points
        .iter()
        .map(|&(i, l)| {
            let p = xyz(l);
            ([0, 1, 2].map(|k| (p[k] / side).floor() as i64), i)
        })
        .collect();
    cells.sort_unstable();
    let mut start = 0;
    while start < cells.len() {
        let key = cells[start].0;
        let mut end = start;
        while end < cells.len() && cells[end].0 == key {
            end += 1;
        }
        // Pairs inside the cell.
        for a in start..end {
            for b in a + 1..end {
                let (x, y) = (cells[a].1, cells[b].1);
                out.push((x.min(y), x.max(y)));
            }
        }
        // Pairs with the 13 "greater" neighbour cells (each neighbour pair once).
        for dx in -1..=1i64 {
            for dy in -1..=1i64 {
                for dz in -1..=1i64 {
                    if (dx, dy, dz) <= (0, 0, 0) {
                        continue;
                    }
                    let nk = [key[0] + dx, key[1] + dy, key[2] + dz];
                    let lo = cells.partition_point(|c| c.0 < nk);
                    let mut h = lo;
                    while h < cells.len() && cells[h].0 == nk {
                        for a in start..end {
                            let (x, y) = (cells[a].1, cells[h].1);
                            out.push((x.min(y), x.max(y)));
                        }
                        h += 1;
                    }
                }
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_a_superset_of_close_pairs() {
        // Points spread over the globe including poles and the antimeridian.
        let mut pts = Vec::new();
        let mut k = 0u32;
        for lat in (-90..=90).step_by(15) {
            for lon in (-180..=180).step_by(20) {
                pts.push((
                    k,
                    Location::new(lat as f64, lon as f64 + 0.3 * (k % 3) as f64),
                ));
                k += 1;
            }
        }
        for d in [50.0, 900.0, 2500.0] {
            let mut out = Vec::new();
            near_pairs(&pts, d, &mut out);
            out.sort_unstable();
            out.dedup();
            for i in 0..pts.len() {
                for j in i + 1..pts.len() {
                    if haversine_km(pts[i].1, pts[j].1) <= d {
                        assert!(
                            out.binary_search(&(i as u32, j as u32)).is_ok(),
                            "{i} {j} {d}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn minutes() {
        assert_eq!(minutes_for_km(10.0, 30.0, 5), Some(25));
        assert_eq!(minutes_for_km(f64::NAN, 30.0, 5), None);
        assert_eq!(reach_km(35, 30.0, 5), Some(15.0));
        assert_eq!(reach_km(3, 30.0, 5), None);
    }
}
