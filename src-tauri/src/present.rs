//! The presenting windows: the audience window (projected) and the speaker
//! window (the trainer's laptop). This file owns making them, putting them
//! on the right displays, keeping one presentation that both follow, and
//! ending cleanly when either closes. What a key does, what the audience may
//! see and which display each window goes on are the library's
//! (`signpost::present`); this file only carries them out with windows.
//!
//! Both windows are fed the same way: a key pressed in either reaches
//! [`Presenting::press`], the library changes the one presentation, and the
//! new view is sent to both windows as a `room` event. Neither window moves
//! on its own, so they cannot drift apart.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use signpost::present::placement::{self, Layout, Place, Screen};
use signpost::present::room::Window as KeyFrom;
use signpost::present::{Outcome, PresentError, Presentation, RoomStep, RoomView};
use tauri::{
    AppHandle, Emitter, Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewUrl,
    WebviewWindow, WebviewWindowBuilder,
};
use ts_rs::TS;

use crate::ApiError;
use signpost::present::audience::{AudienceDeck, SpeakerDeck};

pub const AUDIENCE: &str = "audience";
pub const SPEAKER: &str = "speaker";
pub const MAIN: &str = "main";

/// The event both presenting windows redraw from.
pub const ROOM_EVENT: &str = "room";
/// The event the main window hears when presenting ends.
pub const ENDED_EVENT: &str = "presenting-ended";
/// The event the speaker window hears when the windows are placed again.
pub const DISPLAYS_EVENT: &str = "displays";

/// How often the displays are looked at while presenting, to notice a
/// projector unplugged (no windowing system tells us in time on all three
/// platforms).
const DISPLAY_POLL: Duration = Duration::from_secs(2);

/// Where the windows are, as the speaker view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Displays {
    pub layout: Layout,
    pub swapped: bool,
    pub count: u32,
}

/// A presentation under way.
struct Live {
    presentation: Presentation,
    audience: AudienceDeck,
    speaker: SpeakerDeck,
    swapped: bool,
    displays: Displays,
    /// Distinguishes this presentation from a later one, so a display
    /// watcher left over from an earlier one stops.
    generation: u64,
}

/// The one presentation the app may hold, managed by Tauri.
#[derive(Default)]
pub struct Presenting {
    live: Mutex<Option<Live>>,
    generation: Mutex<u64>,
}

fn window_error(err: tauri::Error) -> ApiError {
    ApiError::new(
        "window_failed",
        format!("the presenting windows could not be opened: {err}"),
    )
}

fn busy() -> ApiError {
    ApiError::new(
        "presenting_unavailable",
        "presenting stopped after an earlier failure; close both presenting windows and start again",
    )
}

impl Presenting {
    fn with_live<T>(
        &self,
        work: impl FnOnce(&mut Live) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut slot = self.live.lock().map_err(|_| busy())?;
        let live = slot.as_mut().ok_or(PresentError::NotPresenting)?;
        work(live)
    }

    pub fn view(&self) -> Result<RoomView, ApiError> {
        self.with_live(|live| Ok(live.presentation.view()))
    }

    pub fn audience_deck(&self) -> Result<AudienceDeck, ApiError> {
        self.with_live(|live| Ok(live.audience.clone()))
    }

    pub fn speaker_deck(&self) -> Result<SpeakerDeck, ApiError> {
        self.with_live(|live| Ok(live.speaker.clone()))
    }

    pub fn displays(&self) -> Result<Displays, ApiError> {
        self.with_live(|live| Ok(live.displays))
    }

    /// Runs `work` on the presentation under way.
    pub fn presentation<T>(
        &self,
        work: impl FnOnce(&Presentation) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_live(|live| work(&live.presentation))
    }

    /// Starts presenting: opens and places both windows. Refused while a
    /// presentation is already under way.
    pub fn start<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        presentation: Presentation,
        audience: AudienceDeck,
        speaker: SpeakerDeck,
    ) -> Result<(), ApiError> {
        let generation = {
            let mut slot = self.live.lock().map_err(|_| busy())?;
            if slot.is_some() {
                return Err(PresentError::AlreadyPresenting.into());
            }
            let mut generation = self.generation.lock().map_err(|_| busy())?;
            *generation += 1;
            *slot = Some(Live {
                presentation,
                audience,
                speaker,
                swapped: false,
                displays: Displays {
                    layout: Layout::SideBySide,
                    swapped: false,
                    count: 1,
                },
                generation: *generation,
            });
            *generation
        };
        let opened = open_window(app, AUDIENCE, "Signpost — the room's view")
            .and_then(|_| open_window(app, SPEAKER, "Signpost — speaker view"));
        if let Err(err) = opened {
            self.end(app);
            return Err(err);
        }
        self.place(app)?;
        watch_displays(app.clone(), generation);
        Ok(())
    }

    /// A key pressed in the window `label`.
    pub fn press<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        label: &str,
        key: &str,
    ) -> Result<(), ApiError> {
        let from = if label == AUDIENCE {
            KeyFrom::Audience
        } else {
            KeyFrom::Speaker
        };
        let now = jiff::Timestamp::now();
        let (outcome, view) = self.with_live(|live| {
            let outcome = live.presentation.press(key, from, now);
            Ok((outcome, live.presentation.view()))
        })?;
        self.follow(app, outcome, view)
    }

    /// The session `session_id` was closed. If it is the one presented,
    /// latecomers can no longer sign in and a kiosk on the room's screen
    /// goes back to the slide; the room's answers are still kept.
    pub fn session_closed<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        session_id: uuid::Uuid,
    ) -> Result<(), ApiError> {
        let changed = {
            let mut slot = self.live.lock().map_err(|_| busy())?;
            match slot.as_mut() {
                Some(live) if live.presentation.session_id() == Some(session_id) => {
                    let outcome = live.presentation.close_sign_in();
                    Some((outcome, live.presentation.view()))
                }
                _ => None,
            }
        };
        match changed {
            Some((outcome, view)) => self.follow(app, outcome, view),
            None => Ok(()),
        }
    }

    /// A button of the speaker view.
    pub fn step<R: Runtime>(&self, app: &AppHandle<R>, step: RoomStep) -> Result<(), ApiError> {
        let now = jiff::Timestamp::now();
        let (outcome, view) = self.with_live(|live| {
            let outcome = live.presentation.step(step, now);
            Ok((outcome, live.presentation.view()))
        })?;
        self.follow(app, outcome, view)
    }

    fn follow<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        outcome: Outcome,
        view: RoomView,
    ) -> Result<(), ApiError> {
        match outcome {
            Outcome::Changed => send(app, &view),
            Outcome::Unchanged => Ok(()),
            Outcome::ToggleFullscreen => {
                if let Some(audience) = app.get_webview_window(AUDIENCE) {
                    let full = audience.is_fullscreen().map_err(window_error)?;
                    audience.set_fullscreen(!full).map_err(window_error)?;
                }
                Ok(())
            }
            Outcome::End => {
                self.end(app);
                Ok(())
            }
        }
    }

    /// Swaps which display each window is on.
    pub fn swap<R: Runtime>(&self, app: &AppHandle<R>) -> Result<Displays, ApiError> {
        self.with_live(|live| {
            live.swapped = !live.swapped;
            Ok(())
        })?;
        self.place(app)?;
        self.displays()
    }

    /// Puts both windows where the library says, for the displays there are now.
    fn place<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), ApiError> {
        let swapped = self.with_live(|live| Ok(live.swapped))?;
        let monitors = app.available_monitors().map_err(window_error)?;
        let screens: Vec<Screen> = monitors
            .iter()
            .map(|m| Screen {
                x: m.position().x,
                y: m.position().y,
                width: m.size().width,
                height: m.size().height,
            })
            .collect();
        let laptop = app
            .get_webview_window(MAIN)
            .and_then(|main| main.current_monitor().ok().flatten())
            .and_then(|own| {
                monitors
                    .iter()
                    .position(|m| m.position() == own.position() && m.size() == own.size())
            })
            .unwrap_or(0);
        let Some(placement) = placement::place(&screens, laptop, swapped) else {
            return Ok(()); // no displays reported: leave the windows where they are
        };
        if let Some(window) = app.get_webview_window(AUDIENCE) {
            put(&window, placement.audience).map_err(window_error)?;
        }
        if let Some(window) = app.get_webview_window(SPEAKER) {
            put(&window, placement.speaker).map_err(window_error)?;
        }
        let displays = Displays {
            layout: placement.layout,
            swapped,
            count: screens.len() as u32,
        };
        self.with_live(|live| {
            live.displays = displays;
            Ok(())
        })?;
        let _ = app.emit_to(SPEAKER, DISPLAYS_EVENT, displays);
        Ok(())
    }

    /// Ends presenting: closes whichever window is still open, tells the
    /// main window and gives it the focus. Safe to call more than once.
    pub fn end<R: Runtime>(&self, app: &AppHandle<R>) {
        let ended = match self.live.lock() {
            Ok(mut slot) => slot.take().is_some(),
            Err(poisoned) => poisoned.into_inner().take().is_some(),
        };
        for label in [AUDIENCE, SPEAKER] {
            if let Some(window) = app.get_webview_window(label) {
                let _ = window.destroy();
            }
        }
        if ended {
            let _ = app.emit_to(MAIN, ENDED_EVENT, ());
            if let Some(main) = app.get_webview_window(MAIN) {
                let _ = main.set_focus();
            }
        }
    }

    fn current_generation(&self) -> Option<u64> {
        self.live
            .lock()
            .ok()
            .and_then(|live| live.as_ref().map(|l| l.generation))
    }
}

fn send<R: Runtime>(app: &AppHandle<R>, view: &RoomView) -> Result<(), ApiError> {
    for label in [AUDIENCE, SPEAKER] {
        app.emit_to(label, ROOM_EVENT, view).map_err(|err| {
            ApiError::new(
                "window_failed",
                format!("the {label} window could not be told: {err}"),
            )
        })?;
    }
    Ok(())
}

/// Both windows load the app's own page; it shows the view for its label.
fn open_window<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    title: &str,
) -> Result<WebviewWindow<R>, ApiError> {
    WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title(title)
        .inner_size(800.0, 600.0)
        .min_inner_size(320.0, 240.0)
        .build()
        .map_err(window_error)
}

fn put<R: Runtime>(window: &WebviewWindow<R>, place: Place) -> tauri::Result<()> {
    if window.is_fullscreen()? && !place.fullscreen {
        window.set_fullscreen(false)?;
    }
    window.set_position(PhysicalPosition::new(place.x, place.y))?;
    window.set_size(PhysicalSize::new(place.width, place.height))?;
    if place.fullscreen {
        window.set_fullscreen(true)?;
    }
    Ok(())
}

/// Looks at the displays every [`DISPLAY_POLL`] while presentation
/// `generation` lasts, and places the windows again when they change: an
/// unplugged projector brings the audience window back to the laptop.
fn watch_displays<R: Runtime>(app: AppHandle<R>, generation: u64) {
    std::thread::spawn(move || {
        let shape = |app: &AppHandle<R>| {
            app.available_monitors().ok().map(|ms| {
                ms.iter()
                    .map(|m| {
                        (
                            m.position().x,
                            m.position().y,
                            m.size().width,
                            m.size().height,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        };
        let mut seen = shape(&app);
        loop {
            std::thread::sleep(DISPLAY_POLL);
            let presenting = app.state::<Presenting>();
            if presenting.current_generation() != Some(generation) {
                return;
            }
            let now = shape(&app);
            if now.is_some() && now != seen {
                seen = now;
                if let Err(err) = presenting.place(&app) {
                    eprintln!(
                        "Signpost could not move the presenting windows: {}",
                        err.message
                    );
                }
            }
        }
    });
}

/// Called for every window event: closing either presenting window ends
/// presenting.
pub fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    if matches!(event, tauri::WindowEvent::Destroyed)
        && (window.label() == AUDIENCE || window.label() == SPEAKER)
    {
        let app = window.app_handle();
        if let Some(presenting) = app.try_state::<Presenting>() {
            presenting.end(app);
        }
    }
}
