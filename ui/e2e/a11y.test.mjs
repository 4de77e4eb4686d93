// Every screen of the app against axe-core's WCAG 2.x A and AA rules (issue
// 11): home, the reader, the learner's home, quiz, feedback, result and
// results, sessions, a register, the kiosk, records, a person's history,
// settings and the damaged-database recovery screen. Each is checked in the
// standard colours, then at 200% text with the app's own control (where the
// page must not scroll sideways at 1280 px) in the dark and high-contrast
// themes too. Any violation fails the test. Set SCREENSHOT_DIR to keep a
// screenshot of each screen at 100% and 200%.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, screenshot } from "./driver.mjs";
import { assertNoSidewaysScroll, assertNoViolations, setDisplay } from "./a11y.mjs";
import { answer, button, fill, learningCourse, rightAnswers, type } from "./learner.mjs";


/** The whole check for the screen on show. */
async function check(browser, screen) {
  await browser.pause(150);
  await assertNoViolations(browser, screen);
  await screenshot(browser, `${screen}-100`);
  await setDisplay(browser, { size: 200 });
  await browser.pause(150);
  await assertNoSidewaysScroll(browser, `${screen} at 200% text`);
  await screenshot(browser, `${screen}-200`);
  for (const theme of ["dark", "contrast"]) {
    await setDisplay(browser, { theme });
    await browser.pause(100);
    await assertNoViolations(browser, `${screen} (${theme} colours, 200% text)`);
  }
  await setDisplay(browser, { size: 100, theme: "system" });
}

async function sized(browser) {
  try {
    await browser.setWindowSize(1280, 800);
  } catch {
    // Some drivers cannot resize; the window's own size is then checked.
  }
}

test("every screen passes axe's WCAG A and AA rules in every theme and reflows at 200% text", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: learningCourse } });
  const right = rightAnswers("first.md");
  try {
    const { browser } = app;
    await sized(browser);
    await (await browser.$("h1")).waitForDisplayed({ timeout: 20_000 });
    // The display choices persist on this computer: start from the defaults.
    await setDisplay(browser, { size: 100, theme: "system" });
    await check(browser, "home");

    await (await browser.$("button.open-module")).click();
    await (await browser.$("#module-title")).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "reader");
    await (await button(browser, "← All modules")).click();

    await fill(browser, "Start the training", "Your name", "Ольга Петрова");
    await (await button(browser, "Start the training")).click();
    await (await browser.$('[data-testid="learner-name"]')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "learner-home");

    await (await button(browser, "Begin: Spotting the signs")).click();
    await (await browser.$("#module-title")).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "learner-reader");
    await (await button(browser, "Next →")).click();
    await (await button(browser, "Next →")).click();
    await (await button(browser, "Go to the quiz →")).click();
    await (await browser.$(".question .prompt")).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "quiz");
    await answer(browser, right, { wrong: true });
    await check(browser, "quiz-feedback");
    await (await button(browser, "Next question →")).click();
    await answer(browser, right);
    await (await button(browser, "See my score")).click();
    await (await browser.$('[data-testid="quiz-result"]')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "quiz-result");
    await (await button(browser, "Back to your modules")).click();
    await (await button(browser, "See your results")).click();
    await (await browser.$('[data-testid="results-table"]')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "results");

    await (await button(browser, "Sessions", "//nav")).click();
    await (await browser.$('input[name="title"]')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "sessions");
    await type(browser, 'input[name="title"]', "Morning session");
    await type(browser, 'input[name="trainer"]', "Tess Trainer");
    await (await button(browser, "Create session")).click();
    await (await button(browser, "Start sign-in")).waitForClickable({ timeout: 10_000 });
    await check(browser, "register");
    await (await button(browser, "Start sign-in")).click();
    await (await browser.$('input[name="name"]')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "kiosk");
    await (await button(browser, "End sign-in")).click();
    await (await button(browser, "Yes, end sign-in")).click();

    await (await button(browser, "Records", "//nav")).click();
    await (await button(browser, "Search")).waitForClickable({ timeout: 10_000 });
    await check(browser, "records");
    await (await button(browser, "Search")).click();
    const history = await browser.$('//button[starts-with(normalize-space(), "History")]');
    await history.waitForClickable({ timeout: 10_000 });
    await history.click();
    await (await browser.$("#history-attempts")).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "history");

    await (await button(browser, "Settings", "//nav")).click();
    await (await button(browser, "Back up now")).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "settings");

    await (await button(browser, "Verify", "//nav")).click();
    await (await browser.$("#verify-code")).setValue("SP1-NOTAREALCODE");
    await (await button(browser, "Check")).click();
    await (await browser.$('[data-testid="verify-result"] h2')).waitForDisplayed({ timeout: 10_000 });
    await check(browser, "verify");
  } finally {
    await app.close();
  }
});

test("the damaged-database screen passes axe too", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-damaged-"));
  writeFileSync(join(dataDir, "signpost.sqlite3"), "this is not a database ".repeat(400));
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: learningCourse, SIGNPOST_DATA_DIR: dataDir } });
  try {
    const { browser } = app;
    await sized(browser);
    const heading = await browser.$(".recovery h1");
    await heading.waitForDisplayed({ timeout: 20_000 });
    assert.ok((await heading.getText()).length > 0);
    await check(browser, "recovery");
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
