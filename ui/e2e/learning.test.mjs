// A learner's whole path in the real app, against the real SQLite file
// (issue 11): they start the training, read a module, answer a question
// wrongly and see the explanation, fail, retry with a fresh draw and pass;
// the app is stopped and started again, they continue by name and land on
// the slide where they were, and find the module passed. The attempts and
// every answer are then read back from the database file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./driver.mjs";
import { answer, button, fill, learningCourse, options, prompt, rightAnswers, sqlite } from "./learner.mjs";

const NAME = "مريم الحسيني";
const KEY = "S-1001";

test("a learner fails, retries with fresh questions, passes, and resumes after a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-learning-"));
  const env = { SIGNPOST_COURSE_DIR: learningCourse, SIGNPOST_DATA_DIR: dataDir };
  const right = rightAnswers("first.md");
  try {
    let app = await launch({ env });
    try {
      const { browser } = app;
      await fill(browser, "Start the training", "Your name", NAME);
      await fill(browser, "Start the training", "Your team", "Housing");
      await fill(browser, "Start the training", "Email or staff number", KEY);
      await (await button(browser, "Start the training")).click();

      const who = await browser.$('[data-testid="learner-name"]');
      await who.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await who.getText(), NAME, "the name is shown exactly as typed");
      // A look ahead first: the second module read to its second slide.
      const main = await browser.$("main");
      await (await button(browser, "Start: Reporting a concern")).click();
      await browser.waitUntil(async () => (await main.getText()).includes("Slide 1 of 2"));
      await (await button(browser, "Next →")).click();
      await browser.waitUntil(async () => (await main.getText()).includes("Slide 2 of 2"));
      await (await button(browser, "← Your modules")).click();
      await (await button(browser, "Start: Spotting the signs")).click();

      // Reading: the slide with its handbook prose, then on to the quiz.
      await browser.waitUntil(async () => (await main.getText()).includes("Slide 1 of 3"));
      assert.match(await main.getText(), /passport or ID held by someone else/, "handbook text shows");
      await (await button(browser, "Next →")).click();
      await (await button(browser, "Next →")).click();
      await (await button(browser, "Go to the quiz →")).click();

      // First attempt: one wrong answer, its explanation, then a fail.
      const firstDraw = [];
      firstDraw.push(await prompt(browser) + JSON.stringify(await options(browser)));
      const told = await answer(browser, right, { wrong: true });
      assert.match(told, /Not quite/);
      assert.match(told, /The right answers? (is|are):/);
      await (await button(browser, "Next question →")).click();
      firstDraw.push(await prompt(browser) + JSON.stringify(await options(browser)));
      await answer(browser, right);
      await (await button(browser, "See my score")).click();
      const failed = await browser.$('[data-testid="quiz-result"]');
      await failed.waitForDisplayed({ timeout: 10_000 });
      assert.match(await failed.getText(), /Not passed this time/);
      assert.match(await failed.getText(), /50%.*pass mark is 80%/s);

      // A retry draws afresh: other questions, or the same in another order.
      await (await button(browser, "Try again with new questions")).click();
      const retryDraw = [];
      retryDraw.push(await prompt(browser) + JSON.stringify(await options(browser)));
      await answer(browser, right);
      await (await button(browser, "Next question →")).click();
      retryDraw.push(await prompt(browser) + JSON.stringify(await options(browser)));
      await answer(browser, right);
      assert.notDeepEqual(retryDraw, firstDraw, "the retry asked a fresh draw");
      await (await button(browser, "See my score")).click();
      const passedResult = await browser.$('[data-testid="quiz-result"]');
      await passedResult.waitForDisplayed({ timeout: 10_000 });
      const passed = await passedResult.getText();
      assert.match(passed, /You passed/);
      assert.match(passed, /100%/);

      // On to the second module, where it was left: its second slide.
      await (await button(browser, "Next module →")).click();
      await browser.waitUntil(async () => (await main.getText()).includes("Slide 2 of 2"), {
        timeoutMsg: "the next module did not open at the place saved in it",
      });
      // The place is saved after every step; give the write a moment to land.
      await browser.pause(500);
    } finally {
      await app.close();
    }

    app = await launch({ env });
    try {
      const { browser } = app;
      const main = await browser.$("main");
      await browser.waitUntil(async () => (await main.getText()).includes("Continue your training"), { timeout: 20_000 });
      assert.ok(!(await main.getText()).includes(NAME), "nobody's name shows before they sign in");
      await fill(browser, "Continue your training", "Your name", NAME);
      await fill(browser, "Continue your training", "Email, staff number or team", KEY);
      await (await button(browser, "Continue")).click();
      await browser.waitUntil(async () => (await main.getText()).includes("Slide 2 of 2"), {
        timeout: 10_000,
        timeoutMsg: "the learner did not land on the slide they left",
      });
      assert.match(await (await browser.$("#module-title")).getText(), /Reporting a concern/);
      await (await button(browser, "← Your modules")).click();
      const states = await browser.$$('[data-testid="module-state"]').map((el) => el.getText());
      assert.match(states[0], /Passed: 100%/);
      assert.match(states[1], /In progress: slide 2 of 2/);
    } finally {
      await app.close();
    }

    // The records, read straight from the file.
    const db = join(dataDir, "signpost.sqlite3");
    const people = await sqlite(db, "SELECT id, name FROM people");
    assert.deepEqual(people.map((p) => p[1]), [NAME]);
    const attempts = await sqlite(
      db,
      "SELECT id, module_id, score, total, percent, passed, seed, course_title, course_version FROM quiz_attempts ORDER BY finished_at",
    );
    assert.equal(attempts.length, 2);
    assert.deepEqual(attempts.map((a) => [a[1], a[2], a[3], a[4], a[5]]), [
      ["first", 1, 2, 50, 0],
      ["first", 2, 2, 100, 1],
    ]);
    for (const a of attempts) {
      assert.match(a[6], /^\d+$/, "the seed is stored");
      assert.deepEqual([a[7], a[8]], ["E2E learning course", "e2e-2"], "course title and version from the course");
    }
    assert.notEqual(attempts[0][6], attempts[1][6], "the retry had its own seed");
    const answers = await sqlite(
      db,
      "SELECT attempt_id, position, question_id, chosen, correct FROM quiz_answers ORDER BY attempt_id, position",
    );
    assert.equal(answers.length, 4);
    const firstAnswers = answers.filter((a) => a[0] === attempts[0][0]);
    assert.deepEqual(firstAnswers.map((a) => a[4]), [0, 1], "the first answer was wrong, the second right");
    const place = await sqlite(db, "SELECT module_id, slide FROM module_progress WHERE module_id = 'second'");
    assert.deepEqual(place, [["second", 1]]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
