// Benchmark, not a test: how quickly presenting keeps up with a clicker.
// Presents the whole course (the shipped one unless SIGNPOST_COURSE_DIR
// says otherwise), presses Right in the room's window once for every stop,
// and reads the performance marks both windows leave (ui/src/present/
// marks.ts): key press to the next slide painted in the room's window (and,
// within that: the presentation's new view arriving there, the wait from
// then to the display's next frame, and that frame's drawing), and
// how long after that the speaker window painted the same view. Each key
// follows the last slide's paint at once (during its 160 ms entrance), or
// GAP_MS later, as a clicker pressed at a trainer's pace would. Run by
// scripts/bench-present; prints one JSON line.
import { Key } from "webdriverio";
import { launch } from "./driver.mjs";

const TITLES = { audience: "Signpost — the room's view", speaker: "Signpost — speaker view" };

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (x) => Math.round(x * 10) / 10;
  return { n: sorted.length, median_ms: round(at(50)), p95_ms: round(at(95)), max_ms: round(sorted.at(-1)) };
}

const painted = () =>
  performance
    .getEntriesByType("mark")
    .filter((m) => m.name.startsWith("present-painted-"))
    .map((m) => m.detail);

const app = await launch();
const { browser } = app;
try {
  const start = await browser.$('//button[normalize-space()="Present the whole course"]');
  await start.waitForClickable({ timeout: 30_000 });
  await start.click();
  let handles = [];
  await browser.waitUntil(async () => (handles = await browser.getWindowHandles()).length === 3, { timeout: 20_000 });
  const w = {};
  for (const h of handles) {
    await browser.switchToWindow(h);
    await browser.waitUntil(async () => (await browser.getTitle()) !== "", { timeout: 10_000 });
    const title = await browser.getTitle();
    w[Object.keys(TITLES).find((k) => TITLES[k] === title) ?? "main"] = h;
  }
  await browser.switchToWindow(w.audience);
  await browser.$('[data-testid="audience-counter"]').waitForExist({ timeout: 20_000 });
  // One Right for every stop of the course: read how many from the deck.
  const deck = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("audience_deck"));
  const stops = deck.modules.reduce((n, m) => n + Math.max(1, m.slides.length + m.questions.length), 0);
  for (let i = 1; i < stops; i++) {
    const before = (await browser.execute(painted)).length;
    if (process.env.GAP_MS) await browser.pause(Number(process.env.GAP_MS));
    await browser.keys(Key.ArrowRight);
    await browser.waitUntil(async () => (await browser.execute(painted)).length > before, {
      timeout: 5_000,
      interval: 5,
    });
  }
  const room = (await browser.execute(painted)).filter((d) => d.keyAt !== null);
  await browser.switchToWindow(w.speaker);
  await browser.pause(300);
  const speakerPainted = new Map((await browser.execute(painted)).map((d) => [d.version, d.paintedAt]));
  const keyToPaint = room.map((d) => d.paintedAt - d.keyAt);
  const keyToView = room.map((d) => d.receivedAt - d.keyAt);
  const viewToFrame = room.map((d) => d.frameAt - d.receivedAt);
  const frameToPainted = room.map((d) => d.paintedAt - d.frameAt);
  const follow = room
    .filter((d) => speakerPainted.has(d.version))
    .map((d) => speakerPainted.get(d.version) - d.paintedAt);
  console.log(
    JSON.stringify({
      stops,
      gap_ms: Number(process.env.GAP_MS ?? 0),
      key_to_room_painted: stats(keyToPaint),
      key_to_view_received: stats(keyToView),
      view_to_next_frame: stats(viewToFrame),
      frame_to_painted: stats(frameToPainted),
      speaker_after_room: stats(follow),
    }),
  );
} finally {
  await app.close();
}
