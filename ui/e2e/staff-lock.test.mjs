// The staff lock in the real app, against the real SQLite file: a trainer
// sets a staff passphrase in Settings and locks; Records then asks for it
// (a wrong one is refused) and even the window's own call to a records
// command is refused; the kiosk locks the records behind it and ends only
// with the passphrase; a learner signing in locks them again. The file
// holds only the passphrase's hash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { button, launch, screenshot, type } from "./driver.mjs";
import { assertNoViolations } from "./a11y.mjs";
import { fill, sqlite } from "./learner.mjs";

const fixtureCourse = join(import.meta.dirname, "fixtures", "course");
const PASSPHRASE = "kettle on at four";

/** Calls a command from the window as its own code would, and says how it ended. */
const invokeFromWindow = (browser, command, args) =>
  browser.executeAsync((command, args, done) => {
    window.__TAURI_INTERNALS__
      .invoke(command, args)
      .then(() => done("ran"), (error) => done(error?.code ?? String(error)));
  }, command, args);

async function unlock(browser, passphrase) {
  await type(browser, 'input[name="staff-passphrase"]', passphrase);
  await browser.keys("Enter");
}

test("records open only with the staff passphrase, and lock behind the kiosk and a learner", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    const nav = "//nav";
    await (await button(browser, "Settings", nav)).waitForClickable({ timeout: 20_000 });
    await (await button(browser, "Records", nav)).click();
    await (await browser.$('[data-testid="no-staff-passphrase"]')).waitForDisplayed({ timeout: 10_000 });

    // Settings: set it, typed twice.
    await (await button(browser, "Settings", nav)).click();
    await type(browser, 'input[name="new-passphrase"]', PASSPHRASE);
    await type(browser, 'input[name="new-passphrase-again"]', PASSPHRASE);
    await (await button(browser, "Set the passphrase")).click();
    await browser.waitUntil(
      async () => /The staff passphrase is set/.test(await (await browser.$("main")).getText()),
      { timeout: 10_000, timeoutMsg: "the passphrase was not set" },
    );
    const [[stored]] = await sqlite(
      join(app.dataDir, "signpost.sqlite3"),
      "SELECT value FROM settings WHERE key = 'staff_passphrase'",
    );
    assert.match(stored, /^\$argon2id\$/);
    assert.ok(!stored.includes("kettle"), "only a hash is kept");

    // Lock: back to the course; Records asks first.
    await (await button(browser, "Lock", nav)).click();
    await browser.waitUntil(async () => !(await (await button(browser, "Lock", nav)).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "Lock did not lock",
    });
    await (await button(browser, "Records", nav)).click();
    const gate = await browser.$('[data-testid="unlock"]');
    await gate.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await (await browser.$("h1")).getText(), "For staff only");
    assert.equal(await invokeFromWindow(browser, "search_people", { filter: {} }), "locked");
    assert.equal(await invokeFromWindow(browser, "get_settings", {}), "locked");
    await assertNoViolations(browser, "staff lock");
    await screenshot(browser, "staff-lock");

    await unlock(browser, "kettle on at five");
    const problem = await browser.$("#unlock-problem");
    await browser.waitUntil(async () => /not the staff passphrase/.test(await problem.getText()), {
      timeout: 10_000,
      timeoutMsg: "a wrong passphrase was not refused",
    });
    await screenshot(browser, "staff-lock-wrong");
    await unlock(browser, PASSPHRASE);
    await browser.waitUntil(async () => (await (await browser.$("h1")).getText()) === "Records", {
      timeout: 10_000,
      timeoutMsg: "Records did not open with the passphrase",
    });
    assert.equal(await invokeFromWindow(browser, "search_people", { filter: {} }), "ran");

    // The kiosk: the records lock behind it, and it ends with the passphrase.
    await (await button(browser, "Sessions", nav)).click();
    await type(browser, 'input[name="title"]', "Evening session");
    await type(browser, 'input[name="trainer"]', "Tess Trainer");
    await (await button(browser, "Create session")).click();
    await (await button(browser, "Start sign-in")).waitForClickable({ timeout: 10_000 });
    await (await button(browser, "Start sign-in")).click();
    await type(browser, 'input[name="name"]', "Ольга Петрова");
    await browser.keys("Enter");
    await (await browser.$(".kiosk-thanks")).waitForDisplayed({ timeout: 10_000 });
    assert.equal(await invokeFromWindow(browser, "get_register", { sessionId: "x" }), "locked");
    await (await button(browser, "End sign-in")).click();
    await unlock(browser, "let me out please");
    await browser.waitUntil(async () => /not the staff passphrase/.test(await (await browser.$("#unlock-problem")).getText()), {
      timeout: 10_000,
      timeoutMsg: "the kiosk ended without the passphrase",
    });
    await screenshot(browser, "kiosk-end-passphrase");
    await unlock(browser, PASSPHRASE);
    const register = await browser.$('[data-testid="register"]');
    await register.waitForDisplayed({ timeout: 10_000 });
    assert.ok((await register.getText()).includes("Ольга Петрова"));

    // A learner signing in locks the records again.
    await (await button(browser, "Course", nav)).click();
    await fill(browser, "Start the training", "Your name", "Sam Taylor");
    await fill(browser, "Start the training", "Email or staff number", "S-1");
    await (await button(browser, "Start the training")).click();
    await browser.waitUntil(async () => /Your training/.test(await (await browser.$("h1")).getText()), {
      timeout: 10_000,
      timeoutMsg: "the learner did not start",
    });
    await (await button(browser, "Records", nav)).click();
    await (await browser.$('[data-testid="unlock"]')).waitForDisplayed({ timeout: 10_000 });
    assert.equal(await invokeFromWindow(browser, "search_people", { filter: {} }), "locked");
  } finally {
    await app.close();
  }
});
