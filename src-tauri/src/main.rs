//! The desktop entry point; everything else is in the library (shared with mobile builds).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    eid_app_lib::run();
}
