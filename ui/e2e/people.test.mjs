// One person, one record, in the real app against the real SQLite file
// (issue 16): the kiosk never moves the cursor while the next person types
// and never reveals another attendee; a closed register's mark, after a
// Cancel, still asks for its reason and saves; roster rows sharing an email
// wait for the record keeper's choice. Set SCREENSHOT_DIR to keep
// screenshots (at 1024x768, with a 200-character name).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { answerDialogs, button, launch, repoRoot, screenshot, type } from "./driver.mjs";

const fixtureCourse = join(import.meta.dirname, "fixtures", "course");
const sharedEmailsRoster = join(repoRoot, "tests", "fixtures", "roster", "shared-emails", "roster.csv");
/** A name of 200 letters with no space to break at. */
const longName = "Łongname" + "x".repeat(192);




/** The id of the element that has the focus, or its tag and name. */
const focused = (browser) =>
  browser.execute(() => {
    const el = document.activeElement;
    return el ? el.getAttribute("name") ?? el.id ?? el.tagName : "";
  });

async function createSession(browser, title) {
  await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
  await (await button(browser, "Sessions", "//nav")).click();
  await type(browser, 'input[name="title"]', title);
  await type(browser, 'input[name="trainer"]', "Tess Trainer");
  await (await button(browser, "Create session")).click();
  const heading = await browser.$("h1");
  await browser.waitUntil(async () => (await heading.getText()) === title, {
    timeout: 10_000,
    timeoutMsg: "the new session did not open",
  });
}

async function thanked(browser, pattern) {
  const thanks = await browser.$(".kiosk-thanks");
  await browser.waitUntil(async () => (await thanks.isExisting()) && pattern.test(await thanks.getText()), {
    timeout: 10_000,
    timeoutMsg: `no thanks matching ${pattern}`,
  });
  return thanks.getText();
}

test("the kiosk keeps the cursor where the next person types and never reveals anyone else", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    await browser.setWindowSize(1024, 768).catch(() => {});
    await createSession(browser, "Kiosk session");
    assert.equal(await browser.execute(() => document.activeElement?.tagName), "H1", "focus on the new session's heading");
    await (await button(browser, "Start sign-in")).click();

    // Ada signs in; Bob starts straight away, and is still typing when the
    // thanks goes: nothing he types moves to another field.
    await type(browser, 'input[name="name"]', "Ada First");
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Ada/);
    assert.equal(await focused(browser), "name", "ready for the next person");
    await browser.keys([..."Bob Next", "Tab"]);
    await browser.pause(4500);
    assert.equal(await (await browser.$(".kiosk-thanks")).isExisting(), false, "the thanks has gone");
    assert.equal(await focused(browser), "organisation", "the cursor stayed where Bob put it");
    // Typed into whatever has the focus. (WebdriverIO's keys() presses
    // every key before releasing any, so it drops a doubled letter.)
    await (await browser.$(await browser.getActiveElement())).addValue("Herts CC");
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Bob/);

    // Zoë signs in with her email; Sam types Zoë's email: Sam is signed in
    // as Sam, and the kiosk says nothing of Zoë.
    await type(browser, 'input[name="name"]', "Zoë Łukasiewicz-Nowak");
    await type(browser, 'input[name="email"]', "zoe@example.org");
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Zoë — you are signed in/);
    await type(browser, 'input[name="name"]', "Sam Smith");
    await type(browser, 'input[name="email"]', "ZOE@example.org");
    await browser.keys("Enter");
    const samThanks = await thanked(browser, /Thank you, Sam/);
    assert.equal(samThanks, "Thank you, Sam — you are signed in.");
    const kiosk = await (await browser.$("main")).getText();
    assert.ok(!kiosk.includes("Zoë") && !kiosk.includes("Łukasiewicz"), "nothing about Zoë is shown to Sam");

    // Zoë again, spaced and in lower case: already signed in, nothing else said.
    await type(browser, 'input[name="name"]', "  zoë   łukasiewicz-nowak ");
    await browser.keys("Enter");
    assert.equal(await thanked(browser, /already signed in/), "Thank you, zoë — you were already signed in.");

    // A bad email is named beside the Email field, in plain words.
    await type(browser, 'input[name="name"]', "Cal Jones");
    await type(browser, 'input[name="email"]', "not-an-email");
    await browser.keys("Enter");
    const problem = await browser.$("#kiosk-email-problem");
    await problem.waitForDisplayed({ timeout: 10_000 });
    assert.match(await problem.getText(), /^Email needs an @, like name@example\.org/);
    await type(browser, 'input[name="email"]', "cal@example.org");
    assert.equal(await problem.isExisting(), false, "the message goes once the email changes");
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Cal/);

    // The 200-character name, thanked on screen.
    await type(browser, 'input[name="name"]', longName);
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Ł/);
    await screenshot(browser, "kiosk-long-name-1024");

    // End sign-in in the thanks interval: the confirmation keeps the focus.
    await type(browser, 'input[name="name"]', "Dee Last");
    await browser.keys("Enter");
    await thanked(browser, /Thank you, Dee/);
    await (await button(browser, "End sign-in")).click();
    await browser.pause(4500);
    assert.equal(
      await browser.execute(() => document.activeElement?.closest(".confirm") !== null),
      true,
      "the cursor stays on the confirmation",
    );
    await (await button(browser, "Yes, end sign-in")).click();

    const register = await browser.$('[data-testid="register"]');
    await register.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await browser.execute(() => document.activeElement?.tagName), "H1", "focus on the register's heading");
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="register"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent.trim()),
      ),
    );
    const bob = rows.find(([name]) => name.startsWith("Bob"));
    assert.deepEqual(bob, ["Bob Next", "Herts CC"], "Bob's name and organisation stored exactly");
    assert.equal(rows.filter(([name]) => name.startsWith("Zoë")).length, 1, "Zoë once");
    assert.ok(rows.some(([name]) => name === "Sam Smith"), "Sam is on the register as himself");
    const layout = await browser.execute(() => {
      const selects = [...document.querySelectorAll('[data-testid="register"] select')];
      return { width: window.innerWidth, rightmost: Math.max(...selects.map((s) => s.getBoundingClientRect().right)) };
    });
    assert.ok(layout.rightmost <= layout.width, `status selects on screen (${layout.rightmost} of ${layout.width})`);
    await (await browser.$("//td[contains(@class,'name') and starts-with(normalize-space(), 'Łongname')]")).scrollIntoView();
    await screenshot(browser, "register-long-name-1024");
  } finally {
    await app.close();
  }
});

test("a closed register's mark changed after a Cancel still asks for its reason and saves", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    await createSession(browser, "Closing session");
    await type(browser, 'input[name="add-name"]', "Lee Late");
    await (await browser.$('select[name="add-status"]')).selectByAttribute("value", "late");
    await (await button(browser, "Add to the register")).click();
    const select = await browser.$('[data-testid="register"] select');
    await select.waitForDisplayed({ timeout: 10_000 });
    await (await button(browser, "Close session")).click();
    await (await button(browser, "Yes, close the session")).click();
    await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes("Session closed"), {
      timeout: 10_000,
    });

    const statusSelect = () => browser.$('[data-testid="register"] select');
    await (await statusSelect()).selectByAttribute("value", "absent");
    await (await browser.$('input[name="reason"]')).waitForDisplayed({ timeout: 10_000 });
    await (await button(browser, "Cancel", "//tr[contains(@class,'reason-row')]")).click();
    await browser.waitUntil(async () => (await (await statusSelect()).getValue()) === "late", {
      timeout: 10_000,
      timeoutMsg: "the select does not show what is stored after Cancel",
    });

    await (await statusSelect()).selectByAttribute("value", "absent");
    const reason = await browser.$('input[name="reason"]');
    await reason.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no reason row the second time" });
    await (await button(browser, "Save correction")).click();
    const problem = await browser.$("#reason-problem");
    await problem.waitForDisplayed({ timeout: 10_000, timeoutMsg: "a blank reason was not explained" });
    assert.match(await problem.getText(), /^Reason is needed/);
    assert.ok(await reason.isDisplayed(), "the reason row stays");
    await reason.addValue("Phoned in sick");
    await (await button(browser, "Save correction")).click();
    await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes("Correction saved"), {
      timeout: 10_000,
      timeoutMsg: "the correction was not saved",
    });
    const corrections = await (await browser.$("ul.corrections")).getText();
    assert.match(corrections, /Lee Late\s+Late → Absent, because “Phoned in sick”/);
    assert.equal(await (await statusSelect()).getValue(), "absent");
  } finally {
    await app.close();
  }
});

test("roster rows sharing an email with someone of another name wait for a choice and import truly", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    await browser.setWindowSize(1024, 768).catch(() => {});
    await createSession(browser, "Roster session");
    await type(browser, 'input[name="add-name"]', "Zoë Łukasiewicz-Nowak");
    await type(browser, 'input[name="add-email"]', "zoe@example.org");
    await (await button(browser, "Add to the register")).click();
    await (await browser.$('[data-testid="register"]')).waitForDisplayed({ timeout: 10_000 });

    await answerDialogs(browser, sharedEmailsRoster);
    await (await button(browser, "Choose a roster file…")).click();
    const thomas = await browser.$('[data-testid="shared-email-row-3"]');
    await thomas.waitForDisplayed({ timeout: 10_000, timeoutMsg: "Thomas's row was not flagged" });
    assert.match(await thomas.getText(), /Row 3: Thomas Jones gave the email of Tom Jones \(row 2\)/);
    const sam = await browser.$('[data-testid="shared-email-row-4"]');
    assert.match(await sam.getText(), /Row 4: Sam Smith gave the email of Zoë Łukasiewicz-Nowak \(already in the records\)/);
    assert.equal(await (await browser.$('[data-testid="shared-email-row-6"]')).isExisting(), false, "Zoë's own row is Zoë");
    const importButton = await button(browser, "Import 5 rows");
    assert.equal(await importButton.isEnabled(), false, "nothing imports before the choices");
    await thomas.scrollIntoView();
    await screenshot(browser, "roster-shared-emails-1024");

    await (await thomas.$('input[value="new_person"]')).click();
    await (await sam.$('input[value="new_person"]')).click();
    await importButton.click();
    const result = await browser.$("//p[contains(@class,'result') and contains(., 'Added')]");
    await result.waitForDisplayed({ timeout: 10_000 });
    assert.equal(
      await result.getText(),
      "Added 4 people to the register as expected; 4 of them new to the records; 1 person was already on it.",
    );
    const names = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="register"] tbody td.name')].map((td) => td.textContent.trim()).sort(),
    );
    assert.deepEqual(names, ["Ada Lovelace", "Sam Smith", "Thomas Jones", "Tom Jones", "Zoë Łukasiewicz-Nowak"]);

    // The record keeper sees the pairs on the Records screen.
    await (await button(browser, "Records", "//nav")).click();
    const pairs = await browser.$('[data-testid="possible-duplicates"]');
    await pairs.waitForDisplayed({ timeout: 10_000 });
    await pairs.scrollIntoView();
    await screenshot(browser, "possible-duplicates-1024");
    const text = await pairs.getText();
    assert.match(text, /Tom Jones[\s\S]*Thomas Jones[\s\S]*the same email under different names/);
    assert.match(text, /Zoë Łukasiewicz-Nowak[\s\S]*Sam Smith/);
  } finally {
    await app.close();
  }
});

test("a 200-character name wraps on the Records screen at 1024 pixels wide", async () => {
  const app = await launch({ env: { SIGNPOST_COURSE_DIR: fixtureCourse } });
  try {
    const { browser } = app;
    await browser.setWindowSize(1024, 768).catch(() => {});
    await createSession(browser, "Long names");
    await type(browser, 'input[name="add-name"]', longName);
    await (await button(browser, "Add to the register")).click();
    await (await browser.$('[data-testid="register"]')).waitForDisplayed({ timeout: 10_000 });
    await (await button(browser, "Records", "//nav")).click();
    const results = await browser.$('[data-testid="people-results"]');
    await results.waitForDisplayed({ timeout: 10_000 });
    const layout = await browser.execute(() => {
      const history = document.querySelector('[data-testid="people-results"] button');
      return { width: window.innerWidth, right: history.getBoundingClientRect().right };
    });
    assert.ok(layout.right <= layout.width, `History stays on screen (${layout.right} of ${layout.width})`);
    await results.scrollIntoView();
    await screenshot(browser, "records-long-name-1024");

    // "zoe"-style search: no accents, no capitals.
    await type(browser, 'input[name="search-text"]', "LONGNAMEXX");
    await (await button(browser, "Search")).click();
    await browser.waitUntil(async () => (await (await browser.$("#people-heading")).getText()) === "People (1)", {
      timeout: 10_000,
      timeoutMsg: "the long name was not found without its accent",
    });
  } finally {
    await app.close();
  }
});
