// SPDX-License-Identifier: GPL-2.0-or-later
// mtkfw gui: the page. Plain ES2020, no framework, nothing fetched from elsewhere.
// It reads GET /api/state and the event stream (/api/events) and starts jobs with POSTs
// (docs/gui.md, "How it is built"); the events are the job event stream of docs/json.md.
'use strict';

// ---------- helpers
const $ = id => document.getElementById(id);
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'testid') e.dataset.testid = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k instanceof Node ? k : String(k));
  return e;
}
const clear = (e, ...kids) => { e.replaceChildren(...kids.flat().filter(k => k !== null && k !== undefined && k !== false)); return e; };
const hex = n => (typeof n === 'number' ? '0x' + n.toString(16).toUpperCase().padStart(8, '0') : '—');
function size(n) {
  if (typeof n !== 'number') return '—';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0, v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 && v % 1 ? 1 : 0)) + ' ' + u[i];
}
const yes = b => (b === true ? 'yes' : b === false ? 'no' : '—');
const txt = v => (v === null || v === undefined || v === '' ? '—' : String(v));
// paths as the window spells them: C:\Users\x (or \\server\share) from mtkfw.exe, /home/x elsewhere
const sepOf = p => (/^([A-Za-z]:)?\\/.test(String(p)) ? '\\' : '/');
const base = p => String(p).split(sepOf(p)).filter(Boolean).pop() || '';
const dirname = p => { const c = sepOf(p), s = String(p).replace(c === '/' ? /\/+$/ : /\\+$/, ''), i = s.lastIndexOf(c); return i > 0 ? s.slice(0, c === '\\' && s[i - 1] === ':' ? i + 1 : i) : c; };
const join = (d, n) => (d.endsWith(sepOf(d)) ? d + n : d + sepOf(d) + n);
const now = () => new Date().toTimeString().slice(0, 8);
function facts(pairs) {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) if (v !== undefined) dl.append(h('dt', {}, k), h('dd', {}, v instanceof Node ? v : txt(v)));
  return dl;
}
const badge = (cls, text) => h('span', { class: 'badge ' + cls }, text);
const list = a => (Array.isArray(a) && a.length ? a.join(', ') : '—');

let preloaded = true; // the first GET /api/state takes the page's preload (index.html)
async function api(url, body) {
  const first = preloaded && url === 'api/state';
  if (first) preloaded = false;
  const opt = body === undefined ? (first ? {} : { cache: 'no-store' }) : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  let r;
  try { r = await fetch(url, opt); } catch (e) { throw new Error('the mtkfw gui server does not answer: is it still running?'); }
  const t = await r.text();
  let j = null;
  try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
  if (!r.ok) {
    const err = new Error((j && j.error) || `${r.status} ${r.statusText}`);
    err.status = r.status;
    throw err;
  }
  return j;
}

// ---------- state kept by the page
let S = null;                 // the last /api/state
let busy = null;              // the running job's name
let op = null;                // the job this page follows: {job, tab, dry, errors, ...}
let suppressLast = false;     // the live outcome was drawn: do not redraw it from state.last
let lastKey = '';
const keys = {};              // what was last drawn, per part: redraw only on change
const slots = new Map();      // station tiles
let ready = false;
const queued = [];            // events that came before the first state

const TAB_OF = { detect: 'phone', firmware: 'package', compat: 'package', flash: 'download', readback: 'readback', format: 'format', backup: 'backups', verify: 'backups', restore: 'backups', station: 'station' };
const JOB_TITLE = { detect: 'Detect', firmware: 'Package', compat: 'Comparison', flash: 'Download', readback: 'Readback', format: 'Format', backup: 'Backup', verify: 'Verify', restore: 'Restore', station: 'Station' };
const RESULT_BOX = { phone: 'result-phone', package: 'result-package', download: 'result', readback: 'result-readback', format: 'result-format', backups: 'result-backups', station: 'station-summary' };
const TAB_BAR = { phone: 'bar-detect', readback: 'bar-readback', format: 'bar-format', backups: 'bar-backups' };

// ---------- tabs (WAI-ARIA tabs, automatic activation)
const tabs = () => [...document.querySelectorAll('[role=tab]')].filter(t => !t.hidden);
function selectTab(name, focus) {
  for (const t of document.querySelectorAll('[role=tab]')) {
    const on = t.id === 'tab-' + name;
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) t.focus();
  }
  if (name === 'backups') loadBackups();
}
$('tablist').addEventListener('click', e => { const t = e.target.closest('[role=tab]'); if (t) selectTab(t.id.slice(4)); });
$('tablist').addEventListener('keydown', e => {
  const all = tabs(), i = all.indexOf(document.activeElement);
  if (i < 0) return;
  let j = null;
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % all.length;
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + all.length) % all.length;
  else if (e.key === 'Home') j = 0;
  else if (e.key === 'End') j = all.length - 1;
  if (j === null) return;
  e.preventDefault();
  selectTab(all[j].id.slice(4), true);
});

// ---------- log
const logLines = [];
const LOG_SHOWN = 3000;
function log(text, level, job) {
  const line = `${now()} ${job ? job + ': ' : ''}${text}`;
  logLines.push((level === 'err' ? 'ERROR ' : level === 'warn' ? 'WARN  ' : '') + line);
  if (logLines.length > 50000) logLines.splice(0, 10000);
  const box = $('log');
  const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 30;
  box.append(h('div', { class: level || null }, h('span', { class: 't' }, now() + ' '), (job ? job + ': ' : '') + text));
  while (box.childElementCount > LOG_SHOWN) box.firstElementChild.remove();
  if (atEnd) box.scrollTop = box.scrollHeight;
}
function spftText(e) {
  return e && e.spft ? `SP Flash Tool ${e.spft}${e.spft_name ? ' ' + e.spft_name : ''}` : '';
}
function logEvent(ev) {
  const e = ev.event, job = (ev.slot ? `[${ev.slot}] ` : '') + (ev.job || '');
  if (e === 'progress' || e === 'state' || e === 'busy' || e === 'plan') {
    if (e === 'plan' && ev.message) log(ev.message.trim(), null, job);
    return;
  }
  if (e === 'error') {
    const extra = [spftText(ev), ev.code, ev.step ? 'step ' + ev.step : ''].filter(Boolean).join(', ');
    return log(`${ev.message || 'error'}${extra ? ' (' + extra + ')' : ''}${ev.fix ? ' — fix: ' + ev.fix : ''}`, ev.code === 'MTKFW_E_CANCELLED' ? 'warn' : 'err', job);
  }
  if (e === 'phone') return log(`phone ${ev.state}${ev.port ? ' on ' + ev.port : ''}`, ev.state === 'plugged' ? null : 'warn', 'gui');
  if (e === 'compat') return log(ev.message || `${ev.level} ${ev.what}: ${ev.evidence}`, ev.level === 'stop' ? 'err' : ev.level === 'risk' ? 'warn' : null, job);
  if (ev.message) return log(ev.message, e === 'warning' ? 'warn' : e === 'finding' ? 'err' : null, job);
  if (e === 'start') return log('start', null, job);
  if (e === 'end') return log(`end: ${ev.state}${typeof ev.seconds === 'number' ? ` (${ev.seconds.toFixed(1)} s)` : ''}`, ev.state === 'failed' ? 'err' : ev.state === 'cancelled' ? 'warn' : null, job);
  if (e === 'result') return log('result: ' + Object.entries(ev).filter(([k, v]) => !['v', 'event', 'job', 'slot'].includes(k) && v !== null && typeof v !== 'object').map(([k, v]) => `${k} ${v}`).join(', '), null, job);
  log(e, null, job);
}
$('btn-log-clear').addEventListener('click', () => { logLines.length = 0; clear($('log')); });
$('btn-log-save').addEventListener('click', () => {
  const blob = new Blob([logLines.join('\n') + '\n'], { type: 'text/plain' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `mtkfw-gui-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.log` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
});

// ---------- progress bars
function setBar(id, frac, text) {
  const b = $(id);
  if (!b) return;
  const pct = Math.max(0, Math.min(100, Math.round((frac || 0) * 100)));
  b.hidden = false;
  b.querySelector('.fill').style.width = pct + '%';
  b.setAttribute('aria-valuenow', String(pct));
  b.dataset.pct = String(pct);
  if (text !== undefined) b.querySelector('.bar-text').textContent = text;
}
const DL_BARS = { connect: ['bar-connect', 'Connect'], backup: ['bar-backup', 'Identity backup'], write: ['bar-write', 'Write'], verify: ['bar-verify', 'Verify / identity check'] };
function resetDlBars() {
  for (const [id, label] of Object.values(DL_BARS)) setBar(id, 0, label);
  $('dl-speed').textContent = '';
}
function phaseOf(step) {
  if (!step) return 'write';
  if (step === 'backup') return 'backup';
  if (/verify|check|identity|restore/.test(step)) return 'verify';
  return 'write';
}
function speedText(ev) {
  const parts = [];
  if (ev.target || ev.step) parts.push(`${ev.step || ''} ${ev.target || ''}`.trim() + ':');
  if (ev.total) parts.push(`${size(ev.done)} of ${size(ev.total)}`);
  if (ev.rate > 0) parts.push(`${(ev.rate / 1e6).toFixed(1)} MB/s`);
  if (ev.eta > 0) parts.push(`about ${Math.ceil(ev.eta)} s left`);
  return parts.join(' ');
}
// The download tab: one bar per phase; a phase's fraction is its steps' (done + the current one's part) / its steps.
function drawPhases() {
  if (!op || !op.steps) return;
  const per = { backup: [0, 0], write: [0, 0], verify: [0, 0] };
  for (const s of op.steps.values()) { const p = per[s.phase]; p[0] += s.frac; p[1] += 1; }
  if (!op.planned && op.count && op.cur) { // no plan seen (a page opened mid-flash): the flash as a whole
    const cur = op.steps.get(op.cur), f = (op.cur - 1 + (cur ? cur.frac : 0)) / op.count;
    return setBar('bar-write', f, `Flash: ${Math.round(f * 100)} % — step ${op.cur}/${op.count} ${cur && cur.target || ''}`);
  }
  for (const ph of ['backup', 'write', 'verify']) {
    const [done, n] = per[ph];
    const [id, label] = DL_BARS[ph];
    const cur = op.cur && op.steps.get(op.cur);
    const f = n ? done / n : 0;
    let t = `${label}: ${Math.round(f * 100)} %`;
    if (cur && cur.phase === ph && cur.frac < 1) t += ` — step ${op.cur}/${op.count || op.steps.size} ${cur.target || ''}`;
    if (!n) t = `${label}: —`;
    setBar(id, f, t);
  }
}

// ---------- results
function showResult(tab, cls, title, lines) {
  const box = $(RESULT_BOX[tab]);
  if (!box) return;
  box.hidden = false;
  box.className = 'result ' + cls;
  box.dataset.state = cls;
  clear(box, h('p', { class: 'title' }, title), ...(lines || []).filter(Boolean).map(l => (l instanceof Node ? l : h('p', {}, l))));
}
function hideResult(tab) { const b = $(RESULT_BOX[tab]); if (b && tab !== 'station') { b.hidden = true; clear(b); delete b.dataset.state; } }
// The error's fix; a refusal by the compatibility check without one: its stop lines' fixes.
function fixOf(err, lines) {
  if (err.fix) return err.fix;
  const stops = (lines || []).filter(l => l.level === 'stop' && l.fix);
  return stops.length ? stops.map(l => `${l.what}: ${l.fix}`).join('; ') : null;
}
function errorLines(err, lines) {
  if (!err) return [];
  const fix = fixOf(err, lines);
  return [
    h('p', { class: 'message' }, err.message || 'failed'),
    err.spft ? h('p', { class: 'spft', testid: 'spft' }, spftText(err)) : null,
    fix ? h('p', { class: 'fix', testid: 'fix' }, fix) : null,
    err.code ? h('p', { class: 'sub' }, `${err.code}${err.step ? ' in step ' + err.step : ''}`) : null,
  ];
}
// o: {job, state, result, error, dry, journal, summary}
function drawOutcome(o) {
  const tab = TAB_OF[o.job] || 'download';
  const name = JOB_TITLE[o.job] || o.job;
  const r = o.result || {};
  if (o.state === 'cancelled') {
    const lines = [o.job === 'flash' ? 'The flash stopped before the end: the flash can be resumed (Resume).' : 'The job was stopped.'];
    if (o.journal) lines.push(o.journal);
    return showResult(tab, 'cancel', `${name} cancelled`, lines);
  }
  if (o.state !== 'ok') {
    const lines = errorLines(o.error, o.compat || compatLines(S && S.compat));
    if (o.job === 'flash' && (o.journal || (o.error && /write|verify|erase|format/.test(o.error.step || ''))))
      lines.push(o.journal || 'What was written is journalled: the flash can be resumed (Resume).');
    return showResult(tab, 'fail', `${name} failed`, lines);
  }
  switch (o.job) {
    case 'flash':
      if (o.dry || !o.result) return showResult(tab, 'info', 'Plan ready: nothing was written', [`${$('plan').tBodies[0].rows.length} steps (below). Press Download to run them.`]);
      return showResult(tab, 'ok', 'Download OK', [
        o.summary,
        r.identity_backup ? h('p', { testid: 'identity' }, 'Identity verified: checked against the backup ', h('span', { class: 'path' }, r.identity_backup)) : 'Identity: no identity backup was named.',
        `${size(r.sent)} sent, ${size(r.erased)} erased instead of sent${typeof r.seconds === 'number' ? `, in ${r.seconds.toFixed(1)} s` : ''}${r.resumed ? ' (resumed)' : ''}.`,
      ]);
    case 'detect':
      return showResult(tab, 'ok', 'Phone detected', [r.chip ? `${r.chip} in ${r.mode === 'brom' ? 'BROM' : r.mode || '?'} mode${r.emmc ? `, eMMC ${r.emmc.vendor || ''} ${size(r.emmc.user)}` : ''}` : null]);
    case 'compat':
      return showResult(tab, r.verdict === 'stop' ? 'fail' : r.verdict === 'risk' ? 'warn' : 'ok', VERDICT_TEXT[r.verdict] || 'Compared', [
        Array.isArray(r.lines) ? `${r.lines.length} lines: ${['ok', 'risk', 'stop'].map(l => `${r.lines.filter(x => x.level === l).length} ${l}`).join(', ')} (below)` : null]);
    case 'firmware':
      return showResult(tab, 'ok', 'Package opened', [o.path ? h('p', { class: 'path' }, o.path) : null]);
    case 'readback':
      return showResult(tab, 'ok', 'Readback OK', [r.file ? h('p', {}, 'Saved ', h('span', { class: 'path' }, r.file)) : null, r.bytes !== undefined ? `${size(r.bytes)} read (${size(r.zero_bytes)} zeros)` : null, r.sha256 ? h('p', { class: 'mono' }, 'SHA-256 ' + r.sha256) : null]);
    case 'format':
      return showResult(tab, 'ok', 'Format OK', [`${size(r.erased)} erased${r.partition ? ' in ' + r.partition : ''}.`, r.identity_backup ? h('p', {}, 'Identity backed up first: ', h('span', { class: 'path' }, r.identity_backup)) : null]);
    case 'backup':
      return showResult(tab, 'ok', 'Backup OK', [r.dir ? h('p', {}, 'Saved ', h('span', { class: 'path' }, r.dir)) : null, r.files ? `${Array.isArray(r.files) ? r.files.length : r.files} files, ${size(r.bytes)}` : null]);
    case 'verify':
      return showResult(tab, r.intact === false ? 'fail' : 'ok', r.intact === false ? 'Backup damaged' : 'Backup intact', [r.dir ? h('p', { class: 'path' }, r.dir) : null]);
    case 'restore':
      return showResult(tab, 'ok', 'Restore OK', [r.only ? `Restored: ${r.only}` : 'Restored every file of the backup.', r.identity_backup ? h('p', {}, 'The phone\'s identity was backed up first: ', h('span', { class: 'path' }, r.identity_backup)) : null]);
    case 'station':
      return showResult(tab, 'ok', 'Station finished', [`${txt(r.phones)} phones: ${txt(r.ok)} OK, ${txt(r.failed)} failed, ${txt(r.cancelled)} cancelled`, r.report ? 'Report: ' + r.report : null]);
    default:
      return showResult(tab, 'ok', `${name} OK`, []);
  }
}

// ---------- jobs
function refreshButtons() {
  const b = !!busy;
  const pkg = !!(S && S.package);
  for (const e of document.querySelectorAll('[data-job]')) e.disabled = b || (e.hasAttribute('data-needs-package') && !pkg);
  $('btn-stop').disabled = !b;
}
function setBusy(name) {
  busy = name || null;
  const p = $('busy-status');
  p.textContent = busy ? `busy: ${busy}` : 'idle';
  p.className = 'pill' + (busy ? ' busy' : '');
  refreshButtons();
}
function newOp(job, tab, extra) {
  return { job, tab, errors: [], result: null, endState: null, journal: null, summary: null, steps: null, cur: null, count: 0, ...extra };
}
async function startJob(url, body, job, tab, extra) {
  if (busy) { showResult(tab, 'fail', 'Busy', [`${busy} is running: wait for it or press Stop (Download tab).`]); return false; }
  hideResult(tab);
  op = newOp(job, tab, extra);
  suppressLast = false;
  if (TAB_BAR[tab]) { setBar(TAB_BAR[tab], 0, `${JOB_TITLE[job]}: starting`); }
  showResult(tab, 'run', `${JOB_TITLE[job]}: running…`, []);
  setBusy(job);
  try {
    const j = await api(url, body);
    if (j && j.job && op) op.job = j.job;
    return true;
  } catch (e) {
    op = null;
    setBusy(S && S.busy);
    showResult(tab, 'fail', `${JOB_TITLE[job]} refused`, [e.message]);
    log(`${url}: ${e.message}`, 'err', 'gui');
    return false;
  }
}
function finishOp() {
  if (!op) return;
  const o = op;
  op = null;
  let state = o.endState;
  const err = o.errors.length ? o.errors[0] : null;
  if (!state) state = err ? (err.code === 'MTKFW_E_CANCELLED' ? 'cancelled' : 'failed') : 'ok';
  if (state === 'ok' && err) state = 'failed';
  drawOutcome({ job: o.job, state, result: o.result, error: err, dry: o.dry, journal: o.journal, summary: o.summary, path: o.path, compat: o.compat });
  if (o.tab === 'download' && state === 'ok' && !o.dry) for (const [id, label] of Object.values(DL_BARS)) if ($(id).dataset.pct !== '0') setBar(id, 1, `${label}: 100 %`);
  if (o.tab === 'download' && state === 'ok' && !o.dry) setBar('bar-write', 1, 'Write: 100 %');
  if (o.tab === 'download') $('dl-speed').textContent = '';
  if (TAB_BAR[o.tab] && state === 'ok') setBar(TAB_BAR[o.tab], 1, `${JOB_TITLE[o.job]}: done`);
  suppressLast = true;
  if (['backup', 'verify', 'restore', 'flash', 'format'].includes(o.job)) loadBackups();
}

// ---------- events
function handleEvent(ev, id) {
  logEvent(ev);
  if (ev.job === 'gui') {
    if (ev.event === 'state') return fetchState();
    if (ev.event === 'busy') {
      if (ev.busy && !op) op = newOp(ev.busy, TAB_OF[ev.busy] || 'download', { foreign: true });
      if (!ev.busy) finishOp();
      return setBusy(ev.busy);
    }
    if (ev.event === 'phone') {
      if (S) S.phone = { ...S.phone, present: ev.state === 'plugged', port: ev.port || S.phone.port };
      return drawPlug();
    }
    return;
  }
  if (ev.slot !== undefined && ev.slot !== null) return slotEvent(ev);
  if (ev.job === 'station') stationEvent(ev);
  if (!op && ev.event === 'start' && !['firmware', 'connect', 'reboot'].includes(ev.job)) op = newOp(ev.job, TAB_OF[ev.job] || 'download', { foreign: true });
  if (!op) return;
  const dl = op.tab === 'download';
  switch (ev.event) {
    case 'start':
      if (ev.job === 'flash' && dl) { clearPlan(); clear($('flash-compat')); }
      if (ev.job === 'connect' && dl) setBar('bar-connect', 0, 'Connect: waiting for the phone');
      break;
    case 'connect':
      if (dl) setBar('bar-connect', 0.05, 'Connect: ' + (ev.message || 'waiting for the phone'));
      else if (TAB_BAR[op.tab]) setBar(TAB_BAR[op.tab], 0.05, ev.message || 'waiting for the phone');
      break;
    case 'identified':
      if (dl) setBar('bar-connect', 0.1, 'Connect: ' + (ev.message || 'eMMC ' + ev.cid));
      break;
    case 'connected':
      if (dl) setBar('bar-connect', 1, 'Connect: ' + (ev.message || `${ev.chip} ${ev.mode}`));
      else if (TAB_BAR[op.tab]) setBar(TAB_BAR[op.tab], 1, ev.message || 'connected');
      break;
    case 'plan':
      if (ev.index !== undefined && ev.index !== null) {
        addPlanRow(ev);
        if (dl) { op.planned = true; op.steps = op.steps || new Map(); op.steps.set(ev.index, { phase: phaseOf(ev.step), frac: 0, target: ev.target }); drawPhases(); }
      } else if (ev.message && !/^\s*#\s/.test(ev.message)) $('plan-notes').append(h('p', { class: 'note' }, ev.message.trim()));
      break;
    case 'compat': compatEvent(ev); (op.compat = op.compat || []).push(ev); break;
    case 'step':
      if (dl && ev.index !== undefined) {
        op.steps = op.steps || new Map();
        let s = op.steps.get(ev.index);
        if (!s) { s = { phase: phaseOf(ev.step), frac: 0, target: ev.target }; op.steps.set(ev.index, s); }
        op.count = ev.count || op.count;
        if (ev.state === 'start') { op.cur = ev.index; s.frac = 0; }
        else if (ev.state === 'done' || ev.state === 'skipped') s.frac = 1;
        drawPhases();
      }
      break;
    case 'progress':
      if (dl) {
        const f = ev.total ? ev.done / ev.total : 0;
        if (ev.job === 'connect') setBar('bar-connect', 0.1 + 0.8 * f, `Connect: ${ev.step || ''} ${Math.round(f * 100)} %`);
        else if (op.steps && op.cur && op.steps.get(op.cur)) { op.steps.get(op.cur).frac = Math.min(f, 0.999); drawPhases(); }
        else { const [id, label] = DL_BARS[phaseOf(ev.step)]; setBar(id, f, `${label}: ${Math.round(f * 100)} %`); }
        $('dl-speed').textContent = speedText(ev);
      } else if (TAB_BAR[op.tab]) {
        const f = ev.total ? ev.done / ev.total : 0;
        setBar(TAB_BAR[op.tab], f, `${speedText(ev)} (${Math.round(f * 100)} %)`);
      }
      break;
    case 'journal': op.journal = ev.message; break;
    case 'summary': if (ev.job === op.job) op.summary = ev.message; break;
    case 'result':
      if (ev.job === op.job || ev.job === 'detect') op.result = ev;
      if (ev.job === 'detect' && S) { S.phone.detect = ev; drawPhone(); }
      break;
    case 'error': op.errors.push(ev); break;
    case 'end':
      if (ev.job === op.job) {
        op.endState = ev.state;
        if (dl && ev.state === 'ok' && op.steps && !op.dry) { for (const s of op.steps.values()) s.frac = 1; drawPhases(); }
      }
      break;
  }
}

// ---------- the event stream
let es = null;
function connectEvents() {
  es = new EventSource('api/events');
  es.onopen = () => { const l = $('link-status'); l.textContent = 'live'; l.className = 'pill on'; };
  es.onerror = () => { const l = $('link-status'); l.textContent = 'reconnecting…'; l.className = 'pill bad'; };
  es.onmessage = m => {
    let ev;
    try { ev = JSON.parse(m.data); } catch (e) { return; }
    const id = Number(m.lastEventId);
    if (!ready) { queued.push([ev, id]); return; }
    handleEvent(ev, id);
  };
}

// ---------- /api/state
let stateBusy = false, stateAgain = false;
async function fetchState() {
  if (stateBusy) { stateAgain = true; return; }
  stateBusy = true;
  try {
    do {
      stateAgain = false;
      const s = await api('api/state');
      drawState(s);
    } while (stateAgain);
  } catch (e) {
    log('state: ' + e.message, 'err', 'gui');
    if (!ready) {
      const l = $('link-status');
      l.textContent = e.status === 403 || e.status === 401 ? 'not allowed: open the address mtkfw gui printed (with ?token=)' : 'no server';
      l.className = 'pill bad';
    }
  } finally { stateBusy = false; }
}
function changed(part, v) { const k = JSON.stringify(v === undefined ? null : v); if (keys[part] === k) return false; keys[part] = k; return true; }

function drawState(s) {
  const first = !S;
  S = s;
  $('version').textContent = 'mtkfw ' + (s.version || '');
  for (const e of document.querySelectorAll('.roots-text')) e.textContent = (s.roots || []).join(', ') || 'the roots';
  $('bk-store').textContent = s.store || '—';
  $('tab-station').hidden = !s.station;
  if (changed('phone', s.phone)) { drawPlug(); drawPhone(); drawPartNames(); }
  if (changed('package', s.package)) { drawPackage(); drawDownloadTable(); drawPartNames(); }
  if (changed('compat', s.compat)) drawCompat();
  if (s.busy !== busy && !(op && !op.foreign && !s.busy && busy)) setBusy(s.busy);
  else refreshButtons();
  if (s.busy && !op) op = newOp(s.busy, TAB_OF[s.busy] || 'download', { foreign: true });
  const lk = JSON.stringify(s.last || null);
  if (lk !== lastKey) {
    lastKey = lk;
    if (s.last && !op && !suppressLast) drawOutcome({ job: s.last.job, state: s.last.state, result: s.last.result, error: s.last.error, journal: null });
    suppressLast = false;
  }
  if (first) {
    pickers.package.load(s.package ? dirname(s.package.path) : undefined);
    pickers.images.load(s.package ? (/\.(zip|7z|tar|tgz|gz|xz|txt)$/i.test(s.package.path) ? dirname(s.package.path) : s.package.path) : undefined);
    loadBackups();
    ready = true;
    for (const [ev, id] of queued.splice(0)) {
      if (id && id <= s.seq) { /* history: logged; a station's slots drawn from it too */
        logEvent(ev);
        if (ev.slot !== undefined && ev.slot !== null) slotEvent(ev);
      } else handleEvent(ev, id);
    }
    document.body.dataset.ready = '1';
    try { performance.mark('mtkfw-ready'); } catch (e) { /* old browser */ }
  }
}

// ---------- Phone
function drawPlug() {
  const p = S && S.phone;
  const el = $('phone-status'), pl = $('plug-state');
  if (!p) return;
  el.textContent = p.present ? `phone: plugged in${p.port ? ' (' + p.port + ')' : ''}` : 'phone: not plugged in';
  el.className = 'pill ' + (p.present ? 'on' : 'off');
  pl.textContent = p.present ? `a MediaTek phone is plugged in${p.port ? ' on ' + p.port : ''}` : 'no phone plugged in';
  pl.dataset.state = p.present ? 'plugged' : 'unplugged';
}
const LAYOUT_CLS = { ok: 'b-ok', given: 'b-info', disputed: 'b-bad', damaged: 'b-bad', unknown: 'b-warn' };
function drawPhone() {
  const box = $('phone-facts');
  const d = S && S.phone && S.phone.detect;
  if (!d) return clear(box, h('p', { class: 'empty' }, 'Not detected yet: press Detect.'));
  const sec = d.security || {}, em = d.emmc || {}, lay = d.layout || {};
  const ident = Array.isArray(lay.identity) ? lay.identity : [];
  const cards = h('div', { class: 'cards' },
    h('div', { class: 'card' }, h('h3', {}, 'Chip'), facts([
      ['Chip', h('strong', { testid: 'phone-chip' }, txt(d.chip))],
      ['Mode', d.mode === 'brom' ? 'BROM (boot ROM)' : d.mode === 'preloader' ? 'Preloader' : txt(d.mode)],
      ['Port', d.port], ['HW code', typeof d.hw_code === 'number' ? hex(d.hw_code).replace(/^0x0+/, '0x') : d.hw_code],
      ['HW sub / ver', `${typeof d.hw_sub === 'number' ? '0x' + d.hw_sub.toString(16).toUpperCase() : '—'} / ${typeof d.hw_ver === 'number' ? '0x' + d.hw_ver.toString(16).toUpperCase() : '—'}`],
      ['SW / BL / BROM ver', `${txt(d.sw_ver)} / ${txt(d.bl_ver)} / ${txt(d.brom_ver)}`],
      ['Security', `SBC ${sec.sbc ? 'on' : 'off'}, SLA ${sec.sla ? 'on' : 'off'}, DAA ${sec.daa ? 'on' : 'off'}`],
      ['ME_ID', h('span', { class: 'mono' }, txt(d.me_id))], ['DA', d.da_version],
    ])),
    h('div', { class: 'card' }, h('h3', {}, 'Memory'), facts([
      ['eMMC CID', h('span', { class: 'mono', testid: 'phone-cid' }, txt(em.cid))],
      ['Vendor', em.vendor], ['Product', em.product],
      ['User area', size(em.user)], ['Boot1 / Boot2', `${size(em.boot1)} / ${size(em.boot2)}`], ['RPMB', size(em.rpmb)],
      ['RAM', size(d.ram_size)],
    ])),
    h('div', { class: 'card' }, h('h3', {}, 'Layout'), facts([
      ['Layout', h('span', {}, badge(LAYOUT_CLS[lay.state] || 'b-warn', txt(lay.state)))],
      ['Identity', h('span', { testid: 'identity-located' }, ident.length ? badge('b-ok', 'located') : badge('b-bad', 'not located'), ident.length ? ' ' + ident.map(i => i.name).join(', ') : '')],
      ['Confirmed by', lay.basis || undefined], ['Only your word', lay.unconfirmed || undefined], ['Why', lay.why || undefined],
      ['PMT', `${txt(d.pmt_state)}${d.pmt_form && d.pmt_form !== '-' ? ', ' + d.pmt_form : ''}${Array.isArray(d.pmt) ? `, ${d.pmt.length} partitions` : ''}${d.pmt_sorted === false ? ', not sorted' : ''}`],
      ['PMT problem', d.pmt_why || undefined],
    ])));
  const parts = [cards];
  if (Array.isArray(lay.sources) && lay.sources.length) {
    parts.push(h('h3', {}, 'Layout sources'), h('div', { class: 'scroll', role: 'region', 'aria-label': 'Layout sources', tabindex: '0' }, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['Source', 'State', 'Identity partitions it places', 'Note'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, lay.sources.map(s => h('tr', {}, h('td', { class: 'wrap' }, txt(s.label || s.kind)), h('td', {}, txt(s.state)), h('td', {}, (s.identity || []).map(i => i.name).join(', ') || '—'), h('td', { class: 'wrap' }, txt(s.note))))))));
  }
  if (ident.length) {
    parts.push(h('h3', {}, 'Where the identity is'), h('div', { class: 'scroll', role: 'region', 'aria-label': 'Identity partitions', tabindex: '0' }, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['Partition', 'Region', 'Offset', 'Length'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ident.map(i => h('tr', {}, h('td', {}, i.name), h('td', {}, txt(i.region)), h('td', { class: 'num' }, hex(i.offset)), h('td', { class: 'num' }, size(i.length))))))));
  }
  if (Array.isArray(d.pmt) && d.pmt.length) {
    parts.push(h('details', {}, h('summary', {}, `Partition table (PMT, ${d.pmt.length} rows)`), h('div', { class: 'scroll', role: 'region', 'aria-label': 'Partition table', tabindex: '0' }, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['Name', 'Offset', 'Size', ''].map(c => h('th', { scope: 'col' }, c || h('span', { class: 'sr' }, 'Notes'))))),
      h('tbody', {}, d.pmt.map(p => h('tr', {}, h('td', {}, p.name), h('td', { class: 'num' }, hex(p.offset)), h('td', { class: 'num' }, size(p.size)), h('td', {}, [p.reserved ? 'reserved' : '', p.grown ? 'grown to the end' : ''].filter(Boolean).join(', ')))))))));
  }
  clear(box, parts);
}
$('btn-detect').addEventListener('click', () => startJob('api/detect', {}, 'detect', 'phone'));
$('btn-compat').addEventListener('click', () => startJob('api/compat', {}, 'compat', 'package'));

// ---------- file pickers
const ARCHIVE = /\.(zip|7z|tar|tgz|tar\.gz|tar\.xz|txz|tar\.bz2)$/i;
function makePicker(root, opt) {
  const p = opt.prefix || '';
  const rootSel = h('select', { id: p + 'pick-root', testid: p + 'file-root' });
  const up = h('button', { type: 'button', class: 'small', testid: p + 'btn-up' }, 'Up');
  const where = h('span', { class: 'path', testid: p + 'file-dir' });
  const ul = h('ul', { class: 'files', testid: p + 'file-list' });
  const box = h('div', { class: 'scroll files-box', role: 'region', 'aria-label': opt.label, tabindex: '0' }, ul);
  const openBtn = h('button', { type: 'button', class: 'primary', testid: p + 'btn-open', 'data-job': opt.job ? '' : null }, opt.openLabel);
  root.append(h('div', { class: 'picker-bar' }, h('label', { for: p + 'pick-root' }, 'Folder'), rootSel, up, where), box, h('p', { class: 'actions' }, openBtn));
  const self = { dir: null, parent: null, entries: [], sel: null };
  function fill() {
    clear(rootSel, ((S && S.roots) || []).map(r => h('option', { value: r }, r)));
    const r = ((S && S.roots) || []).filter(r => self.dir && (self.dir === r || self.dir.startsWith(join(r, '')))).sort((a, b) => b.length - a.length)[0];
    if (r) rootSel.value = r;
  }
  function label() {
    openBtn.textContent = self.sel ? `${opt.openLabel} ${self.sel.name}` : opt.dirLabel || opt.openLabel;
    if (!opt.job) openBtn.disabled = !self.sel && !opt.dirLabel;
  }
  function select(name) {
    self.sel = self.entries.find(e => e.name === name) || null;
    for (const li of ul.children) {
      const on = !!self.sel && li.dataset.name === self.sel.name;
      li.classList.toggle('sel', on);
      const b = li.querySelector('.entry');
      if (b && li.classList.contains('file')) b.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    label();
    if (self.sel && opt.onSelect) opt.onSelect(join(self.dir, self.sel.name), self.sel);
  }
  async function load(dir) {
    ul.dataset.loading = '1';
    try {
      const r = await api('api/files' + (dir ? '?dir=' + encodeURIComponent(dir) : ''));
      self.dir = r.dir; self.parent = r.parent; self.entries = r.entries || []; self.sel = null;
      where.textContent = r.dir;
      ul.dataset.dir = r.dir;
      box.setAttribute('aria-label', `${opt.label}: ${r.dir}`);
      up.disabled = !r.parent;
      fill();
      clear(ul, self.entries.length ? self.entries.map(row) : h('li', { class: 'msg' }, 'This folder is empty.'));
      label();
      if (opt.job) refreshButtons();
    } catch (e) {
      if (dir && !self.dir) return load(undefined);
      clear(ul, h('li', { class: 'msg' }, `Cannot list ${dir || 'the folder'}: ${e.message}`));
    } finally { delete ul.dataset.loading; }
  }
  function row(e) {
    const path = join(self.dir, e.name);
    const li = h('li', { class: e.dir ? 'dir' : 'file', 'data-name': e.name },
      h('button', { type: 'button', class: 'entry', testid: p + 'entry', 'aria-pressed': e.dir ? null : 'false', title: e.dir ? 'Open this folder' : 'Select', onclick: () => (e.dir ? load(path) : select(e.name)), ondblclick: () => { if (!e.dir && opt.canOpen(e)) opt.onOpen(path, e); } }, e.dir ? e.name + '/' : e.name),
      h('span', { class: 'size' }, e.dir ? 'folder' : size(e.size)));
    if (opt.canOpen(e)) li.append(h('button', { type: 'button', class: 'small open-row', testid: p + 'open-row', 'aria-label': `${opt.openLabel} ${e.name}`, 'data-job': opt.job ? '' : null, onclick: () => opt.onOpen(path, e) }, opt.openLabel));
    return li;
  }
  up.addEventListener('click', () => self.parent && load(self.parent));
  rootSel.addEventListener('change', () => load(rootSel.value));
  openBtn.addEventListener('click', () => {
    if (self.sel) opt.onOpen(join(self.dir, self.sel.name), self.sel);
    else if (opt.dirLabel && self.dir) opt.onOpen(self.dir, { name: base(self.dir), dir: true });
  });
  self.load = load;
  self.select = select;
  self.find = name => {
    const e = self.entries.find(x => x.name === name);
    if (!e) return false;
    select(name);
    const li = [...ul.children].find(l => l.dataset.name === name);
    if (li) { li.scrollIntoView({ block: 'nearest' }); li.querySelector('.entry').focus(); }
    return true;
  };
  return self;
}
const pickers = {};
pickers.package = makePicker($('picker-package'), {
  label: 'Files', openLabel: 'Open', dirLabel: 'Open this folder', job: true,
  canOpen: e => e.dir || ARCHIVE.test(e.name) || /\.txt$/i.test(e.name),
  onOpen: path => startJob('api/package', { path }, 'firmware', 'package', { path }),
});
pickers.images = makePicker($('picker-images'), {
  prefix: 'img-', label: 'Image files', openLabel: 'Inspect',
  canOpen: e => !e.dir,
  onSelect: path => { $('img-path').value = path; },
  onOpen: path => { $('img-path').value = path; inspectImage(); },
});

// Drag and drop: a browser gives the name, not the path: find the name in the current folder.
document.addEventListener('dragover', e => { if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
document.addEventListener('drop', e => {
  if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
  e.preventDefault();
  const name = e.dataTransfer.files[0].name;
  selectTab('package');
  const found = pickers.package.find(name);
  $('drop-msg').textContent = `dropped ${name}: pick it in the list` + (found ? ' — found in this folder and selected: press Open.' : ' — it is not in this folder: browse to the folder that holds it.');
  $('drop-msg').dataset.found = found ? '1' : '0';
});

// ---------- Package
function drawPackage() {
  const pk = S.package;
  if (!pk) {
    clear($('verdict'), h('p', { class: 'empty' }, 'No package open.'));
    clear($('board'), h('p', { class: 'empty' }, 'No package open.'));
    $('dl-package').textContent = 'No package open: open one in the Package tab.';
    return;
  }
  const r = pk.report || {};
  const fnd = Array.isArray(r.findings) ? r.findings : [];
  const ok = r.ok !== false && !(r.errors > 0);
  const v = $('verdict');
  v.dataset.state = ok ? 'ok' : 'errors';
  const sc = r.scatter || {};
  clear(v,
    h('p', { class: 'verdict-head ' + (ok ? 'b-ok' : 'b-bad'), testid: 'verdict-head' }, ok ? 'Package OK: it can be flashed' : 'Package refused: it has errors and will not be flashed',
      ` (${txt(r.errors ?? 0)} errors, ${txt(r.warnings ?? 0)} warnings)`),
    facts([['Package', h('span', { class: 'path', testid: 'package-path' }, pk.path)], ['Kind', `${txt(r.kind)}${r.members ? `, ${r.members} members` : ''}`], ['Chip', r.chip],
      ['Origin', r.origin || undefined], ['Scatter', r.scatter ? `${txt(sc.path)} (${txt(sc.format)}, ${txt(sc.platform)}, ${txt(sc.storage)})` : 'none'], ['Project', sc.project || undefined],
      ['Checksum.ini', r.checksum_ini || 'none']]),
    fnd.length ? h('ul', { class: 'findings', testid: 'findings' }, fnd.map(f => h('li', { class: 'sev-' + f.severity },
      badge('sev-' + f.severity, f.severity), ' ', h('code', {}, f.code), f.partition ? ` ${f.partition}: ` : ': ', f.message))) : h('p', { class: 'note' }, 'No findings.'));
  drawBoard(pk.board);
  $('dl-package').textContent = `Package: ${pk.path} — ${ok ? 'checked OK' : 'has errors: the flash will be refused'}`;
}
function drawBoard(b) {
  const box = $('board');
  if (!b) return clear(box, h('p', { class: 'empty' }, 'No board profile.'));
  const an = b.android || {}, pl = b.preloader || {};
  const emi = Array.isArray(pl.emi) ? pl.emi : [];
  const src = b.sources || {};
  clear(box, h('div', { class: 'cards' },
    h('div', { class: 'card' }, h('h3', {}, 'Hardware'), facts([
      ['Chip', b.chip], ['Project', b.project], ['Preloader', pl.board],
      ['EMI (RAM) records', emi.length ? h('ul', {}, emi.map(e => h('li', {}, `${txt(e.vendor)} ${txt(e.part)} — ${txt(e.type)}, ${size(e.ram_size)}`, h('span', { class: 'sub mono' }, 'ID ' + txt(e.id))))) : '—'],
      ['LCM (display driver)', list(b.lcm)], ['Display', b.display ? `${b.display.width} × ${b.display.height}` : '—'],
      ['Camera', list(b.camera)], ['Touch', list(b.touch)], ['Sensors', list(b.sensors)]])),
    h('div', { class: 'card' }, h('h3', {}, 'Software'), facts([
      ['Android', [an.version, an.build].filter(Boolean).join(', ') || '—'], ['Brand / model', [an.brand, an.model].filter(Boolean).join(' / ') || '—'],
      ['Device', an.device], ['Fingerprint', an.fingerprint ? h('span', { class: 'mono' }, an.fingerprint) : '—'], ['Kernel', b.kernel],
      ['Identity files', list(b.identity_files)], ['Factory', list(b.factory)]]))),
  Object.keys(src).length ? h('details', {}, h('summary', {}, 'Where each fact comes from'), facts(Object.entries(src))) : null,
  Array.isArray(b.unread) && b.unread.length ? h('ul', { class: 'findings' }, b.unread.map(u => h('li', { class: 'sev-warning' }, badge('sev-warning', 'unread'), ' ', u))) : null);
}
// state.compat: the last comparison's compat events (docs/gui.md); {verdict, lines} is taken too.
function compatLines(c) { return Array.isArray(c) ? c : c && Array.isArray(c.lines) ? c.lines : []; }
const worst = lines => (lines.some(l => l.level === 'stop') ? 'stop' : lines.some(l => l.level === 'risk') ? 'risk' : 'ok');
function compatList(lines) {
  return h('ul', { class: 'lines' }, lines.map(l => h('li', { class: 'lv-' + l.level },
    badge('lv-' + l.level, l.level), ' ', h('strong', {}, l.what), l.spft ? ` (SP Flash Tool ${l.spft})` : '',
    h('span', { class: 'evidence' }, txt(l.evidence)), l.fix ? h('span', { class: 'fix' }, l.fix) : null)));
}
const VERDICT_TEXT = { ok: 'The package fits this phone', risk: 'The package may not fit this phone: read the risks', stop: 'The package does not fit this phone: the flash will be refused' };
function drawCompat() {
  const c = S.compat, box = $('compat');
  const lines = compatLines(c);
  if (!lines.length) return clear(box, h('p', { class: 'empty' }, 'Not compared yet: press Compare with the phone (a flash and Show plan compare too).'));
  const v = (c && !Array.isArray(c) && c.verdict) || worst(lines);
  box.dataset.verdict = v;
  clear(box, h('p', { class: 'verdict-head ' + (v === 'ok' ? 'b-ok' : v === 'risk' ? 'b-warn' : 'b-bad') }, VERDICT_TEXT[v] || v), compatList(lines));
}
function compatEvent(ev) {
  const box = $('flash-compat');
  let ul = box.querySelector('ul');
  if (!ul) { box.append(h('h3', {}, 'Compatibility with this phone')); ul = h('ul', { class: 'lines' }); box.append(ul); }
  ul.append(...compatList([ev]).children);
}

// ---------- Download
function tickable(p) { return !!p.file && p.download !== false; }
function drawDownloadTable() {
  const tb = $('dl-table').tBodies[0];
  const parts = (S.package && S.package.report && S.package.report.partitions) || [];
  clear(tb, parts.map(p => {
    const can = tickable(p);
    return h('tr', { class: [can ? '' : 'nofile', p.identity ? 'ident' : ''].join(' ').trim() || null, 'data-name': p.name },
      h('td', {}, can ? h('input', { type: 'checkbox', class: 'tick', checked: true, 'data-name': p.name, 'aria-label': 'Download ' + p.name }) : h('span', { class: 'sr' }, 'not downloaded')),
      h('td', {}, p.name), h('td', {}, txt(p.region)), h('td', { class: 'num' }, hex(p.start)), h('td', { class: 'num' }, typeof p.size === 'number' ? `${hex(p.size)} (${size(p.size)})` : '—'),
      h('td', {}, p.file ? h('span', { class: 'path' }, p.file) : '—'));
  }));
  syncAll();
}
const ticks = () => [...document.querySelectorAll('#dl-table .tick')];
function syncAll() {
  const t = ticks(), on = t.filter(x => x.checked).length;
  $('dl-all').checked = t.length > 0 && on === t.length;
  $('dl-all').indeterminate = on > 0 && on < t.length;
}
$('dl-all').addEventListener('change', () => { for (const t of ticks()) t.checked = $('dl-all').checked; });
$('dl-table').addEventListener('change', e => { if (e.target.classList.contains('tick')) syncAll(); });
function flashBody(extra) {
  const t = ticks(), on = t.filter(x => x.checked).map(x => x.dataset.name);
  return { mode: $('dl-mode').value, only: on.length === t.length ? null : on.join(','), skip: null, verify: $('dl-verify').checked, dry_run: false, resume: false, ...extra };
}
function clearPlan() { clear($('plan').tBodies[0]); clear($('plan-notes')); }
function addPlanRow(ev) {
  $('plan').tBodies[0].append(h('tr', {}, h('td', {}, String(ev.index)), h('td', {}, txt(ev.step)), h('td', {}, txt(ev.target)), h('td', {}, txt(ev.region)),
    h('td', { class: 'num' }, hex(ev.offset)), h('td', { class: 'num' }, typeof ev.length === 'number' ? `${hex(ev.length)} (${size(ev.length)})` : '—'), h('td', {}, txt(ev.source))));
}
function flash(extra, dry) {
  const body = flashBody(extra);
  if (ticks().length && !ticks().some(t => t.checked)) return showResult('download', 'fail', 'Nothing to download', ['Tick at least one partition.']);
  resetDlBars();
  clearPlan();
  clear($('flash-compat'));
  startJob('api/flash', body, 'flash', 'download', { dry });
}
$('btn-plan').addEventListener('click', () => flash({ dry_run: true }, true));
$('btn-start').addEventListener('click', () => flash({}, false));
$('btn-resume').addEventListener('click', () => flash({ resume: true }, false));
$('btn-stop').addEventListener('click', async () => {
  try { await api('api/stop', {}); log('stop asked', 'warn', 'gui'); } catch (e) { log('stop: ' + e.message, 'err', 'gui'); }
});

// ---------- Readback, Format
function drawPartNames() {
  const names = new Set();
  const d = S && S.phone && S.phone.detect;
  if (d && Array.isArray(d.pmt)) for (const p of d.pmt) names.add(String(p.name).toUpperCase());
  const r = S && S.package && S.package.report;
  if (r && Array.isArray(r.partitions)) for (const p of r.partitions) names.add(p.name);
  clear($('part-names'), [...names].map(n => h('option', { value: n })));
}
let autoPath = '';
$('rb-part').addEventListener('input', () => {
  const p = $('rb-path');
  if (!p.value || p.value === autoPath) { autoPath = S && S.roots && S.roots[0] ? join(S.roots[0], ($('rb-part').value.trim() || 'partition').toLowerCase() + '.bin') : ''; p.value = autoPath; }
});
$('btn-readback').addEventListener('click', () => {
  const partition = $('rb-part').value.trim(), path = $('rb-path').value.trim();
  if (!partition || !path) return showResult('readback', 'fail', 'Missing', ['Give a partition name and where to save it.']);
  startJob('api/readback', { partition, path }, 'readback', 'readback');
});
$('btn-format').addEventListener('click', async () => {
  const all = $('fmt-all').checked, partition = $('fmt-part').value.trim();
  if (!all && !partition) return showResult('format', 'fail', 'Missing', ['Give the partition to erase.']);
  const okd = await confirmBox(all ? 'Erase everything but the bootloader?' : `Erase ${partition}?`,
    [h('p', {}, all ? 'Every partition of the user area is erased except the identity partitions (NVRAM, PRO_INFO, PROTECT_F/S), which stay in place. The phone will not boot until it is flashed.' : `Everything in ${partition} is lost.`),
      h('p', {}, 'The phone\'s identity is backed up first.')], all ? 'Erase all' : 'Erase ' + partition);
  if (okd) startJob('api/format', all ? { all: true } : { partition }, 'format', 'format');
});

// ---------- confirmation dialog
function confirmBox(title, body, okLabel) {
  const d = $('confirm');
  $('confirm-title').textContent = title;
  clear($('confirm-body'), body);
  $('confirm-ok').textContent = okLabel || 'OK';
  return new Promise(res => {
    d.addEventListener('close', () => res(d.returnValue === 'ok'), { once: true });
    d.returnValue = '';
    d.showModal();
    $('confirm-cancel').focus();
  });
}

// ---------- Backups
let bkLoading = null;
async function loadBackups() {
  if (bkLoading) return bkLoading;
  bkLoading = (async () => {
    try { drawBackups(await api('api/backups')); } catch (e) { clear($('backups'), h('p', { class: 'empty' }, 'Cannot list the backups: ' + e.message)); } finally { bkLoading = null; }
  })();
  return bkLoading;
}
function drawBackups(r) {
  const box = $('backups');
  if (r && r.store) $('bk-store').textContent = r.store;
  const all = (r && Array.isArray(r.backups)) ? r.backups : [];
  box.dataset.count = String(all.length);
  if (!all.length) return clear(box, h('p', { class: 'empty' }, 'No backup yet. A flash makes an identity backup first; "Back up" makes one now.'));
  const mine = S && S.phone && S.phone.detect && S.phone.detect.emmc ? S.phone.detect.emmc.cid : null;
  const by = new Map();
  for (const b of all) { const k = b.cid || '?'; if (!by.has(k)) by.set(k, []); by.get(k).push(b); }
  clear(box, [...by.entries()].map(([cid, bs]) => h('div', { class: 'backup-group' },
    h('h3', {}, 'Phone (eMMC CID) ', h('span', { class: 'mono' }, cid), cid === mine ? ' — this phone' : ''),
    h('div', { class: 'scroll', role: 'region', 'aria-label': 'Backups of ' + cid, tabindex: '0' }, h('table', { class: 'grid', testid: 'backup-table' },
      h('thead', {}, h('tr', {}, ['Kind', 'Date', 'Files', 'Size', 'Intact', 'Actions'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, bs.map(b => h('tr', { testid: 'backup-row', 'data-dir': b.dir },
        h('td', {}, txt(b.kind)), h('td', {}, txt(b.date)),
        h('td', {}, h('details', {}, h('summary', {}, `${Array.isArray(b.files) ? b.files.length : 0} files`), h('p', { class: 'mono' }, list(b.files)), h('p', { class: 'path' }, b.dir))),
        h('td', {}, size(b.bytes)),
        h('td', {}, b.intact === true ? badge('b-ok', 'intact') : b.intact === false ? badge('b-bad', 'damaged') : badge('b-info', 'not checked')),
        h('td', {}, h('button', { type: 'button', class: 'small', 'data-job': '', onclick: () => startJob('api/verify', { dir: b.dir }, 'verify', 'backups'), 'aria-label': `Verify the ${b.kind} backup of ${b.date}` }, 'Verify'), ' ',
          h('button', { type: 'button', class: 'small danger', 'data-job': '', onclick: () => restore(b), 'aria-label': `Restore the ${b.kind} backup of ${b.date}` }, 'Restore…'))))))))));
  refreshButtons();
}
async function restore(b) {
  const files = Array.isArray(b.files) ? b.files : [];
  const boxes = files.map(f => h('input', { type: 'checkbox', checked: true, value: f, id: 'rs-' + f }));
  const okd = await confirmBox('Restore this backup onto the phone?', [
    h('p', {}, `The ${b.kind} backup of ${b.date} (phone ${b.cid}) writes these partitions; untick the ones to leave as they are:`),
    h('ul', {}, files.map((f, i) => h('li', {}, h('label', { class: 'check', for: 'rs-' + f }, boxes[i], f)))),
    h('p', {}, 'What the phone has now is backed up first.')], 'Restore');
  if (!okd) return;
  const on = boxes.filter(x => x.checked).map(x => x.value);
  if (!on.length) return showResult('backups', 'fail', 'Nothing to restore', ['Tick at least one file.']);
  startJob('api/restore', { dir: b.dir, only: on.length === files.length ? null : on.join(',') }, 'restore', 'backups');
}
$('btn-backup').addEventListener('click', () => startJob('api/backup', { kind: $('bk-kind').value }, 'backup', 'backups'));
$('btn-bk-refresh').addEventListener('click', loadBackups);

// ---------- Images
function showBox(id, cls, title, lines) {
  const b = $(id);
  b.hidden = false; b.className = 'result ' + cls; b.dataset.state = cls;
  clear(b, h('p', { class: 'title' }, title), ...lines.filter(Boolean).map(l => (l instanceof Node ? l : h('p', {}, l))));
}
async function inspectImage() {
  const path = $('img-path').value.trim();
  if (!path) return;
  const box = $('img-info');
  clear(box, h('p', { class: 'note' }, 'Reading…'));
  if (!$('img-out').dataset.user) $('img-out').value = path.replace(/\.[^./]*$/, '') + '.d';
  try {
    const r = await api('api/image?path=' + encodeURIComponent(path));
    const pr = Array.isArray(r.problems) ? r.problems : [];
    clear(box, facts([['Kind', h('strong', { testid: 'image-kind' }, txt(r.kind))], ['What', r.summary], ['File size', size(r.file_size)], ['Content size', size(r.content_size)], ['Byte sum', r.bytesum || undefined]]),
      pr.length ? h('ul', { class: 'findings' }, pr.map(p => h('li', { class: 'sev-' + p.severity }, badge('sev-' + p.severity, p.severity), ' ', h('code', {}, p.code), ': ', p.message))) : null);
  } catch (e) { clear(box, h('p', { class: 'result fail' }, `${path}: ${e.message}`)); }
}
$('btn-img-info').addEventListener('click', inspectImage);
$('img-path').addEventListener('keydown', e => { if (e.key === 'Enter') inspectImage(); });
$('img-out').addEventListener('input', () => { $('img-out').dataset.user = '1'; });
$('btn-unpack').addEventListener('click', async () => {
  const path = $('img-path').value.trim(), out = $('img-out').value.trim();
  if (!path || !out) return showBox('result-unpack', 'fail', 'Missing', ['Give the image and a new folder to unpack into.']);
  const btn = $('btn-unpack');
  btn.disabled = true;
  clear($('img-gallery'));
  try {
    const r = await api('api/image/unpack', { path, out });
    const dir = r.out || r.folder || out;
    let files = Array.isArray(r.files) ? r.files : null;
    if (!files) { const l = await api('api/files?dir=' + encodeURIComponent(dir)); files = l.entries.filter(e => !e.dir).map(e => join(l.dir, e.name)); }
    const pngs = files.filter(f => /\.png$/i.test(f));
    showBox('result-unpack', 'ok', 'Unpacked', [h('p', {}, 'Into ', h('span', { class: 'path' }, dir)), r.kind ? `Kind: ${r.kind}` : null,
      r.exact === false ? `A repack would not give the same bytes: ${r.note || ''}` : r.exact ? 'Round trip exact: a repack without edits gives the same bytes.' : null,
      pngs.length ? `${pngs.length} pictures (PNG); edit them and repack.` : `${files.length} files.`]);
    clear($('img-gallery'), pngs.map(f => h('figure', {}, h('img', { src: 'api/file?path=' + encodeURIComponent(f), alt: 'picture ' + base(f) + ' of the image', loading: 'lazy', testid: 'png' }), h('figcaption', {}, base(f)))));
    $('rp-dir').value = dir;
    if (!$('rp-out').value) $('rp-out').value = dir.replace(/\.d$/, '') + '-new' + (path.match(/\.[^./]*$/) || ['.bin'])[0];
  } catch (e) {
    showBox('result-unpack', 'fail', 'Unpack failed', [e.message]);
  } finally { btn.disabled = false; }
});
$('btn-repack').addEventListener('click', async () => {
  const dir = $('rp-dir').value.trim(), out = $('rp-out').value.trim();
  if (!dir || !out) return showBox('result-repack', 'fail', 'Missing', ['Give the unpacked folder and the image to write.']);
  try {
    const r = await api('api/image/repack', { dir, out });
    showBox('result-repack', 'ok', 'Repacked', [h('p', {}, 'Wrote ', h('span', { class: 'path' }, r.out || r.file || out)), r.bytes ? `${size(r.bytes)}` : null, r.sha256 ? h('p', { class: 'mono' }, 'SHA-256 ' + r.sha256) : null]);
  } catch (e) { showBox('result-repack', 'fail', 'Repack failed', [e.message]); }
});

// ---------- Station
const SLOT_TEXT = { start: 'flashing', resume: 'resumed', done: 'done', failed: 'failed', cancelled: 'cancelled', lost: 'lost (may come back)', empty: 'waiting for a phone' };
function slotTile(name) {
  let s = slots.get(name);
  if (s) return s;
  const box = $('slots');
  if (!slots.size) clear(box);
  const el = h('div', { class: 'slot', testid: 'slot-' + name, 'data-slot': name });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'Slot ' + name, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', id: 'slotbar-' + name.replace(/[^\w-]/g, '_') }, h('div', { class: 'fill c-write' }), h('span', { class: 'bar-text' }, ''));
  s = { el, bar, state: 'empty', cid: null, port: null, msg: '', err: null };
  el.append(h('h3', {}, 'Slot ' + name), h('p', { class: 'st' }), h('p', { class: 'mono cid' }), h('p', { class: 'port' }), bar, h('p', { class: 'msg' }), h('div', { class: 'err' }));
  const after = [...box.children].find(c => c.dataset.slot && c.dataset.slot.localeCompare(name, undefined, { numeric: true }) > 0);
  box.insertBefore(el, after || null); /* tiles in slot order */
  slots.set(name, s);
  return s;
}
function drawSlot(s) {
  s.el.className = 'slot st-' + s.state;
  s.bar.querySelector('.fill').className = 'fill ' + (s.state === 'done' ? 'c-verify' : s.state === 'failed' ? 'c-connect' : 'c-write');
  s.el.dataset.state = s.state;
  s.el.querySelector('.st').textContent = (SLOT_TEXT[s.state] || s.state) + (s.waiting && s.state !== 'empty' ? '; waiting for the next phone' : '');
  s.el.querySelector('.cid').textContent = s.cid ? 'CID ' + s.cid : '';
  s.el.querySelector('.port').textContent = s.port ? 'Port ' + s.port : '';
  s.el.querySelector('.msg').textContent = s.msg || '';
  clear(s.el.querySelector('.err'), s.err ? errorLines(s.err) : []);
}
function slotEvent(ev) {
  const s = slotTile(String(ev.slot));
  if (ev.event === 'slot') {
    /* a slot that empties keeps its last phone's ending on show (as the station's table does) */
    const ended = ['done', 'failed', 'cancelled'].includes(s.state);
    s.waiting = ev.state === 'empty';
    if (!(ev.state === 'empty' && ended)) s.state = ev.state || s.state;
    s.cid = ev.cid || s.cid; s.port = ev.port || s.port;
    if (ev.state === 'start') { s.err = null; setBar(s.bar.id, 0, ''); }
    if (ev.state === 'done') setBar(s.bar.id, 1, 'done');
  } else if (ev.event === 'progress') {
    const f = ev.total ? ev.done / ev.total : 0;
    setBar(s.bar.id, f, `${ev.step || ''} ${ev.target || ''} ${Math.round(f * 100)} %`.trim());
  } else if (ev.event === 'error') s.err = ev;
  else if (ev.event === 'connected' || ev.event === 'identified') s.cid = ev.cid || s.cid;
  if (ev.message) s.msg = ev.message;
  drawSlot(s);
}
function stationEvent(ev) {
  if (ev.event === 'result') drawOutcome({ job: 'station', state: 'ok', result: ev });
  else if (ev.message) { const b = $('station-summary'); b.hidden = false; b.className = 'note'; b.textContent = ev.message; }
}

// ---------- start
setBusy(null);
resetDlBars();
connectEvents();
fetchState();
