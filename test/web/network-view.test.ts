/**
 * The live network view (GET / of the operator HTTP server) in a real browser: headless Chromium
 * driven by playwright-core, reading the page's stable hooks ([data-code][data-state] on nodes,
 * [data-edge] and [data-backlog] on edges, #details).
 *
 * First against a fixed answer from a tiny server of our own (a hundred nodes, every warning, the API
 * failing), then against a real network whose district is stopped and restarted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';
import { launchChromium } from './browser.js';

const PAGE_FILE = new URL('../../src/web/network-page.html', import.meta.url);
const shots = mkdtempSync(join(tmpdir(), 'lienthong-network-view-'));

/** State of every node drawn, by code. */
async function drawnStates(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-code]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-state')])));
}

async function waitState(page: Page, code: string, state: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([c, s]) => document.querySelector(`[data-code="${c}"]`)?.getAttribute('data-state') === s,
    [code, state] as const,
    { timeout },
  ).catch(async (err: Error) => {
    throw new Error(`${code} not drawn "${state}" within ${timeout} ms; drawn: ${JSON.stringify(await drawnStates(page))}`, { cause: err });
  });
}

async function backlog(page: Page, edge: string): Promise<number> {
  return Number(await page.getAttribute(`[data-edge="${edge}"] [data-backlog]`, 'data-backlog'));
}

// ---- a fixed answer ------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const DAY = 86_400_000;

function link(peer: string, role: string, extra: Json = {}): Json {
  return { peer, role, state: 'up', outboxDepth: 0, oldestAgeMs: 0, lastError: '', ...extra };
}

/** National → 8 provinces → 3 districts each → 1 to 5 communes each: 105 nodes, a few in trouble. */
function countryFixture(nowMs: number): { self: string; nodes: Json[] } {
  const nodes: Json[] = [];
  const add = (code: string, parent: string | null, level: number, over: Json = {}) => {
    const n: Json = {
      code, parent, level, version: '0.1.0', state: 'up', reportedAtMs: nowMs - 1_000, ageMs: 1_000, uptimeMs: 3 * DAY,
      draining: false, certificateNotAfterMs: nowMs + 300 * DAY,
      counters: { accepted: 120, forwarded: 80, delivered: 40, expired: 0, failed: 0, refused: 1 },
      outboxTotal: 0, inboxUnacknowledged: 2, links: parent ? [link(parent, 'parent')] : [], ...over,
    };
    nodes.push(n);
    if (parent) (nodes.find((p) => p.code === parent)!.links as Json[]).push(link(code, 'child'));
    return n;
  };
  add('000.00.00.G22', null, 1);
  const communes = [1, 2, 3, 4, 5, 3]; // 3 on average: 72 communes
  let district = 0;
  for (let p = 1; p <= 8; p++) {
    const pc = `000.00.00.H${String(40 + p)}`;
    add(pc, '000.00.00.G22', 2);
    for (let d = 1; d <= 3; d++) {
      const dc = `000.00.${String(10 + d)}.H${String(40 + p)}`;
      add(dc, pc, 3);
      const count = communes[district++ % communes.length]!;
      for (let c = 1; c <= count; c++) add(`000.${String(20 + c)}.${String(10 + d)}.H${String(40 + p)}`, dc, 4);
    }
  }
  const byCode = (c: string) => nodes.find((n) => n.code === c)!;
  // A stopped district: down, with documents waiting for it at its province.
  byCode('000.00.12.H42').state = 'down';
  byCode('000.00.12.H42').ageMs = 95_000;
  const waiting = (byCode('000.00.00.H42').links as Json[]).find((l) => l.peer === '000.00.12.H42')!;
  Object.assign(waiting, { state: 'down', outboxDepth: 12, oldestAgeMs: 180_000, lastError: 'kết nối bị đóng: UNAVAILABLE' });
  // Warnings: a backlog older than 5 minutes, a node draining, a certificate expiring in 10 days.
  Object.assign((byCode('000.00.11.H43').links as Json[])[0]!, { outboxDepth: 3, oldestAgeMs: 7 * 60_000 });
  byCode('000.00.13.H44').draining = true;
  byCode('000.00.00.H45').certificateNotAfterMs = nowMs + 10 * DAY;
  return { self: '000.00.00.G22', nodes };
}

describe('network view page against a fixed answer', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let failing = false;

  before(async () => {
    browser = await launchChromium();
    server = createServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(PAGE_FILE));
      else if (req.url === '/api/network' && failing) res.writeHead(503, { 'content-type': 'text/plain' }).end('down\n');
      else if (req.url === '/api/network') {
        const now = Date.now();
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ generatedAtMs: now, ...countryFixture(now) }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('draws a hundred nodes without overlap, each coloured by its health, backlog on the edge', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-code]').length === 105);
    assert.equal(await page.title(), 'lienthong — mạng liên thông văn bản', 'UTF-8 text survives');
    const states = await drawnStates(page);
    assert.equal(states['000.00.12.H42'], 'down');
    assert.equal(states['000.00.11.H43'], 'warn', 'backlog older than 5 minutes');
    assert.equal(states['000.00.13.H44'], 'warn', 'draining');
    assert.equal(states['000.00.00.H45'], 'warn', 'certificate expiring within 30 days');
    assert.equal(Object.values(states).filter((s) => s === 'up').length, 101);
    assert.equal(await page.textContent('#down'), '1');
    assert.equal(await page.textContent('#count'), '105');

    assert.equal(await backlog(page, '000.00.00.H42>000.00.12.H42'), 12);
    assert.equal(await page.textContent('[data-edge="000.00.00.H42>000.00.12.H42"] [data-backlog]'), '12 queued · 3m');
    assert.equal(await backlog(page, '000.00.00.H42>000.00.11.H42'), 0);
    assert.equal(await page.getAttribute('[data-edge="000.00.00.H42>000.00.12.H42"]', 'class'), 'edge child-down', 'the edge to a down node is highlighted');

    const boxes = await page.$$eval('[data-code] rect.box', (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { code: e.parentElement!.getAttribute('data-code'), x: r.x, y: r.y, w: r.width, h: r.height };
    }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!, b = boxes[j]!;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${a.code} and ${b.code} overlap`);
      }
    }
    await page.screenshot({ path: join(shots, 'country.png') });
  });

  it('opens the details of a node from the keyboard, with its links and last errors', async () => {
    await page.focus('[data-code="000.00.00.H42"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#details:not([hidden])');
    const text = await page.textContent('#details');
    assert.match(text!, /000\.00\.00\.H42/);
    assert.match(text!, /kết nối bị đóng: UNAVAILABLE/, 'last error of the link to the stopped district, in Vietnamese');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#details'), true);
  });

  it('keeps the last data and says so when the API cannot be reached', async () => {
    failing = true;
    await page.waitForSelector('#error:not([hidden])', { timeout: 6_000 });
    assert.match((await page.textContent('#error'))!, /HTTP 503/);
    assert.equal(await page.locator('[data-code]').count(), 105);
    failing = false;
    await page.waitForSelector('#error', { state: 'hidden', timeout: 6_000 });
  });
});

// ---- a real network ------------------------------------------------------------------------------

const CODES = {
  national: '000.00.00.G22',
  'province-a': '000.00.00.H44',
  'province-b': '000.00.00.H41',
  district: '000.00.24.H44',
  'commune-a': '000.46.24.H44',
  'commune-b': '000.47.24.H44',
} as const;

describe('network view of a real network (in-process nodes, mutual TLS)', () => {
  let t: TestNetwork;
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    t = await startTestNetwork([
      { name: 'national', code: CODES.national, agencies: [CODES.national], extra: { http: { listen: '127.0.0.1:0' } } },
      { name: 'province-a', code: CODES['province-a'], parent: 'national', agencies: [CODES['province-a']] },
      { name: 'province-b', code: CODES['province-b'], parent: 'national', agencies: [CODES['province-b']] },
      { name: 'district', code: CODES.district, parent: 'province-a', agencies: [CODES.district] },
      { name: 'commune-a', code: CODES['commune-a'], parent: 'district', agencies: [CODES['commune-a']] },
      { name: 'commune-b', code: CODES['commune-b'], parent: 'district', agencies: [CODES['commune-b']] },
    ]);
    await t.waitLinksUp();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const http = t.node('national').httpAddress;
    assert.ok(http, 'the national node serves its operator HTTP (http.listen)');
    await page.goto(`http://${http}/`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('draws every node of the subtree green, and a click opens its details', async () => {
    // Reports climb one level every few seconds: wait until the communes are heard from at the top.
    await page.waitForFunction((n) => {
      const nodes = [...document.querySelectorAll('[data-code]')];
      return nodes.length === n && nodes.every((e) => e.getAttribute('data-state') === 'up');
    }, Object.keys(CODES).length, { timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`not all drawn up: ${JSON.stringify(await drawnStates(page))}`, { cause: err });
    });
    assert.deepEqual(Object.keys(await drawnStates(page)).sort(), Object.values(CODES).sort());
    assert.equal(await page.textContent('#self'), CODES.national);
    assert.equal(await page.textContent('#down'), '0');

    await page.click(`[data-code="${CODES.district}"]`);
    await page.waitForSelector('#details:not([hidden])');
    const text = (await page.textContent('#details'))!;
    assert.match(text, new RegExp(CODES.district.replace(/\./g, '\\.')));
    assert.match(text, new RegExp(CODES['commune-a'].replace(/\./g, '\\.')), 'its links are listed');
  });

  it('shows a stopped district red with the documents its province keeps for it, then green again', async () => {
    const edge = `${CODES['province-a']}>${CODES.district}`;
    assert.equal(await backlog(page, edge), 0);
    await t.stop('district');
    for (let i = 0; i < 5; i++) {
      await t.node('province-b').relay.submit(documentInput(CODES['province-b'], [CODES.district], `Công văn số ${i + 1}/UBND`));
    }
    await waitState(page, CODES.district, 'down');
    await page.waitForFunction((e) => Number(document.querySelector(`[data-edge="${e}"] [data-backlog]`)?.getAttribute('data-backlog')) === 5, edge, { timeout: 20_000 });
    assert.match((await page.textContent(`[data-edge="${edge}"] [data-backlog]`))!, /^5 queued · \d+s$/);
    assert.equal(await page.getAttribute(`[data-edge="${edge}"]`, 'class'), 'edge child-down');
    assert.match((await page.textContent('#details'))!, /down/, 'the open details follow the node');
    await page.screenshot({ path: join(shots, 'district-down.png') });

    await t.start('district');
    await waitState(page, CODES.district, 'up');
    await page.waitForFunction((e) => document.querySelector(`[data-edge="${e}"] [data-backlog]`)?.getAttribute('data-backlog') === '0', edge, { timeout: 20_000 });
    for (const code of Object.values(CODES)) await waitState(page, code, 'up');
    await t.waitInbox(CODES.district, (m) => m.document?.subject === 'Công văn số 5/UBND', 'the queued documents');
  });

  it('keeps the last picture and shows an error when the node stops answering', async () => {
    await t.stop('national');
    await page.waitForSelector('#error:not([hidden])', { timeout: 6_000 });
    assert.match((await page.textContent('#error'))!, /Cannot reach api\/network/);
    assert.equal(await page.locator('[data-code]').count(), Object.keys(CODES).length);
    await page.screenshot({ path: join(shots, 'unreachable.png') });
  });
});

after(() => {
  if (process.env['KEEP_SCREENSHOTS']) console.log(`screenshots in ${shots}`);
  else rmSync(shots, { recursive: true, force: true });
});
