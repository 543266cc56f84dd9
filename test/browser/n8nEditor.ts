/**
 * Small page helpers for n8n 2.8.4's editor, driven through playwright-core. Selectors are the
 * `data-test-id` attributes n8n's own end-to-end tests use; texts only where n8n has no test id
 * (dropdown items, dialog banners). Every wait is generous and nothing asserts on timing.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.VP_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** Default wait for one UI step. */
export const UI_TIMEOUT = 60_000;

/** Browser-side objects inside page.evaluate (the project's tsconfig has no DOM lib). */
 
type Dyn = any;

export const tid = (id: string): string => `[data-test-id="${id}"]`;

export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page; userDataDir: string }> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`${CHROMIUM_PATH} is missing: run "bash test/browser/install-chromium.sh" first`);
	}
	const userDataDir = mkdtempSync(path.join(tmpdir(), 'vp-browser-profile-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	context.setDefaultTimeout(UI_TIMEOUT);
	const page = context.pages()[0] ?? (await context.newPage());
	return { context, page, userDataDir };
}

export class Shots {
	private n = 0;
	readonly files: string[] = [];
	constructor(
		private readonly page: Page,
		readonly dir: string,
	) {
		mkdirSync(dir, { recursive: true });
	}

	/** A numbered full-viewport screenshot, e.g. 07-options-poe.png. */
	async take(name: string, target?: Locator): Promise<string> {
		await settle(this.page);
		this.n++;
		const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${name}.png`);
		if (target) await target.screenshot({ path: file });
		else await this.page.screenshot({ path: file });
		this.files.push(file);
		return file;
	}
}

/** Waits (briefly, best effort) until no CSS animation or transition runs, e.g. a dialog fading in. */
export async function settle(page: Page): Promise<void> {
	await page
		.waitForFunction(() => ((globalThis as Dyn).document.getAnimations() as Dyn[]).every((a) => a.playState !== 'running' || a.effect?.getTiming?.().iterations === Infinity), undefined, {
			timeout: 3_000,
		})
		.catch(() => undefined);
}

/** Polls `probe` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = UI_TIMEOUT): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Closes n8n's toasts ("Node executed successfully" …) so they do not cover a screenshot. */
export async function dismissToasts(page: Page): Promise<void> {
	const close = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let i = 0; i < 10 && (await close.count()) > 0; i++) {
		await close
			.first()
			.click({ timeout: 2_000 })
			.catch(() => undefined);
	}
	await waitFor('the toasts to close', async () => ((await page.locator('.el-notification:visible').count()) === 0 ? true : undefined), 10_000).catch(
		() => undefined,
	);
}

/* ------------------------------------------------------------------------------------------ */
/* owner setup                                                                                */
/* ------------------------------------------------------------------------------------------ */

export async function fillOwnerSetupForm(
	page: Page,
	owner: { email: string; firstName: string; lastName: string; password: string },
): Promise<void> {
	await page.locator(tid('setup-form')).waitFor();
	await page.locator('input[name="email"]').fill(owner.email);
	await page.locator('input[name="firstName"]').fill(owner.firstName);
	await page.locator('input[name="lastName"]').fill(owner.lastName);
	await page.locator('input[name="password"]').fill(owner.password);
}

/* ------------------------------------------------------------------------------------------ */
/* workflow store (read-only cross-checks of what the UI shows)                                */
/* ------------------------------------------------------------------------------------------ */

export interface EditorNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/** The nodes of the workflow open in the editor, from n8n's own Pinia store. */
export async function editorNodes(page: Page): Promise<EditorNode[]> {
	return await page.evaluate(() => {
		const app = (globalThis as Dyn).document.querySelector('#app')?.__vue_app__;
		const pinia = app?.config?.globalProperties?.$pinia;
		const store = pinia?._s?.get('workflows');
		const nodes = store?.workflow?.nodes ?? store?.allNodes ?? [];
		return JSON.parse(JSON.stringify(nodes));
	});
}

export async function editorNode(page: Page, name: string): Promise<EditorNode> {
	const node = (await editorNodes(page)).find((n) => n.name === name);
	if (!node) throw new Error(`no node "${name}" in the editor's workflow`);
	return node;
}

/* ------------------------------------------------------------------------------------------ */
/* icons                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export interface IconInfo {
	src: string;
	naturalWidth: number;
	complete: boolean;
	width: number;
}

/** Every visible <img> served from n8n's icon route for our package. */
export async function packageIcons(page: Page, packageName: string, scope?: Locator): Promise<IconInfo[]> {
	const root = scope ?? page.locator('body');
	return await root.evaluate((el, marker) => {
		return (Array.from((el as Dyn).querySelectorAll('img')) as Dyn[])
			.filter((img) => img.src.includes(marker))
			.map((img) => ({ src: img.src, naturalWidth: img.naturalWidth, complete: img.complete, width: img.getBoundingClientRect().width }))
			.filter((i) => i.width > 0);
	}, `/icons/${packageName}/`);
}

/** Waits until at least one package icon is visible in scope and every one of them has loaded. */
export async function loadedPackageIcons(page: Page, packageName: string, scope?: Locator): Promise<IconInfo[]> {
	return await waitFor('the package icons to load', async () => {
		const icons = await packageIcons(page, packageName, scope);
		if (icons.length === 0) return undefined;
		if (icons.some((i) => !i.complete)) return undefined;
		return icons;
	});
}

/* ------------------------------------------------------------------------------------------ */
/* node details view                                                                          */
/* ------------------------------------------------------------------------------------------ */

/** The visible dropdown items of the el-select popper that is open now, first line of each. */
export async function openDropdownItems(page: Page): Promise<string[]> {
	const texts = await page.locator('.el-select-dropdown__item:visible').allInnerTexts();
	return texts.map((t) => t.split('\n')[0].trim());
}

/**
 * Clicks the visible dropdown item whose first line is exactly `label`. Waits for that item
 * itself: a popper closed a moment ago (Add Option) can still count as visible while the one
 * just opened renders.
 */
export async function pickDropdownItem(page: Page, label: string): Promise<void> {
	const items = page.locator('.el-select-dropdown__item:visible');
	const deadline = Date.now() + 15_000;
	let texts: string[] = [];
	while (Date.now() < deadline) {
		texts = await items.allInnerTexts();
		const index = texts.findIndex((t) => t.split('\n')[0].trim() === label);
		if (index !== -1) {
			await items.nth(index).click();
			return;
		}
		await page.waitForTimeout(200);
	}
	throw new Error(`no dropdown item "${label}" among ${JSON.stringify(texts.map((t) => t.split('\n')[0]))}`);
}

export function parameterInput(page: Page, name: string): Locator {
	return page.locator(`${tid('ndv')} ${tid(`parameter-input-${name}`)}`);
}

/** Whether the node panel shows a parameter (e.g. `provider`). */
export async function hasParameter(page: Page, name: string): Promise<boolean> {
	return await parameterInput(page, name).isVisible();
}

/** Switches a parameter that holds an expression to "Fixed" (hover shows the Fixed/Expression toggle). */
export async function switchToFixed(page: Page, name: string): Promise<void> {
	const item = page.locator(`${tid('ndv')} ${tid('parameter-item')}`).filter({ has: page.locator(tid(`parameter-input-${name}`)) });
	await parameterInput(page, name).hover();
	const fixed = item.locator(tid('radio-button-fixed')).first();
	await fixed.waitFor({ state: 'visible', timeout: 15_000 });
	await fixed.click();
	await parameterInput(page, name).locator('input').first().waitFor();
}

export async function fillParameter(page: Page, name: string, value: string): Promise<void> {
	const input = parameterInput(page, name).locator('input').first();
	await input.fill(value);
	await input.press('Tab');
}

/** Opens "Add Option" of the Options collection and returns the options offered. Leaves it open. */
export async function openAddOption(page: Page): Promise<string[]> {
	await page.locator(`${tid('ndv')} ${tid('collection-parameter-add')}`).click();
	const options = page.locator(`${tid('collection-parameter-option')}:visible`);
	await options.first().waitFor();
	return (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

export async function closeAddOption(page: Page): Promise<void> {
	const options = page.locator(`${tid('collection-parameter-option')}:visible`);
	if ((await options.count()) === 0) return;
	// clicking the select again toggles its popper closed without touching the panel
	await page.locator(`${tid('ndv')} ${tid('collection-parameter-add')}`).click();
	await waitFor('the option list to close', async () => ((await options.count()) === 0 ? true : undefined), 10_000);
}

export async function addOption(page: Page, label: string): Promise<void> {
	await openAddOption(page);
	await page.locator(`${tid('collection-parameter-option')}:visible`).filter({ hasText: label }).first().click();
}

/* ------------------------------------------------------------------------------------------ */
/* credentials                                                                                */
/* ------------------------------------------------------------------------------------------ */

export function credentialModal(page: Page): Locator {
	return page.locator(tid('editCredential-modal'));
}

/** The credential select's visible items (names), "Create new credential" excluded. Leaves the select open. */
export async function openCredentialSelect(page: Page): Promise<string[]> {
	await page.locator(`${tid('ndv')} ${tid('node-credentials-select')}`).first().click();
	const newItem = page.locator(`${tid('node-credentials-select-item-new')}:visible`);
	await newItem.waitFor();
	const items = page.locator('[data-test-id^="node-credentials-select-item-"]:visible');
	const texts = await items.allInnerTexts();
	return texts.map((t) => t.split('\n')[0].trim()).filter((t) => !/create new credential/i.test(t));
}

export async function pickCredential(page: Page, name: string): Promise<void> {
	const names = await openCredentialSelect(page);
	const items = page.locator('[data-test-id^="node-credentials-select-item-"]:visible');
	const texts = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	const index = texts.indexOf(name);
	if (index === -1) throw new Error(`no credential "${name}" offered (offered: ${JSON.stringify(names)})`);
	await items.nth(index).click();
}

export async function openNewCredentialDialog(page: Page): Promise<Locator> {
	await openCredentialSelect(page);
	await page.locator(`${tid('node-credentials-select-item-new')}:visible`).click();
	const modal = credentialModal(page);
	await modal.waitFor();
	await modal.locator(tid('parameter-input-apiKey')).waitFor();
	return modal;
}

export async function closeCredentialDialog(page: Page): Promise<void> {
	const modal = credentialModal(page);
	await modal.locator('button[aria-label="Close this dialog"], .el-dialog__headerbtn').first().click();
	await modal.waitFor({ state: 'hidden' });
}

export async function renameCredential(modal: Locator, name: string): Promise<void> {
	await modal.locator(tid('credential-name')).click();
	const input = modal.locator(`${tid('credential-name')} ${tid('inline-edit-input')}`);
	await input.fill(name);
	await input.press('Enter');
	await waitFor(`the credential to be named "${name}"`, async () =>
		(await modal.locator(tid('credential-name')).innerText()).trim() === name ? true : undefined,
	);
}

export type CredentialTestOutcome = { ok: true } | { ok: false; details: string };

/**
 * Clicks Save (n8n tests the credential on save) and waits for the test's banner:
 * "Connection tested successfully" or "Couldn't connect with these settings" (+ its details).
 */
export async function saveCredentialAndReadTest(page: Page): Promise<CredentialTestOutcome> {
	const modal = credentialModal(page);
	// n8n saves (POST/PATCH /rest/credentials…) and then tests (POST /rest/credentials/test); the
	// banner of an earlier test stays up until the new result arrives, so wait for that answer
	const tested = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/rest/credentials/test'), {
		timeout: UI_TIMEOUT,
	});
	await modal.locator(tid('credential-save-button')).click();
	await tested;
	const success = modal.locator(tid('credentials-config-container-test-success'));
	const failure = modal.getByText(/Couldn.t connect with these settings/);
	const outcome = await waitFor('the credential test result', async () => {
		if (await success.isVisible()) return 'ok' as const;
		if (await failure.first().isVisible()) return 'failed' as const;
		return undefined;
	});
	if (outcome === 'ok') return { ok: true };
	const more = modal.getByText('More details', { exact: true });
	if (await more.isVisible()) await more.click();
	const banner = failure.first().locator('xpath=ancestor::*[.//button][1]/..');
	return { ok: false, details: (await banner.innerText().catch(async () => await modal.innerText())).trim() };
}

/* ------------------------------------------------------------------------------------------ */
/* output panel                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** The output panel's JSON view, parsed. */
export async function outputJson(page: Page): Promise<unknown[]> {
	const out = page.locator(tid('output-panel'));
	const jsonRadio = out.locator(tid('radio-button-json'));
	if ((await jsonRadio.count()) > 0 && !(await jsonRadio.getAttribute('class'))?.includes('active')) {
		// while the node runs the panel has no view switch to click: fail fast, the caller polls
		await jsonRadio.click({ timeout: 2_000 });
	}
	// textContent, not innerText: the viewer wraps long strings (URLs) visually across lines
	const text = (await out.locator(tid('ndv-data-container')).evaluate((el) => el.textContent)) ?? '';
	const start = text.indexOf('[');
	if (start === -1) throw new Error(`no JSON in the output panel: ${text.slice(0, 300)}`);
	// the viewer indents with non-breaking spaces
	return JSON.parse(text.slice(start).replace(/\u00a0/g, ' ')) as unknown[];
}
