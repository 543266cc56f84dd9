/** Fault bookkeeping: counters consumed one per request (see Faults in types.ts). */
import type { Faults } from './types';

export interface FaultState {
	scope: 'status' | 'any';
	rateLimit: { count: number; retryAfterSeconds: number };
	serverErrors: { count: number; status: 500 | 502 | 503 };
	slow: { count: number; ms: number };
	drop: number;
	html: { count: number; status: 200 | 502 };
	unknownStatus: { count: number; word: string };
	expiredUrl: boolean | 'gone';
	/** The next n signed links issued for the job are already expired (then fresh ones). */
	expiredLinks: number;
	/** Infinity = until cleared. */
	notImplemented: number;
	otherTeam: boolean;
}

export type TransientFault =
	| { type: 'drop' }
	| { type: 'rateLimit'; retryAfterSeconds: number }
	| { type: 'serverError'; status: 500 | 502 | 503 }
	| { type: 'html'; status: 200 | 502 };

export function emptyFaults(): FaultState {
	return {
		scope: 'status',
		rateLimit: { count: 0, retryAfterSeconds: 1 },
		serverErrors: { count: 0, status: 500 },
		slow: { count: 0, ms: 0 },
		drop: 0,
		html: { count: 0, status: 502 },
		unknownStatus: { count: 0, word: 'rendering' },
		expiredUrl: false,
		expiredLinks: 0,
		notImplemented: 0,
		otherTeam: false,
	};
}

function count(value: unknown, name: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
		throw new Error(`faults.${name}: expected a non-negative integer count, got ${JSON.stringify(value)}`);
	}
	return value;
}

function oneOf<T>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
	if (value === undefined) return fallback;
	if (!allowed.includes(value as T)) throw new Error(`faults.${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
	return value as T;
}

/** Validate (it may come from JSON) and turn into counters. Throws on a malformed value. */
export function toFaultState(input: Faults | undefined): FaultState {
	const s = emptyFaults();
	if (input === undefined || input === null) return s;
	if (typeof input !== 'object') throw new Error('faults: expected an object');
	const known = new Set(['scope', 'rateLimit', 'serverErrors', 'slowMs', 'drop', 'html', 'unknownStatus', 'expiredUrl', 'expiredLinks', 'notImplemented', 'otherTeam']);
	for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`faults: unknown fault "${key}"`);

	s.scope = oneOf(input.scope, ['status', 'any'] as const, 'status', 'scope');
	const rl = input.rateLimit;
	if (typeof rl === 'number') s.rateLimit.count = count(rl, 'rateLimit');
	else if (rl !== undefined) {
		s.rateLimit.count = count(rl.count, 'rateLimit.count');
		if (rl.retryAfterSeconds !== undefined) {
			if (typeof rl.retryAfterSeconds !== 'number' || !(rl.retryAfterSeconds > 0)) throw new Error('faults.rateLimit.retryAfterSeconds: expected a positive number');
			s.rateLimit.retryAfterSeconds = rl.retryAfterSeconds;
		}
	}
	const se = input.serverErrors;
	if (typeof se === 'number') s.serverErrors.count = count(se, 'serverErrors');
	else if (se !== undefined) {
		s.serverErrors.count = count(se.count, 'serverErrors.count');
		s.serverErrors.status = oneOf(se.status, [500, 502, 503] as const, 500, 'serverErrors.status');
	}
	if (input.slowMs !== undefined) {
		s.slow.count = count(input.slowMs.count, 'slowMs.count');
		s.slow.ms = count(input.slowMs.ms, 'slowMs.ms');
	}
	if (input.drop !== undefined) s.drop = count(input.drop, 'drop');
	const html = input.html;
	if (typeof html === 'number') s.html.count = count(html, 'html');
	else if (html !== undefined) {
		s.html.count = count(html.count, 'html.count');
		s.html.status = oneOf(html.status, [200, 502] as const, 502, 'html.status');
	}
	if (input.unknownStatus !== undefined) {
		s.unknownStatus.count = count(input.unknownStatus.count, 'unknownStatus.count');
		if (typeof input.unknownStatus.word !== 'string' || input.unknownStatus.word === '') throw new Error('faults.unknownStatus.word: expected a string');
		s.unknownStatus.word = input.unknownStatus.word;
	}
	s.expiredUrl = oneOf(input.expiredUrl, [true, false, 'gone'] as const, false, 'expiredUrl');
	if (input.expiredLinks !== undefined) s.expiredLinks = count(input.expiredLinks, 'expiredLinks');
	const ni = input.notImplemented;
	s.notImplemented = ni === true ? Infinity : ni === false || ni === undefined ? 0 : count(ni, 'notImplemented');
	s.otherTeam = oneOf(input.otherTeam, [true, false] as const, false, 'otherTeam');
	return s;
}

/** What is still pending, in the Faults shape. */
export function describeFaults(s: FaultState): Faults {
	const f: Faults = {};
	if (s.scope !== 'status') f.scope = s.scope;
	if (s.rateLimit.count) f.rateLimit = { ...s.rateLimit };
	if (s.serverErrors.count) f.serverErrors = { ...s.serverErrors };
	if (s.slow.count) f.slowMs = { ...s.slow };
	if (s.drop) f.drop = s.drop;
	if (s.html.count) f.html = { ...s.html };
	if (s.unknownStatus.count) f.unknownStatus = { ...s.unknownStatus };
	if (s.expiredUrl) f.expiredUrl = s.expiredUrl;
	if (s.expiredLinks) f.expiredLinks = s.expiredLinks;
	if (s.notImplemented) f.notImplemented = s.notImplemented === Infinity ? true : s.notImplemented;
	if (s.otherTeam) f.otherTeam = true;
	return f;
}

/** `account`: key checks such as a model list or a balance (what the n8n credential tests call). */
export type RequestKind = 'status' | 'content' | 'create' | 'account';

export function appliesTo(s: FaultState, kind: RequestKind): boolean {
	return kind === 'status' || s.scope === 'any';
}

/** Milliseconds to wait (0 = none), consuming one slowMs from the first state that has one. */
export function takeSlow(states: FaultState[]): number {
	for (const s of states) {
		if (s.slow.count > 0) {
			s.slow.count--;
			return s.slow.ms;
		}
	}
	return 0;
}

export function takeTransient(states: FaultState[]): TransientFault | undefined {
	for (const s of states) {
		if (s.drop > 0) {
			s.drop--;
			return { type: 'drop' };
		}
		if (s.rateLimit.count > 0) {
			s.rateLimit.count--;
			return { type: 'rateLimit', retryAfterSeconds: s.rateLimit.retryAfterSeconds };
		}
		if (s.serverErrors.count > 0) {
			s.serverErrors.count--;
			return { type: 'serverError', status: s.serverErrors.status };
		}
		if (s.html.count > 0) {
			s.html.count--;
			return { type: 'html', status: s.html.status };
		}
	}
	return undefined;
}

export function takeUnknownStatus(states: FaultState[]): string | undefined {
	for (const s of states) {
		if (s.unknownStatus.count > 0) {
			s.unknownStatus.count--;
			return s.unknownStatus.word;
		}
	}
	return undefined;
}

export function takeNotImplemented(s: FaultState): boolean {
	if (s.notImplemented <= 0) return false;
	s.notImplemented--; // Infinity stays Infinity
	return true;
}
