//! Entry point of the desktop app; everything else is in the library so that
//! tests can build the same app on a mock runtime.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    signpost_app::run();
}
