// SPDX-License-Identifier: LGPL-2.1-or-later
// First screen of `mtkfw gui` in headless Chromium (bench/gui.sh, part 2), against a static page
// read from disk in the same run. Each GUI round: `mtkfw gui --no-browser ARGS...` started, its
// address read from its stdout, the page opened in a fresh browser context (no cache, no cookie)
// and waited for until body[data-ready="1"] (the page's first state drawn); then the window
// ended with SIGINT. Each static round: STATIC_HTML opened as file:// in a fresh context and
// waited for the same selector (the file carries it). The rounds alternate; the browser is
// started once before them (a browser already running, as a shop's is).
// Usage: node bench/gui_first_screen.mjs ROUNDS STATIC_HTML MTKFW [mtkfw gui arguments...]
// Prints one JSON line per round:
//   {"kind":"gui","start_to_url":ms,"url_to_ready":ms,"start_to_ready":ms,"mark":ms}
//   {"kind":"static","goto_to_ready":ms,"mark":ms}
// "mark": the page's own clock from navigation start: the window's mtkfw-ready mark (as
// tests/browser/gui.mjs prints it), the static page's load event end (its CSS and picture in).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const [rounds, staticHtml, mtkfw, ...guiArgs] = process.argv.slice(2);
const T = 30000;
const now = () => performance.now();

function startGui() { // resolves {proc, url, t0, tUrl}
	return new Promise((resolve, reject) => {
		const t0 = now();
		const proc = spawn(mtkfw, ['gui', '--no-browser', ...guiArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '', err = '';
		const timer = setTimeout(() => reject(new Error('no address printed in 30 s: ' + err)), T);
		proc.stderr.on('data', d => { err += d; });
		proc.stdout.on('data', d => {
			out += d;
			const m = out.replace(/\r/g, '').match(/^mtkfw gui: (http:\S+)$/m);
			if (m) { clearTimeout(timer); resolve({ proc, url: m[1], t0, tUrl: now() }); }
		});
		proc.on('exit', c => { clearTimeout(timer); reject(new Error(`mtkfw gui exited (${c}): ${err}`)); });
	});
}
function stopGui(proc) {
	return new Promise(resolve => {
		if (proc.exitCode !== null) return resolve();
		proc.removeAllListeners('exit');
		proc.on('exit', () => resolve());
		proc.kill('SIGINT');
	});
}

const browser = await chromium.launch({
	executablePath: process.env.GUI_CHROMIUM || '/usr/bin/chromium', headless: true, timeout: T,
	args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync'],
});
const fresh = async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	ctx.setDefaultTimeout(T);
	return [ctx, await ctx.newPage()];
};
const staticUrl = pathToFileURL(path.resolve(staticHtml)).href;
try {
	for (let i = 0; i < Number(rounds); i++) {
		{
			const [ctx, page] = await fresh(); // the context is made before the clock starts
			const g = await startGui();
			try {
				const tGoto = now();
				await page.goto(g.url, { timeout: T });
				await page.waitForSelector('body[data-ready="1"]', { timeout: T });
				const t1 = now();
				const mark = await page.evaluate(() => { const m = performance.getEntriesByName('mtkfw-ready')[0]; return m ? m.startTime : performance.now(); });
				console.log(JSON.stringify({ kind: 'gui', start_to_url: g.tUrl - g.t0, url_to_ready: t1 - tGoto, start_to_ready: t1 - g.t0, mark }));
			} finally {
				await stopGui(g.proc);
				await ctx.close();
			}
		}
		{
			const [ctx, page] = await fresh();
			const t0 = now();
			await page.goto(staticUrl, { timeout: T });
			await page.waitForSelector('body[data-ready="1"]', { timeout: T });
			const t1 = now();
			const mark = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
			console.log(JSON.stringify({ kind: 'static', goto_to_ready: t1 - t0, mark }));
			await ctx.close();
		}
	}
} finally {
	await browser.close();
}
