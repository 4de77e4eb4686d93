// Benchmark, not a test: whether the window stays responsive while a
// 100,000-row attendance export runs. For each run it starts a CSV export
// from the Records screen, waits until the export's progress bar shows it is
// under way, then clicks Sessions in the top bar and times, inside the
// webview, from the click until the Sessions screen has loaded its list
// (which needs a round trip to the Rust side). Run by
// scripts/bench-responsive; prints one JSON line.
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
try {
  const { browser } = app;
  for (let i = 0; i < runs; i++) {
    await (await nav(browser, "Records")).waitForClickable({ timeout: 30_000 });
    await (await nav(browser, "Records")).click();
    await answerDialogs(browser, join(outDir, `attendance-${i}.csv`));
    await (await browser.$('//button[normalize-space()="Export…"]')).click();
    await (await browser.$('[data-testid="progress"]')).waitForDisplayed({ timeout: 30_000 });
    const ms = await browser.executeAsync((done) => {
      const started = performance.now();
      const button = [...document.querySelectorAll("nav button")].find((b) => b.textContent.trim() === "Sessions");
      button.click();
      const check = () => {
        const heading = document.querySelector("main h1");
        const listed = document.querySelector("main [data-testid='session-list']");
        if (heading?.textContent === "Sessions" && listed) {
          done(performance.now() - started);
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    });
    times.push(ms);
    // Let the export finish before the next run.
    await browser.pause(Number(process.env.SETTLE_MS ?? 5000));
  }
} finally {
  await app.close();
  rmSync(outDir, { recursive: true, force: true });
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    runs,
    median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
    worst_ms: Math.round(sorted[sorted.length - 1]),
    all_ms: times.map(Math.round),
  }),
);
