// A trainer's session from start to finish in the real app, against the real
// SQLite file: create a session, run the sign-in kiosk for three attendees
// (one writing in Cyrillic, one in Chinese with an emoji), end sign-in,
// export attendance as CSV to a path typed by hand, and find every name in
// the file on disk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { answerDialogs, button, launch, type } from "./driver.mjs";

const fixtureCourse = join(import.meta.dirname, "fixtures", "course");



test("a trainer signs three people in at the kiosk and exports them as CSV", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
    await (await button(browser, "Sessions", "//nav")).click();

    await type(browser, 'input[name="title"]', "Evening session");
    await type(browser, 'input[name="location"]', "Room 2");
    await type(browser, 'input[name="trainer"]', "Tess Trainer");
    await (await button(browser, "Create session")).click();

    await (await button(browser, "Start sign-in")).waitForClickable({ timeout: 10_000 });
    await (await button(browser, "Start sign-in")).click();

    // The first attendee presses Enter; the second uses the button.
    await type(browser, 'input[name="name"]', "Ольга Петрова");
    await type(browser, 'input[name="organisation"]', "Herts Council");
    await browser.keys("Enter");
    const thanks = await browser.$(".kiosk-thanks");
    await thanks.waitForDisplayed({ timeout: 10_000 });
    assert.match(await thanks.getText(), /Thank you, Ольга/);
    assert.equal(await (await browser.$('input[name="name"]')).getValue(), "", "the form cleared");

    await type(browser, 'input[name="name"]', "Sam Taylor");
    await type(browser, 'input[name="job-role"]', "Volunteer");
    await (await button(browser, "Sign in")).click();
    await browser.waitUntil(async () => /Thank you, Sam/.test(await thanks.getText()), {
      timeout: 10_000,
      timeoutMsg: "Sam was not thanked",
    });
    // WebDriver cannot type characters beyond the Basic Multilingual Plane
    // (emoji), so the third attendee's name is put in the field as an input
    // method would, with an input event.
    await browser.execute((name) => {
      const field = document.querySelector('input[name="name"]');
      field.value = name;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }, "王芳 🌟");
    await (await button(browser, "Sign in")).click();
    await browser.waitUntil(async () => /Thank you, 王芳/.test(await thanks.getText()), {
      timeout: 10_000,
      timeoutMsg: "王芳 was not thanked",
    });
    const kioskText = await (await browser.$("main")).getText();
    assert.ok(!kioskText.includes("Ольга"), "the kiosk never shows another attendee");

    await (await button(browser, "End sign-in")).click();
    await (await button(browser, "Yes, end sign-in")).click();
    const register = await browser.$('[data-testid="register"]');
    await register.waitForDisplayed({ timeout: 10_000 });
    const registerText = await register.getText();
    assert.ok(registerText.includes("Ольга Петрова") && registerText.includes("Sam Taylor"));
    assert.ok(registerText.includes("王芳 🌟"), "the emoji survives to the register");

    await (await button(browser, "Records", "//nav")).click();
    mkdirSync(join(app.dataDir, "exports"));
    const csvPath = join(app.dataDir, "exports", "attendance.csv");
    await answerDialogs(browser, csvPath);
    await (await button(browser, "Export…")).click();
    const result = await browser.$('[data-testid="export-result"]');
    await result.waitForDisplayed({ timeout: 10_000 });
    assert.ok((await result.getText()).includes(csvPath), "the full path written is shown");

    const csv = readFileSync(csvPath, "utf8");
    assert.ok(csv.includes("Ольга Петрова"), "the CSV holds the Cyrillic name");
    assert.ok(csv.includes("Sam Taylor"), "the CSV holds the second name");
    assert.ok(csv.includes("王芳 🌟"), "the CSV holds the Chinese name and its emoji");
  } finally {
    await app.close();
  }
});
