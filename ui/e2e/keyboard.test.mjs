// A whole module and its quiz by keyboard alone (issue 11): no clicks, only
// Tab, Shift+Tab, arrow keys, Space and Enter, with a visible focus ring on
// everything that takes focus along the way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./driver.mjs";
import { learningCourse, rightAnswers } from "./learner.mjs";

/** What has focus: its tag, type, its own or its label's text, and whether a ring shows. */
async function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", text: "", ring: false };
    const label = el.closest("label");
    const style = getComputedStyle(el);
    const labelStyle = label ? getComputedStyle(label) : null;
    const ring =
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) ||
      (labelStyle != null && labelStyle.outlineStyle !== "none" && parseFloat(labelStyle.outlineWidth) >= 2);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type") ?? "",
      text: (label ? label.textContent : el.textContent).replace(/\s+/g, " ").trim(),
      form: el.closest("form")?.querySelector("h3")?.textContent ?? "",
      checked: el.checked ?? false,
      ring,
    };
  });
}

/** Presses Tab until what has focus matches; fails after 80 presses. */
async function tabTo(browser, matches, what) {
  for (let i = 0; i < 80; i++) {
    await browser.keys("Tab");
    const now = await focused(browser);
    if (matches(now)) {
      assert.ok(now.ring, `${what} shows a focus ring`);
      return now;
    }
  }
  throw new Error(`Tab never reached ${what}`);
}

const isButton = (text) => (f) => f.tag === "button" && f.text.startsWith(text);

test("a learner completes a module and passes its quiz with the keyboard alone", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: learningCourse } });
  const right = rightAnswers("first.md");
  try {
    const { browser } = app;
    await (await browser.$("h1")).waitForDisplayed({ timeout: 20_000 });
    await tabTo(browser, (f) => f.form === "Start the training" && f.text.startsWith("Your name"), "the name field");
    await browser.keys("Ольга Петрова".split(""));
    await browser.keys("Enter");

    await tabTo(browser, isButton("Begin: Spotting the signs"), "the first module");
    await browser.keys("Enter");
    const main = await browser.$("main");
    await browser.waitUntil(async () => (await main.getText()).includes("Slide 1 of 3"));
    // Arrow keys turn slides; the button at the end goes to the quiz.
    await browser.keys("ArrowRight");
    await browser.keys("ArrowRight");
    await browser.waitUntil(async () => (await main.getText()).includes("Slide 3 of 3"));
    await tabTo(browser, isButton("Go to the quiz"), "the quiz button");
    await browser.keys("Enter");

    for (let n = 0; n < 2; n++) {
      await browser.waitUntil(async () => (await browser.$$("label.option")).length > 0, { timeout: 10_000 });
      const first = await tabTo(browser, (f) => f.tag === "input", "the first option");
      if (first.type === "radio") {
        // Arrow keys move through a radio group, choosing as they go.
        let now = first;
        for (let i = 0; i < 6 && !right.has(now.text.replace(/^\s*/, "")); i++) {
          await browser.keys("ArrowDown");
          now = await focused(browser);
        }
        if (!now.checked) await browser.keys("Space");
        assert.ok(right.has(now.text), `a right option is chosen: ${now.text}`);
      } else {
        let now = first;
        for (let i = 0; i < 6 && now.tag === "input"; i++) {
          if (right.has(now.text) !== now.checked) await browser.keys("Space");
          await browser.keys("Tab");
          now = await focused(browser);
        }
      }
      // Tab leaves a radio group for the button; after the last checkbox it is there already.
      if (!isButton("Check my answer")(await focused(browser))) {
        await tabTo(browser, isButton("Check my answer"), "the check button");
      }
      await browser.keys("Enter");
      const feedback = await browser.$('[data-testid="feedback"]');
      await feedback.waitForDisplayed({ timeout: 10_000 });
      assert.match(await feedback.getText(), /✓ Right/);
      // Focus moves to the next step by itself.
      const next = await focused(browser);
      assert.ok(next.tag === "button" && /Next question|See my score/.test(next.text), `focus is on ${next.text}`);
      assert.ok(next.ring, "the next step shows a focus ring");
      await browser.keys("Enter");
    }
    const result = await browser.$('[data-testid="quiz-result"]');
    await result.waitForDisplayed({ timeout: 10_000 });
    assert.match(await result.getText(), /You passed/);
    await tabTo(browser, isButton("Back to your modules"), "the way back");
    await browser.keys("Enter");
    const state = await browser.$('[data-testid="module-state"]');
    await state.waitForDisplayed({ timeout: 10_000 });
    assert.match(await state.getText(), /Passed: 100%/);
  } finally {
    await app.close();
  }
});
