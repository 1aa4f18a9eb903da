//! Frames of the real app, driven headless, scrolling the 20 MB article against a 1 MB one.

use super::*;

/// The app as eframe runs it, without a window: each frame runs `App::logic` and `App::ui` in
/// `Context::run_ui`, then tessellates the shapes; texture updates are dropped (uploading
/// them is the GL driver's work).
pub(crate) struct Driver {
    pub(crate) ctx: egui::Context,
    pub(crate) app: HameshApp,
    pub(crate) frame: eframe::Frame,
    pub(crate) time: f64,
}

#[derive(Copy, Clone, Debug)]
pub(crate) struct FrameTime {
    pub(crate) cpu_ms: f64,
    pub(crate) wall_ms: f64,
}

impl Driver {
    /// `hamesh PATH` with its settings in `config` (emptied first, so nothing is restored).
    pub(crate) fn open(path: &Path, config: &Path) -> Result<Driver, String> {
        let _ = std::fs::remove_dir_all(config);
        std::fs::create_dir_all(config).map_err(|e| format!("{}: {e}", config.display()))?;
        let ctx = egui::Context::default();
        let startup = Startup::new(config.join("settings.json"), Some(path.to_path_buf()));
        let app = HameshApp::new(&ctx, startup);
        Ok(Driver {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
            time: 0.0,
        })
    }

    pub(crate) fn frame(&mut self, events: Vec<Event>) -> FrameTime {
        let mut input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
            time: Some(self.time),
            predicted_dt: DT,
            focused: true,
            events,
            ..Default::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(1.0);
            viewport.focused = Some(true);
        }
        let cpu = thread_cpu_ns();
        let wall = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| {
            self.app.logic(ui.ctx(), &mut self.frame);
            self.app.ui(ui, &mut self.frame);
        });
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        let time = FrameTime {
            cpu_ms: (thread_cpu_ns() - cpu) as f64 / 1e6,
            wall_ms: ms(wall.elapsed()),
        };
        black_box(primitives);
        output.textures_delta.clear();
        self.time += f64::from(DT);
        time
    }

    /// Runs frames until the article is read (on its worker) and painted.
    pub(crate) fn wait_for_article(&mut self, limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        while self.app.reader().is_none_or(|r| r.painted_glyphs() == 0) {
            if Instant::now() > deadline {
                return Err("timed out waiting for the article".into());
            }
            self.frame(Vec::new());
            std::thread::sleep(Duration::from_millis(2));
        }
        for _ in 0..10 {
            self.frame(Vec::new());
        }
        Ok(())
    }

    /// Puts the pointer over the reader (wheel events scroll what is under it).
    pub(crate) fn point_at_reader(&mut self) -> Result<(), String> {
        let rect = self.app.reader_rect().ok_or("no reader on screen")?;
        self.frame(vec![Event::PointerMoved(rect.center())]);
        Ok(())
    }

    pub(crate) fn offset(&self) -> f32 {
        self.app.reader().map_or(0.0, |r| r.scroll().offset)
    }

    pub(crate) fn at_end(&self) -> bool {
        self.app.reader().is_some_and(|r| r.scroll().at_end())
    }
}

#[derive(Copy, Clone, PartialEq)]
pub(crate) enum Scenario {
    /// No input: the floor of a frame.
    Idle,
    /// The wheel every frame, down from the top.
    WheelDown,
    /// PageDown held (key repeat 30 a second: a press every other frame), from the top.
    PageDownHeld,
    /// Ctrl+End, then the wheel every frame, up from the end.
    WheelUpFromEnd,
    /// The scroll bar's handle dragged down [`DRAG_POINTS`] a frame from the top: every frame
    /// shows paragraphs never laid out (the most a frame can be asked to lay out).
    ScrollBarDrag,
}

impl Scenario {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Scenario::Idle => "idle (no input)",
            Scenario::WheelDown => "wheel down from the top",
            Scenario::PageDownHeld => "PageDown held from the top",
            Scenario::WheelUpFromEnd => "wheel up from the end",
            Scenario::ScrollBarDrag => "scroll bar dragged",
        }
    }

    /// The input of frame `frame` of the scenario; `reader` is the reader's rectangle.
    pub(crate) fn events(self, frame: usize, reader: Rect) -> Vec<Event> {
        let wheel = |dy: f32| Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        };
        match self {
            Scenario::Idle => Vec::new(),
            Scenario::WheelDown => vec![wheel(-WHEEL_POINTS)],
            Scenario::WheelUpFromEnd => vec![wheel(WHEEL_POINTS)],
            Scenario::PageDownHeld if frame.is_multiple_of(2) => vec![Event::Key {
                key: Key::PageDown,
                physical_key: Some(Key::PageDown),
                pressed: true,
                repeat: frame > 0,
                modifiers: Modifiers::NONE,
            }],
            Scenario::PageDownHeld => Vec::new(),
            Scenario::ScrollBarDrag => {
                // The bar is along the reader's trailing edge; its handle starts at the top.
                let start = reader.right_top() + vec2(-4.0, 6.0);
                let at = start + vec2(0.0, DRAG_POINTS * frame as f32);
                if frame == 0 {
                    vec![
                        Event::PointerMoved(at),
                        Event::PointerButton {
                            pos: at,
                            button: egui::PointerButton::Primary,
                            pressed: true,
                            modifiers: Modifiers::NONE,
                        },
                    ]
                } else {
                    vec![Event::PointerMoved(at)]
                }
            }
        }
    }
}

pub(crate) struct Run {
    pub(crate) name: &'static str,
    pub(crate) frames: Vec<FrameTime>,
    /// The first frames after Ctrl+End (only for [`Scenario::WheelUpFromEnd`]).
    pub(crate) jump: Vec<FrameTime>,
    pub(crate) from: f32,
    pub(crate) to: f32,
    pub(crate) reached_end: bool,
    /// Glyphs drawn by the reader in the last frame.
    pub(crate) glyphs: usize,
}

pub(crate) fn bench_frames(data: &Data, frames: usize) -> Result<Vec<String>, String> {
    println!();
    println!(
        "== frames: the app headless at {}x{} points, 1 px per point, 60 Hz input clock; \
         UI thread CPU per frame (App::logic + App::ui + tessellate)",
        WINDOW.x, WINDOW.y
    );
    let bytes = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let cycles = |p: &Path| bytes(p) / data.cycle_bytes.max(1);
    println!(
        "documents: 20 MB = {} ({} bytes, {} cycles of the Arabic samples' {} bytes); \
         1 MB = {} ({} bytes, its first {} cycles); tiny = {} ({} bytes)",
        data.large.display(),
        bytes(&data.large),
        cycles(&data.large),
        data.cycle_bytes,
        data.small.display(),
        bytes(&data.small),
        cycles(&data.small),
        data.tiny.display(),
        bytes(&data.tiny)
    );
    let rounds = 3;
    let per_round = frames.div_ceil(rounds);
    let mut verdicts = Vec::new();
    let mut worst_p95 = 0.0f64;
    let mut worst_ratio = 0.0f64;
    for scenario in [
        Scenario::Idle,
        Scenario::WheelDown,
        Scenario::PageDownHeld,
        Scenario::WheelUpFromEnd,
        Scenario::ScrollBarDrag,
    ] {
        let mut docs: Vec<(&'static str, &Path)> = vec![
            ("20 MB", data.large.as_path()),
            ("1 MB", data.small.as_path()),
        ];
        if scenario == Scenario::Idle {
            docs.push(("tiny", data.tiny.as_path()));
        }
        // Fresh apps for each scenario, so none scrolls over paragraphs another already laid out.
        let mut drivers = Vec::new();
        for (name, path) in &docs {
            let config = data_dir().join(format!("reader-config/{}", name.replace(' ', "")));
            let t = Instant::now();
            let mut d = Driver::open(path, &config)?;
            d.wait_for_article(Duration::from_secs(180))?;
            d.point_at_reader()?;
            if *name == "20 MB" && scenario == Scenario::Idle {
                println!(
                    "20 MB opened and painted in {:.0} ms (worker: read, decode, split {:.0} ms)",
                    ms(t.elapsed()),
                    d.app.article_load_ms().unwrap_or(f64::NAN)
                );
            }
            drivers.push((*name, d));
        }
        let mut runs: Vec<Run> = drivers
            .iter()
            .map(|(name, d)| Run {
                name,
                frames: Vec::new(),
                jump: Vec::new(),
                from: d.offset(),
                to: 0.0,
                reached_end: false,
                glyphs: 0,
            })
            .collect();
        if scenario == Scenario::WheelUpFromEnd {
            for ((_, d), run) in drivers.iter_mut().zip(&mut runs) {
                d.app.apply(hamesh::ui::ReadCommand::Bottom);
                for _ in 0..10 {
                    run.jump.push(d.frame(Vec::new()));
                }
                run.from = d.offset();
            }
        }
        for round in 0..rounds {
            let n = drivers.len();
            for k in 0..n {
                // Alternate the order of the documents from round to round.
                let i = if round % 2 == 0 { k } else { n - 1 - k };
                let (_, d) = &mut drivers[i];
                let reader = d.app.reader_rect().ok_or("no reader on screen")?;
                let start = round * per_round;
                for f in start..(start + per_round).min(frames) {
                    let t = d.frame(scenario.events(f, reader));
                    runs[i].frames.push(t);
                    runs[i].reached_end |= scenario != Scenario::WheelUpFromEnd && d.at_end();
                }
            }
        }
        for ((_, d), run) in drivers.iter().zip(&mut runs) {
            run.to = d.offset();
            run.glyphs = d.app.reader().map_or(0, |r| r.painted_glyphs());
        }
        drop(drivers);

        println!();
        println!("{}: {frames} frames per document", scenario.name());
        for run in &runs {
            let cpu: Vec<f64> = run.frames.iter().map(|f| f.cpu_ms).collect();
            let wall: Vec<f64> = run.frames.iter().map(|f| f.wall_ms).collect();
            let (_, max) = min_max(&cpu);
            print!(
                "  {:>5}: CPU median {:.3} ms, p95 {:.3} ms, max {:.3} ms; wall median {:.3} ms, p95 {:.3} ms; \
                 scrolled {:.0} -> {:.0} pt; {} glyphs in the last frame",
                run.name,
                median(&cpu),
                percentile(&cpu, 0.95),
                max,
                median(&wall),
                percentile(&wall, 0.95),
                run.from,
                run.to,
                run.glyphs
            );
            if !run.jump.is_empty() {
                let jump: Vec<f64> = run.jump.iter().map(|f| f.cpu_ms).collect();
                print!(
                    "; Ctrl+End: the 10 frames after it CPU max {:.3} ms, sum {:.2} ms",
                    min_max(&jump).1,
                    jump.iter().sum::<f64>()
                );
            }
            if run.reached_end {
                print!(" (reached the end)");
            }
            println!();
        }
        let cpu = |r: &Run| r.frames.iter().map(|f| f.cpu_ms).collect::<Vec<_>>();
        let (large, small) = (cpu(&runs[0]), cpu(&runs[1]));
        let ratio = median(&large) / median(&small);
        let ratio95 = percentile(&large, 0.95) / percentile(&small, 0.95);
        let round_ratios: Vec<String> = (0..rounds)
            .map(|r| {
                let part = |v: &[f64]| {
                    let lo = (r * per_round).min(v.len());
                    let hi = ((r + 1) * per_round).min(v.len());
                    median(&v[lo..hi])
                };
                format!("{:.2}", part(&large) / part(&small))
            })
            .collect();
        println!(
            "  20 MB / 1 MB: median {ratio:.2}x (rounds {}), p95 {ratio95:.2}x",
            round_ratios.join(", ")
        );
        if scenario == Scenario::Idle {
            let tiny = cpu(&runs[2]);
            println!(
                "  20 MB / tiny: median {:.2}x, p95 {:.2}x",
                median(&large) / median(&tiny),
                percentile(&large, 0.95) / percentile(&tiny, 0.95)
            );
        }
        if runs[1].reached_end {
            println!("  note: the 1 MB article reached its end, so its later frames scrolled less");
        }
        if scenario != Scenario::Idle {
            worst_p95 = worst_p95.max(percentile(&large, 0.95));
            worst_ratio = worst_ratio.max(ratio);
        }
        verdicts.push(format!(
            "info frames, {}: 20 MB median {:.3} ms, p95 {:.3} ms, max {:.3} ms CPU; \
             20 MB / 1 MB median {ratio:.2}x",
            scenario.name(),
            median(&large),
            percentile(&large, 0.95),
            min_max(&large).1
        ));
    }
    verdicts.push(format!(
        "{} a frame while scrolling the 20 MB article under {FRAME_GOAL_MS} ms of UI CPU: \
         worst p95 of the four scroll scenarios {worst_p95:.3} ms; worst 20 MB / 1 MB median ratio {worst_ratio:.2}x",
        if worst_p95 < FRAME_GOAL_MS {
            "PASS"
        } else {
            "MISS"
        }
    ));
    Ok(verdicts)
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// CPU time of the calling thread, in ns (Linux); wall time elsewhere.
pub(crate) fn thread_cpu_ns() -> u64 {
    #[cfg(target_os = "linux")]
    {
        let ts = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
    }
    #[cfg(not(target_os = "linux"))]
    {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_nanos() as u64
    }
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(crate) fn median(v: &[f64]) -> f64 {
    percentile(v, 0.5)
}

/// The value at fraction `q` of the sorted values (the median of an even count is the mean of
/// the two middle ones).
pub(crate) fn percentile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    if q == 0.5 {
        let n = s.len();
        return if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2.0
        };
    }
    let i = ((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
    s[i]
}

pub(crate) fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

pub(crate) fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
