//! The `--term-start` / `--term-end` flags shared by the example programs.

use peermatch::report::ics::{Date, Term};

/// The term from the flags: start defaults to today (UTC), end to the Friday of the
/// tenth week from the start.
pub fn term(start: Option<&str>, end: Option<&str>) -> Result<Term, String> {
    let start = match start {
        Some(s) => Date::parse(s).map_err(|e| format!("--term-start: {e}"))?,
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            Date::from_days((secs / 86_400) as i64)
        }
    };
    match end {
        None => Ok(Term::ten_weeks_from(start)),
        Some(e) => {
            let end = Date::parse(e).map_err(|e| format!("--term-end: {e}"))?;
            Term::new(start, end).map_err(|e| e.to_string())
        }
    }
}
