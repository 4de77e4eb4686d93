//! Long work's progress, sent to the window that asked for it over the
//! channel it passed in, and that window's request to stop. The library
//! counts (`signpost::progress::Progress`); this turns the counts into
//! messages at most every 50 ms (a 100,000-row export would otherwise send
//! 100,000) and keeps each running task's stop flag, found by its channel's
//! id, so `cancel_task` can reach it from another command.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::ipc::Channel;
use ts_rs::TS;

/// How far a piece of long work has got: `done` of `total` units.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct Step {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The stop flags of the tasks running now, by channel id.
#[derive(Default)]
pub struct Tasks(Mutex<HashMap<u32, Arc<AtomicBool>>>);

impl Tasks {
    /// Starts watching work that reports over `channel`.
    pub fn watch(self: &Arc<Self>, channel: Channel<Step>) -> Watched {
        let stop = Arc::new(AtomicBool::new(false));
        if let Ok(mut running) = self.0.lock() {
            running.insert(channel.id(), stop.clone());
        }
        Watched {
            tasks: self.clone(),
            channel,
            stop,
            last: Mutex::new(None),
        }
    }

    /// Asks the task reporting over channel `id` to stop; false when no such
    /// task is running (it may have just finished).
    pub fn cancel(&self, id: u32) -> bool {
        let running = match self.0.lock() {
            Ok(running) => running,
            Err(poisoned) => poisoned.into_inner(),
        };
        match running.get(&id) {
            Some(stop) => {
                stop.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// One running task: its channel, its stop flag, and when it last reported.
pub struct Watched {
    tasks: Arc<Tasks>,
    channel: Channel<Step>,
    stop: Arc<AtomicBool>,
    last: Mutex<Option<Instant>>,
}

const EVERY: Duration = Duration::from_millis(50);

impl signpost::progress::Progress for Watched {
    fn step(&self, done: u64, total: u64) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let due = last.is_none_or(|at| at.elapsed() >= EVERY) || done >= total;
        if due {
            *last = Some(Instant::now());
            // A window closed mid-task cannot be told; the work goes on.
            let _ = self.channel.send(Step { done, total });
        }
    }

    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        if let Ok(mut running) = self.tasks.0.lock() {
            running.remove(&self.channel.id());
        }
    }
}
