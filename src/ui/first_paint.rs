//! Time-to-first-paint reporting for the startup benchmark (`tools/bench/first-paint.sh`):
//! with `HAMESH_FIRST_PAINT` set, the app prints `first-paint-ms N` once the first frame with
//! article glyphs is on screen; with `HAMESH_EXIT_AFTER_FIRST_PAINT` it then closes.

use std::time::Instant;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Stage {
    /// No frame with article glyphs yet.
    Waiting,
    /// A frame with glyphs was built; it is on screen when the next frame starts.
    Painted,
    Done,
}

pub struct FirstPaint {
    start: Instant,
    report: bool,
    exit: bool,
    stage: Stage,
}

impl FirstPaint {
    pub fn from_env(start: Instant) -> FirstPaint {
        FirstPaint {
            start,
            report: std::env::var_os("HAMESH_FIRST_PAINT").is_some(),
            exit: std::env::var_os("HAMESH_EXIT_AFTER_FIRST_PAINT").is_some(),
            stage: Stage::Waiting,
        }
    }

    /// Whether the benchmark closes the window after the first paint (settings are then left
    /// alone, so timing runs do not change what the user opens next).
    pub fn exits(&self) -> bool {
        self.exit
    }

    /// Call at the start of a frame: reports a first paint built by the previous frame.
    pub fn frame_started(&mut self, ctx: &egui::Context, article_shown: bool) {
        if self.stage != Stage::Painted {
            return;
        }
        self.stage = Stage::Done;
        if self.report && article_shown {
            eprintln!("first-paint-ms {}", self.start.elapsed().as_millis());
        }
        if self.exit {
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
