// SPDX-License-Identifier: LGPL-2.1-or-later
// The mtkfw gui page in a real browser (Chromium through playwright-core, which never downloads
// one), checked with axe-core. Run: (cd tests/browser && npm ci) then
//   GUI_URL='http://127.0.0.1:PORT/?token=HEX' GUI_PKG=/root/pkg GUI_WORK=/root/work GUI_SHOTS=/tmp/shots \
//     node tests/browser/gui.mjs main|stop|refuse
// GUI_URL: the address `mtkfw gui` printed; GUI_PKG: the package folder to open through the
// file picker (inside the roots; Z:\tmp\pkg for mtkfw.exe under wine: paths as the window
// spells them, path.win32's then); GUI_WORK: a writable folder inside the roots (main: logo unpack);
// GUI_SHOTS: where the screenshots go (one PNG per screen); GUI_EXPECT (refuse): a piece of the
// error message; GUI_TIMEOUT: ms each wait may take (default 30000); GUI_CHROMIUM: the browser
// (default /usr/bin/chromium). Prints "ok   NAME" / "FAIL NAME" per check and "N/M gui checks pass";
// exit 0 only when every check passed.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CASE = process.argv[2] || 'main';
const URL_ = process.env.GUI_URL;
const PKG = process.env.GUI_PKG;
const WORK = process.env.GUI_WORK;
const SHOTS = process.env.GUI_SHOTS || path.join(os.tmpdir(), 'mtkfw-gui-shots');
const EXPECT = process.env.GUI_EXPECT || '';
const T = Number(process.env.GUI_TIMEOUT || 30000);
const CHROMIUM = process.env.GUI_CHROMIUM || '/usr/bin/chromium';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let n = 0, failed = 0, aborted = false;
const ok = name => { n++; console.log('ok   ' + name); };
const bad = (name, why) => { n++; failed++; console.log('FAIL ' + name + (why ? ': ' + why : '')); };
const note = text => console.log('     ' + text);
// One check: fn returns false or throws to fail; a string is added to the name.
async function check(name, fn) {
  if (aborted) return bad(name, 'skipped: an earlier step failed');
  try {
    const r = await fn();
    if (r === false) bad(name);
    else ok(name + (typeof r === 'string' && r ? ` (${r})` : ''));
    return r !== false;
  } catch (e) {
    bad(name, String(e && e.message || e).split('\n')[0]);
    return false;
  }
}
// A step later steps need: when it fails, the rest are reported as skipped (not waited for).
async function must(name, fn) { if (!(await check(name, fn))) aborted = true; }

const tid = id => `[data-testid="${id}"]`;
const P = /^([A-Za-z]:)?\\/.test(PKG || '') ? path.win32 : path.posix; // the window's paths
const real = p => { if (P === path.win32) return p; try { return fs.realpathSync(p); } catch { return p; } };

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}
async function tab(page, name) {
  if (aborted) throw new Error('skipped: an earlier step failed');
  await page.click(tid('tab-' + name));
  await page.waitForSelector(`#panel-${name}:not([hidden])`, { timeout: T });
}
async function ready(page) {
  await page.goto(URL_, { timeout: T });
  await page.waitForSelector('body[data-ready="1"]', { timeout: T });
}
// The text of a result box once it holds an ending (not "running").
async function outcome(page, id, timeout = T) {
  await page.waitForFunction(b => { const e = document.querySelector(`[data-testid="${b}"]`); return e && !e.hidden && e.dataset.state && e.dataset.state !== 'run'; }, id, { timeout });
  return page.$eval(tid(id), e => ({ state: e.dataset.state, text: e.innerText }));
}
// Click button and return the outcome of the job it starts in result box id: the box is marked
// stale first, so an old ending is never taken for the new one however fast the job ends.
async function clickOutcome(page, button, id, timeout = T) {
  await page.waitForFunction(() => document.getElementById('busy-status').textContent === 'idle', null, { timeout });
  await page.$eval(tid(id), e => { e.dataset.state = 'stale'; });
  await page.click(tid(button));
  await page.waitForFunction(b => { const e = document.querySelector(`[data-testid="${b}"]`); return e && !e.hidden && e.dataset.state && !['stale', 'run'].includes(e.dataset.state); }, id, { timeout });
  return page.$eval(tid(id), e => ({ state: e.dataset.state, text: e.innerText }));
}
// axe-core on what is shown: no serious or critical violation.
async function axe(page, label) {
  await check(`axe: ${label}: no serious/critical violations`, async () => {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
    const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map(x => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
    for (const x of v.filter(x => !['serious', 'critical'].includes(x.impact))) note(`axe ${label}: ${x.impact} ${x.id}: ${x.help} (${x.nodes.join('; ')})`);
    const grave = v.filter(x => ['serious', 'critical'].includes(x.impact));
    if (grave.length) throw new Error(grave.map(x => `${x.impact} ${x.id}: ${x.help} at ${x.nodes.join('; ')}`).join(' | '));
    return v.length ? `${v.length} minor` : '';
  });
}
// Walk the picker (data-testid prefix) from its root down to target and open it.
async function openInPicker(page, prefix, target) {
  target = real(target).replace(P.sep === '/' ? /\/+$/ : /\\+$/, '');
  const roots = await page.evaluate(async () => (await (await fetch('api/state')).json()).roots);
  const root = roots.filter(r => target === r || target.startsWith(r + P.sep)).sort((a, b) => b.length - a.length)[0];
  if (!root) throw new Error(`${target} is not inside the roots (${roots.join(', ')})`);
  const list = tid(prefix + 'file-list');
  const inDir = async d => page.waitForFunction(([l, d]) => { const u = document.querySelector(l); return u && !u.dataset.loading && u.dataset.dir === d; }, [list, d], { timeout: T });
  await page.selectOption(tid(prefix + 'file-root'), root);
  await inDir(root);
  const parts = target.slice(root.length).split(P.sep).filter(Boolean);
  let dir = root;
  for (const c of parts.slice(0, -1)) {
    await page.click(`${list} li[data-name=${JSON.stringify(c)}] .entry`, { timeout: T });
    dir = dir + P.sep + c;
    await inDir(dir);
  }
  const last = parts[parts.length - 1];
  const li = `${list} li[data-name=${JSON.stringify(last)}]`;
  await page.waitForSelector(li, { timeout: T });
  if (await page.$eval(li, e => e.classList.contains('dir'))) await page.click(`${li} .open-row`);
  else { await page.click(`${li} .entry`); await page.click(tid(prefix + 'btn-open')); }
}
async function openPackage(page) {
  await tab(page, 'package');
  await openInPicker(page, '', PKG);
  const r = await outcome(page, 'result-package');
  if (r.state !== 'ok') throw new Error('the package did not open: ' + r.text.replace(/\s+/g, ' '));
  await page.waitForFunction(p => { const e = document.querySelector('[data-testid="package-path"]'); return e && e.textContent === p; }, real(PKG), { timeout: T });
}
const pct = (page, id) => page.$eval(tid(id), e => Number(e.getAttribute('aria-valuenow')));
const noOverflow = page => page.evaluate(() => {
  const d = document.documentElement;
  return { ok: d.scrollWidth <= d.clientWidth + 1 && document.body.scrollWidth <= d.clientWidth + 1, sw: d.scrollWidth, cw: d.clientWidth };
});

// ---------------------------------------------------------------- cases
async function caseMain(page, ctx, browser) {
  await must('page drawn (body[data-ready])', async () => {
    await ready(page);
    const ms = await page.evaluate(() => { const m = performance.getEntriesByName('mtkfw-ready')[0]; return Math.round(m ? m.startTime : performance.now()); });
    console.log(`first screen drawn in ${ms} ms`);
  });
  await axe(page, 'phone tab');
  await must('detect shows the phone (chip MT6572)', async () => {
    await page.click(tid('btn-detect'));
    const r = await outcome(page, 'result-phone');
    if (r.state !== 'ok') throw new Error(r.text);
    await page.waitForFunction(() => /MT6572/.test((document.querySelector('[data-testid="phone-chip"]') || {}).textContent || ''), null, { timeout: T });
  });
  await check('phone facts: eMMC CID, RAM, layout, identity', async () => {
    const t = await page.innerText(tid('phone-facts'));
    for (const w of ['eMMC CID', 'RAM', 'Layout', 'Identity']) if (!t.includes(w)) throw new Error('no ' + w);
    const id = (await page.innerText(tid('identity-located'))).trim();
    if (!/located/.test(id)) throw new Error(`identity: "${id}"`);
    return id;
  });
  await check('plugged state shown', async () => {
    const t = (await page.innerText(tid('plug-state'))).trim();
    if (!/plugged|not plugged/.test(t)) throw new Error(`"${t}"`);
    return t;
  });
  await shot(page, 'phone');

  await must('package opened through the picker', () => openPackage(page));
  await check('check verdict ok', async () => {
    const st = await page.$eval(tid('verdict'), e => e.dataset.state);
    const t = await page.innerText(tid('verdict-head'));
    if (st !== 'ok') throw new Error(t);
    return t.trim();
  });
  await check('board profile shown (LCM, EMI)', async () => { const t = await page.innerText(tid('board')); return /LCM/.test(t) && /EMI/.test(t); });
  await check('drop of a file name selects it in the list', async () => {
    const name = P.basename(real(PKG));
    await page.evaluate(name => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], name));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, name);
    const t = await page.innerText(tid('drop-msg'));
    if (!t.includes(`dropped ${name}: pick it in the list`)) throw new Error(t);
    return (await page.$eval(tid('drop-msg'), e => e.dataset.found)) === '1';
  });
  await check('compare with the phone: compat lines, no stop', async () => {
    const r = await clickOutcome(page, 'btn-compat', 'result-package');
    if (r.state !== 'ok' && r.state !== 'warn') throw new Error(r.text.replace(/\s+/g, ' '));
    const v = await page.$eval(tid('compat'), e => e.dataset.verdict);
    if (v === 'stop') throw new Error(await page.innerText(tid('compat')));
    return 'verdict ' + v;
  });
  await shot(page, 'package');
  await axe(page, 'package tab');

  await tab(page, 'download');
  await check('partition table has rows to tick', async () => (await page.$$('#dl-table .tick')).length > 0);
  await must('show plan: the plan table has rows', async () => {
    await page.click(tid('btn-plan'));
    const r = await outcome(page, 'result');
    if (r.state === 'fail') throw new Error(r.text.replace(/\s+/g, ' '));
    const rows = await page.$$eval(`${tid('plan')} tbody tr`, r => r.length);
    if (!rows) throw new Error('no rows');
    return `${rows} steps`;
  });
  await shot(page, 'plan');
  await axe(page, 'download tab (plan)');
  let r = null;
  await must('download: result says OK', async () => {
    await page.click(tid('btn-start'));
    await page.waitForFunction(() => document.querySelector('[data-testid="btn-stop"]').disabled === false || document.querySelector('[data-testid="result"]').dataset.state !== 'run', null, { timeout: T });
    r = await outcome(page, 'result');
    if (r.state !== 'ok' || !/Download OK/.test(r.text)) throw new Error(r.text.replace(/\s+/g, ' '));
  });
  await check('write bar at 100 %', async () => { const p = await pct(page, 'bar-write'); if (p !== 100) throw new Error(p + ' %'); });
  await check('identity verified (the identity backup named)', async () => {
    const last = await page.evaluate(async () => (await (await fetch('api/state')).json()).last);
    const ib = last && last.result && last.result.identity_backup;
    if (ib && !r.text.includes(ib)) throw new Error('no ' + ib + ' in: ' + r.text);
    return /identity/i.test(r.text);
  });
  await check('Stop is disabled when idle', async () => page.$eval(tid('btn-stop'), e => e.disabled));
  await shot(page, 'download-done');

  await tab(page, 'backups');
  await check('backups list has at least one backup', async () => {
    await page.waitForSelector(tid('backup-row'), { timeout: T });
    return `${(await page.$$(tid('backup-row'))).length} backups`;
  });
  await check('restore first shows what it writes, then asks', async () => {
    await page.click(`${tid('backup-row')} button.danger`);
    await page.waitForSelector('#confirm[open]', { timeout: T });
    const t = await page.innerText('#confirm');
    await page.click(tid('confirm-cancel'));
    await page.waitForSelector('#confirm:not([open])', { state: 'attached', timeout: T });
    if (!/NVRAM/.test(t)) throw new Error('no file list: ' + t);
  });
  await shot(page, 'backups');
  await axe(page, 'backups tab');

  await tab(page, 'images');
  const logo = P.join(real(PKG), 'logo.bin');
  const out = P.join(real(WORK || os.tmpdir()), `logo-${Date.now()}.d`);
  await check('image info of logo.bin', async () => {
    await page.fill(tid('image-path'), logo);
    await page.click(tid('btn-image-info'));
    await page.waitForSelector(tid('image-kind'), { timeout: T });
    return (await page.innerText(tid('image-kind'))).trim();
  });
  await check('unpack logo.bin: PNG pictures shown', async () => {
    await page.fill(tid('image-out'), out);
    await page.click(tid('btn-unpack'));
    const u = await outcome(page, 'result-unpack');
    if (u.state !== 'ok') throw new Error(u.text.replace(/\s+/g, ' '));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="png"]')].some(i => i.complete && i.naturalWidth > 0), null, { timeout: T });
    return `${(await page.$$(tid('png'))).length} pictures`;
  });
  await check('repack the folder', async () => {
    await page.fill(tid('repack-out'), out.replace(/\.d$/, '-new.bin'));
    await page.click(tid('btn-repack'));
    const u = await outcome(page, 'result-repack');
    if (u.state !== 'ok') throw new Error(u.text.replace(/\s+/g, ' '));
  });
  await shot(page, 'images');
  await axe(page, 'images tab');

  await tab(page, 'readback');
  await axe(page, 'readback tab');
  await shot(page, 'readback');
  await tab(page, 'format');
  await check('format asks for confirmation (and Cancel sends nothing)', async () => {
    await page.fill(tid('fmt-part'), 'CACHE');
    await page.click(tid('btn-format'));
    await page.waitForSelector('#confirm[open]', { timeout: T });
    await shot(page, 'format-confirm');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm:not([open])', { state: 'attached', timeout: T });
    return (await page.innerText(tid('busy-status'))).trim() === 'idle';
  });
  await axe(page, 'format tab');
  if (await page.isVisible(tid('tab-station'))) { await tab(page, 'station'); await axe(page, 'station tab'); await shot(page, 'station'); }

  // keyboard only
  await check('keyboard: arrow keys switch tabs', async () => {
    await page.focus('[role=tab][aria-selected=true]');
    const sel = () => page.evaluate(() => [document.querySelector('[role=tab][aria-selected=true]').id, document.activeElement.id]);
    await page.keyboard.press('Home');
    let [s, f] = await sel();
    if (s !== 'tab-phone' || f !== 'tab-phone') throw new Error(`Home: ${s}, focus ${f}`);
    await page.keyboard.press('ArrowRight');
    [s, f] = await sel();
    if (s !== 'tab-package' || f !== 'tab-package') throw new Error(`ArrowRight: ${s}, focus ${f}`);
    await page.keyboard.press('ArrowLeft');
    [s] = await sel();
    if (s !== 'tab-phone') throw new Error(`ArrowLeft: ${s}`);
    await page.keyboard.press('End');
    [s] = await sel();
    await page.keyboard.press('Home');
    return `End went to ${s}`;
  });
  await check('keyboard: focus is visible', async () => page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none'));
  await check('keyboard: Tab reaches Detect and Enter runs it', async () => {
    const starts = () => page.evaluate(() => [...document.querySelectorAll('#log div')].filter(d => /detect: start$/.test(d.textContent)).length);
    const before = await starts();
    let i = 0;
    for (; i < 15; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement && document.activeElement.dataset.testid === 'btn-detect')) break;
    }
    if (i === 15) throw new Error('Detect not reached with Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(b => [...document.querySelectorAll('#log div')].filter(d => /detect: start$/.test(d.textContent)).length > b, before, { timeout: T });
    const r = await outcome(page, 'result-phone');
    await shot(page, 'keyboard');
    return r.state === 'ok' ? `${i + 1} Tab presses` : false;
  });

  // 200 % zoom: a 1280 px window at 200 % lays the page out in 640 CSS px at device scale 2
  const zctx = await browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 });
  await zctx.addCookies(await ctx.cookies());
  const zp = await zctx.newPage();
  zp.setDefaultTimeout(T);
  await check('200 % zoom: page drawn', async () => {
    await zp.goto(new URL('/', URL_).href, { timeout: T });
    await zp.waitForSelector('body[data-ready="1"]', { timeout: T });
  });
  for (const t of ['phone', 'package', 'download', 'readback', 'format', 'backups', 'images']) {
    await check(`200 % zoom (640 px): no horizontal scroll on ${t}`, async () => {
      await tab(zp, t);
      const o = await noOverflow(zp);
      if (!o.ok) throw new Error(`scrollWidth ${o.sw} > ${o.cw}`);
      if (t === 'phone' || t === 'download' || t === 'package') await shot(zp, t === 'phone' ? 'zoom200' : 'zoom200-' + t);
    });
  }
  await axe(zp, 'download tab at 200 %');
  await zctx.close();

  await check('Save log gives a text file with the events', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(tid('btn-log-save'))]);
    const f = await dl.path();
    const t = fs.readFileSync(f, 'utf8');
    if (!/\.log$/.test(dl.suggestedFilename()) || !/flash/.test(t)) throw new Error(`${dl.suggestedFilename()}: ${t.slice(0, 80)}`);
    return `${dl.suggestedFilename()}, ${t.split('\n').length} lines`;
  });
  await check('Clear empties the log', async () => { await page.click(tid('btn-log-clear')); return (await page.$$('#log div')).length === 0; });
}

async function caseStop(page) {
  await must('page drawn', () => ready(page));
  await must('package opened', () => openPackage(page));
  await tab(page, 'download');
  await must('download started; write bar between 1 and 99 %', async () => {
    await page.click(tid('btn-start'));
    await page.waitForFunction(() => { const v = Number(document.querySelector('[data-testid="bar-write"]').getAttribute('aria-valuenow')); return v >= 1 && v <= 99; }, null, { timeout: T, polling: 20 });
    return `${await pct(page, 'bar-write')} %`;
  });
  await check('while busy: Download disabled, Stop enabled', async () => page.evaluate(() => document.querySelector('[data-testid="btn-start"]').disabled && !document.querySelector('[data-testid="btn-stop"]').disabled));
  await must('Stop: result says cancelled and mentions Resume', async () => {
    await page.click(tid('btn-stop'));
    const r = await outcome(page, 'result');
    await shot(page, 'stopped');
    if (!/cancel/i.test(r.text) || !/Resume/.test(r.text)) throw new Error(r.text.replace(/\s+/g, ' '));
    return r.state;
  });
  await check('write bar stayed below 100 %', async () => (await pct(page, 'bar-write')) < 100);
  await check('Resume: Download OK', async () => {
    const r = await clickOutcome(page, 'btn-resume', 'result');
    await shot(page, 'resumed');
    if (r.state !== 'ok' || !/Download OK/.test(r.text)) throw new Error(r.text.replace(/\s+/g, ' '));
    return (await pct(page, 'bar-write')) === 100 ? 'write bar 100 %' : false;
  });
}

async function caseRefuse(page) {
  await must('page drawn', () => ready(page));
  await must('package opened', () => openPackage(page));
  await shot(page, 'refused-package');
  await tab(page, 'download');
  let r = null;
  await must('download refused: the result shows the failure', async () => {
    r = await clickOutcome(page, 'btn-start', 'result');
    await shot(page, 'refused-download');
    if (r.state !== 'fail') throw new Error(`${r.state}: ${r.text.replace(/\s+/g, ' ')}`);
  });
  const err = await page.evaluate(async () => { const l = (await (await fetch('api/state')).json()).last; return l && l.error; }).catch(() => null);
  await check('the error message is shown', async () => {
    const m = await page.innerText(`${tid('result')} .message`);
    if (!m.trim()) throw new Error('empty');
    if (EXPECT && !m.includes(EXPECT)) throw new Error(`no "${EXPECT}" in: ${m}`);
    return m.length > 70 ? m.slice(0, 70) + '…' : m;
  });
  await check('SP Flash Tool code shown when the event has one', async () => {
    const shown = await page.$(`${tid('result')} ${tid('spft')}`);
    if (err && err.spft) {
      const t = shown ? await shown.innerText() : '';
      if (!t.includes(String(err.spft))) throw new Error(`no ${err.spft} in "${t}"`);
      return t;
    }
    return shown ? false : 'the event has none';
  });
  await check('a fix is shown (the error\'s, or its compat stop lines\')', async () => {
    const shown = await page.$(`${tid('result')} ${tid('fix')}`);
    if (!shown) throw new Error('no fix' + (err && err.fix ? ` (the event has "${err.fix}")` : ''));
    const t = await shown.innerText();
    if (err && err.fix && !t.includes(err.fix)) throw new Error(`"${t}" is not the event's "${err.fix}"`);
    return (t.length > 70 ? t.slice(0, 70) + '…' : t) + (err && err.fix ? '' : '; from the compat lines');
  });
  await check('the log has the error in red', async () => page.evaluate(() => document.querySelectorAll('#log .err').length > 0));
  await tab(page, 'package');
  await shot(page, 'refused-compat');
}

// A station under the window: GUI_SLOTS phones' tiles end done.
async function caseStation(page) {
  const want = Number(process.env.GUI_SLOTS || 2);
  await must('page drawn', () => ready(page));
  await must('the Station tab is shown', async () => {
    await page.waitForSelector(`${tid('tab-station')}:not([hidden])`, { timeout: T });
    await tab(page, 'station');
  });
  await must(`${want} slots' tiles end done`, async () => {
    await page.waitForFunction(n => document.querySelectorAll('[data-testid^="slot-"][data-state="done"]').length >= n, want, { timeout: T * 4 });
    return (await page.$$eval('[data-testid^="slot-"]', e => e.map(x => x.dataset.slot.split('/').pop() + ' ' + x.dataset.state))).join(', ');
  });
  await check('each tile names its phone (CID)', async () => (await page.$$eval('[data-testid^="slot-"] .cid', e => e.filter(x => /CID [0-9A-F]{32}/.test(x.textContent)).length)) >= want);
  await shot(page, 'station');
  await axe(page, 'station tab');
}

// ---------------------------------------------------------------- run
async function main() {
  if (!URL_ || !PKG) { console.error('GUI_URL and GUI_PKG are needed'); process.exit(2); }
  if (!['main', 'stop', 'refuse', 'station'].includes(CASE)) { console.error('case: main, stop, refuse or station'); process.exit(2); }
  // the system's Chromium (never a downloaded one), in a fresh profile folder playwright makes and removes
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: T,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  ctx.setDefaultTimeout(T);
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('requestfailed', r => { if (!/api\/events/.test(r.url())) problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`); });
  page.on('request', r => { const u = new URL(r.url()); const g = new URL(URL_); if (u.origin !== g.origin && !u.protocol.startsWith('blob') && !u.protocol.startsWith('data')) problems.push('outside request: ' + r.url()); });
  try {
    if (CASE === 'main') await caseMain(page, ctx, browser);
    else if (CASE === 'stop') await caseStop(page);
    else if (CASE === 'station') await caseStation(page);
    else await caseRefuse(page);
  } catch (e) {
    if (!aborted) bad('unexpected', String(e && e.stack || e).split('\n').slice(0, 3).join(' | '));
  }
  const grave = problems.filter(p => !/409|Conflict/.test(p));
  if (grave.length) bad('no page errors, CSP violations or outside requests', grave.slice(0, 5).join(' | '));
  else ok('no page errors, CSP violations or outside requests');
  await ctx.close().catch(() => {});
  await browser.close().catch(() => {});
  console.log(`${n - failed}/${n} gui checks pass`);
  process.exit(failed ? 1 : 0);
}
main().catch(e => { console.error(e); console.log(`${n - failed}/${n + 1} gui checks pass`); process.exit(1); });
