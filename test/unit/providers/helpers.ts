import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseShapeError } from '../../../src/engine/errors';
import type { ProviderAdapter } from '../../../src/providers/types';

/** A fresh copy of a fixture body (test/unit/providers/fixtures/<name>.json). */
export function fixture(name: string): unknown {
	return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
}

/** Runs fn, expects a ResponseShapeError, returns it. */
export function shapeError(fn: () => unknown): ResponseShapeError {
	let caught: unknown;
	try {
		fn();
	} catch (e) {
		caught = e;
	}
	expect(caught).toBeInstanceOf(ResponseShapeError);
	return caught as ResponseShapeError;
}

const HTML_PAGE =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';

/**
 * The checks every adapter must pass for bodies that are not its status shape: HTML pages,
 * other JSON, a status that is not a string. `providerName` is its displayName.
 */
export function commonShapeChecks(
	adapter: ProviderAdapter,
	providerName: string,
	wrapStatus: (status: unknown) => unknown,
	/** The zod path reported for `{ok, items}` ('status' for flat bodies, 'data' for Hooked). */
	requiredPath: string,
): void {
	describe('bodies that are not the status shape', () => {
		it('an HTML page → ResponseShapeError naming the provider, with an excerpt of the page', () => {
			const err = shapeError(() => adapter.parseStatus(HTML_PAGE, 'job-1'));
			expect(err.message).toContain(providerName);
			expect(err.message).toContain(`Unexpected status response from ${providerName}: an HTML/XML page instead of JSON`);
			expect(err.message).toContain('<!DOCTYPE html> <html><head><title>502 Bad Gateway</title>');
			expect(err.excerpt.startsWith('<!DOCTYPE html> <html>')).toBe(true);
			expect(err.excerpt.length).toBeLessThanOrEqual(161);
		});

		it('a long body is cut to a short excerpt', () => {
			const long = `<html>${'x'.repeat(5000)}</html>`;
			const err = shapeError(() => adapter.parseStatus(long, 'job-1'));
			expect(err.excerpt).toBe(`<html>${'x'.repeat(154)}…`);
			expect(err.message.length).toBeLessThan(400);
		});

		it('other JSON (an object without a status) → ResponseShapeError with the zod path', () => {
			const err = shapeError(() => adapter.parseStatus({ ok: true, items: [] }, 'job-1'));
			expect(err.message).toContain(providerName);
			expect(err.message).toContain(`${requiredPath}: Required`);
			expect(err.excerpt).toBe('{"ok":true,"items":[]}');
			expect(err.message).toContain('{"ok":true,"items":[]}');
		});

		it('a JSON array → ResponseShapeError', () => {
			const err = shapeError(() => adapter.parseStatus([{ status: 'completed' }], 'job-1'));
			expect(err.message).toContain(providerName);
			expect(err.message).toContain('an array');
		});

		it('a plain text body and an empty body → ResponseShapeError', () => {
			expect(shapeError(() => adapter.parseStatus('Service Unavailable', 'job-1')).message).toContain(providerName);
			expect(shapeError(() => adapter.parseStatus('', 'job-1')).message).toContain('empty body');
			expect(shapeError(() => adapter.parseStatus(null, 'job-1')).message).toContain('empty body');
		});

		it('a status that is a number is a shape error, not a status', () => {
			const err = shapeError(() => adapter.parseStatus(wrapStatus(3), 'job-1'));
			expect(err.message).toContain(providerName);
			expect(err.message).toMatch(/status: Expected string, received number/);
		});

		it('an unknown status word keeps waiting: processing, providerStatus verbatim', () => {
			const snap = adapter.parseStatus(wrapStatus('Rendering_Phase_2'), 'job-1');
			expect(snap.status).toBe('processing');
			expect(snap.providerStatus).toBe('Rendering_Phase_2');
			expect(snap.error).toBeNull();
		});

		it('a JSON text body (transport did not parse it) is read like the object', () => {
			const snap = adapter.parseStatus(JSON.stringify(wrapStatus('whatever')), 'job-1');
			expect(snap.providerStatus).toBe('whatever');
		});
	});

	describe('parseError never throws on odd bodies', () => {
		it.each([
			['HTML', HTML_PAGE],
			['null', null],
			['undefined', undefined],
			['number', 42],
			['array', [1, 2]],
			['other JSON', { foo: 'bar' }],
		])('%s → nulls', (_label, body) => {
			expect(adapter.parseError(500, body)).toEqual({ code: null, message: null, resetAt: null });
		});
	});

	describe('job IDs are one path segment', () => {
		it('encodes / ? # % and spaces', () => {
			const path = adapter.statusRequest('a/b?c#d %e').path;
			expect(path.endsWith('/a%2Fb%3Fc%23d%20%25e')).toBe(true);
			expect(path.split('/').pop()).toBe('a%2Fb%3Fc%23d%20%25e');
		});
		it('refuses "" , "." and ".." (they cannot address a job)', () => {
			for (const id of ['', '.', '..']) expect(() => adapter.statusRequest(id)).toThrow(/cannot be used/);
		});
	});
}
