// Benchmark, not a test: whether the window stays responsive while a
// 100,000-row attendance export runs. For each run it starts a CSV export
// from the Records screen, waits until the export's progress bar shows it is
// under way, then clicks Sessions in the top bar and times, inside the
// webview, from the click until the Sessions screen has loaded its list
// (which needs a round trip to the Rust side). It also reports the longest
// gap between painted frames from the start of the export until then. Run
// by scripts/bench-responsive; prints one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerDialogs, launch } from "./driver.mjs";

const runs = Number(process.env.RUNS ?? 5);
const dataDir = process.env.SIGNPOST_DATA_DIR;
if (!dataDir) throw new Error("set SIGNPOST_DATA_DIR to a data folder filled with fill_records");
const outDir = mkdtempSync(join(tmpdir(), "signpost-bench-exports-"));
const nav = (browser, text) => browser.$(`//nav//button[normalize-space()="${text}"]`);

const app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
const times = [];
const gaps = [];
const idle = [];
try {
  const { browser } = app;
  for (let i = 0; i < runs; i++) {
    await (await nav(browser, "Records")).waitForClickable({ timeout: 30_000 });
    await (await nav(browser, "Records")).click();
    await answerDialogs(browser, join(outDir, `attendance-${i}.csv`));
    await browser.execute(() => {
      const beat = { last: performance.now(), worst: 0, on: true };
      window.__heartbeat = beat;
      const tick = (now) => {
        beat.worst = Math.max(beat.worst, now - beat.last);
        beat.last = now;
        if (beat.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await (await browser.$('//button[normalize-space()="Export…"]')).click();
    await (await browser.$('[data-testid="progress"]')).waitForDisplayed({ timeout: 30_000 });
    const ms = await clickSessions(browser);
    times.push(ms);
    gaps.push(await browser.execute(() => ((window.__heartbeat.on = false), window.__heartbeat.worst)));
    // Let the export finish, then the same click with nothing running.
    await browser.pause(Number(process.env.SETTLE_MS ?? 5000));
    await (await nav(browser, "Records")).click();
    await (await browser.$('//button[normalize-space()="Export…"]')).waitForClickable({ timeout: 60_000 });
    idle.push(await clickSessions(browser));
  }
} finally {
  await app.close();
  rmSync(outDir, { recursive: true, force: true });
}

/**
 * Clicks Sessions in the top bar; resolves to the ms until the Sessions
 * screen is painted (the click answered) and until its list is shown.
 */
function clickSessions(browser) {
  return browser.executeAsync((done) => {
    const started = performance.now();
    let answered;
    const button = [...document.querySelectorAll("nav button")].find((b) => b.textContent.trim() === "Sessions");
    button.click();
    const check = (now) => {
      if (answered === undefined && document.querySelector("main h1")?.textContent === "Sessions") {
        answered = now - started;
      }
      if (answered !== undefined && document.querySelector("main [data-testid='session-list']")) {
        done({ answered, listed: performance.now() - started });
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
    worst_ms: Math.round(sorted[sorted.length - 1]),
  };
};
console.log(
  JSON.stringify({
    runs,
    during_export: {
      answered: summary(times.map((t) => t.answered)),
      list_shown: summary(times.map((t) => t.listed)),
      worst_frame_gap_ms: Math.round(Math.max(...gaps)),
    },
    idle: {
      answered: summary(idle.map((t) => t.answered)),
      list_shown: summary(idle.map((t) => t.listed)),
    },
  }),
);
