// walk.mjs - antre-web's pages in a real browser: Debian's Chromium
// (headless) driven by puppeteer-core, as an admin would use them.
//
//   node walk.mjs --url http://127.0.0.1:PORT --shots DIR --downloads DIR
//                 --user NAME --password PASS --text "running text"
//                 [--chromium /usr/bin/chromium] [--tanggal YYYY-MM-DD]
//
// It logs in at /masuk, shows "Hari ini" and sees it change after a desk
// press without reloading, opens /laporan, downloads the PDF from /unduh
// by clicking its link, changes the running text on /pengaturan, opens
// /papan and sees it change after a press too, logs out, and opens
// /papan again without a session. Every page is photographed at 360x740
// (a phone) and 1280x800 (a laptop) into the shots directory, and at 360
// pixels nothing may be wider than the screen.
//
// It talks with the test that runs it (tests/integration/
// test_browser.py) in JSON lines. On stdout:
//   {"check": what, "ok": bool, "detail": text}    one result
//   {"need": "press", "page": name}                press a desk now
//   {"note": text}                                 for the page's owner
//   {"done": true}                                 the walk is over
// and on stdin, after each "need": {"expect": [text, ...]}, what the page
// must come to show once the press was answered.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';

const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };
const WAIT_MS = 10000;

const { values: opt } = parseArgs({
	options: {
		url: { type: 'string' },
		shots: { type: 'string' },
		downloads: { type: 'string' },
		user: { type: 'string', default: 'admin' },
		password: { type: 'string' },
		text: { type: 'string', default: 'Selamat datang di uji peramban' },
		chromium: { type: 'string', default: '/usr/bin/chromium' },
		tanggal: { type: 'string', default: '' },
	},
});
for (const k of ['url', 'shots', 'downloads', 'password']) {
	if (!opt[k]) {
		console.error(`walk.mjs: --${k} is required`);
		process.exit(2);
	}
}
const base = opt.url.replace(/\/$/, '');
const origin = new URL(base).origin;
fs.mkdirSync(opt.shots, { recursive: true });
fs.mkdirSync(opt.downloads, { recursive: true });

function say(obj) {
	process.stdout.write(JSON.stringify(obj) + '\n');
}

function check(what, ok, detail = '') {
	say({ check: what, ok: !!ok, detail: ok ? '' : String(detail) });
	return !!ok;
}

// The test's answers, one JSON line each.
const lines = [];
let wake = null;
readline.createInterface({ input: process.stdin }).on('line', (l) => {
	lines.push(l);
	if (wake) {
		wake();
		wake = null;
	}
});

async function answer() {
	while (lines.length === 0)
		await new Promise((r) => { wake = r; });
	return JSON.parse(lines.shift());
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What the pages ask for: anything outside antre-web is a failure (no
// file from the internet), and so is a script error.
const outside = [];
let changedText = null;
const pageErrors = [];
const failed = [];

function watch(page) {
	page.on('request', (req) => {
		const u = req.url();
		if (!u.startsWith(origin) && !u.startsWith('data:') &&
		    !u.startsWith('blob:') && !u.startsWith('about:'))
			outside.push(u);
	});
	page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
	page.on('requestfailed', (req) => {
		const f = req.failure();
		// An event stream cut by leaving its page is not a failure.
		if (f && !/ERR_ABORTED/.test(f.errorText))
			failed.push(`${req.url()}: ${f.errorText}`);
	});
}

// The page as it is now, at a phone's and a laptop's width: a
// screenshot of each (the whole page), and at the phone's width
// nothing wider than the screen.
async function shoot(page, name) {
	await page.setViewport(PHONE);
	await sleep(150);
	const w = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		body: document.body ? document.body.scrollWidth : 0,
		wide: [...document.querySelectorAll('body *')]
		    .filter((e) => {
			    const r = e.getBoundingClientRect();
			    // Inside a box that scrolls sideways is fine.
			    for (let p = e.parentElement; p; p = p.parentElement) {
				    const ox = getComputedStyle(p).overflowX;
				    if (ox === 'auto' || ox === 'scroll' ||
					ox === 'hidden')
					    return false;
			    }
			    return r.right > window.innerWidth + 0.5;
		    })
		    .slice(0, 5)
		    .map((e) => `<${e.tagName.toLowerCase()}` +
			(e.className ? ` class="${e.className}"` : '') +
			`> right ${Math.round(e.getBoundingClientRect().right)}`),
	}));
	check(`${name}: nothing wider than a 360 px phone (scrollWidth ` +
	    `${w.scroll})`, w.scroll <= PHONE.width,
	    `scrollWidth ${w.scroll}, body ${w.body}; ${w.wide.join('; ')}`);
	await page.screenshot({ path: path.join(opt.shots, `${name}-360.png`),
	    fullPage: true });
	await page.setViewport(LAPTOP);
	await sleep(150);
	// On a laptop a table should fit: a box that still scrolls
	// sideways is noted for the page's owner (not a failure).
	const boxes = await page.evaluate(() => [...document.querySelectorAll(
	    'body *')].filter((e) => {
		const ox = getComputedStyle(e).overflowX;
		return (ox === 'auto' || ox === 'scroll') &&
		    e.scrollWidth > e.clientWidth + 1;
	    }).map((e) => `<${e.tagName.toLowerCase()}` +
		(e.className ? ` class="${e.className}"` : '') + `> ` +
		`${e.clientWidth} px showing ${e.scrollWidth} px: ` +
		(e.innerText || '').split('\n')[0].slice(0, 60)));
	for (const b of boxes)
		say({ note: `${name} at 1280 px: scrolls sideways: ${b}` });
	await page.screenshot({ path: path.join(opt.shots, `${name}-1280.png`),
	    fullPage: true });
	await page.setViewport(PHONE);
}

async function go(page, where) {
	const resp = await page.goto(base + where, { waitUntil: 'load',
	    timeout: WAIT_MS });
	return resp;
}

// Asks the test for a desk press and waits until the page shows what
// the test says the press changed, without the page being loaded
// again (the event stream changed it).
async function pressAndSee(page, name) {
	await page.evaluate(() => { window.antreWalkMark = 1; });
	// Give the event stream a moment to be open before the press.
	await sleep(500);
	say({ need: 'press', page: name });
	const { expect } = await answer();
	let seen = false;
	let text = '';
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		text = await page.evaluate(() => document.body.innerText);
		if (expect.every((e) => text.includes(e))) {
			seen = true;
			break;
		}
		await sleep(100);
	}
	const same = await page.evaluate(() => window.antreWalkMark === 1);
	check(`${name}: the page shows ${expect.join(', ')} after the press`,
	    seen, `page text: ${text.slice(0, 600)}`);
	check(`${name}: it changed without being loaded again (its event ` +
	    `stream)`, same, 'the page was reloaded');
}

async function login(page) {
	await page.setViewport(PHONE);
	const resp = await go(page, '/masuk');
	check('/masuk: 200', resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	await shoot(page, 'masuk');
	const user = await page.$('form input[type="text"], form input:not([type])');
	const pass = await page.$('form input[type="password"]');
	if (!check('/masuk has a name and a password field', user && pass))
		return false;
	await user.type(opt.user);
	await pass.type(opt.password);
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load', timeout: WAIT_MS }),
		pass.press('Enter'),
	]);
	const at = new URL(page.url()).pathname;
	const still = await page.$('input[type="password"]');
	check(`logged in as ${opt.user}: on ${at}, no password field`,
	    at !== '/masuk' && !still, `at ${page.url()}`);
	const cookies = await page.cookies();
	const sess = cookies.filter((c) => c.httpOnly);
	check('the session cookie is HttpOnly and SameSite',
	    sess.length > 0 && sess.every((c) => c.sameSite === 'Strict' ||
	    c.sameSite === 'Lax'), JSON.stringify(cookies));
	return at !== '/masuk' && !still;
}

async function hariIni(page) {
	const resp = await go(page, '/');
	check('/ (Hari ini): 200', resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	await pressAndSee(page, 'hari-ini');
	await shoot(page, 'hari-ini');
}

async function laporan(page) {
	const q = opt.tanggal ? `?periode=bulan&tanggal=${opt.tanggal}` : '';
	const resp = await go(page, '/laporan' + q);
	check('/laporan: 200', resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	// The charts are images: each loaded and drawn.
	const imgs = await page.evaluate(() => [...document.images].map(
	    (i) => ({ src: i.getAttribute('src'), ok: i.complete &&
		i.naturalWidth > 0 })));
	check(`/laporan: its ${imgs.length} charts are drawn`,
	    imgs.length >= 2 && imgs.every((i) => i.ok), JSON.stringify(imgs));
	await shoot(page, 'laporan');
}

async function unduh(page) {
	const q = opt.tanggal ? `?periode=bulan&tanggal=${opt.tanggal}` : '';
	const resp = await go(page, '/unduh' + q);
	check('/unduh: 200', resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	await shoot(page, 'unduh');
	const cdp = await page.createCDPSession();
	await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow',
	    downloadPath: opt.downloads, eventsEnabled: true });
	let done = null;
	const finished = new Promise((r) => { done = r; });
	cdp.on('Browser.downloadProgress', (e) => {
		if (e.state === 'completed' || e.state === 'canceled')
			done(e.state);
	});
	let name = '';
	cdp.on('Browser.downloadWillBegin', (e) => { name = e.suggestedFilename; });
	const link = await page.$('a[href*="laporan.pdf"]');
	if (!check('/unduh links the PDF', link))
		return;
	await link.click();
	const state = await Promise.race([finished, sleep(30000).then(
	    () => 'timeout')]);
	let head = '';
	const file = path.join(opt.downloads, name);
	if (state === 'completed' && name && fs.existsSync(file))
		head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
	check(`the PDF downloads from its link (${name || 'no name'}) and ` +
	    'starts with %PDF', head === '%PDF-', `${state}, head ${JSON.stringify(head)}`);
	say({ pdf: file });
}

async function pengaturan(page) {
	const resp = await go(page, '/pengaturan');
	check('/pengaturan: 200', resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	await shoot(page, 'pengaturan');
	const form = await page.$('form[action="/pengaturan/teks"]');
	if (!check('/pengaturan has the running text form', form))
		return;
	const field = await form.$('textarea, input[type="text"], ' +
	    'input:not([type])');
	if (!check('the running text form has a text field', field))
		return;
	await field.click({ clickCount: 3 });
	await field.evaluate((f) => { f.value = ''; });
	await field.type(opt.text);
	const submit = await form.$('button, input[type="submit"]');
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load', timeout: WAIT_MS }),
		submit ? submit.click() : field.evaluate((f) => f.form.submit()),
	]);
	// The central answers within a moment; a page that waits for it may
	// reload itself until then.
	let ok = false;
	let text = '';
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		try {
			const r = await page.evaluate((want) => {
				const f = document.querySelector(
				    'form[action="/pengaturan/teks"]');
				const v = f && f.querySelector('textarea, input[type="text"], input:not([type])');
				return { text: document.body.innerText,
				    value: v ? v.value : null,
				    galat: !!document.querySelector('.galat'),
				    want };
			}, opt.text);
			text = r.text;
			if (!r.galat && (r.value === opt.text ||
			    r.text.includes(opt.text))) {
				ok = true;
				break;
			}
		} catch (e) {
			// navigated away under our feet: look again
		}
		await sleep(200);
	}
	check('the running text is changed on /pengaturan/teks, without ' +
	    'an error', ok, text.slice(0, 600));
	await shoot(page, 'pengaturan-teks');
	if (ok)
		changedText = opt.text;
	say({ changed: opt.text });
}

async function papan(page, name, press) {
	const resp = await go(page, '/papan');
	check(`/papan (${name}): 200`, resp && resp.status() === 200,
	    resp ? resp.status() : 'no response');
	const pw = await page.$('input[type="password"]');
	check(`/papan (${name}) is the board, not a login`, !pw);
	if (changedText) {
		const t = await page.evaluate(() => document.body.innerText);
		check(`/papan (${name}) runs the new running text`,
		    t.includes(changedText), t.slice(-400));
	}
	if (press)
		await pressAndSee(page, name);
	await shoot(page, name);
}

async function logout(page) {
	await go(page, '/');
	const handles = await page.$$('a, button, input[type="submit"]');
	let out = null;
	for (const h of handles) {
		const t = await h.evaluate((e) => (e.innerText || e.value || '')
		    .trim().toLowerCase());
		if (t === 'keluar') {
			out = h;
			break;
		}
	}
	if (!check('every page has "Keluar"', out))
		return;
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load', timeout: WAIT_MS }),
		out.click(),
	]);
	await go(page, '/');
	const at = new URL(page.url()).pathname;
	const pw = await page.$('input[type="password"]');
	check('logged out: "/" asks to log in again', at === '/masuk' || pw,
	    `at ${page.url()}`);
	const r = await go(page, '/pengaturan');
	const pw2 = await page.$('input[type="password"]');
	check('logged out: /pengaturan asks to log in', pw2 ||
	    (r && r.status() >= 400), `at ${page.url()} ${r && r.status()}`);
}

async function main() {
	const browser = await puppeteer.launch({
		executablePath: opt.chromium,
		headless: true,
		// The test runs as root in a container: Chromium's sandbox
		// needs user namespaces it may not have.
		args: ['--no-sandbox', '--disable-gpu', '--lang=id-ID',
		    '--font-render-hinting=none'],
	});
	try {
		const page = await browser.newPage();
		watch(page);
		await page.setExtraHTTPHeaders({ 'Accept-Language': 'id-ID,id' });
		if (await login(page)) {
			await hariIni(page);
			await laporan(page);
			await unduh(page);
			await pengaturan(page);
			await papan(page, 'papan', false);
			await logout(page);
		}
		await papan(page, 'papan-umum', true);
		check('no page asks for anything outside antre-web',
		    outside.length === 0, outside.slice(0, 5).join(' '));
		check('no script error on any page', pageErrors.length === 0,
		    pageErrors.slice(0, 5).join(' | '));
		check('no request failed', failed.length === 0,
		    failed.slice(0, 5).join(' | '));
	} finally {
		await browser.close();
	}
	say({ done: true });
	process.exit(0);
}

main().catch((e) => {
	check('the walk ran to its end', false, e.stack || String(e));
	say({ done: true });
	process.exit(1);
});
