// Steps a learner takes, shared by the learning, keyboard and accessibility
// end-to-end tests, and the course fixture's right answers read from its
// own files (so a test can answer right or wrong on purpose).
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { button, type } from "./driver.mjs";

export { button, type };

export const learningCourse = join(import.meta.dirname, "fixtures", "learning");


/** The texts of the right options of every question in a module file. */
export function rightAnswers(moduleFile) {
  const text = readFileSync(join(learningCourse, moduleFile), "utf8");
  return new Set([...text.matchAll(/^- \[x\] (.+)$/gm)].map((m) => m[1].trim()));
}


/** Fills the field whose label starts with `label` inside the form headed `form`. */
export async function fill(browser, form, label, text) {
  const field = await browser.$(
    `//form[.//h3[normalize-space()="${form}"]]//label[starts-with(normalize-space(), "${label}")]//input`,
  );
  await field.waitForDisplayed({ timeout: 20_000 });
  await field.clearValue();
  await field.addValue(text);
}

/** The options of the question on screen: their text and whether chosen. */
export async function options(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll("label.option")].map((label) => ({
      text: label.querySelector(".option-text").textContent.trim(),
      checked: label.querySelector("input").checked,
    })),
  );
}

/** The prompt of the question on screen. */
export async function prompt(browser) {
  const el = await browser.$(".question .prompt");
  await el.waitForDisplayed({ timeout: 10_000 });
  return el.getText();
}

/**
 * Answers the question on screen by clicking: right, or (with `wrong`) one
 * option that is not right. Waits for the feedback and returns its text.
 */
export async function answer(browser, right, { wrong = false } = {}) {
  await prompt(browser);
  const labels = await browser.$$("label.option");
  const texts = await options(browser);
  let picked = false;
  for (let i = 0; i < texts.length; i++) {
    const isRight = right.has(texts[i].text);
    if (wrong ? !isRight && !picked : isRight) {
      await labels[i].$("input").click();
      picked = true;
    }
  }
  await (await button(browser, "Check my answer")).click();
  const feedback = await browser.$('[data-testid="feedback"]');
  await feedback.waitForDisplayed({ timeout: 10_000 });
  return feedback.getText();
}

/** Answers every remaining question of the quiz on screen and returns the result's text. */
export async function answerQuiz(browser, right, { wrongFirst = false } = {}) {
  let first = true;
  for (let i = 0; i < 20; i++) {
    await answer(browser, right, { wrong: wrongFirst && first });
    first = false;
    const score = await button(browser, "See my score");
    if (await score.isExisting()) {
      await score.click();
      const result = await browser.$('[data-testid="quiz-result"]');
      await result.waitForDisplayed({ timeout: 10_000 });
      return result.getText();
    }
    await (await button(browser, "Next question →")).click();
  }
  throw new Error("the quiz never ended");
}

/** Reads a query's rows from the SQLite file with python3's sqlite3. */
export async function sqlite(dbPath, query) {
  const { execFileSync } = await import("node:child_process");
  const script =
    "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(sys.argv[2]).fetchall()))";
  return JSON.parse(execFileSync("python3", ["-c", script, dbPath, query]).toString());
}
