// Presenting to a room in the real app, through both presenting windows:
// every clicker key, a slide number, Home/End, the overview, the speaker
// window following the room's window and the other way round, the next
// slide's content warning on the speaker view, the safe pause showing the
// helpline and returning to the same slide, the knowledge check (no right
// answers in the room's window before the reveal; counts of hands kept in
// the database file, read back with SQLite), latecomers signing in on the
// room's screen, and presenting ending when a window closes. Each view of
// both windows (slide, overview, pause, question, sign-in, key list) is
// checked against axe's WCAG A and AA rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Key } from "webdriverio";
import { button, launch, repoRoot, type } from "./driver.mjs";
import { assertNoViolations } from "./a11y.mjs";

const fixtureCourse = join(repoRoot, "tests", "fixtures", "present", "room");
const TITLES = { audience: "Signpost — the room's view", speaker: "Signpost — speaker view" };



/** Finds the main, audience and speaker windows' handles by their titles. */
async function windows(browser) {
  let handles = [];
  await browser.waitUntil(async () => (handles = await browser.getWindowHandles()).length === 3, {
    timeout: 20_000,
    timeoutMsg: "the presenting windows did not open",
  });
  const found = {};
  for (const handle of handles) {
    await browser.switchToWindow(handle);
    await browser.waitUntil(async () => (await browser.getTitle()) !== "", { timeout: 10_000 });
    const title = await browser.getTitle();
    const name = Object.keys(TITLES).find((k) => TITLES[k] === title) ?? "main";
    found[name] = handle;
  }
  assert.ok(found.main && found.audience && found.speaker, `three windows: ${JSON.stringify(found)}`);
  return found;
}

async function textOf(browser, selector) {
  const el = await browser.$(selector);
  return (await el.isExisting()) ? el.getText() : "";
}

/** Waits in the current window until `selector`'s text matches. */
async function waitText(browser, selector, pattern, what) {
  let last = "";
  try {
    await browser.waitUntil(async () => pattern.test((last = await textOf(browser, selector))), {
      timeout: 10_000,
    });
  } catch {
    const page = await browser.execute(() => document.body.innerText);
    assert.fail(`${what}: expected ${pattern} in ${selector}, saw ${JSON.stringify(last)}; the window shows ${JSON.stringify(page.slice(0, 400))}`);
  }
}

test("a trainer presents a session through both windows with the clicker keys", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  const { browser } = app;
  try {
    await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
    await (await button(browser, "Sessions", "//nav")).click();
    await type(browser, 'input[name="title"]', "Room session");
    await type(browser, 'input[name="trainer"]', "Tess Trainer");
    await (await button(browser, "Create session")).click();
    await (await button(browser, "Present this session")).waitForClickable({ timeout: 10_000 });
    await (await button(browser, "Present this session")).click();

    const w = await windows(browser);
    const audience = async () => browser.switchToWindow(w.audience);
    const speaker = async () => browser.switchToWindow(w.speaker);
    /** Both windows show stop `n` of the first module, with `title` on the room's screen. */
    async function bothAt(n, of, label) {
      await audience();
      await waitText(browser, '[data-testid="audience-counter"]', new RegExp(`\\b${n} / ${of}$`), `room at ${label}`);
      await speaker();
      await waitText(browser, '[data-testid="speaker-current"]', new RegExp(`^Now: ${label}`), `speaker at ${label}`);
    }

    await bothAt(1, 6, "Slide 1 of 4");
    await audience();
    assert.match(await textOf(browser, ".stop-title"), /Welcome to the room/);
    // Both windows, in each of their views, against axe's WCAG A and AA rules.
    await assertNoViolations(browser, "room: a slide");
    await speaker();
    await assertNoViolations(browser, "speaker view: a slide");

    // Every next and previous key, pressed in the room's window.
    const steps = [
      [Key.ArrowRight, 2], [Key.ArrowDown, 3], [Key.ArrowLeft, 2], [Key.ArrowUp, 1],
      [Key.Space, 2], [Key.PageUp, 1], [Key.PageDown, 2], [Key.Backspace, 1], [Key.Enter, 2],
    ];
    for (const [key, n] of steps) {
      await audience();
      await browser.keys(key);
      await bothAt(n, 6, `Slide ${n} of 4`);
    }

    // The room's window follows a key pressed in the speaker window, and the
    // speaker sees the next slide's content warning with its text.
    await speaker();
    await browser.keys(Key.ArrowRight);
    await bothAt(3, 6, "Slide 3 of 4");
    await speaker();
    await waitText(browser, '[data-testid="next-warning"]', /This slide describes violence against a worker\./, "next-slide warning");

    // A slide number, typed in either window, then Enter.
    await browser.keys(["1", Key.Enter]);
    await bothAt(1, 6, "Slide 1 of 4");
    await audience();
    await browser.keys(["4", Key.Enter]);
    await bothAt(4, 6, "Slide 4 of 4");
    await browser.keys(Key.Home);
    await bothAt(1, 6, "Slide 1 of 4");
    await audience();
    await browser.keys(Key.End);
    await bothAt(4, 6, "Slide 4 of 4");

    // The overview: G opens it on both screens, arrows move, Enter picks.
    await audience();
    await browser.keys("g");
    await waitText(browser, "#overview-title", /First module: overview/, "room overview");
    await assertNoViolations(browser, "room: the overview");
    await speaker();
    await waitText(browser, "#overview-title", /First module: overview/, "speaker overview");
    await assertNoViolations(browser, "speaker view: the overview");
    await browser.keys([Key.ArrowLeft, Key.Enter]);
    await bothAt(3, 6, "Slide 3 of 4");
    await audience();
    await browser.keys("o");
    await waitText(browser, "#overview-title", /overview/, "room overview again");
    await browser.keys(Key.Escape);
    await bothAt(3, 6, "Slide 3 of 4");

    // The safe pause: the helpline and the organisation's contacts; any key
    // brings back the same slide. From either window.
    await audience();
    await browser.keys("b");
    await waitText(browser, ".pause", /08000 121 700/, "pause shows the helpline");
    const pause = await textOf(browser, ".pause");
    assert.match(pause, /Northshire victim service/);
    assert.doesNotMatch(pause, /Before the hard part/, "the pause names no slide");
    await assertNoViolations(browser, "room: the safe pause");
    await speaker();
    await waitText(browser, '[data-testid="speaker-status"]', /The room is paused/, "speaker shows the pause");
    await assertNoViolations(browser, "speaker view: the safe pause");
    await audience();
    await browser.keys("x");
    await bothAt(3, 6, "Slide 3 of 4");
    await speaker();
    await browser.keys(".");
    await audience();
    await waitText(browser, ".pause", /08000 121 700/, "pause from the speaker window");
    await speaker();
    await browser.keys("a");
    await bothAt(3, 6, "Slide 3 of 4");

    // The knowledge check: no right answer in the room's window until the
    // trainer reveals it; the counts of hands are kept.
    await browser.keys("k");
    await bothAt(5, 6, "Question 1 of 2");
    await audience();
    const before = await browser.execute(() => document.body.innerText);
    assert.match(before, /Who can report a concern\?/);
    assert.doesNotMatch(before, /Right answer|Anyone can report a concern;/, "nothing gives the answer away");
    const deck = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("audience_deck"));
    assert.ok(!JSON.stringify(deck).includes("correct"), "the room's copy of the deck has no answers");
    const denied = await browser.execute(() =>
      window.__TAURI_INTERNALS__.invoke("speaker_deck").then(() => "allowed", () => "denied"),
    );
    assert.equal(denied, "denied", "the room's window may not ask for the speaker's deck");

    await speaker();
    // A typing slip is named, not silently dropped.
    await type(browser, 'input[name="hands-A"]', "1o");
    await (await button(browser, "Keep these counts")).click();
    await waitText(browser, '[data-testid="hands-result"]', /whole number of hands/, "a count that is no number");
    for (const [letter, hands] of [["A", "2"], ["B", "11"], ["C", "0"]]) {
      await type(browser, `input[name="hands-${letter}"]`, hands);
    }
    await (await button(browser, "Keep these counts")).click();
    await waitText(browser, '[data-testid="hands-result"]', /Counts kept/, "counts kept");
    assert.equal(
      await browser.execute(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName),
      "hands-result",
      "out of the fields once kept, so the clicker moves the slides again",
    );
    await assertNoViolations(browser, "speaker view: a question with its counts");
    await (await button(browser, "Reveal the answer to the room (R)")).click();
    await audience();
    await waitText(browser, ".option.right", /Anyone who has a concern/, "the right option is shown");
    assert.match(await textOf(browser, ".stop-explanation"), /you do not need proof/);
    await assertNoViolations(browser, "room: a question's answer revealed");

    // Latecomers sign in on the room's screen; the trainer takes it back.
    await speaker();
    await browser.keys("l");
    await audience();
    await type(browser, 'input[name="name"]', "Lee Latecomer");
    await browser.keys(Key.Enter);
    await waitText(browser, ".kiosk-thanks", /Thank you, Lee/, "latecomer signed in");
    await assertNoViolations(browser, "room: latecomers' sign-in");
    await speaker();
    await waitText(browser, '[data-testid="speaker-status"]', /signing in/, "speaker shows the sign-in");
    await browser.keys(Key.Escape);
    await bothAt(5, 6, "Question 1 of 2");

    // The session is closed in the main window while latecomers are signing
    // in: the room goes back to the slide, and sign-in is offered no more.
    await browser.keys("l");
    await audience();
    await browser.$('input[name="name"]').waitForExist({ timeout: 10_000 });
    await browser.switchToWindow(w.main);
    await (await button(browser, "Close session")).click();
    await (await button(browser, "Yes, close the session")).click();
    await speaker();
    await waitText(browser, '[data-testid="sign-in-closed"]', /Session closed/, "speaker told sign-in is closed");
    await bothAt(5, 6, "Question 1 of 2");
    // L no longer opens the kiosk, so the next key still moves the room on.
    await browser.keys("l");
    await browser.keys(Key.ArrowRight);
    await bothAt(6, 6, "Question 2 of 2");

    // ? lists the keys in the window that asked.
    await speaker();
    await browser.keys("?");
    await waitText(browser, "#key-help-title", /Presenting keys/, "key list");
    await assertNoViolations(browser, "speaker view: the list of keys");
    await browser.keys(Key.Escape);
    await browser.waitUntil(async () => !(await (await browser.$("#key-help-title")).isExisting()));

    // Esc ends presenting; the main window is back on the register.
    await audience();
    await browser.keys(Key.Escape).catch((error) => {
      // The key closes the very window it was sent to, before WebDriver has
      // finished releasing it.
      if (!/no such window/.test(String(error))) throw error;
    });
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 1, {
      timeout: 10_000,
      timeoutMsg: "Esc did not end presenting",
    });
    await browser.switchToWindow(w.main);
    await waitText(browser, '[data-testid="register"]', /Lee Latecomer/, "latecomer on the register");
    await waitText(browser, '[data-testid="room-answers"]', /B: 11/, "counts on the register page");
    assert.match(await textOf(browser, '[data-testid="room-answers"]'), /Who can report a concern\?/, "the question, not its id");

    const script =
      "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(\"select question_id, option, correct, hands from room_answers order by option\").fetchall()))";
    const rows = JSON.parse(
      execFileSync("python3", ["-c", script, join(app.dataDir, "signpost.sqlite3")]).toString(),
    );
    assert.deepEqual(rows, [["first/1", 0, 0, 2], ["first/1", 1, 1, 11], ["first/1", 2, 0, 0]]);
  } finally {
    await app.close();
  }
});

test("closing the speaker window ends presenting from the Course screen", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  const { browser } = app;
  try {
    const start = await button(browser, "Present the whole course");
    await start.waitForClickable({ timeout: 20_000 });
    // Only the second module: the deck starts there.
    await (await browser.$('input[name="present-module"][value="first"]')).click();
    await (await browser.$('input[name="present-module"][value="empty"]')).click();
    await (await button(browser, "Present 1 module")).click();
    const w = await windows(browser);
    await browser.switchToWindow(w.audience);
    await waitText(browser, ".stop-title", /Where to get help/, "second module's first slide");
    assert.match(await textOf(browser, ".stop-body"), /01234 567 890/, "contacts filled in");
    await browser.switchToWindow(w.speaker);
    await waitText(browser, '[data-testid="notes"]', /Read out the local contacts/, "notes shown");
    // One key per call: WebDriver merges a repeated key within one call.
    await browser.keys(Key.ArrowRight);
    await waitText(browser, '[data-testid="speaker-current"]', /Slide 2 of 2/, "second slide");
    await browser.keys(Key.ArrowRight);
    await waitText(browser, '[data-testid="speaker-current"]', /Question 1 of 2/, "question");
    assert.match(await textOf(browser, ".hands"), /Counts are kept when you present a session/);

    // A scenario too long for a 1280×720 projector is shrunk to fit, yet
    // fills the screen's width: its story beside its options, nothing cut off.
    await browser.keys(Key.ArrowRight);
    await waitText(browser, '[data-testid="speaker-current"]', /Question 2 of 2/, "the long scenario");
    await browser.switchToWindow(w.audience);
    await browser.setWindowRect(0, 0, 1280, 720);
    await waitText(browser, ".stop-title", /A long story for a small screen/, "the long scenario");
    const layout = () =>
      browser.execute(() => {
        const box = (selector) => document.querySelector(`.audience ${selector}`).getBoundingClientRect();
        const fit = box(".slide-fit");
        return {
          width: innerWidth,
          height: innerHeight,
          fit: { left: fit.left, right: fit.right, bottom: fit.bottom },
          shrunk: document.querySelector(".audience .slide-fit").style.transform,
          beside: box(".options").left > box(".stop-story").right,
          // Drawn under the story, not under the options.
          explained:
            document.querySelector(".audience .stop-explanation") !== null &&
            box(".stop-explanation").right < box(".options").left,
        };
      });
    async function fillsTheScreen(what) {
      let seen;
      await browser.waitUntil(async () => (seen = await layout()).width === 1280 && /scale/.test(seen.shrunk), {
        timeout: 10_000,
        timeoutMsg: `${what}: not shrunk to fit at 1280×720: ${JSON.stringify(seen)}`,
      });
      assert.ok(seen.beside, `${what}: the story beside the options`);
      assert.ok(seen.fit.left >= 0 && seen.fit.right <= seen.width && seen.fit.bottom <= seen.height, `${what}: cut off: ${JSON.stringify(seen)}`);
      assert.ok(seen.fit.right - seen.fit.left > 0.85 * seen.width, `${what}: a narrow column: ${JSON.stringify(seen)}`);
      return seen;
    }
    assert.equal((await fillsTheScreen("the question")).explained, false);
    await browser.switchToWindow(w.speaker);
    await browser.keys("r");
    await browser.switchToWindow(w.audience);
    await waitText(browser, ".option.right", /call the helpline/, "the long scenario revealed");
    assert.equal((await fillsTheScreen("the answer revealed")).explained, true, "the explanation under the story");
    await assertNoViolations(browser, "room: a scenario's answer revealed beside its story");
    await browser.switchToWindow(w.speaker);
    // Closed as a person would, with the window's close button.
    execFileSync("python3", [join(import.meta.dirname, "close-window.py"), TITLES.speaker]);
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length === 1, {
      timeout: 10_000,
      timeoutMsg: "closing the speaker window did not close the room's window",
    });
    await browser.switchToWindow(w.main);
    await browser.waitUntil(async () => !(await (await browser.$(".presenting-banner")).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the main window still says it is presenting",
    });
    assert.ok(await (await button(browser, "Present 1 module")).isEnabled(), "presenting can start again");
  } finally {
    await app.close();
  }
});
