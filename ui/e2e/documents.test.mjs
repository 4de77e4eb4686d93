// The documents a trainer makes in the real app, each written where the
// system's dialog says (answered here, since WebDriver cannot drive it):
// after a kiosk sign-in, the session's register and a certificate for each
// attendee (a Cyrillic and a Chinese name, each printed as typed), a
// certificate checked on the Verify screen, and the learners' handbook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { answerDialogs, button, launch, type } from "./driver.mjs";

const fixtureCourse = join(import.meta.dirname, "fixtures", "course");



/** The PDF's text as poppler reads it, which is what a person copying it gets. */
const pdfText = (path) => execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"]).toString();

/** Presses a document button after queueing the dialog's answer, and waits for its result. */
async function makeDocument(browser, label, path) {
  await answerDialogs(browser, path);
  const section = `//div[contains(concat(" ", @class, " "), " document ")][button[normalize-space()="${label}…"]]`;
  await (await browser.$(`${section}/button`)).click();
  const result = await browser.$(`${section}//*[@data-testid="document-result"]`);
  await result.waitForDisplayed({ timeout: 60_000 });
  return result.getText();
}

test("a session's register and certificates are written as PDFs, and a certificate checks as genuine", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    const out = join(app.dataDir, "documents");
    mkdirSync(join(out, "certificates"), { recursive: true });
    await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
    await (await button(browser, "Sessions", "//nav")).click();
    await type(browser, 'input[name="title"]', "Evening session");
    await type(browser, 'input[name="trainer"]', "Tess Trainer");
    await (await button(browser, "Create session")).click();
    await (await button(browser, "Start sign-in")).waitForClickable({ timeout: 10_000 });
    await (await button(browser, "Start sign-in")).click();
    const thanks = await browser.$(".kiosk-thanks");
    for (const name of ["Ольга Петрова", "王芳"]) {
      await type(browser, 'input[name="name"]', name);
      await (await button(browser, "Sign in")).click();
      await browser.waitUntil(async () => (await thanks.getText()).includes(name.split(" ")[0]), {
        timeout: 10_000,
        timeoutMsg: `${name} was not thanked`,
      });
    }
    await (await button(browser, "End sign-in")).click();
    await (await button(browser, "Yes, end sign-in")).click();
    await (await browser.$('[data-testid="register"]')).waitForDisplayed({ timeout: 10_000 });

    const registerPath = join(out, "register.pdf");
    const said = await makeDocument(browser, "Register", registerPath);
    assert.ok(said.includes(registerPath), `the full path is shown: ${said}`);
    const register = pdfText(registerPath);
    assert.ok(register.includes("Ольга Петрова") && register.includes("王芳"), register);

    const folder = join(out, "certificates");
    await makeDocument(browser, "Certificates for everyone present or late, one PDF each", folder);
    const files = readdirSync(folder).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 2, `one certificate each: ${files}`);
    const olga = files.map((f) => join(folder, f)).find((f) => pdfText(f).includes("Ольга Петрова"));
    assert.ok(olga, "Ольга's certificate carries her name as typed");

    await (await button(browser, "Verify", "//nav")).click();
    await answerDialogs(browser, olga);
    await (await button(browser, "Check a PDF…")).click();
    const verdict = await browser.$('[data-testid="verify-result"] h2');
    await verdict.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await verdict.getText(), "Genuine");
    assert.match(await (await browser.$('[data-testid="verify-result"]')).getText(), /Ольга Петрова/);

    await (await browser.$("#verify-code")).setValue("SP1-NOTAREALCODE");
    await (await button(browser, "Check")).click();
    await browser.waitUntil(
      async () => !(await (await browser.$('[data-testid="verify-result"]')).getText()).includes("Genuine"),
      { timeout: 10_000, timeoutMsg: "a made-up code was not refused" },
    );

    await (await button(browser, "Course", "//nav")).click();
    const handbookPath = join(out, "handbook.pdf");
    await makeDocument(browser, "Handbook for learners", handbookPath);
    assert.equal(readFileSync(handbookPath).subarray(0, 5).toString(), "%PDF-");
    const handbook = pdfText(handbookPath);
    const title = readFileSync(join(fixtureCourse, "course.toml"), "utf8").match(/^title\s*=\s*"([^"]+)"/m)[1];
    assert.ok(handbook.includes(title), "the handbook carries the course's title");
  } finally {
    await app.close();
  }
});

test("a learner who passes every module saves their own certificate from their results, with the records locked", async () => {
  const { answerQuiz, fill, learningCourse, rightAnswers } = await import("./learner.mjs");
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: learningCourse } });
  try {
    const { browser } = app;
    // Staff have set a passphrase: the learner's certificate must not need it.
    await (await button(browser, "Settings", "//nav")).waitForClickable({ timeout: 20_000 });
    await (await button(browser, "Settings", "//nav")).click();
    await type(browser, 'input[name="new-passphrase"]', "kettle on at four");
    await type(browser, 'input[name="new-passphrase-again"]', "kettle on at four");
    await (await button(browser, "Set the passphrase")).click();
    await (await button(browser, "Lock", "//nav")).waitForClickable({ timeout: 10_000 });
    await (await button(browser, "Lock", "//nav")).click();

    await fill(browser, "Start the training", "Your name", "Zofia Wiśniewska");
    await (await button(browser, "Start the training")).click();
    for (const [file, title] of [["first.md", "Spotting the signs"], ["second.md", "Reporting a concern"]]) {
      await (await button(browser, `Start: ${title}`)).waitForClickable({ timeout: 10_000 });
      await (await button(browser, `Start: ${title}`)).click();
      for (;;) {
        const quiz = await button(browser, "Go to the quiz →");
        if (await quiz.isExisting()) {
          await quiz.click();
          break;
        }
        await (await button(browser, "Next →")).click();
      }
      assert.match(await answerQuiz(browser, rightAnswers(file)), /You passed/);
      await (await button(browser, "Back to your modules")).click();
    }
    await (await button(browser, "See your results")).click();
    await (await browser.$('[data-testid="course-complete"]')).waitForDisplayed({ timeout: 10_000 });

    const path = join(app.dataDir, "my certificate.pdf");
    const said = await makeDocument(browser, "Save your certificate", path);
    assert.ok(said.includes(path), said);
    const text = pdfText(path);
    assert.ok(text.includes("Zofia Wiśniewska") && text.includes("E2E learning course"), text);
  } finally {
    await app.close();
  }
});
