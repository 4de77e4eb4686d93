// The records desk as a record keeper uses it: the retention period typed
// into Settings is kept and, at the next start, removes the records older
// than it; someone on a long register is found however their name is typed;
// an erasure made at the office reaches a laptop through the office's
// erasure list, imported like a bundle; two records of one person merged
// on a laptop are merged at the office when its next bundle arrives. Set
// SCREENSHOT_DIR to keep screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerDialogs, button, launch, repoRoot, screenshot, type } from "./driver.mjs";
import { assertNoViolations } from "./a11y.mjs";

const cli = join(repoRoot, "target", "debug", "signpost");


function sessionTitles(dbPath) {
  const script =
    "import sqlite3,sys; print('\\n'.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('select title from training_sessions order by date')))";
  return execFileSync("python3", ["-c", script, dbPath]).toString().trim().split("\n").filter(Boolean);
}

async function waitForText(browser, text, timeout = 20_000) {
  await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes(text), {
    timeout,
    timeoutMsg: `"${text}" never appeared`,
  });
}

test("a retention period set in Settings removes older records at the next start (issue 15)", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-e2e-retention-"));
  try {
    for (const [title, date] of [
      ["Long ago", "2019-05-01"],
      ["Last month", new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10)],
    ]) {
      execFileSync(cli, ["--data-dir", dataDir, "session", "create", "--title", title, "--date", date, "--trainer", "Tess"]);
    }
    let app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Settings", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Settings", "//nav")).click();
      const months = await browser.$('input[name="retention"]');
      await months.waitForDisplayed({ timeout: 10_000 });
      // Letters are no number of months: said, not taken as "keep everything".
      await months.setValue("abc");
      await waitForText(browser, "Type a whole number of months");
      await (await button(browser, "Save settings")).click();
      assert.ok(!(await (await browser.$("main")).getText()).includes("Settings saved"), "nothing was saved");
      await months.clearValue();
      await months.setValue("12");
      await (await button(browser, "Save settings")).click();
      await waitForText(browser, "Settings saved");
      // Typing a number and deleting it is not an error that blocks saving.
      await months.clearValue();
      await months.setValue("24");
      await (await button(browser, "Save settings")).click();
      await waitForText(browser, "Settings saved");
    } finally {
      await app.close();
    }
    assert.deepEqual(sessionTitles(join(dataDir, "signpost.sqlite3")), ["Long ago", "Last month"]);

    app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Sessions", "//nav")).click();
      await waitForText(browser, "Last month");
      assert.ok(!(await (await browser.$("main")).getText()).includes("Long ago"), "the old session is gone");
      await (await button(browser, "Settings", "//nav")).click();
      const months = await browser.$('input[name="retention"]');
      await months.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await months.getValue(), "24", "the period is kept");
    } finally {
      await app.close();
    }
    assert.deepEqual(sessionTitles(join(dataDir, "signpost.sqlite3")), ["Last month"]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("someone on a long register is found by their name typed without its accents", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-e2e-find-"));
  try {
    const run = (...args) => execFileSync(cli, ["--data-dir", dataDir, ...args]).toString().trim();
    const session = run("session", "create", "--title", "Whole team", "--date", "2026-03-04", "--trainer", "Tess");
    const names = Array.from({ length: 39 }, (_, i) => `Person ${i + 1}`).concat(["Zażółć Gęślą"]);
    const roster = join(dataDir, "roster.csv");
    writeFileSync(roster, `Name\n${names.join("\n")}\n`);
    run("import", "roster", roster, "--session", session, "--yes");
    const app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Sessions", "//nav")).click();
      const open = await browser.$('//tr[contains(., "Whole team")]//button[starts-with(normalize-space(), "Open")]');
      await open.waitForClickable({ timeout: 10_000 });
      await open.click();
      const find = await browser.$("#register-find");
      await find.waitForDisplayed({ timeout: 10_000 });
      await find.setValue("zazolc gesla");
      await browser.waitUntil(async () => (await browser.$$('[data-testid="register"] tbody tr')).length === 1, {
        timeout: 10_000,
        timeoutMsg: "the register never narrowed to one row",
      });
      const row = await browser.$('[data-testid="register"] tbody tr');
      assert.ok((await row.getText()).includes("Zażółć Gęślą"), await row.getText());
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("an erasure made at the office reaches a laptop through its erasure list", async () => {
  const work = mkdtempSync(join(tmpdir(), "signpost-e2e-erasures-"));
  try {
    const laptop = join(work, "laptop");
    const office = join(work, "office");
    const at = (dir) => (...args) => execFileSync(cli, ["--data-dir", dir, ...args]).toString().trim();
    const session = at(laptop)("session", "create", "--title", "Front desk", "--date", "2026-03-04", "--trainer", "Tess");
    const roster = join(work, "roster.csv");
    writeFileSync(roster, "Name\nОльга Петрова\nStays Here\n");
    at(laptop)("import", "roster", roster, "--session", session, "--yes");
    const bundle = join(work, "laptop.json");
    at(laptop)("export", "bundle", "-o", bundle);
    at(office)("import", "bundle", bundle);
    const script =
      "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select id from people where name = ?', (sys.argv[2],)).fetchone()[0])";
    const olga = execFileSync("python3", ["-c", script, join(office, "signpost.sqlite3"), "Ольга Петрова"]).toString().trim();
    at(office)("erase", "--person", olga, "--yes");
    const list = join(work, "erasures.json");
    at(office)("export", "erasures", "-o", list);

    const app = await launch({ env: { SIGNPOST_DATA_DIR: laptop } });
    try {
      const { browser } = app;
      await (await button(browser, "Records", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Records", "//nav")).click();
      await type(browser, 'input[name="bundle-path"]', list);
      await (await button(browser, "Check this bundle")).click();
      const warning = await browser.$('[data-testid="bundle-erasures"]');
      await warning.waitForDisplayed({ timeout: 20_000 });
      assert.match(await warning.getText(), /Ольга Петрова/);
      await warning.scrollIntoView({ block: "center" });
      await screenshot(browser, "bundle-erasures");
      await assertNoViolations(browser, "Records: a bundle that erases someone here");
      await (await button(browser, "Import and erase 1 person")).click();
      await (await button(browser, "Yes, import and erase")).click();
      await waitForText(browser, "The person was erased");
      await assertNoViolations(browser, "Records: the erasures a bundle made");
      const people = execFileSync(
        "python3",
        ["-c", "import sqlite3,sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute('select name from people')))", join(laptop, "signpost.sqlite3")],
      ).toString();
      assert.match(people, /Stays Here/);
      assert.doesNotMatch(people, /Ольга/);

      // The laptop's own erasure list now names her too, by id only.
      const own = join(work, "laptop-erasures.json");
      await browser.$('input[name="export-format"][value="erasures"]').then((radio) => radio.click());
      await answerDialogs(browser, own);
      await (await button(browser, "Export…")).click();
      const result = await browser.$('[data-testid="export-result"]');
      await result.waitForDisplayed({ timeout: 20_000 });
      assert.match(await result.getText(), /Wrote 1 erasures to/);
      const written = readFileSync(own, "utf8");
      assert.ok(written.includes(olga) && !written.includes("Ольга"), written);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("two records of one person merged on a laptop become one at the office with its next bundle", async () => {
  const work = mkdtempSync(join(tmpdir(), "signpost-e2e-merges-"));
  try {
    const laptop = join(work, "laptop");
    const office = join(work, "office");
    const at = (dir) => (...args) => execFileSync(cli, ["--data-dir", dir, ...args]).toString().trim();
    for (const [title, date, name] of [
      ["Morning", "2026-03-04", "Zofia W."],
      ["Afternoon", "2026-03-05", "Zofia Wiśniewska"],
    ]) {
      const session = at(laptop)("session", "create", "--title", title, "--date", date, "--trainer", "Tess");
      const roster = join(work, `${title}.csv`);
      writeFileSync(roster, `Name\n${name}\n`);
      at(laptop)("import", "roster", roster, "--session", session, "--yes");
    }
    const first = join(work, "first.json");
    at(laptop)("export", "bundle", "-o", first);
    at(office)("import", "bundle", first);
    // The laptop's next bundle, as it writes one after merging the two
    // records (kept: the full name): the merge listed by ids, the short
    // spelling gone, its register line now the full name's.
    const bundle = JSON.parse(readFileSync(first, "utf8"));
    const short = bundle.people.find((p) => p.name === "Zofia W.").id;
    const full = bundle.people.find((p) => p.name === "Zofia Wiśniewska").id;
    const second = join(work, "second.json");
    writeFileSync(
      second,
      JSON.stringify({
        ...bundle,
        merges: [{ mergedId: short, keptId: full, at: new Date().toISOString() }],
        people: bundle.people.filter((p) => p.id !== short),
        attendance: bundle.attendance.map((a) => (a.personId === short ? { ...a, personId: full } : a)),
      }),
    );

    const app = await launch({ env: { SIGNPOST_DATA_DIR: office } });
    try {
      const { browser } = app;
      await (await button(browser, "Records", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Records", "//nav")).click();
      await type(browser, 'input[name="bundle-path"]', second);
      await (await button(browser, "Check this bundle")).click();
      const notice = await browser.$('[data-testid="bundle-merges"]');
      await notice.waitForDisplayed({ timeout: 20_000 });
      assert.match(await notice.getText(), /Zofia W\. into Zofia Wiśniewska/);
      await notice.scrollIntoView({ block: "center" });
      await screenshot(browser, "bundle-merges");
      await assertNoViolations(browser, "Records: a bundle that merges two records here");
      await (await button(browser, "Import and merge 1 person")).click();
      await (await button(browser, "Yes, import them")).click();
      await waitForText(browser, "Merged 1 person recorded twice");
    } finally {
      await app.close();
    }
    const script =
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(sorted(r[0] for r in c.execute('select name from people'))); print(sorted(r[0] for r in c.execute('select p.name from attendance a join people p on p.id = a.person_id')))";
    const [people, lines] = execFileSync("python3", ["-c", script, join(office, "signpost.sqlite3")]).toString().trim().split("\n");
    assert.equal(people, "['Zofia Wiśniewska']");
    assert.equal(lines, "['Zofia Wiśniewska', 'Zofia Wiśniewska']");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
