//! Where the map draws each school: a Lambert azimuthal equal-area projection centred on
//! the schools' median latitude and longitude and fitted to the drawing area, with distant
//! schools ("outliers") moved to the edge of the map in their direction, so one far school
//! no longer squeezes the rest into a corner; or, for pseudonymised reports, a schematic
//! circle that carries no position at all.
//!
//! **Projection.** With the centre `(φ0, λ0)`, a point `(φ, λ)` goes to
//! `k = sqrt(2 / (1 + sin φ0 sin φ + cos φ0 cos φ cos(λ − λ0)))`,
//! `x = R k cos φ sin(λ − λ0)`, `y = R k (cos φ0 sin φ − sin φ0 cos φ cos(λ − λ0))`, in km
//! (R = [`EARTH_RADIUS_KM`]). Areas are true everywhere; distances are true along lines
//! through the centre and within 0.1% across a city or a region of a few hundred km, so one
//! km scale bar serves the whole map.
//!
//! **Outliers.** With at least 5 schools, let `m` be the median distance from the centre; a
//! school farther than `3 m` (and more than 1 km) is an outlier, as long as outliers are at
//! most a tenth of the schools (otherwise the schools are simply spread out, and all are
//! drawn to scale). The scale is fitted to the others; each outlier is drawn on the edge of
//! the drawing area on the ray from the centre towards it, and the map says so.

use crate::cohort::Location;
use crate::compat::EARTH_RADIUS_KM;

fn haversine_km(lat0: f64, lon0: f64, lat: f64, lon: f64) -> f64 {
    crate::compat::haversine_km(
        Location {
            lat: lat0,
            lon: lon0,
        },
        Location { lat, lon },
    )
}

/// A school drawn at the edge instead of at scale.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OffMap {
    /// Great-circle distance from the map's centre, km.
    pub km: f64,
    /// Compass direction from the centre ("N", "NE", …).
    pub bearing: &'static str,
}

/// Pixel positions of the schools and what the map should say about them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layout {
    /// `(x, y)` in pixels, one per input point.
    pub pos: Vec<(f64, f64)>,
    /// `Some` for a school drawn at the edge.
    pub off_map: Vec<Option<OffMap>>,
    /// Pixels per km of the to-scale part (`None`: no scale, e.g. one point or schematic).
    pub px_per_km: Option<f64>,
    /// Radius beyond which schools were moved to the edge (km), when any were.
    pub outlier_radius_km: Option<f64>,
}

/// The drawing area `(x0, y0, x1, y1)` in pixels.
pub(crate) type Area = (f64, f64, f64, f64);

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Lambert azimuthal equal-area coordinates (km) of `(lat, lon)` around `(lat0, lon0)`.
pub(crate) fn lambert_km(lat0: f64, lon0: f64, lat: f64, lon: f64) -> (f64, f64) {
    let (p0, p) = (lat0.to_radians(), lat.to_radians());
    let dl = (lon - lon0).to_radians();
    let denom = 1.0 + p0.sin() * p.sin() + p0.cos() * p.cos() * dl.cos();
    // The antipode (denominator 0) has no image; clamp so the output stays finite.
    let k = (2.0 / denom.max(1e-12)).sqrt();
    (
        EARTH_RADIUS_KM * k * p.cos() * dl.sin(),
        EARTH_RADIUS_KM * k * (p0.cos() * p.sin() - p0.sin() * p.cos() * dl.cos()),
    )
}

fn compass(dx: f64, dy: f64) -> &'static str {
    const NAMES: [&str; 8] = ["E", "NE", "N", "NW", "W", "SW", "S", "SE"];
    let a = dy.atan2(dx).to_degrees().rem_euclid(360.0);
    NAMES[(((a + 22.5) / 45.0).floor() as usize) % 8]
}

/// Fits `points` (`(lat, lon)`, all valid) into `area` as described in the module docs.
pub(crate) fn fit(points: &[(f64, f64)], area: Area) -> Layout {
    let n = points.len();
    let mut lats: Vec<f64> = points.iter().map(|p| p.0).collect();
    let mut lons: Vec<f64> = points.iter().map(|p| p.1).collect();
    let (lat0, lon0) = (median(&mut lats), median(&mut lons));
    let km: Vec<(f64, f64)> = points
        .iter()
        .map(|&(la, lo)| lambert_km(lat0, lon0, la, lo))
        .collect();
    let dist: Vec<f64> = points
        .iter()
        .map(|&(la, lo)| haversine_km(lat0, lon0, la, lo))
        .collect();
    let mut outlier = vec![false; n];
    let mut radius = None;
    if n >= 5 {
        let r = (3.0 * median(&mut dist.clone())).max(1.0);
        let far: Vec<usize> = (0..n).filter(|&i| dist[i] > r).collect();
        if !far.is_empty() && far.len() <= (n / 10).max(1) {
            for &i in &far {
                outlier[i] = true;
            }
            radius = Some(r);
        }
    }
    let inl: Vec<(f64, f64)> = (0..n).filter(|&i| !outlier[i]).map(|i| km[i]).collect();
    let fold = |f: fn(&(f64, f64)) -> f64, g: fn(f64, f64) -> f64, init: f64| {
        inl.iter().map(f).fold(init, g)
    };
    let (x0, x1) = (
        fold(|p| p.0, f64::min, f64::INFINITY),
        fold(|p| p.0, f64::max, f64::NEG_INFINITY),
    );
    let (y0, y1) = (
        fold(|p| p.1, f64::min, f64::INFINITY),
        fold(|p| p.1, f64::max, f64::NEG_INFINITY),
    );
    let (pw, ph) = (area.2 - area.0, area.3 - area.1);
    let (sx, sy) = (x1 - x0, y1 - y0);
    let scale = match (sx > 1e-9, sy > 1e-9) {
        (true, true) => Some((pw / sx).min(ph / sy)),
        (true, false) => Some(pw / sx),
        (false, true) => Some(ph / sy),
        (false, false) => None,
    };
    let (cx, cy) = ((area.0 + area.2) / 2.0, (area.1 + area.3) / 2.0);
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let to_px = |(x, y): (f64, f64)| match scale {
        Some(s) => (cx + (x - mx) * s, cy - (y - my) * s),
        None => (cx, cy),
    };
    let mut pos = Vec::with_capacity(n);
    let mut off_map = Vec::with_capacity(n);
    for i in 0..n {
        if !outlier[i] {
            pos.push(to_px(km[i]));
            off_map.push(None);
            continue;
        }
        // On the edge, on the ray from the centre of the to-scale part towards the school.
        let (dx, dy) = (km[i].0 - mx, km[i].1 - my);
        let len = dx.hypot(dy).max(1e-12);
        let (ux, uy) = (dx / len, -dy / len);
        let t = [
            (ux.abs() > 1e-12).then(|| (pw / 2.0) / ux.abs()),
            (uy.abs() > 1e-12).then(|| (ph / 2.0) / uy.abs()),
        ]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min);
        let t = if t.is_finite() { t } else { 0.0 };
        pos.push((cx + ux * t, cy + uy * t));
        off_map.push(Some(OffMap {
            km: dist[i],
            bearing: compass(dx, dy),
        }));
    }
    Layout {
        pos,
        off_map,
        px_per_km: scale,
        outlier_radius_km: radius,
    }
}

/// `n` schools evenly on a circle in the given order (no geography): the pseudonymised
/// map, whose positions must not identify a school.
pub(crate) fn schematic(n: usize, area: Area) -> Layout {
    let (cx, cy) = ((area.0 + area.2) / 2.0, (area.1 + area.3) / 2.0);
    let r = ((area.2 - area.0).min(area.3 - area.1) / 2.0).max(0.0);
    let pos = (0..n)
        .map(|i| {
            if n == 1 {
                return (cx, cy);
            }
            let a = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    Layout {
        pos,
        off_map: vec![None; n],
        px_per_km: None,
        outlier_radius_km: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert_is_true_to_scale_near_the_centre() {
        // 10 km north and 10 km east of Wellington: projected distance vs great circle.
        let (lat0, lon0) = (-41.29, 174.78);
        for (la, lo) in [(-41.2, 174.78), (-41.29, 174.9), (-41.35, 174.7)] {
            let (x, y) = lambert_km(lat0, lon0, la, lo);
            let d = haversine_km(lat0, lon0, la, lo);
            assert!((x.hypot(y) - d).abs() < 1e-3 * d, "{x} {y} {d}");
        }
        assert_eq!(compass(1.0, 0.0), "E");
        assert_eq!(compass(1.0, 1.0), "NE");
        assert_eq!(compass(0.0, -1.0), "S");
    }

    #[test]
    fn one_far_point_goes_to_the_edge_and_the_rest_fill_the_area() {
        let mut pts: Vec<(f64, f64)> = (0..9)
            .map(|i| (-41.3 + 0.01 * (i % 3) as f64, 174.8 + 0.01 * (i / 3) as f64))
            .collect();
        pts.push((-40.0, 176.0));
        let area = (0.0, 0.0, 600.0, 400.0);
        let l = fit(&pts, area);
        assert!(l.off_map[9].is_some() && l.off_map[..9].iter().all(Option::is_none));
        let (x, y) = l.pos[9];
        let on_edge = x.abs() < 1e-6 || (x - 600.0).abs() < 1e-6 || y.abs() < 1e-6;
        assert!(on_edge || (y - 400.0).abs() < 1e-6, "{x} {y}");
        // The nine fill the height (the binding dimension) exactly.
        let ys: Vec<f64> = l.pos[..9].iter().map(|p| p.1).collect();
        let span = ys.iter().cloned().fold(f64::MIN, f64::max)
            - ys.iter().cloned().fold(f64::MAX, f64::min);
        assert!((span - 400.0).abs() < 1e-6, "{span}");
        // Two points far apart and no outlier rule below 5 points.
        let l = fit(&pts[8..], area);
        assert!(l.off_map.iter().all(Option::is_none));
    }
}
