//! A closed standard output is the reader saying "enough", not an error: every example
//! program calls [`quiet_on_closed_stdout`] first, so `program | head` or `program | true`
//! ends quietly with status 0 instead of panicking with status 101.
//!
//! `println!` panics when stdout is closed (Rust ignores `SIGPIPE`, so the write fails with
//! `EPIPE`, "Broken pipe"). The hook installed here recognises exactly that panic, the one
//! from the standard library's print macros on a broken pipe, and exits with status 0 without
//! a message: there is no one left to read the rest. Every other panic goes to the previous
//! hook unchanged. Programs that write through `std::io::Write` get the error as a value
//! and should treat `ErrorKind::BrokenPipe` the same way (see [`is_closed_pipe`]).
//!
//! Shared by every program in `examples/` through `#[path = "support/output.rs"]`.
#![allow(dead_code)]

use std::any::Any;
use std::io;

/// Installs the closed-stdout hook (see the module docs). Call it first in `main`.
pub fn quiet_on_closed_stdout() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if is_print_on_closed_pipe(info.payload()) {
            std::process::exit(0);
        }
        previous(info);
    }));
}

/// True for an I/O error that means the reader has gone away.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// The standard library's print macros panic with "failed printing to stdout: {error}";
/// the error of a closed pipe displays as "Broken pipe (os error 32)" on Unix.
fn is_print_on_closed_pipe(payload: &(dyn Any + Send)) -> bool {
    let msg = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    let broken = io::Error::from(io::ErrorKind::BrokenPipe).to_string();
    msg.starts_with("failed printing to stdout")
        && (msg.contains("Broken pipe") || msg.contains(&broken))
}
