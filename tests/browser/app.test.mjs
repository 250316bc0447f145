// Real-browser checks of the web application (`throughline serve`).
//
//   THROUGHLINE_BIN=target/debug/throughline node --test tests/browser/app.test.mjs
//
// Five flows, each run twice: in a browser context with JavaScript on and
// in one with JavaScript off (the pages must work as plain forms).
//   (a) review and publish: a coordinator signs in, opens the review queue
//       of track enhanced-cooperation from "Your pages", accepts three
//       sessions and rejects one with the keyboard only (with JavaScript:
//       queue.js's j/k/a/r keys; without: Tab to the row's button, Enter or
//       Space); an admin publishes the forum, and the public track page
//       lists the three more (beside the sessions the demo accepted) and
//       not the fourth.
//   (b) claim: an organiser edits their session's description, saves,
//       claims the track; the coordinator sees the claim in the queue,
//       accepts it, and the API lists the membership as accepted.
//   (c) conflict: the organiser and an admin edit the same session at once;
//       the second save gets the conflict page (HTTP 409) with both
//       versions, and saving the merge from there works.
//   (d) mechanisms: an organiser records a mechanism on their session's
//       page (issues chosen from the list, outputs ticked, actors typed) and
//       picks one from the catalogue; the coordinator opens the registry
//       from "Your pages", merges the demo's two registers of policy venues
//       and undoes the merge.
//   (e) reports: an organiser files their session's report (takeaway, a call
//       to action with its groups ticked, a mechanism, figures); a form
//       refused for more women than participants comes back with what was
//       typed; the admin sees the report filed at /manage/FORUM/reports.
// On every page visited: axe-core (wcag2a, wcag2aa rules) finds no serious
// or critical violation, and there is no console error or page error (the
// CSP forbids inline script and style, so a violation shows up here), no
// failed request and no HTTP error for a resource of the page.
//
// Each test has a world of its own, so no run sees what another left: a
// temporary folder where `throughline demo` makes a fresh SQLite database
// (the demo forum, suggestions for enhanced-cooperation, published), three
// accounts with known passwords (`user add --password-stdin`), and
// `throughline serve` on a free port, stopped with SIGTERM at the end.
// Screenshots of the queue (after the decisions; with the claim) and of the
// conflict page, and every page's axe-core result (app-axe.json), go to
// GUIDE_ARTIFACTS.
//
// Environment:
//   THROUGHLINE_BIN   the throughline binary (default target/debug/throughline)
//   GUIDE_ARTIFACTS   where screenshots go (default target/browser-artifacts)
//   GUIDE_CHROMIUM    the browser (default /usr/bin/chromium)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const BIN = path.resolve(process.env.THROUGHLINE_BIN || path.join(repoRoot, 'target', 'debug', 'throughline'));
const ARTIFACTS = process.env.GUIDE_ARTIFACTS ? path.resolve(process.env.GUIDE_ARTIFACTS) : path.join(repoRoot, 'target', 'browser-artifacts');
const CHROMIUM = process.env.GUIDE_CHROMIUM || '/usr/bin/chromium';
// The same flags as guide.test.mjs: Chromium stays off the network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync'];
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORT = { width: 1280, height: 900 };
const TIMEOUT = 5 * 60_000;

const FORUM = 'demo-forum-2026';
const TRACK = 'enhanced-cooperation';
const ACCOUNTS = {
  coordinator: { email: 'coordinator@app-test.example.org', password: 'coordinator-password-1', name: 'Test Coordinator', role: ['--role', 'coordinator', '--track', TRACK] },
  admin: { email: 'admin@app-test.example.org', password: 'admin-password-1', name: 'Test Admin', role: ['--role', 'admin'] },
  // The session is filled in when the world is made.
  organiser: { email: 'organiser@app-test.example.org', password: 'organiser-password-1', name: 'Test Organiser', role: ['--role', 'organiser', '--session'] },
};

const queuePath = `/manage/${FORUM}/tracks/${TRACK}`;
const sessionPath = (code) => `/manage/${FORUM}/sessions/${encodeURIComponent(code)}`;
const modeName = (js) => (js ? 'JavaScript on' : 'JavaScript off');
const modeFile = (js) => (js ? 'js' : 'nojs');

let browser;
/** Every page axe-core scanned, with its violations of any impact (app-axe.json). */
const axeLog = [];

// ---------------------------------------------------------------------------
// The world: a database, accounts and a server of its own

/** Runs the throughline binary; resolves to its standard output, rejects with its standard error. */
function throughline(args, { cwd, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`throughline ${args.join(' ')} exited with ${code}:\n${err || out}`))));
    child.stdin.end(input ?? '');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A fresh world in a temporary folder: the demo forum in a new SQLite
 * database, the three test accounts, and a server answering on a free port.
 * The organiser's session is the one the demo gave its own organiser (an
 * approved session outside the track's suggestions), checked to be scheduled.
 */
async function startWorld() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-app-test-'));
  const db = `sqlite://${dir}/app.db`;
  try {
    await throughline(['--db', db, 'demo'], { cwd: dir });
    const forums = await throughline(['--db', db, 'forums']);
    assert.match(forums, new RegExp(`^${FORUM}\\b`, 'm'), `the demo made no forum ${FORUM}`);
    const users = JSON.parse(await throughline(['--db', db, 'user', 'list', '--forum', FORUM, '--json'])).users;
    const session = users.flatMap((u) => u.grants).find((g) => g.role === 'organiser')?.scope;
    assert.ok(session, 'the demo made no organiser account with a session');
    const sessions = JSON.parse(await throughline(['--db', db, 'sessions', '--forum', FORUM, '--json'])).sessions;
    const line = sessions.find((s) => s.code === session);
    assert.ok(line?.start, `session ${session} (the demo organiser's) is not scheduled`);
    for (const a of Object.values(ACCOUNTS)) {
      const role = a.role.at(-1) === '--session' ? [...a.role, session] : a.role;
      await throughline(['--db', db, 'user', 'add', a.email, '--forum', FORUM, ...role, '--name', a.name, '--password-stdin'], { input: `${a.password}\n` });
    }
    const port = await freePort();
    const log = path.join(dir, 'serve.log');
    const server = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')] });
    const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
    const world = { dir, db, origin: `http://127.0.0.1:${port}`, server, exited, log, session, sessionTitle: line.title };
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`throughline serve exited with ${server.exitCode}:\n${fs.readFileSync(log, 'utf8')}`);
      const ok = await fetch(`${world.origin}/`).then((r) => r.ok, () => false);
      if (ok) return world;
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`throughline serve did not answer on ${world.origin} within 30 s:\n${fs.readFileSync(log, 'utf8')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Stops the server with SIGTERM (it finishes its requests and exits 0) and removes the folder. */
async function stopWorld(world) {
  world.server.kill('SIGTERM');
  const timer = setTimeout(() => world.server.kill('SIGKILL'), 10_000);
  const { code, signal } = await world.exited;
  clearTimeout(timer);
  fs.rmSync(world.dir, { recursive: true, force: true });
  assert.equal(code, 0, `throughline serve did not stop cleanly on SIGTERM (exit ${code}, signal ${signal})`);
}

/**
 * Runs one flow in a world of its own. `flow(world, problems)` pushes what
 * the pages got wrong into `problems`; they fail the test together at the
 * end (all of them reported), after the flow itself ran through.
 */
async function inWorld(label, flow) {
  const t0 = Date.now();
  const world = { ...(await startWorld()), label };
  const ready = Date.now() - t0;
  const problems = [];
  try {
    await flow(world, problems);
  } catch (err) {
    const tail = fs.readFileSync(world.log, 'utf8').trim().split('\n').slice(-15).join('\n');
    err.message += `\n(last lines of the server's log:\n${tail})`;
    throw err;
  } finally {
    await stopWorld(world);
  }
  console.log(`app: ${label}: world ready in ${(ready / 1000).toFixed(1)} s, flow done in ${((Date.now() - t0 - ready) / 1000).toFixed(1)} s`);
  assert.equal(problems.length, 0, `${problems.length} problem(s) on the pages:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

// ---------------------------------------------------------------------------
// A person in a browser context

/**
 * One browser context (JavaScript on or off) with one tab. Every page the
 * tab lands on is checked with `check(label)`: axe-core, then what the tab
 * reported since the last check (console and page errors, failed requests,
 * HTTP errors of the page's resources).
 */
class Visitor {
  static async open(world, problems, { js, who }) {
    const context = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: js, baseURL: world.origin });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return new Visitor(world, problems, context, page, js, who);
  }

  constructor(world, problems, context, page, js, who) {
    Object.assign(this, { world, problems, context, page, js, who, seen: [], documents: new Set() });
    // Chromium asks for /favicon.ico by itself; that 404 is not the site's.
    const guessedIcon = `${world.origin}/favicon.ico`;
    page.on('console', (msg) => {
      const url = msg.location()?.url;
      // Chromium also logs a page's own HTTP error status ("Failed to load
      // resource: … 409"); the flow checks a page's status itself.
      const ownStatus = /^Failed to load resource: the server responded with a status of/.test(msg.text()) && this.documents.has(url);
      if (msg.type() === 'error' && url !== guessedIcon && !ownStatus) this.seen.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.seen.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      if (req.url() !== guessedIcon) this.seen.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    page.on('response', (resp) => {
      // A page's own status is checked by the flow (the conflict page is a 409).
      if (resp.request().resourceType() === 'document') this.documents.add(resp.url());
      else if (resp.status() >= 400 && resp.url() !== guessedIcon) {
        this.seen.push(`HTTP ${resp.status()} for ${resp.url()}`);
      }
    });
  }

  get path() {
    const u = new URL(this.page.url());
    return u.pathname + u.search;
  }

  /** Loads a path of the server and checks the page. */
  async goto(where, label) {
    const response = await this.page.goto(where, { waitUntil: 'load' });
    assert.equal(response.status(), 200, `${this.who}: GET ${where} answered ${response.status()}`);
    await this.check(label);
    return response;
  }

  /**
   * Does `action` (a click, a key) that leads to a new page, waits for it,
   * checks its status and the page.
   */
  async navigate(action, label, { status = 200 } = {}) {
    const [response] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), action()]);
    assert.equal(response?.status(), status, `${this.who}: ${label}: expected HTTP ${status}, got ${response?.status()} at ${this.path}`);
    await this.check(label);
    return response;
  }

  /** axe-core on the page as it is, then the errors the tab reported. */
  async check(label) {
    if (this.js) {
      // One frame and a task more, so errors of deferred scripts reach us.
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
    const where = `${this.who} (${modeName(this.js)}), ${label}, ${this.path}`;
    for (const s of this.seen.splice(0)) this.problems.push(`${where}: ${s}`);
    const { passes, violations } = await this.axe();
    axeLog.push({ test: this.world.label, who: this.who, javaScript: this.js, page: label, path: this.path, rulesPassed: passes, violations });
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      this.problems.push(`${where}: axe ${v.id} [${v.impact}] ${v.help}: ${v.nodes.join(' | ')}`);
    }
  }

  /** axe-core with the wcag2a and wcag2aa rules: how many rules passed, and the violations. */
  async axe() {
    // With JavaScript off, Playwright evaluates in an isolated world where
    // timers never fire; axe waits on setTimeout, so there it gets one that
    // runs at once (the page's own scripts are untouched either way).
    if (!this.js) {
      await this.page.evaluate(() => {
        window.setTimeout = (fn, _ms, ...args) => {
          Promise.resolve().then(() => fn(...args));
          return 0;
        };
      });
    }
    await this.page.evaluate(`${AXE_SOURCE};0`);
    return this.page.evaluate(async () => {
      /* global axe */
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      return {
        passes: result.passes.length,
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) })),
      };
    });
  }

  /** Signs in with the form at /sign-in and lands on /me. */
  async signIn(account) {
    await this.goto('/sign-in', 'sign-in form');
    await this.page.getByLabel('E-mail address').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.navigate(() => this.page.getByLabel('Password').press('Enter'), 'your pages after signing in');
    assert.equal(new URL(this.page.url()).pathname, '/me', `${this.who}: signing in did not lead to /me`);
  }

  /** Follows the link whose href is `href` (it must be on the page). */
  async follow(href, label) {
    const link = this.page.locator(`a[href="${href}"]`).first();
    assert.equal(await link.count(), 1, `${this.who}: no link to ${href} on ${this.path}`);
    return this.navigate(() => link.click(), label);
  }

  /**
   * Presses Tab from the top of the page until the focus is on a button
   * whose text is `text`; fails after `limit` presses.
   */
  async tabTo(text, limit = 80) {
    await this.page.locator('body').evaluate(() => document.activeElement?.blur());
    for (let i = 1; i <= limit; i++) {
      await this.page.keyboard.press('Tab');
      const focused = await this.page.evaluate(() => {
        const el = document.activeElement;
        return el ? { tag: el.tagName, text: (el.textContent || '').trim() } : null;
      });
      if (focused?.tag === 'BUTTON' && focused.text === text) return i;
    }
    assert.fail(`${this.who}: ${limit} presses of Tab did not reach the button "${text}" on ${this.path}`);
  }

  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  }

  async close() {
    await this.context.close();
  }
}

// ---------------------------------------------------------------------------
// Pieces of the flows

/** The queue's rows to review, in order: [{ code, claimed, badge, current }]. */
function pendingRows(page) {
  return page.locator('.queue .item').evaluateAll((items) =>
    items.map((li) => ({
      code: li.dataset.code,
      claimed: li.classList.contains('claimed'),
      badge: li.querySelector('.badge')?.textContent.trim() ?? '',
      current: li.classList.contains('current'),
    })),
  );
}

/** The queue's decided rows: { CODE: "Accepted" | "Rejected" | … }. */
async function decidedRows(page) {
  const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('input[type=hidden]')?.name.replace(/^seen\./, ''), tr.cells[1]?.textContent.trim()]),
  );
  return Object.fromEntries(rows);
}

/**
 * Decides on one row of the queue with the keyboard: with JavaScript the
 * queue's keys (j / k to the row, then a or r), without it Tab to the row's
 * button, then Enter (accept) or Space (reject).
 */
async function decideByKeyboard(v, code, verdict) {
  const word = verdict === 'accept' ? 'Accept' : 'Reject';
  if (v.js) {
    const rows = await pendingRows(v.page);
    const at = rows.findIndex((r) => r.current);
    const want = rows.findIndex((r) => r.code === code);
    assert.ok(at >= 0, `${v.who}: queue.js marks no row as current`);
    assert.ok(want >= 0, `${v.who}: ${code} is not in the queue`);
    for (let i = at; i < want; i++) await v.page.keyboard.press('j');
    for (let i = at; i > want; i--) await v.page.keyboard.press('k');
    const focused = await v.page.evaluate(() => document.activeElement?.dataset?.code);
    assert.equal(focused, code, `${v.who}: j/k did not move the focus to ${code}`);
    await v.navigate(() => v.page.keyboard.press(verdict === 'accept' ? 'a' : 'r'), `queue after ${verdict} ${code} (key ${verdict[0]})`);
  } else {
    await v.tabTo(`${word} ${code}`);
    await v.navigate(() => v.page.keyboard.press(verdict === 'accept' ? 'Enter' : 'Space'), `queue after ${verdict} ${code} (Tab, ${verdict === 'accept' ? 'Enter' : 'Space'})`);
  }
  assert.equal(new URL(v.page.url()).pathname, queuePath, `${v.who}: deciding did not lead back to the queue`);
}

/** The coordinator's way in: sign in, then the queue through the link on /me. */
async function openQueue(world, problems, js) {
  const v = await Visitor.open(world, problems, { js, who: 'coordinator' });
  await v.signIn(ACCOUNTS.coordinator);
  await v.follow(queuePath, 'review queue');
  assert.match(await v.page.locator('h1').textContent(), /review queue/i);
  return v;
}

/** The session page's edit form: types a new description (keeping the title) and saves. */
async function saveDescription(v, text, label, { status = 200 } = {}) {
  const box = v.page.locator('#edit textarea[name=description]');
  await box.fill(text);
  return v.navigate(() => v.page.locator('#edit button[type=submit]').click(), label, { status });
}

// ---------------------------------------------------------------------------
// The tests

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: build it (cargo build -p throughline) or set THROUGHLINE_BIN`);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps does), or set GUIDE_CHROMIUM`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  console.log(`app: ${BIN}; Chromium ${browser.version()}; artifacts in ${ARTIFACTS}`);
});

after(async () => {
  await browser?.close();
  fs.writeFileSync(path.join(ARTIFACTS, 'app-axe.json'), `${JSON.stringify(axeLog, null, 2)}\n`);
  const minor = axeLog.flatMap((p) => p.violations).filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  console.log(`app: axe-core scanned ${axeLog.length} pages (${axeLog.filter((p) => !p.javaScript).length} with JavaScript off); ${minor.length} minor or moderate violation(s) (app-axe.json)`);
});

for (const js of [true, false]) {
  test(`(a) a coordinator accepts three sessions and rejects one by keyboard, an admin publishes, the public track page follows (${modeName(js)})`, { timeout: TIMEOUT }, () =>
    inWorld(`(a) ${modeName(js)}`, async (world, problems) => {
      const coordinator = await openQueue(world, problems, js);
      const pending = await pendingRows(coordinator.page);
      assert.ok(pending.length >= 5, `the queue has ${pending.length} sessions to review; the flow needs 5`);
      if (js) assert.ok(pending[0].current, 'queue.js did not make the first row current');
      // Accept the top row three times (the queue reloads after each), then reject the second of the rest.
      const accepted = pending.slice(0, 3);
      const rejected = pending[4];
      for (const row of accepted) await decideByKeyboard(coordinator, row.code, 'accept');
      await decideByKeyboard(coordinator, rejected.code, 'reject');
      const decided = await decidedRows(coordinator.page);
      for (const row of accepted) assert.equal(decided[row.code], 'Accepted', `the queue does not show ${row.code} accepted`);
      assert.equal(decided[rejected.code], 'Rejected', `the queue does not show ${rejected.code} rejected`);
      const left = (await pendingRows(coordinator.page)).map((r) => r.code);
      assert.deepEqual(left, pending.map((r) => r.code).filter((c) => !decided[c]), 'the rows left to review');
      await coordinator.screenshot(`queue-${modeFile(js)}.png`);
      await coordinator.close();

      const admin = await Visitor.open(world, problems, { js, who: 'admin' });
      await admin.signIn(ACCOUNTS.admin);
      // The track as the public saw it before (the demo's coordinator accepted its core sessions),
      // in a browser context of its own: the public pages may be cached for a minute.
      const reader = await Visitor.open(world, problems, { js, who: 'public' });
      await reader.goto(`/f/${FORUM}/tracks/${TRACK}.html`, 'public track page before publishing');
      const listedBefore = await reader.page.locator('main a[href*="sessions/"]').allTextContents();
      await reader.close();
      await admin.goto(`/manage/${FORUM}`, 'forum management');
      const before = await admin.page.locator('main').textContent();
      const number = Number(before.match(/Published as number (\d+)/)?.[1] ?? 0);
      await admin.navigate(() => admin.page.getByRole('button', { name: 'Publish the forum as it stands now' }).click(), 'forum management after publishing');
      assert.match(await admin.page.locator('main').textContent(), new RegExp(`Published as number ${number + 1}\\b`), 'the page does not show the new publication');
      await admin.follow(`/f/${FORUM}/`, 'public guide');
      await admin.follow(`tracks/${TRACK}.html`, 'public track page');
      const listed = await admin.page.locator('main a[href*="sessions/"]').allTextContents();
      for (const row of accepted) {
        assert.ok(listed.some((t) => t.startsWith(`${row.code}: `)), `the public track page does not list accepted ${row.code} (it lists: ${listed.join('; ')})`);
      }
      assert.ok(!listed.some((t) => t.startsWith(`${rejected.code}: `)), `the public track page lists rejected ${rejected.code}`);
      const distinct = (list) => new Set(list.map((t) => t.split(':')[0])).size;
      assert.equal(distinct(listed), distinct(listedBefore) + 3, `the public track page lists ${distinct(listed)} sessions, not the ${distinct(listedBefore)} it had and the 3 accepted: ${listed.join('; ')}`);
      await admin.close();
    }),
  );
}

for (const js of [true, false]) {
  test(`(b) an organiser edits their session and claims the track, the coordinator accepts the claim (${modeName(js)})`, { timeout: TIMEOUT }, () =>
    inWorld(`(b) ${modeName(js)}`, async (world, problems) => {
      const code = world.session;
      const organiser = await Visitor.open(world, problems, { js, who: 'organiser' });
      await organiser.signIn(ACCOUNTS.organiser);
      await organiser.follow(sessionPath(code), `session ${code}`);
      const box = organiser.page.locator('#edit textarea[name=description]');
      const edited = `${(await box.inputValue()).trim()}\n\nEdited in the browser (${modeName(js)}): the session now also takes up enhanced cooperation.`;
      await saveDescription(organiser, edited, `session ${code} after saving`);
      assert.equal((await box.inputValue()).replace(/\r\n/g, '\n'), edited, 'the saved description is not the one typed');
      assert.match(await organiser.page.locator('[role=status]').textContent(), /saved/i, 'the page does not say the changes are saved');

      await organiser.page.getByLabel('Claim that the session belongs to').selectOption(TRACK);
      await organiser.navigate(() => organiser.page.getByRole('button', { name: 'Claim', exact: true }).click(), `session ${code} after claiming`);
      const trackRow = organiser.page.locator('table tr', { hasText: 'Enhanced cooperation' });
      assert.match(await trackRow.textContent(), /your claim/i, 'the session page does not show the claim');
      assert.match(await organiser.page.locator('[role=status]').textContent(), /claim/i, 'the page does not say the claim is sent');

      const coordinator = await openQueue(world, problems, js);
      const row = (await pendingRows(coordinator.page)).find((r) => r.code === code);
      assert.ok(row, `the claimed session ${code} is not in the queue`);
      assert.ok(row.claimed && /claimed by its organiser/i.test(row.badge), `the queue does not mark ${code} as claimed (badge ${JSON.stringify(row.badge)})`);
      await coordinator.screenshot(`queue-claim-${modeFile(js)}.png`);
      await decideByKeyboard(coordinator, code, 'accept');
      assert.equal((await decidedRows(coordinator.page))[code], 'Accepted', `the queue does not show ${code} accepted`);

      // The API, with the coordinator's cookie, agrees.
      const api = await coordinator.context.request.get(`/api/v1/forums/${FORUM}/tracks/${TRACK}/memberships`);
      assert.equal(api.status(), 200, `GET memberships answered ${api.status()}`);
      const membership = (await api.json()).memberships.find((m) => m.session === code);
      assert.equal(membership?.status, 'accepted', `the API shows ${code} as ${JSON.stringify(membership)}`);
      await coordinator.close();

      await organiser.goto(sessionPath(code), `session ${code} after the decision`);
      assert.match(await trackRow.textContent(), /accepted/i, 'the session page does not show the claim accepted');
      await organiser.close();
    }),
  );
}

for (const js of [true, false]) {
  test(`(c) two people save the same session: the second gets the conflict page with both versions (${modeName(js)})`, { timeout: TIMEOUT }, () =>
    inWorld(`(c) ${modeName(js)}`, async (world, problems) => {
      const code = world.session;
      const organiser = await Visitor.open(world, problems, { js, who: 'organiser' });
      const admin = await Visitor.open(world, problems, { js, who: 'admin' });
      await organiser.signIn(ACCOUNTS.organiser);
      await admin.signIn(ACCOUNTS.admin);
      await organiser.goto(sessionPath(code), `session ${code}`);
      await admin.goto(sessionPath(code), `session ${code}`);
      const first = `The organiser's text (${modeName(js)}): a session on putting agreed norms into national practice.`;
      const second = `The secretariat's text (${modeName(js)}): with the regional groups' reports on cyber norms.`;

      await saveDescription(organiser, first, `session ${code} after the first save`);
      await saveDescription(admin, second, `conflict page for ${code}`, { status: 409 });
      assert.match(await admin.page.locator('h1').textContent(), new RegExp(`Someone else changed session ${code}`));
      const theirs = admin.page.locator('section[aria-labelledby=theirs]');
      const mine = admin.page.locator('section[aria-labelledby=mine]');
      assert.match(await theirs.textContent(), new RegExp(escapeRe(first)), 'the conflict page does not show the saved version');
      assert.equal(await mine.locator('textarea[name=description]').inputValue(), second, 'the conflict page lost the text typed');
      await admin.screenshot(`conflict-${modeFile(js)}.png`);

      // Saving the merge from the conflict page goes through.
      const merged = `${first}\n\n${second}`;
      await admin.page.locator('textarea[name=description]').fill(merged);
      await admin.navigate(() => admin.page.getByRole('button', { name: 'Save the session' }).click(), `session ${code} after saving the merge`);
      await organiser.goto(sessionPath(code), `session ${code} after the merge`);
      assert.equal((await organiser.page.locator('#edit textarea[name=description]').inputValue()).replace(/\r\n/g, '\n'), merged, 'the merge was not saved');
      await organiser.close();
      await admin.close();
    }),
  );
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

for (const js of [true, false]) {
  test(`(d) an organiser records mechanisms, the coordinator merges two records and undoes it (${modeName(js)})`, { timeout: TIMEOUT }, () =>
    inWorld(`(d) ${modeName(js)}`, async (world, problems) => {
      const code = world.session;
      const organiser = await Visitor.open(world, problems, { js, who: 'organiser' });
      await organiser.signIn(ACCOUNTS.organiser);
      await organiser.follow(sessionPath(code), `session ${code}`);
      const page = organiser.page;
      await page.getByLabel('Name', { exact: true }).last().fill(`Browser-typed network (${modeName(js)})`);
      await page.getByLabel('Status').selectOption('possible');
      await page.getByLabel('Issues (choose one or more)').selectOption(['network_security', 'cybercrime']);
      await page.getByLabel('Actors, one a line: Name | stakeholder group | country code').fill('CERT Ghana | government | GHA');
      await page.getByRole('checkbox', { name: 'Standards' }).check();
      await organiser.navigate(() => page.getByRole('button', { name: 'Record the mechanism' }).click(), `session ${code} after recording a mechanism`);
      assert.match(await page.locator('[role=status]').textContent(), /is recorded/, 'the page does not say the mechanism is recorded');
      const row = page.locator('#mechanisms ~ table tr', { hasText: 'Browser-typed network' });
      assert.match(await row.textContent(), /Possible.*Cybercrime, Network security/s, 'the session page does not list the typed mechanism');
      await page.getByLabel('A known mechanism').selectOption('wsis-c5');
      await organiser.navigate(() => page.getByRole('button', { name: 'Record it' }).click(), `session ${code} after picking a known mechanism`);
      assert.equal(await page.locator('#mechanisms ~ table tr', { hasText: 'WSIS Action Line C5' }).count(), 1, 'the catalogue pick is not listed');
      await organiser.close();

      const coordinator = await Visitor.open(world, problems, { js, who: 'coordinator' });
      await coordinator.signIn(ACCOUNTS.coordinator);
      const registry = `/manage/${FORUM}/mechanisms`;
      await coordinator.follow(registry, 'mechanism registry');
      const merge = 'Merge register-of-internet-policy-venues into open-register-of-internet-policy-venues';
      await coordinator.navigate(() => coordinator.page.getByRole('button', { name: merge }).click(), 'mechanism registry after merging');
      const entry = coordinator.page.locator('tr', { hasText: 'Open register of international Internet policy venues' });
      assert.match(await entry.textContent(), /LT 2, WS 104/, 'the merged entry does not hold both sessions');
      await coordinator.screenshot(`mechanisms-${modeFile(js)}.png`);
      await coordinator.navigate(
        () => coordinator.page.getByRole('button', { name: 'Undo the merge of register-of-internet-policy-venues' }).click(),
        'mechanism registry after undoing the merge',
      );
      assert.equal(await coordinator.page.getByRole('button', { name: merge }).count(), 1, 'the undone merge is not suggested again');
      await coordinator.close();
    }),
  );
}

for (const js of [true, false]) {
  test(`(e) an organiser files their session's report, a refused form keeps what was typed, the secretariat sees it filed (${modeName(js)})`, { timeout: TIMEOUT }, () =>
    inWorld(`(e) ${modeName(js)}`, async (world, problems) => {
      const code = world.session;
      const organiser = await Visitor.open(world, problems, { js, who: 'organiser' });
      await organiser.signIn(ACCOUNTS.organiser);
      await organiser.follow(sessionPath(code), `session ${code}`);
      await organiser.follow(`${sessionPath(code)}/report`, `report on ${code}`);
      const page = organiser.page;
      await page.getByLabel('Takeaway 1').fill('Norms need national owners');
      const call = page.getByRole('group', { name: 'Call 1' });
      await call.getByLabel('What should be done').fill('Name a national contact point for the agreed norms');
      await call.getByRole('checkbox', { name: 'Government', exact: true }).check();
      await call.getByRole('checkbox', { name: 'Technical community' }).check();
      await page.getByRole('checkbox', { name: 'Open register of international Internet policy venues' }).check();
      await page.getByLabel('Participants on site').fill('80');
      await page.getByLabel('Participants online').fill('20');
      await page.getByLabel('Women among the participants').fill('500');
      await page.getByLabel('Was gender discussed?').selectOption('mentioned');
      await organiser.navigate(() => page.getByRole('button', { name: 'File the report' }).click(), `report on ${code}, refused`, { status: 422 });
      assert.match(await page.locator('[role=alert]').textContent(), /500 women among 100 participants/, 'the refusal does not say why');
      assert.equal(await page.getByLabel('Takeaway 1').inputValue(), 'Norms need national owners', 'the refused form lost the takeaway');
      assert.ok(await page.getByRole('group', { name: 'Call 1' }).getByRole('checkbox', { name: 'Technical community' }).isChecked(), 'the refused form lost a ticked group');
      await page.getByLabel('Women among the participants').fill('45');
      await organiser.navigate(() => page.getByRole('button', { name: 'File the report' }).click(), `report on ${code}, filed`);
      assert.match(await page.locator('[role=status]').textContent(), /saved and filed/, 'the page does not say the report is filed');
      await organiser.screenshot(`report-${modeFile(js)}.png`);
      await organiser.close();

      const admin = await Visitor.open(world, problems, { js, who: 'admin' });
      await admin.signIn(ACCOUNTS.admin);
      await admin.goto(`/manage/${FORUM}`, 'forum administration');
      await admin.follow(`/manage/${FORUM}/reports`, 'session reports of the forum');
      const row = admin.page.locator('tr', { hasText: code }).first();
      assert.match(await row.textContent(), /Filed (on time|late)/, `the secretariat does not see ${code}'s report as filed`);
      await admin.close();
    }),
  );
}
