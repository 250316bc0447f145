// Real-browser checks of a built Track guide (`throughline guide build`).
//
//   GUIDE_SITE=/path/to/site node --test tests/browser/guide.test.mjs
//
// Serves the site folder over HTTP on 127.0.0.1 (a tiny static server below,
// so sizes are measured as bytes received over HTTP) and drives Debian's
// headless Chromium through playwright-core, which never downloads a browser.
// For every .html page of the site (the first language at the root, the others
// in their folders, `fr/`…):
//   - it loads with no console error, page error, failed request or HTTP >= 400;
//   - its HTML plus the CSS it links is under 30,000 bytes;
//   - every internal a/link/script/img target exists, every #fragment names
//     an id on its target page, and no link is root-relative or names a
//     folder (the site must work from disk and under any sub-path);
//   - at 360x740 (phone, deviceScaleFactor 1) it does not scroll sideways;
//   - axe-core finds no serious or critical violation.
// Also: full-page screenshots of a track page (the first with the most
// timed sessions) at 360 and 1280 px,
// the home page and a track page with JavaScript off, and every page of
// the PDFs (GUIDE_PDF) through pdftoppm.
//
// Environment:
//   GUIDE_SITE        the built site folder (required)
//   GUIDE_ARTIFACTS   where screenshots and reports go (default: the
//                     repository's target/browser-artifacts)
//   GUIDE_PDF         PDFs (separated by colons) whose pages are rendered
//                     to pdf-<name>-N.png
//   GUIDE_AXE         "all" (default): scan every page; "sample": every home,
//                     track, day and room page and 10 session pages per language
//   GUIDE_CHROMIUM    the browser (default /usr/bin/chromium)
//   GUIDE_CONCURRENCY pages loaded at once (default 2)
//   GUIDE_BUDGET      the HTML+CSS byte budget per page (default 30000)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const SITE = process.env.GUIDE_SITE ? path.resolve(process.env.GUIDE_SITE) : '';
const ARTIFACTS = process.env.GUIDE_ARTIFACTS ? path.resolve(process.env.GUIDE_ARTIFACTS) : path.join(repoRoot, 'target', 'browser-artifacts');
const PDFS = (process.env.GUIDE_PDF ?? '').split(':').filter(Boolean).map((p) => path.resolve(p));
const AXE_MODE = (process.env.GUIDE_AXE || 'all').toLowerCase();
const CHROMIUM = process.env.GUIDE_CHROMIUM || '/usr/bin/chromium';
const CONCURRENCY = Math.max(1, Number(process.env.GUIDE_CONCURRENCY || 2));
const BUDGET = Number(process.env.GUIDE_BUDGET || 30000);
const PHONE = { width: 360, height: 740 };
// A reader far from any forum's zone, so the optional local-time.js always
// adds the reader's own times (the longest text a page can show).
const READER_TZ = process.env.GUIDE_READER_TZ || 'America/Los_Angeles';
const DESKTOP = { width: 1280, height: 800 };
const NAV_TIMEOUT = 30_000;
const TEST_TIMEOUT = 15 * 60_000;
// Playwright gives each launch a fresh temporary --user-data-dir of its own
// (and refuses one in args), and adds --headless itself; the rest keep
// Chromium off the network this machine doesn't have.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

// ---------------------------------------------------------------------------
// Helpers

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function walk(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** The language folder of a page (`''` for the root language, `'fr'`…) and its kind. */
function classify(rel) {
  const parts = rel.split('/');
  const lang = parts.length > 1 && /^[a-z]{2}(-[a-z0-9]+)?$/i.test(parts[0]) && !['tracks', 'days', 'sessions', 'rooms'].includes(parts[0]) ? parts[0] : '';
  const inner = lang ? parts.slice(1) : parts;
  let kind = 'other';
  if (inner.length === 1 && inner[0] === 'index.html') kind = 'home';
  else if (inner.length === 2 && { tracks: 1, days: 1, sessions: 1, rooms: 1 }[inner[0]]) kind = inner[0].replace(/s$/, '');
  return { lang, kind };
}

function startServer(root) {
  const stats = { requests: 0, bytes: 0, notFound: [] };
  const server = http.createServer(async (req, res) => {
    stats.requests++;
    const notFound = () => {
      stats.notFound.push(req.url);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'not found\n');
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        return res.end();
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400);
        return res.end();
      }
      let file = path.join(root, pathname);
      if (file !== root && !file.startsWith(root + path.sep)) return notFound();
      let st = await fsp.stat(file).catch(() => null);
      if (st?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
          return res.end();
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      if (!st?.isFile()) return notFound();
      const body = await fsp.readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      stats.bytes += body.length;
      res.end(body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, stats, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Bytes received for a URL over HTTP (GET), cached per URL. */
const fetchCache = new Map();
function fetchBytes(url) {
  if (!fetchCache.has(url)) {
    fetchCache.set(
      url,
      fetch(url).then(async (r) => {
        const body = Buffer.from(await r.arrayBuffer());
        return { status: r.status, bytes: body.length, contentLength: Number(r.headers.get('content-length')), type: r.headers.get('content-type'), body };
      }),
    );
  }
  return fetchCache.get(url);
}

/** Status of a URL (HEAD, then GET when HEAD is refused), cached per URL. */
const headCache = new Map();
function headStatus(url) {
  if (!headCache.has(url)) {
    headCache.set(
      url,
      fetch(url, { method: 'HEAD' }).then((r) => (r.status === 405 ? fetchBytes(url).then((g) => g.status) : r.status)),
    );
  }
  return headCache.get(url);
}

function writeArtifact(name, data) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, typeof data === 'string' || Buffer.isBuffer(data) ? data : `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** At most `n` lines of a list, saying how many more there were. */
function listSome(lines, n = 40) {
  const shown = lines.slice(0, n).map((l) => `  - ${l}`);
  if (lines.length > n) shown.push(`  … and ${lines.length - n} more`);
  return shown.join('\n');
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------
// The site

const siteProblem = !SITE
  ? 'GUIDE_SITE is not set: give the folder of a built guide (throughline guide build --out DIR), e.g. GUIDE_SITE=/tmp/site node --test tests/browser/guide.test.mjs (scripts/browser-test builds one)'
  : !fs.existsSync(SITE) || !fs.statSync(SITE).isDirectory()
    ? `GUIDE_SITE=${SITE} is not a folder`
    : !fs.existsSync(path.join(SITE, 'index.html'))
      ? `GUIDE_SITE=${SITE} has no index.html: is it a built guide?`
      : '';

if (siteProblem) {
  test('GUIDE_SITE names a built guide', () => {
    assert.fail(siteProblem);
  });
} else {
  const files = walk(SITE);
  const pages = files.filter((f) => f.endsWith('.html')).map((rel) => ({ rel, ...classify(rel) }));
  const langs = [...new Set(pages.map((p) => p.lang))].sort();
  const trackPages = pages.filter((p) => p.kind === 'track');
  /**
   * The track page shown in the screenshots and the no-JavaScript check: of
   * the first language's tracks, the first with the most timed sessions (a
   * track with none shows little), once the pages have been loaded.
   */
  const showcaseTrack = () => {
    const candidates = trackPages.filter((p) => p.lang === '').concat(trackPages.filter((p) => p.lang !== ''));
    let best = candidates[0];
    for (const p of candidates) if ((loaded.get(p.rel)?.times ?? 0) > (loaded.get(best.rel)?.times ?? 0)) best = p;
    return best;
  };

  let served;
  let browser;
  const timings = {};
  /** By page path: what the desktop load found. */
  const loaded = new Map();
  let crawlComplete = false;
  let sizeTable = '';

  const pageUrl = (rel) => `${served.origin}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  /** The page path (`tracks/x.html`) of a same-origin URL, directories as their index.html. */
  const relOf = (url) => {
    let p = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
    if (p === '' || p.endsWith('/')) p += 'index.html';
    return p;
  };

  /**
   * A browser tab that is reused from page to page (a new tab per page costs
   * more than the page's own load), with what its current page reported:
   * console errors, page errors, failed requests, HTTP errors, stylesheets.
   */
  async function openTab(context) {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT);
    const tab = { page, problems: [], stylesheets: new Set(), broken: false };
    // Chromium asks for /favicon.ico by itself (now and then) when a page
    // names no icon; that 404 is the browser's guess, not the site's link
    // (a declared icon is checked with the other links).
    const guessedIcon = `${served.origin}/favicon.ico`;
    const short = (url) => url.replace(served.origin, '');
    page.on('console', (msg) => {
      const loc = msg.location();
      if (msg.type() === 'error' && loc?.url !== guessedIcon) {
        tab.problems.push(`console error: ${msg.text()}${loc?.url ? ` (${short(loc.url)}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (err) => tab.problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      if (req.url() !== guessedIcon) tab.problems.push(`request failed: ${short(req.url())} (${req.failure()?.errorText})`);
    });
    page.on('response', (resp) => {
      if (resp.status() >= 400 && resp.url() !== guessedIcon) tab.problems.push(`HTTP ${resp.status()} for ${short(resp.url())}`);
      if (resp.request().resourceType() === 'stylesheet') tab.stylesheets.add(resp.url());
    });
    return tab;
  }

  /**
   * Loads `rel` in `tab` (or in a tab of its own when given a browser
   * context), then runs `fn(page, response, stylesheetUrls)` on it.
   * Returns { problems, value }; a tab whose load threw is marked broken.
   */
  async function withPage(tabOrContext, rel, fn, { scripts = true } = {}) {
    const own = !tabOrContext.page;
    const tab = own ? await openTab(tabOrContext) : tabOrContext;
    tab.problems = [];
    tab.stylesheets = new Set();
    try {
      const response = await tab.page.goto(pageUrl(rel), { waitUntil: 'load', timeout: NAV_TIMEOUT });
      // One frame and a task more, so errors raised by deferred work reach us
      // (timers never fire with JavaScript off).
      if (scripts) await tab.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      const value = await fn(tab.page, response, tab.stylesheets);
      return { problems: tab.problems, value };
    } catch (err) {
      tab.broken = true;
      throw err;
    } finally {
      if (own) await tab.page.close();
    }
  }

  /**
   * Runs `fn(item, tab)` over `items` in CONCURRENCY tabs of `context`; a tab
   * left broken by a failed load is replaced. `fn` handles its own errors.
   */
  async function eachInTabs(context, items, fn) {
    let next = 0;
    async function worker() {
      let tab = await openTab(context);
      while (next < items.length) {
        const item = items[next++];
        await fn(item, tab);
        if (tab.broken) {
          await tab.page.close().catch(() => {});
          tab = await openTab(context);
        }
      }
      await tab.page.close();
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  }

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps does), or set GUIDE_CHROMIUM`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    served = await startServer(SITE);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const kinds = {};
    for (const p of pages) kinds[p.kind] = (kinds[p.kind] || 0) + 1;
    console.log(
      `guide: ${SITE}: ${pages.length} pages (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) in ${langs.length} language folder(s) [${langs.map((l) => l || '(root)').join(', ')}]; ${files.length} files; served at ${served.origin}; Chromium ${browser.version()}; artifacts in ${ARTIFACTS}`,
    );
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => (served ? served.server.close(r) : r()));
    if (sizeTable) console.log(sizeTable);
    if (served) {
      console.log(
        `guide: summary: ${pages.length} pages; ${served.stats.requests} HTTP requests served (${(served.stats.bytes / 1024).toFixed(0)} KiB); timings: ${Object.entries(timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}`,
      );
    }
  });

  test('the site has a home page in every language and track pages', () => {
    const homes = pages.filter((p) => p.kind === 'home').map((p) => p.rel);
    assert.ok(homes.includes('index.html'), 'index.html is missing');
    for (const lang of langs) assert.ok(homes.includes(lang ? `${lang}/index.html` : 'index.html'), `${lang}/index.html is missing`);
    assert.ok(langs.includes('fr'), `no fr/ pages: language folders are [${langs.join(', ')}]`);
    assert.ok(trackPages.length, 'no track page (tracks/*.html)');
  });

  test('every page loads with no console error, page error, failed request or HTTP error', { timeout: TEST_TIMEOUT }, async () => {
    const t0 = Date.now();
    const context = await browser.newContext({ viewport: DESKTOP, timezoneId: READER_TZ });
    try {
      await eachInTabs(context, pages, async (p, tab) => {
        try {
          const { problems, value } = await withPage(tab, p.rel, async (page, response, stylesheetResponses) => {
            const body = await response.body();
            const dom = await page.evaluate(() => {
              const links = [];
              const add = (el, attr, abs) => links.push({ tag: el.tagName.toLowerCase(), raw: el.getAttribute(attr), abs });
              for (const el of document.querySelectorAll('a[href], area[href]')) add(el, 'href', el.href);
              for (const el of document.querySelectorAll('link[href]')) add(el, 'href', el.href);
              for (const el of document.querySelectorAll('script[src]')) add(el, 'src', el.src);
              for (const el of document.querySelectorAll('img[src]')) add(el, 'src', el.src);
              const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
              for (const a of document.querySelectorAll('a[name]')) ids.push(a.getAttribute('name'));
              const css = [...document.querySelectorAll('link[rel~="stylesheet"][href]')].map((l) => l.href);
              const times = document.querySelectorAll('time[datetime*="T"]').length;
              return { links, ids, css, times, title: document.title };
            });
            const cssUrls = [...new Set([...dom.css, ...stylesheetResponses])].filter((u) => u.startsWith(served.origin));
            const css = [];
            for (const u of cssUrls) {
              const r = await fetchBytes(u);
              css.push({ url: u.replace(served.origin, ''), bytes: r.bytes, status: r.status });
            }
            return {
              status: response.status(),
              htmlBytes: body.length,
              contentLength: Number(response.headers()['content-length']),
              css,
              links: dom.links,
              ids: new Set(dom.ids),
              times: dom.times,
              title: dom.title,
            };
          });
          loaded.set(p.rel, { ...value, problems });
        } catch (err) {
          loaded.set(p.rel, { problems: [`could not load: ${err.message.split('\n')[0]}`], links: [], ids: new Set(), css: [], htmlBytes: NaN });
        }
      });
    } finally {
      await context.close();
    }
    crawlComplete = true;
    timings.load = Date.now() - t0;
    console.log(`guide: loaded ${pages.length} pages in ${seconds(timings.load)} (${(timings.load / pages.length).toFixed(0)} ms a page)`);
    const failures = [];
    const record = [];
    for (const p of pages) {
      const l = loaded.get(p.rel);
      if (l.status !== undefined && l.status !== 200) l.problems.push(`HTTP ${l.status} for the page itself`);
      if (l.problems.length) record.push({ page: p.rel, problems: l.problems });
      for (const problem of l.problems) failures.push(`${p.rel}: ${problem}`);
    }
    writeArtifact('console-errors.json', record);
    assert.equal(failures.length, 0, `${failures.length} problem(s) on ${record.length} page(s):\n${listSome(failures)}`);
  });

  test(`every page's HTML + CSS is under ${BUDGET} bytes over HTTP`, () => {
    assert.ok(crawlComplete, 'the pages were not loaded (see the test before)');
    const rows = pages
      .map((p) => {
        const l = loaded.get(p.rel);
        const css = l.css.reduce((s, c) => s + c.bytes, 0);
        return { page: p.rel, kind: p.kind, html: l.htmlBytes, css, total: l.htmlBytes + css, stylesheets: l.css.map((c) => c.url) };
      })
      .sort((a, b) => b.total - a.total || a.page.localeCompare(b.page));
    const mismatched = pages.filter((p) => {
      const l = loaded.get(p.rel);
      return Number.isFinite(l.contentLength) && l.contentLength !== l.htmlBytes;
    });
    writeArtifact('page-sizes.json', { budget: BUDGET, measured: 'bytes received over HTTP (no compression): the page plus each stylesheet it loads', pages: rows });
    const table = rows
      .slice(0, 10)
      .map((r) => `  ${String(r.total).padStart(7)} ${String(r.html).padStart(7)} ${String(r.css).padStart(6)}  ${r.total >= BUDGET ? 'OVER ' : '     '}${r.page}`);
    const totals = rows.map((r) => r.total);
    sizeTable = `guide: the 10 largest pages (bytes of HTML+CSS; budget ${BUDGET}; median ${totals[Math.floor(totals.length / 2)]}; all in page-sizes.json):\n    total    html    css\n${table.join('\n')}`;
    assert.equal(mismatched.length, 0, `Content-Length differs from the bytes received for ${mismatched.map((p) => p.rel).join(', ')}`);
    const over = rows.filter((r) => !(r.total < BUDGET));
    assert.equal(
      over.length,
      0,
      `${over.length} page(s) at or over ${BUDGET} bytes of HTML+CSS:\n${listSome(over.map((r) => `${r.page}: ${r.total} (html ${r.html} + css ${r.css})`))}`,
    );
  });

  test('every internal link, stylesheet, script and image resolves, #fragments included', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(crawlComplete, 'the pages were not loaded (see the test before)');
    const t0 = Date.now();
    const broken = [];
    const idsOf = new Map([...loaded].map(([rel, l]) => [rel, l.ids]));
    let checked = 0;
    const targets = new Set();
    for (const p of pages) {
      for (const link of loaded.get(p.rel).links) {
        let url;
        try {
          url = new URL(link.abs);
        } catch {
          broken.push({ page: p.rel, tag: link.tag, href: link.raw, reason: 'not a URL' });
          continue;
        }
        if (url.origin !== served.origin) continue; // external, mailto:, data:…
        checked++;
        const target = `${url.origin}${url.pathname}`;
        targets.add(target);
        const rel = relOf(target);
        const fail = (reason) => broken.push({ page: p.rel, tag: link.tag, href: link.raw, target: `/${rel}${url.hash}`, reason });
        // The site promises to work from disk and under any sub-path.
        if (/^\/(?!\/)/.test(link.raw.trim())) {
          fail('root-relative link: breaks when the site is opened from disk or published under a sub-path');
          continue;
        }
        if (url.pathname.endsWith('/')) {
          fail('names a folder: works on a web server, not when the site is opened from disk');
          continue;
        }
        let status = loaded.get(rel)?.status;
        if (status === undefined) status = await headStatus(target);
        if (status !== 200) {
          fail(`HTTP ${status}`);
          continue;
        }
        if (url.hash && url.hash !== '#') {
          let fragment;
          try {
            fragment = decodeURIComponent(url.hash.slice(1));
          } catch {
            fragment = url.hash.slice(1);
          }
          if (fragment.toLowerCase() === 'top') continue; // scrolls to the top by the HTML standard
          let ids = idsOf.get(rel);
          if (!ids && rel.endsWith('.html')) {
            const html = (await fetchBytes(target)).body.toString('utf8');
            ids = new Set([...html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? m[3]));
            idsOf.set(rel, ids);
          }
          if (!ids) fail(`#${fragment} points into a file that is not a page`);
          else if (!ids.has(fragment)) fail(`no id="${fragment}" on ${rel}`);
        }
      }
    }
    timings.links = Date.now() - t0;
    writeArtifact('broken-links.json', broken);
    console.log(`guide: checked ${checked} internal links to ${targets.size} distinct targets in ${seconds(timings.links)}; ${broken.length} broken`);
    assert.equal(
      broken.length,
      0,
      `${broken.length} broken internal link(s):\n${listSome(broken.map((b) => `${b.page}: <${b.tag}> ${JSON.stringify(b.href)} → ${b.target ?? '?'}: ${b.reason}`))}`,
    );
  });

  test(`no page scrolls sideways on a ${PHONE.width}x${PHONE.height} phone`, { timeout: TEST_TIMEOUT }, async () => {
    const t0 = Date.now();
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, timezoneId: READER_TZ });
    const wide = [];
    try {
      await eachInTabs(context, pages, async (p, tab) => {
        let value;
        try {
          ({ value } = await withPage(tab, p.rel, (page) =>
          page.evaluate((vw) => {
            const scrollWidth = document.documentElement.scrollWidth;
            if (scrollWidth <= vw) return { scrollWidth, culprits: [] };
            // The outermost elements that reach past the viewport's right edge.
            const culprits = [];
            const describe = (el) => {
              let s = el.tagName.toLowerCase();
              if (el.id) s += `#${el.id}`;
              if (el.classList.length) s += `.${[...el.classList].join('.')}`;
              return s;
            };
            const walk = (el) => {
              for (const child of el.children) {
                const r = child.getBoundingClientRect();
                if (r.right > vw + 0.5 && r.width > 0) {
                  const path = [];
                  for (let e = child; e && e !== document.body; e = e.parentElement) path.unshift(describe(e));
                  culprits.push({ element: path.join(' > '), right: Math.round(r.right), width: Math.round(r.width), text: (child.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) });
                } else walk(child);
              }
            };
            walk(document.body);
            return { scrollWidth, viewport: window.innerWidth, culprits: culprits.slice(0, 5) };
          }, PHONE.width),
          ));
        } catch (err) {
          value = { scrollWidth: NaN, culprits: [], error: `could not load: ${err.message.split('\n')[0]}` };
        }
        if (!(value.scrollWidth <= PHONE.width)) wide.push({ page: p.rel, ...value });
      });
    } finally {
      await context.close();
    }
    timings.phone = Date.now() - t0;
    writeArtifact('phone-overflow.json', wide);
    console.log(`guide: ${pages.length} pages at ${PHONE.width} px in ${seconds(timings.phone)}; ${wide.length} scroll sideways`);
    assert.equal(
      wide.length,
      0,
      `${wide.length} page(s) wider than ${PHONE.width} px:\n${listSome(
        wide.map((w) => `${w.page}: ${w.error ?? `scrollWidth ${w.scrollWidth}`}; ${w.culprits.map((c) => `${c.element} (right edge ${c.right}px, ${JSON.stringify(c.text)})`).join('; ') || 'no element found past the edge'}`),
      )}`,
    );
  });

  test('axe-core finds no serious or critical accessibility violation', { timeout: TEST_TIMEOUT }, async () => {
    let scanned = pages;
    if (AXE_MODE === 'sample') {
      scanned = [];
      for (const lang of langs) {
        const mine = pages.filter((p) => p.lang === lang);
        scanned.push(...mine.filter((p) => p.kind !== 'session'));
        const sessions = mine.filter((p) => p.kind === 'session');
        const step = Math.max(1, Math.floor(sessions.length / 10));
        scanned.push(...sessions.filter((_, i) => i % step === 0).slice(0, 10));
      }
    }
    const t0 = Date.now();
    // bypassCSP so that axe can be injected whatever the pages' policy.
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, timezoneId: READER_TZ });
    const found = [];
    try {
      await eachInTabs(context, scanned, async (p, tab) => {
        let value;
        try {
          ({ value } = await withPage(tab, p.rel, async (page) => {
          await page.addScriptTag({ path: AXE_PATH });
          return page.evaluate(async () => {
            /* global axe */
            const rules = Object.fromEntries(axe.getRules(['wcag2a', 'wcag2aa']).map((r) => [r.ruleId, { enabled: true }]));
            const result = await axe.run(document, { rules, resultTypes: ['violations'] });
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              helpUrl: v.helpUrl,
              tags: v.tags,
              nodes: v.nodes.map((n) => ({ target: n.target, impact: n.impact, html: n.html.slice(0, 300), summary: n.failureSummary })),
            }));
          });
          }));
        } catch (err) {
          value = [{ id: 'scan-failed', impact: 'critical', help: `axe could not scan the page: ${err.message.split('\n')[0]}`, tags: [], nodes: [] }];
        }
        for (const v of value) found.push({ page: p.rel, ...v });
      });
    } finally {
      await context.close();
    }
    timings.axe = Date.now() - t0;
    found.sort((a, b) => a.page.localeCompare(b.page) || a.id.localeCompare(b.id));
    writeArtifact('axe.json', { mode: AXE_MODE, pages: scanned.map((p) => p.rel), violations: found });
    const byRule = {};
    for (const v of found) {
      const k = `${v.id} (${v.impact})`;
      byRule[k] = (byRule[k] || 0) + 1;
    }
    console.log(
      `guide: axe-core scanned ${scanned.length} of ${pages.length} pages (${AXE_MODE}) in ${seconds(timings.axe)} (${(timings.axe / Math.max(1, scanned.length)).toFixed(0)} ms a page); violations by rule (pages): ${Object.entries(byRule).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`,
    );
    const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(
      bad.length,
      0,
      `${bad.length} serious or critical violation(s):\n${listSome(
        bad.map((v) => `${v.page}: ${v.id} [${v.impact}] ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''}`),
      )}`,
    );
  });

  test('full-page screenshots of a track page at 360 and 1280 px', { timeout: TEST_TIMEOUT }, async () => {
    const track = showcaseTrack();
    assert.ok(track, 'no track page to take');
    const shots = [
      ['track-phone.png', { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, timezoneId: READER_TZ }],
      ['track-desktop.png', { viewport: DESKTOP, deviceScaleFactor: 1, timezoneId: READER_TZ }],
    ];
    for (const [name, options] of shots) {
      const context = await browser.newContext(options);
      try {
        await withPage(context, track.rel, (page) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true }));
      } finally {
        await context.close();
      }
      const png = fs.readFileSync(path.join(ARTIFACTS, name));
      assert.equal(png.subarray(1, 4).toString(), 'PNG', `${name} is not a PNG`);
      console.log(`guide: ${name}: ${track.rel}, ${png.readUInt32BE(16)}x${png.readUInt32BE(20)} px`);
    }
  });

  test('the home page and a track page work with JavaScript off and show dates and times', { timeout: TEST_TIMEOUT }, async () => {
    const track = showcaseTrack();
    assert.ok(track, 'no track page');
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const failures = [];
    try {
      for (const [rel, needs] of [
        ['index.html', 'date'],
        [track.rel, 'time'],
      ]) {
        const { problems, value } = await withPage(
          context,
          rel,
          (page) =>
            page.evaluate(() => {
              const text = document.body.innerText;
              return {
                h1: document.querySelector('h1')?.textContent.trim() || '',
                links: document.querySelectorAll('main a[href]').length,
                times: [...document.querySelectorAll('time')].map((t) => t.textContent.trim()).filter((t) => /\d/.test(t)),
                clock: (text.match(/\b\d{1,2}(?::|\s?h\s?)\d{2}\b/g) || []).length,
                dates: (text.match(/\b\d{1,2} [^\s\d]+ 20\d\d\b|\b20\d\d-\d\d-\d\d\b|\b[A-Z][a-z]+ \d{1,2},? 20\d\d\b/g) || []).length,
              };
            }),
          { scripts: false },
        );
        for (const problem of problems) failures.push(`${rel}: ${problem}`);
        if (!value.h1) failures.push(`${rel}: no heading without JavaScript`);
        if (!value.links) failures.push(`${rel}: no link in <main> without JavaScript`);
        if (needs === 'time' && value.clock === 0) failures.push(`${rel}: no time of day (HH:MM) shown without JavaScript (<time> texts: ${JSON.stringify(value.times.slice(0, 5))})`);
        if (needs === 'date' && value.dates === 0 && value.clock === 0) failures.push(`${rel}: neither a date nor a time of day shown without JavaScript`);
        console.log(
          `guide: no-JS ${rel}: "${value.h1}", ${value.links} links in <main>, ${value.dates} dates, ${value.clock} times of day, ${value.times.length} <time> elements (e.g. ${JSON.stringify(value.times.slice(0, 3))})`,
        );
      }
    } finally {
      await context.close();
    }
    assert.equal(failures.length, 0, failures.join('\n'));
  });

  test('every page of the PDFs renders (pdftoppm)', { timeout: TEST_TIMEOUT }, async (t) => {
    if (PDFS.length === 0) {
      console.log('guide: GUIDE_PDF is not set: no PDF page rendered');
      t.skip('GUIDE_PDF is not set');
      return;
    }
    for (const pdf of PDFS) {
      assert.ok(fs.existsSync(pdf), `GUIDE_PDF names ${pdf}, which does not exist`);
      const prefix = path.join(ARTIFACTS, `pdf-${path.basename(pdf, '.pdf')}`);
      try {
        await promisify(execFile)('pdftoppm', ['-png', '-r', '30', pdf, prefix]);
      } catch (err) {
        if (err.code === 'ENOENT') assert.fail('pdftoppm is missing: install Debian poppler-utils (scripts/install-deps does)');
        assert.fail(`pdftoppm failed on ${pdf}: ${err.stderr || err.message}`);
      }
      const pages = fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith(path.basename(prefix) + '-') && f.endsWith('.png'));
      assert.ok(pages.length > 0, `pdftoppm rendered no page of ${pdf}`);
      for (const page of pages) {
        const png = fs.readFileSync(path.join(ARTIFACTS, page));
        assert.equal(png.subarray(1, 4).toString(), 'PNG', page);
      }
      console.log(`guide: ${pdf}: ${pages.length} pages rendered (${path.basename(prefix)}-N.png)`);
    }
  });
}
