//! Calling the app's commands the way the window does: through Tauri's real
//! IPC path on a mock runtime, with the real capabilities.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use signpost_app::{AppState, builder};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The app on the mock runtime with `state`, and its main window.
pub fn app_with(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = builder(mock_builder())
        .manage(state)
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the main window opens");
    (app, window)
}

/// Calls `cmd` with JSON `args` from the main window.
pub fn invoke(
    (app, window): &(App<MockRuntime>, WebviewWindow<MockRuntime>),
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("valid url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: app.invoke_key().to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json response"))
}
