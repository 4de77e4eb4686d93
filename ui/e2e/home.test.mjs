// The app as a person first meets it: it opens on the home screen listing the
// course's modules, and it has created its records database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { courseDir, launch, repoRoot } from "./driver.mjs";

/** Module titles in course order, read from the course files themselves. */
function expectedTitles() {
  const manifest = readFileSync(join(courseDir, "course.toml"), "utf8");
  const list = manifest.match(/^modules\s*=\s*\[([^\]]*)\]/m)[1];
  const stems = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return stems.map((stem) => {
    const text = readFileSync(join(courseDir, `${stem}.md`), "utf8");
    return text.match(/^title\s*=\s*"([^"]+)"/m)[1];
  });
}

/** The schema version this build writes, as the CLI reports it for a fresh database. */
function currentSchemaVersion() {
  const dir = mkdtempSync(join(tmpdir(), "signpost-schema-"));
  try {
    const out = execFileSync(join(repoRoot, "target", "debug", "signpost"), ["database", "--data-dir", dir]);
    return Number(out.toString().match(/schema version (\d+)/)[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function schemaVersion(dbPath) {
  const script = "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma user_version').fetchone()[0])";
  return Number(execFileSync("python3", ["-c", script, dbPath]).toString().trim());
}

test("the app opens on the home screen with every module and creates its database", async () => {
  const app = await launch();
  try {
    const { browser } = app;
    assert.equal(await browser.getTitle(), "Signpost");
    const heading = await browser.$("h1");
    await heading.waitForExist({ timeout: 20_000 });

    const titles = await browser.$$(".module-title").map((el) => el.getText());
    assert.deepEqual(titles, expectedTitles());

    const footer = await browser.$('[data-testid="data-location"]').getText();
    const dbPath = join(app.dataDir, "signpost.sqlite3");
    assert.ok(footer.includes(dbPath), `footer names the database: ${footer}`);
    assert.ok(existsSync(dbPath), "the database file exists");
    assert.equal(schemaVersion(dbPath), currentSchemaVersion());
  } finally {
    await app.close();
  }
});
