//! Time-to-first-paint reporting for the startup benchmark (`tools/bench/first-paint.sh`):
//! with `HAMESH_FIRST_PAINT` set, the app prints `first-paint-ms N` once the first frame with
//! article glyphs is on screen; with `HAMESH_EXIT_AFTER_FIRST_PAINT` it then closes, once the
//! article is ready.
//!
//! Once the article is ready it prints `first-paint-phases`, when each step was first reached,
//! in milliseconds since the process started: `app` (eframe has made the window and its GL
//! context and builds the app), `frame` (the first frame begins), `start` (a large article's
//! start is there to show, [`super::article::Reading::preview`]) and `article` (the article's
//! worker handed over the whole prepared text), so a slow first paint says where its time
//! went, and the time to a readable screen and to a usable article can be told apart.

use std::time::Instant;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Stage {
    /// No frame with article glyphs yet.
    Waiting,
    /// A frame with glyphs was built; it is on screen when the next frame starts.
    Painted,
    /// The first paint was reported; the article is still being prepared.
    Reported,
    Done,
}

pub struct FirstPaint {
    start: Instant,
    report: bool,
    exit: bool,
    stage: Stage,
    /// The phases reached so far, in order, with their times since `start`.
    phases: Vec<(&'static str, u128)>,
}

impl FirstPaint {
    pub fn from_env(start: Instant) -> FirstPaint {
        FirstPaint {
            start,
            report: std::env::var_os("HAMESH_FIRST_PAINT").is_some(),
            exit: std::env::var_os("HAMESH_EXIT_AFTER_FIRST_PAINT").is_some(),
            stage: Stage::Waiting,
            phases: Vec::new(),
        }
    }

    /// Notes that `phase` was reached now, unless it was before (or nothing is reported).
    pub fn reached(&mut self, phase: &'static str) {
        if self.report && !self.phases.iter().any(|p| p.0 == phase) {
            self.phases.push((phase, self.start.elapsed().as_millis()));
        }
    }

    /// Whether the benchmark closes the window after the first paint (settings are then left
    /// alone, so timing runs do not change what the user opens next).
    pub fn exits(&self) -> bool {
        self.exit
    }

    /// Call at the start of a frame: reports a first paint built by the previous frame.
    /// `article_shown`: article glyphs are on screen (the article, or its start while the rest
    /// is prepared); `ready`: nothing is being loaded any more. The phases are printed, and the
    /// benchmark's window closed, once the article is ready too.
    pub fn frame_started(&mut self, ctx: &egui::Context, article_shown: bool, ready: bool) {
        if self.stage == Stage::Painted {
            self.stage = Stage::Reported;
            if self.report && article_shown {
                eprintln!("first-paint-ms {}", self.start.elapsed().as_millis());
            } else {
                // Nothing was painted that a reader could read: nothing to wait for.
                self.stage = Stage::Done;
            }
        }
        if self.stage == Stage::Reported && ready {
            self.stage = Stage::Done;
            if self.report {
                let phases: Vec<String> = self
                    .phases
                    .iter()
                    .map(|(name, ms)| format!("{name}={ms}"))
                    .collect();
                eprintln!("first-paint-phases {}", phases.join(" "));
            }
        }
        if self.stage == Stage::Done && self.exit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Call at the end of a frame. `painted`: this frame drew article glyphs, or nothing ever
    /// will (a start screen or an error), so a benchmark is not kept waiting.
    pub fn frame_ended(&mut self, ctx: &egui::Context, painted: bool) {
        if self.stage == Stage::Waiting && painted {
            self.stage = Stage::Painted;
            ctx.request_repaint();
        }
    }
}
