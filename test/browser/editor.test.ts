/**
 * The node in the n8n editor, checked in a real browser.
 *
 * Real n8n 2.8.4 (`n8n start`, n8n-host/) loads the BUILT package as a community package (node type
 * `n8n-nodes-video-poller.videoPoller`, as users get it), the provider simulator serves the five
 * APIs on 127.0.0.1, and headless Debian Chromium (playwright-core) does what a user does: sets up
 * the owner account through n8n's setup form, creates a workflow, finds "Video Poller" in the node
 * creator, creates one credential per provider through n8n's credential dialog (whose Save runs the
 * credential's test), checks the credential type and the Options offered for each provider, executes
 * the node on a simulated job per provider and reads the normalized item in the output panel, and
 * checks the node and credential icons in the light and the dark theme.
 *
 * Every step saves a screenshot to test-artifacts/browser/ (gitignored), plus summary.json,
 * n8n.log and browser-console.log.
 *
 *   bash test/browser/install-chromium.sh && npm run n8n:install
 *   npx jest -c test/browser/jest.config.js --runInBand
 *
 * VP_BROWSER_PACKAGE_DIR=<folder with package.json + dist/> runs it against another build;
 * VP_BROWSER_ARTIFACTS=<folder> puts the screenshots elsewhere.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

import { startN8nServer, type N8nServer } from '../../n8n-host/n8nHost';
import { startSimulator, type Simulator } from '../../simulator';
import { builtPackageDir } from '../e2e/support';
import {
	Shots,
	addOption,
	closeAddOption,
	closeCredentialDialog,
	dismissToasts,
	credentialModal,
	editorNode,
	editorNodes,
	fillOwnerSetupForm,
	fillParameter,
	hasParameter,
	launchBrowser,
	loadedPackageIcons,
	openAddOption,
	openNewCredentialDialog,
	outputJson,
	parameterInput,
	pickCredential,
	pickDropdownItem,
	renameCredential,
	saveCredentialAndReadTest,
	switchToFixed,
	tid,
	waitFor,
	type CredentialTestOutcome,
} from './n8nEditor';

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.resolve(ROOT, process.env.VP_BROWSER_ARTIFACTS ?? 'test-artifacts/browser');

const OWNER = { email: 'owner@example.com', firstName: 'Video', lastName: 'Owner', password: 'Passw0rd-Video' };
const NODE_NAME = 'Video Poller';

type ProviderId = 'geekHub' | 'aiStats' | 'reelBot' | 'poe' | 'hooked';
interface ProviderUi {
	id: ProviderId;
	/** The Provider option's name (description/parameters.ts). */
	option: string;
	credentialType: string;
	/** The credential type's displayName (credentials/*.credentials.ts). */
	credentialDisplayName: string;
	/** What this test names the credential it creates. */
	credentialName: string;
	credentialClass: string;
}
const PROVIDERS: ProviderUi[] = [
	{ id: 'geekHub', option: 'GeekHub', credentialType: 'geekHubApi', credentialDisplayName: 'GeekHub API', credentialName: 'Sim GeekHub', credentialClass: 'GeekHubApi' },
	{ id: 'aiStats', option: 'AI Stats (Phaseo)', credentialType: 'aiStatsApi', credentialDisplayName: 'AI Stats API', credentialName: 'Sim AI Stats', credentialClass: 'AiStatsApi' },
	{ id: 'reelBot', option: 'ReelBot', credentialType: 'reelBotApi', credentialDisplayName: 'ReelBot API', credentialName: 'Sim ReelBot', credentialClass: 'ReelBotApi' },
	{ id: 'poe', option: 'Poe', credentialType: 'poeApi', credentialDisplayName: 'Poe API', credentialName: 'Sim Poe', credentialClass: 'PoeApi' },
	{ id: 'hooked', option: 'Hooked', credentialType: 'hookedApi', credentialDisplayName: 'Hooked API', credentialName: 'Sim Hooked', credentialClass: 'HookedApi' },
];

/** CONTRACT.md's options (display names start with these), plus our Max Download Size. */
const CONTRACT_OPTIONS = ['Poll Interval', 'Max Wait', 'On Timeout', 'On Job Failure', 'Download Video', 'Binary Property', 'Include Raw Response'];
const EXTRA_OPTIONS = ['Max Download Size'];
const POE_ONLY_OPTIONS = ['Poe Content Variant'];

/** How the editor lets the user choose the provider (see the note in the report). */
type ProviderUiMode = 'provider-parameter' | 'credential-auth-type';

let packageDir: string;
let packageName: string;
let sim: Simulator;
let n8n: N8nServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let shots: Shots;
let workflowUrl = '';
let mode: ProviderUiMode;
const consoleLines: string[] = [];
const summary: Record<string, unknown> = { checks: [] as string[], credentialTests: {} as Record<string, unknown>, outputs: {} as Record<string, unknown> };
const checks = summary.checks as string[];
const check = (what: string) => checks.push(what);

/* ------------------------------------------------------------------------------------------ */

/**
 * Whether the simulator can tell a right key from a wrong one on the request the credential's
 * `test` sends (read from the built credential class), i.e. whether n8n's credential test can
 * meaningfully pass against it.
 */
async function simulatorAnswersCredentialTest(p: ProviderUi): Promise<{ supported: boolean; note: string }> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(path.join(packageDir, `dist/credentials/${p.credentialClass}.credentials.js`));
	const cred = new mod[p.credentialClass]();
	const req = cred.test?.request ?? {};
	const url = new URL(sim.baseUrls[p.id] + String(req.url ?? '/'));
	for (const [k, v] of Object.entries(req.qs ?? {})) url.searchParams.set(k, String(v));
	const headersFor = (key: string) => {
		const h: Record<string, string> = {};
		for (const [name, value] of Object.entries(cred.authenticate?.properties?.headers ?? {})) {
			h[name] = String(value).replace(/^=/, '').replace(/\{\{\s*\$credentials\.apiKey\s*\}\}/, key);
		}
		return h;
	};
	const good = await fetch(url, { method: req.method ?? 'GET', headers: headersFor(sim.keys[p.id]) });
	const bad = await fetch(url, { method: req.method ?? 'GET', headers: headersFor('wrong-key') });
	const goodBody = await good.text();
	await bad.text();
	const note = `${req.method ?? 'GET'} ${url.pathname}${url.search}: right key ${good.status}, wrong key ${bad.status}`;
	const goodAccepted = good.ok || (cred.test?.request?.ignoreHttpStatusErrors === true && !/UNAUTHORIZED/.test(goodBody));
	return { supported: goodAccepted && good.status !== bad.status, note };
}

async function videoPollerProvider(): Promise<string | undefined> {
	return (await editorNode(page, NODE_NAME)).parameters.provider as string | undefined;
}

async function waitForProvider(p: ProviderUi): Promise<void> {
	await waitFor(`the node's provider to become ${p.id}`, async () => ((await videoPollerProvider()) === p.id ? true : undefined));
}

async function openVideoPollerPanel(): Promise<void> {
	if (await page.locator(tid('ndv')).isVisible()) return;
	await page.locator(tid('canvas-node')).filter({ hasText: NODE_NAME }).first().dblclick();
	await page.locator(tid('ndv')).waitFor();
}

async function closePanel(): Promise<void> {
	if (!(await page.locator(tid('ndv')).isVisible())) return;
	await page.locator(tid('ndv-close-button')).click();
	await page.locator(tid('ndv')).waitFor({ state: 'hidden' });
}

/** Chooses the provider the way the editor offers it. */
async function chooseProviderInPanel(p: ProviderUi): Promise<void> {
	await parameterInput(page, 'provider').click();
	await pickDropdownItem(page, p.option);
	await waitForProvider(p);
}

/* ------------------------------------------------------------------------------------------ */

let broken: string | undefined;
function step(name: string, fn: () => Promise<void>): void {
	test(name, async () => {
		if (broken) throw new Error(`not run: the step "${broken}" failed`);
		try {
			await fn();
		} catch (error) {
			broken = name;
			await shots?.take(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => undefined);
			throw error;
		}
	});
}

beforeAll(async () => {
	const started = Date.now();
	rmSync(ARTIFACTS, { recursive: true, force: true });
	packageDir = process.env.VP_BROWSER_PACKAGE_DIR ? path.resolve(process.env.VP_BROWSER_PACKAGE_DIR) : await builtPackageDir();
	packageName = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).name;
	sim = await startSimulator({ timeScale: 10, enforceRateLimits: false });
	n8n = await startN8nServer({ owner: false, communityPackageDir: packageDir, startTimeoutMs: 180_000 });
	({ context, page, userDataDir } = await launchBrowser());
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`[${m.type()}] ${m.text()}`);
	});
	page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
	shots = new Shots(page, ARTIFACTS);
	summary.n8nUrl = n8n.url;
	summary.packageDir = packageDir;
	summary.setupMs = Date.now() - started;
}, 600_000);

afterAll(async () => {
	try {
		summary.screenshots = shots?.files.map((f) => path.relative(ROOT, f));
		writeFileSync(path.join(ARTIFACTS, 'summary.json'), JSON.stringify(summary, null, 2));
		writeFileSync(path.join(ARTIFACTS, 'browser-console.log'), consoleLines.join('\n') + '\n');
		if (n8n) {
			const logs = n8n.logs();
			writeFileSync(path.join(ARTIFACTS, 'n8n.log'), `--- stdout ---\n${logs.stdout}\n--- stderr ---\n${logs.stderr}\n`);
		}
	} catch {
		/* artifacts are best effort */
	}
	await context?.close().catch(() => undefined);
	if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
	await n8n?.stop();
	await sim?.close();
}, 120_000);

/* ------------------------------------------------------------------------------------------ */

step('the owner account is set up through n8n’s setup form', async () => {
	await page.goto(n8n.url);
	await page.waitForURL(/\/setup/);
	await fillOwnerSetupForm(page, OWNER);
	await shots.take('owner-setup-form');
	await page.locator(tid('form-submit-button')).click();
	await page.waitForURL(/\/home/);
	await page.locator(tid('main-sidebar-settings')).waitFor();
	await shots.take('home-after-setup');
	check('owner account created through the /setup form; the editor signs the owner in');
});

step('a new workflow: the node creator finds "Video Poller" and adds it', async () => {
	await page.goto(`${n8n.url}/workflow/new`);
	await page.locator(tid('canvas-add-button')).click();
	const search = page.locator(tid('node-creator-search-bar'));
	await search.waitFor();
	await page.keyboard.type('video');
	const item = page.locator(tid('item-iterator-item')).filter({ has: page.locator(tid('node-creator-item-name'), { hasText: /^Video Poller$/ }) });
	await item.first().waitFor();
	const creatorIcons = await loadedPackageIcons(page, packageName, page.locator(tid('node-creator')));
	expect(creatorIcons.every((i) => i.naturalWidth > 0 && i.src.endsWith('/videoPoller.svg'))).toBe(true);
	await shots.take('node-creator-search-video');
	check('node creator: searching "video" lists "Video Poller" with its (light) icon loaded');

	await item.first().click();
	const actions = await page.locator(`${tid('node-creator')} ${tid('item-iterator-item')}`).allInnerTexts();
	for (const action of ['Wait for a video job to finish', 'Get the status of a video job', 'Download a finished video']) {
		expect(actions.map((a) => a.trim())).toContain(action);
	}
	await shots.take('node-creator-actions');
	check('node creator: the three operations are offered as actions');

	await page.locator(tid('item-iterator-item')).filter({ hasText: 'Wait for a video job to finish' }).first().click();
	await page.locator(tid('ndv')).waitFor();
	await parameterInput(page, 'operation').waitFor();
	const node = await editorNode(page, NODE_NAME);
	expect(node.type).toBe(`${packageName}.videoPoller`);
	expect(node.parameters).toMatchObject({ operation: 'waitForVideo', jobId: '={{ $json.id }}' });
	const trigger = (await editorNodes(page)).find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	expect(trigger).toBeDefined();
	await expect(parameterInput(page, 'operation').locator('input').first().inputValue()).resolves.toBe('Wait for Video');
	const ndvIcons = await loadedPackageIcons(page, packageName, page.locator(tid('ndv')));
	expect(ndvIcons.every((i) => i.naturalWidth > 0)).toBe(true);
	mode = (await hasParameter(page, 'provider')) ? 'provider-parameter' : 'credential-auth-type';
	summary.providerUiMode = mode;
	await shots.take('node-panel-new-node');
	check(`the action adds node type ${packageName}.videoPoller (plus a Manual Trigger) and opens its panel: Operation "Wait for Video", Job ID {{ $json.id }}`);
	check(
		mode === 'provider-parameter'
			? 'the panel shows the Provider parameter'
			: 'the panel shows NO Provider parameter: n8n treats `provider` as the node\'s authentication field (the provider is chosen as "Connect using" in the credential dialog)',
	);
});

step('for each provider: its credential type is offered; a credential is created in the dialog and tested', async () => {
	const outcomes = summary.credentialTests as Record<string, unknown>;
	const credentialLabels: Record<string, string> = {};
	summary.credentialLabels = credentialLabels;
	for (const p of PROVIDERS) {
		await openVideoPollerPanel();
		if (mode === 'provider-parameter') await chooseProviderInPanel(p);
		const modal = await openNewCredentialDialog(page);
		if (mode === 'credential-auth-type') {
			const selector = modal.locator(tid('node-auth-type-selector'));
			const labels = (await selector.locator('label.el-radio').allInnerTexts()).map((t) => t.trim());
			expect([...labels].sort()).toEqual(PROVIDERS.map((x) => x.option).sort());
			await selector.locator('label.el-radio').filter({ has: page.locator(`input[value="${p.id}"]`) }).click();
		}
		// the dialog is for this provider's credential type: its subtitle names the type
		const subtitle = modal.getByText(/^[A-Za-z ]+ API$/).first();
		await subtitle.waitFor();
		expect(`dialog for provider ${p.id}: ${(await subtitle.innerText()).trim()}`).toBe(`dialog for provider ${p.id}: ${p.credentialDisplayName}`);
		await expect(modal.locator(`${tid('parameter-input-apiKey')} input`).getAttribute('type')).resolves.toBe('password');
		const defaultBaseUrl = await modal.locator(`${tid('parameter-input-baseUrl')} input`).inputValue();
		expect(defaultBaseUrl).toMatch(/^https:\/\//);
		const icons = await loadedPackageIcons(page, packageName, modal);
		expect(icons.every((i) => i.naturalWidth > 0 && i.src.endsWith('/videoPoller.svg'))).toBe(true);
		await shots.take(`credential-dialog-${p.id}`);

		await renameCredential(modal, p.credentialName);
		await modal.locator(`${tid('parameter-input-baseUrl')} input`).fill(sim.baseUrls[p.id]);
		const probe = await simulatorAnswersCredentialTest(p);
		const record: Record<string, unknown> = { simulatorCanCheckKeys: probe.supported, probe: probe.note, defaultBaseUrl };
		if (probe.supported) {
			await modal.locator(`${tid('parameter-input-apiKey')} input`).fill('wrong-key');
			const wrong = await saveCredentialAndReadTest(page);
			record.wrongKey = wrong;
			expect(wrong.ok).toBe(false);
			// the credential's own rule message ("<X> rejected the API key …"); n8n 2.8.x shows its generic
			// 401/403 text instead for `responseCode` rules (n8n-workflow 2.8's ExecutionBaseError drops the
			// axios `cause` the credentials tester reads; fixed in later n8n), body rules (ReelBot) show as is
			expect((wrong as Extract<CredentialTestOutcome, { ok: false }>).details).toMatch(
				/rejected the API key|Authorization failed - please check your credentials|Forbidden - perhaps check your credentials/,
			);
			await shots.take(`credential-test-wrong-key-${p.id}`);
		}
		await modal.locator(`${tid('parameter-input-apiKey')} input`).fill(sim.keys[p.id]);
		const right = await saveCredentialAndReadTest(page);
		record.rightKey = right;
		if (probe.supported) expect(right).toEqual({ ok: true });
		await shots.take(`credential-test-right-key-${p.id}`);
		outcomes[p.id] = record;
		await closeCredentialDialog(page);

		// the new credential is the node's, and the node's provider follows it
		await waitForProvider(p);
		if (mode === 'provider-parameter') {
			// one credential type per provider, so n8n labels the select with it (checked after the loop)
			credentialLabels[p.id] = (await page.locator(`${tid('ndv')} ${tid('credentials-label')}`).first().innerText()).trim();
		}
		const node = await editorNode(page, NODE_NAME);
		expect(node.credentials?.[p.credentialType]?.name).toBe(p.credentialName);
		await expect(page.locator(`${tid('ndv')} ${tid('node-credentials-select')} input`).first().inputValue()).resolves.toBe(p.credentialName);

		// the Options offered for this provider
		const offered = await openAddOption(page);
		const expected = [...CONTRACT_OPTIONS, ...EXTRA_OPTIONS, ...(p.id === 'poe' ? POE_ONLY_OPTIONS : [])];
		for (const name of expected) expect(offered.filter((o) => o.startsWith(name))).toHaveLength(1);
		expect(offered).toHaveLength(expected.length);
		await shots.take(`options-${p.id}`);
		await closeAddOption(page);
		summary[`options.${p.id}`] = offered;
	}
	if (mode === 'provider-parameter') {
		expect(credentialLabels).toEqual(Object.fromEntries(PROVIDERS.map((p) => [p.id, `Credential for ${p.credentialDisplayName}`])));
	}
	check(
		mode === 'provider-parameter'
			? 'each of the five Provider values shows "Credential for <X> API" and "Create new credential" opens the <X> API dialog'
			: 'the credential dialog\'s "Connect using" lists the five providers; each choice turns the dialog into that provider\'s credential type (<X> API)',
	);
	check('each credential dialog: API Key is a password field, Base URL defaults to the public https URL, the icon loads');
	const tested = PROVIDERS.filter((p) => (outcomes[p.id] as { simulatorCanCheckKeys: boolean }).simulatorCanCheckKeys).map((p) => p.id);
	check(`credential test on Save against the simulator: a wrong key shows "Couldn’t connect" (+ the credential's "rejected the API key" message, or n8n 2.8's generic 401/403 text), the right key "Connection tested successfully" — for ${tested.join(', ') || 'none'}`);
	const untested = PROVIDERS.filter((p) => !tested.includes(p.id)).map((p) => p.id);
	if (untested.length) {
		check(`credential test NOT checkable for ${untested.join(', ')}: the simulator does not serve their test request (see summary.json credentialTests)`);
		console.warn(`browser test: the simulator cannot check keys for ${untested.join(', ')} — credential test results recorded only`);
	}
	check('after Save the new credential is selected in the node and the node\'s provider follows it');
	check(`Add Option offers exactly: ${[...CONTRACT_OPTIONS, ...EXTRA_OPTIONS].join(', ')} (+ Poe Content Variant for Poe only)`);
});

step('the node runs on a simulated job per provider and the output panel shows the normalized item', async () => {
	await openVideoPollerPanel();
	await switchToFixed(page, 'jobId');
	await addOption(page, 'Poll Interval');
	await fillParameter(page, 'pollInterval', '0.25');
	const outputs = summary.outputs as Record<string, unknown>;
	for (const p of PROVIDERS) {
		if (mode === 'provider-parameter') {
			await chooseProviderInPanel(p);
			const selected = await page.locator(`${tid('ndv')} ${tid('node-credentials-select')} input`).first().inputValue();
			if (selected !== p.credentialName) await pickCredential(page, p.credentialName);
		} else {
			await pickCredential(page, p.credentialName);
			await waitForProvider(p);
		}
		const job = sim.createJob({ provider: p.id, durationMs: 15_000 });
		await fillParameter(page, 'jobId', job.id);
		await waitFor('the Job ID to be set', async () => ((await editorNode(page, NODE_NAME)).parameters.jobId === job.id ? true : undefined));
		await page.locator(`${tid('ndv')} ${tid('node-execute-button')}`).click();
		const items = await waitFor(
			`the output of job ${job.id}`,
			async () => {
				const errorText = page.locator(tid('output-panel')).getByText(/Problem in node/);
				if (await errorText.first().isVisible().catch(() => false)) {
					throw new Error(`the node failed: ${(await page.locator(tid('output-panel')).innerText()).slice(0, 800)}`);
				}
				const parsed = (await outputJson(page)) as Array<Record<string, unknown>>;
				if (parsed?.[0]?.jobId !== job.id) throw new Error(`the output panel shows ${JSON.stringify(parsed).slice(0, 200)}`);
				return parsed;
			},
			120_000,
		);
		expect(items).toHaveLength(1);
		const item = items[0];
		expect(item).toMatchObject({ provider: p.id, jobId: job.id, status: 'completed', done: true, progress: 100, error: null });
		expect(typeof item.providerStatus).toBe('string');
		expect(typeof item.videoUrl).toBe('string');
		expect(String(item.videoUrl)).toMatch(/^http:\/\/127\.0\.0\.1:/);
		expect(typeof item.videoUrlRequiresAuth).toBe('boolean');
		expect(item.polling).toMatchObject({ timedOut: false });
		expect((item.polling as { attempts: number }).attempts).toBeGreaterThanOrEqual(1);
		for (const field of ['videoUrlExpiresAt', 'thumbnailUrl', 'durationSeconds', 'model', 'createdAt', 'updatedAt', 'completedAt']) {
			expect(item).toHaveProperty(field);
		}
		expect(JSON.stringify(item)).not.toContain(sim.keys[p.id]);
		await page.locator(`${tid('output-panel')} ${tid('node-run-status-success')}`).waitFor();
		outputs[p.id] = item;
		await dismissToasts(page);
		await shots.take(`output-${p.id}`);
	}
	check('Execute step with Job ID = a simulator job and Poll Interval 0.25 s: for all five providers the output panel\'s JSON is one item with provider, jobId, status "completed", done, progress 100, videoUrl, polling{…}, and no API key');
	await closePanel();
	const canvasText = await page.locator(tid('canvas-node')).filter({ hasText: NODE_NAME }).first().innerText();
	summary.canvasNodeText = canvasText;
	await page.keyboard.press('Control+s');
	await waitFor('the workflow to be saved', async () => (/\/workflow\/[A-Za-z0-9]+$/.test(new URL(page.url()).pathname) ? true : undefined), 30_000).catch(() => undefined);
	workflowUrl = `${n8n.url}${new URL(page.url()).pathname}`;
	await shots.take('canvas-after-runs');
});

step('icons render in the light and the dark theme (node, node creator, panel, credentials)', async () => {
	const iconReport: Record<string, string[]> = {};
	summary.icons = iconReport;
	const expectIcons = async (scopeSelector: string, file: string, label: string) => {
		const icons = await loadedPackageIcons(page, packageName, page.locator(scopeSelector).first());
		for (const icon of icons) {
			expect(icon.naturalWidth).toBeGreaterThan(0);
			expect(icon.src.endsWith(`/${file}`)).toBe(true);
		}
		iconReport[label] = icons.map((i) => `${path.basename(i.src)} naturalWidth=${i.naturalWidth}`);
	};
	const themes: Array<{ theme: 'light' | 'dark'; file: string }> = [
		{ theme: 'light', file: 'videoPoller.svg' },
		{ theme: 'dark', file: 'videoPoller.dark.svg' },
	];
	for (const { theme, file } of themes) {
		await page.evaluate((t) => (globalThis as any).localStorage.setItem('N8N_THEME', t), theme);
		await page.goto(workflowUrl);
		await waitFor(`the ${theme} theme`, async () => ((await page.evaluate(() => (globalThis as any).document.body.getAttribute('data-theme'))) === theme ? true : undefined));
		const canvasNode = page.locator(tid('canvas-node')).filter({ hasText: NODE_NAME }).first();
		await canvasNode.waitFor();
		await expectIcons(tid('canvas'), file, `${theme}.canvas`);
		await shots.take(`canvas-${theme}`);
		// zoom in until the node is big enough to judge its icon, then crop to it
		for (let i = 0; i < 8; i++) {
			const box = await canvasNode.boundingBox();
			if (box && box.width >= 220) break;
			await page.locator(tid('zoom-in-button')).click();
			await waitFor('the zoom to settle', async () => {
				const a = await canvasNode.boundingBox();
				await new Promise((r) => setTimeout(r, 150));
				const b = await canvasNode.boundingBox();
				return a && b && a.width === b.width ? true : undefined;
			});
		}
		await shots.take(`canvas-node-icon-${theme}`, canvasNode);

		await openVideoPollerPanel();
		await expectIcons(tid('ndv'), file, `${theme}.panel`);
		await openAddOption(page);
		await shots.take(`node-panel-${theme}`);
		await closeAddOption(page);
		await closePanel();

		await page.locator(tid('node-creator-plus-button')).click();
		await page.locator(tid('node-creator-search-bar')).waitFor();
		await page.keyboard.type('video');
		await expectIcons(tid('node-creator'), file, `${theme}.nodeCreator`);
		await shots.take(`node-creator-${theme}`);
		await page.keyboard.press('Escape');

		await page.goto(`${n8n.url}/home/credentials`);
		await page.locator(tid('resources-list-item')).first().waitFor();
		await waitFor('the five credentials in the list', async () => ((await page.locator(tid('resources-list-item')).count()) >= PROVIDERS.length ? true : undefined));
		await expectIcons(tid('resources-list'), file, `${theme}.credentialList`);
		await shots.take(`credentials-list-${theme}`);
		await page.locator(tid('resources-list-item')).filter({ hasText: 'Sim ReelBot' }).first().click();
		await credentialModal(page).waitFor();
		await expectIcons(tid('editCredential-modal'), file, `${theme}.credentialDialog`);
		await shots.take(`credential-dialog-${theme}`);
		await closeCredentialDialog(page);
	}
	check('light theme: every package icon (canvas node, node panel, node creator, credential list, credential dialog) is videoPoller.svg and loaded (naturalWidth > 0)');
	check('dark theme (localStorage N8N_THEME=dark, body[data-theme=dark]): the same places show videoPoller.dark.svg, loaded');
	await page.evaluate(() => (globalThis as any).localStorage.removeItem('N8N_THEME'));
});

afterAll(() => {
	 
	console.log(`browser test checks:\n- ${checks.join('\n- ')}\nscreenshots: ${path.relative(ROOT, ARTIFACTS)}/`);
});
