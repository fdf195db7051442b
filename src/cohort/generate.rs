//! A seeded generator of realistic cohorts, for tests, benchmarks and examples.
//!
//! Schools are placed in cities (a Gaussian cloud around each city centre; cities on a
//! grid 80 km apart for regional cohorts). Every school gets its own bell schedule (start
//! between 08:30 and 09:00, 50–60 minute periods, a morning break and a lunch break), and
//! every teacher's free periods are some of their school's teaching periods, so adjacent
//! free periods touch and free time lines up well within a school and poorly across
//! schools — as the pilot found. Subjects follow a senior-secondary mix weighted towards
//! mathematics and varied per school (each school scales each subject weight by 1 to 3);
//! year levels are a band of one to three consecutive years; focus areas,
//! tags, experience, capacity (mostly 1, some 2, a few 0), partial preference lists, a few
//! avoid lists and a few mutual must-pairs complete the picture. Generated cohorts always
//! validate.
//!
//! The stream is `ChaCha8Rng::seed_from_u64(seed)`: the same seed gives the same cohort on
//! every platform and with every version of this crate that does not change this module.
//!
//! ```
//! use peermatch::cohort::generate::{generate, GeneratorConfig};
//! let a = generate(&GeneratorConfig::region(500, 9));
//! assert_eq!(a.teachers.len(), 500);
//! assert!(a.validate().is_ok());
//! assert_eq!(a, generate(&GeneratorConfig::region(500, 9)));
//! ```

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{BellPeriod, Cohort, Day, Focus, FreePeriod, Location, School, Teacher};

/// Parameters of [`generate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratorConfig {
    /// Seed of the random stream.
    pub seed: u64,
    /// Number of teachers.
    pub teachers: usize,
    /// Mean number of participating teachers per school.
    pub teachers_per_school: usize,
    /// Number of cities.
    pub cities: usize,
    /// Standard deviation (km) of school positions around a city centre.
    pub city_spread_km: f64,
    /// Centre of the first city.
    pub origin: Location,
    /// Probability that a teacher gives a (partial) preference list.
    pub preference_rate: f64,
    /// Probability that a teacher avoids someone.
    pub avoid_rate: f64,
    /// Probability that a teacher starts a must-pair with a colleague.
    pub must_rate: f64,
}

impl GeneratorConfig {
    /// All teachers in one city (about 15 km across).
    #[must_use]
    pub fn city(teachers: usize, seed: u64) -> Self {
        GeneratorConfig {
            seed,
            teachers,
            teachers_per_school: 10,
            cities: 1,
            city_spread_km: 5.0,
            origin: Location::new(-36.85, 174.76),
            preference_rate: 0.25,
            avoid_rate: 0.02,
            must_rate: 0.01,
        }
    }

    /// A regional or national cohort: one city per 1,000 teachers, cities 80 km apart.
    #[must_use]
    pub fn region(teachers: usize, seed: u64) -> Self {
        GeneratorConfig {
            cities: teachers.div_ceil(1000).max(1),
            ..GeneratorConfig::city(teachers, seed)
        }
    }
}

const SUBJECTS: [(&str, u32); 12] = [
    ("calculus", 14),
    ("statistics", 14),
    ("algebra", 10),
    ("geometry", 6),
    ("numeracy", 6),
    ("physics", 8),
    ("chemistry", 7),
    ("biology", 7),
    ("english", 10),
    ("history", 6),
    ("geography", 6),
    ("economics", 6),
];
const TAGS: [&str; 7] = [
    "assessment",
    "digital tools",
    "literacy",
    "differentiation",
    "inquiry learning",
    "te reo",
    "senior exams",
];

fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller; 1 - u keeps the logarithm finite.
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn offset(origin: Location, north_km: f64, east_km: f64) -> Location {
    let lat = origin.lat + north_km / 111.2;
    let lon = origin.lon + east_km / (111.2 * lat.to_radians().cos().max(0.01));
    // Six decimals (about 0.1 m) print and parse back exactly in JSON and CSV.
    let round = |x: f64| (x * 1e6).round() / 1e6;
    Location::new(
        round(lat.clamp(-89.9, 89.9)),
        round((lon + 540.0) % 360.0 - 180.0),
    )
}

/// A school day: teaching periods (name, start, end) with a break and lunch.
fn bell_schedule(rng: &mut ChaCha8Rng) -> Vec<BellPeriod> {
    let mut t: u16 = 510 + 5 * rng.random_range(0..=6u16);
    let len: u16 = [50, 55, 60][rng.random_range(0..3)];
    let six = rng.random_bool(0.5);
    let mut out = Vec::new();
    let mut p = 1;
    for slot in 0..(if six { 8 } else { 7 }) {
        let (name, l) = match slot {
            2 => ("Interval".to_string(), 15 + 5 * rng.random_range(0..=2u16)),
            5 => ("Lunch".to_string(), 40 + 5 * rng.random_range(0..=2u16)),
            _ => {
                let n = format!("P{p}");
                p += 1;
                (n, len)
            }
        };
        out.push(BellPeriod {
            name,
            start: t,
            end: t + l,
        });
        t += l;
    }
    out
}

/// Generates a cohort; see the [module docs](self).
#[must_use]
pub fn generate(cfg: &GeneratorConfig) -> Cohort {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let n = cfg.teachers;
    let per = cfg.teachers_per_school.max(1);
    let n_schools = n.div_ceil(per).max(1);
    let cities = cfg.cities.max(1);
    let grid = (cities as f64).sqrt().ceil() as usize;
    let mut schools = Vec::with_capacity(n_schools);
    for s in 0..n_schools {
        let city = s * cities / n_schools;
        let centre = offset(
            cfg.origin,
            -80.0 * (city / grid) as f64,
            80.0 * (city % grid) as f64,
        );
        let loc = offset(
            centre,
            cfg.city_spread_km * gaussian(&mut rng),
            cfg.city_spread_km * gaussian(&mut rng),
        );
        schools.push(School {
            id: format!("S{s:05}"),
            name: format!("School {s}"),
            location: Some(loc),
            periods: bell_schedule(&mut rng),
            after_school: Vec::new(),
        });
    }
    // Each school has its own subject mix: the national weights times a factor 1..=3.
    let mixes: Vec<[u32; SUBJECTS.len()]> = (0..n_schools)
        .map(|_| SUBJECTS.map(|(_, w)| w * rng.random_range(1..=3u32)))
        .collect();
    let pick_subject = |rng: &mut ChaCha8Rng, mix: &[u32; SUBJECTS.len()]| {
        let total: u32 = mix.iter().sum();
        let mut x = rng.random_range(0..total);
        for (k, &w) in mix.iter().enumerate() {
            if x < w {
                return SUBJECTS[k].0;
            }
            x -= w;
        }
        SUBJECTS[0].0
    };
    let mut teachers = Vec::with_capacity(n);
    for i in 0..n {
        let s = i * n_schools / n.max(1);
        let school = &schools[s];
        let mut t = Teacher::new(format!("T{i:06}"), school.id.clone());
        let first = pick_subject(&mut rng, &mixes[s]);
        t.subjects.push(first.to_string());
        if rng.random_bool(0.4) {
            let second = pick_subject(&mut rng, &mixes[s]);
            if second != first {
                t.subjects.push(second.to_string());
            }
        }
        let lo = rng.random_range(7..=12u8);
        let len = rng.random_range(1..=3u8);
        t.year_levels = (lo..=(lo + len - 1).min(13)).collect();
        let teaching: Vec<&BellPeriod> = school
            .periods
            .iter()
            .filter(|p| p.name.starts_with('P'))
            .collect();
        for day in &Day::ALL[..5] {
            for p in &teaching {
                if rng.random_bool(0.2) {
                    t.free_periods.push(FreePeriod::new(*day, p.start, p.end));
                }
            }
        }
        for f in Focus::ALL {
            if rng.random_bool(0.4) {
                t.focus.push(f);
            }
        }
        if t.focus.is_empty() {
            t.focus.push(Focus::ALL[rng.random_range(0..4)]);
        }
        for tag in TAGS {
            if rng.random_bool(0.1) {
                t.tags.push(tag.to_string());
            }
        }
        let e = rng.random::<f64>().min(rng.random::<f64>()) * 35.0;
        t.experience_years = Some(e as u16);
        let c = rng.random::<f64>();
        t.capacity = if c < 0.03 {
            0
        } else if c < 0.12 {
            2
        } else {
            1
        };
        teachers.push(t);
    }
    // Relationships among nearby teachers (indices close together share a school or city).
    let near = |rng: &mut ChaCha8Rng, i: usize, w: usize| -> Option<usize> {
        let lo = i.saturating_sub(w);
        let hi = (i + w).min(n.saturating_sub(1));
        let j = rng.random_range(lo..=hi);
        (j != i).then_some(j)
    };
    let mut must_used = vec![false; n];
    for i in 0..n {
        if rng.random_bool(cfg.preference_rate) {
            for _ in 0..rng.random_range(1..=3) {
                if let Some(j) = near(&mut rng, i, 40) {
                    let id = teachers[j].id.clone();
                    if !teachers[i].preferences.contains(&id) {
                        teachers[i].preferences.push(id);
                    }
                }
            }
        }
        if rng.random_bool(cfg.must_rate) && i + 1 < n {
            let j = i + 1;
            if !must_used[i]
                && !must_used[j]
                && teachers[i].capacity > 0
                && teachers[j].capacity > 0
            {
                must_used[i] = true;
                must_used[j] = true;
                let (a, b) = (teachers[i].id.clone(), teachers[j].id.clone());
                teachers[i].must_pair.push(b);
                teachers[j].must_pair.push(a);
            }
        }
    }
    for i in 0..n {
        if rng.random_bool(cfg.avoid_rate) {
            if let Some(j) = near(&mut rng, i, 20) {
                let id = teachers[j].id.clone();
                let t = &teachers[i];
                let clash = t.preferences.contains(&id)
                    || t.avoid.contains(&id)
                    || t.must_pair.contains(&id)
                    || teachers[j].must_pair.contains(&t.id);
                if !clash {
                    teachers[i].avoid.push(id);
                }
            }
        }
    }
    Cohort::new(schools, teachers)
}
