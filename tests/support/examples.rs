//! Locating the example binaries from an integration test. `cargo test` builds the examples
//! before running tests; running one test file alone needs `cargo build --examples` with the
//! same profile first, and the assertion says so instead of passing silently.

use std::path::PathBuf;

/// Path of the built example `name`, next to the test executable's directory.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not found: build the examples first",
        bin.display()
    );
    bin
}
