// Benchmark, not a test: how long the real app takes from launch until the
// module list is on screen, as the median of several cold starts. Run by
// scripts/bench-app; prints one JSON line.
import { launch } from "./driver.mjs";

const runs = Number(process.env.RUNS ?? 5);
const times = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const app = await launch();
  try {
    await app.browser.$(".module-title").waitForExist({ timeout: 30_000, interval: 10 });
    times.push(performance.now() - started);
  } finally {
    await app.close();
  }
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ runs, median_ms: Math.round(median), all_ms: times.map(Math.round) }));
