//! Which display each presenting window goes on. With a second display (a
//! projector), the audience window fills it and the speaker window fills
//! the laptop's own screen; with one display they share it side by side,
//! the audience on the larger part. Swapping puts each window where the
//! other was. Rectangles are in the displays' physical pixels, as the
//! windowing system reports them; the shell asks again whenever the
//! displays change (a projector unplugged mid-session), so the audience
//! window falls back to the laptop's screen and presenting goes on.

use serde::Serialize;
use ts_rs::TS;

/// A display, as the windowing system describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Where one window goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub fullscreen: bool,
}

/// Where both windows go, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub audience: Place,
    pub speaker: Place,
    pub layout: Layout,
}

/// How the windows share the displays, as the speaker view says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Layout {
    /// The audience window fills another display.
    TwoDisplays,
    /// Both windows share one display.
    SideBySide,
}

/// The audience's share of a display used side by side.
const AUDIENCE_SHARE: f64 = 0.6;

fn whole(screen: Screen, fullscreen: bool) -> Place {
    Place {
        x: screen.x,
        y: screen.y,
        width: screen.width,
        height: screen.height,
        fullscreen,
    }
}

/// Places the windows on `screens`, where `laptop` is the index of the
/// display the main window is on (the trainer's own screen). `None` when
/// there are no displays at all.
pub fn place(screens: &[Screen], laptop: usize, swapped: bool) -> Option<Placement> {
    let laptop = laptop.min(screens.len().checked_sub(1)?);
    let own = screens[laptop];
    // The largest other display is the projector.
    let other = screens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != laptop)
        .max_by_key(|(_, s)| u64::from(s.width) * u64::from(s.height))
        .map(|(_, s)| *s);
    Some(match other {
        Some(projector) => {
            let (audience_on, speaker_on) = if swapped {
                (own, projector)
            } else {
                (projector, own)
            };
            Placement {
                audience: whole(audience_on, true),
                speaker: whole(speaker_on, false),
                layout: Layout::TwoDisplays,
            }
        }
        None => {
            let audience_width = (f64::from(own.width) * AUDIENCE_SHARE).round() as u32;
            let speaker_width = own.width - audience_width;
            let left = own.x;
            let right_of = |w: u32| own.x + w as i32;
            let (audience_x, speaker_x) = if swapped {
                (right_of(speaker_width), left)
            } else {
                (left, right_of(audience_width))
            };
            Placement {
                audience: Place {
                    x: audience_x,
                    y: own.y,
                    width: audience_width,
                    height: own.height,
                    fullscreen: false,
                },
                speaker: Place {
                    x: speaker_x,
                    y: own.y,
                    width: speaker_width,
                    height: own.height,
                    fullscreen: false,
                },
                layout: Layout::SideBySide,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };
    const PROJECTOR: Screen = Screen {
        x: 1920,
        y: 0,
        width: 1024,
        height: 768,
    };

    #[test]
    fn with_a_projector_the_audience_fills_it_and_the_speaker_keeps_the_laptop() {
        let p = place(&[LAPTOP, PROJECTOR], 0, false).unwrap();
        assert_eq!(p.layout, Layout::TwoDisplays);
        assert_eq!(
            (p.audience.x, p.audience.width, p.audience.fullscreen),
            (1920, 1024, true)
        );
        assert_eq!(
            (p.speaker.x, p.speaker.width, p.speaker.fullscreen),
            (0, 1920, false)
        );
    }

    #[test]
    fn swapping_puts_the_audience_on_the_laptop_and_the_speaker_on_the_projector() {
        let p = place(&[LAPTOP, PROJECTOR], 0, true).unwrap();
        assert_eq!(p.audience.x, 0);
        assert_eq!(p.speaker.x, 1920);
    }

    #[test]
    fn the_laptop_is_whichever_display_holds_the_main_window() {
        let p = place(&[PROJECTOR, LAPTOP], 1, false).unwrap();
        assert_eq!(p.audience.width, 1024);
        assert_eq!(p.speaker.width, 1920);
    }

    #[test]
    fn on_one_display_the_windows_share_it_side_by_side_without_overlapping() {
        let p = place(&[LAPTOP], 0, false).unwrap();
        assert_eq!(p.layout, Layout::SideBySide);
        assert_eq!(p.audience.x, 0);
        assert_eq!(p.speaker.x, p.audience.width as i32);
        assert_eq!(p.audience.width + p.speaker.width, 1920);
        assert!(!p.audience.fullscreen);
        let swapped = place(&[LAPTOP], 0, true).unwrap();
        assert_eq!(swapped.speaker.x, 0);
        assert_eq!(swapped.audience.x + swapped.audience.width as i32, 1920);
    }

    #[test]
    fn when_the_projector_is_unplugged_the_audience_falls_back_to_the_laptop() {
        let before = place(&[LAPTOP, PROJECTOR], 0, false).unwrap();
        let after = place(&[LAPTOP], 0, false).unwrap();
        assert_eq!(before.audience.x, 1920);
        assert!(after.audience.x + after.audience.width as i32 <= 1920);
    }

    #[test]
    fn no_displays_means_no_placement() {
        assert_eq!(place(&[], 0, false), None);
    }
}
