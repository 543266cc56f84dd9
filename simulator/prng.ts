/** Seeded pseudo-random numbers (mulberry32): the same seed gives the same ids and durations. */

export type Rand = () => number;

export function mulberry32(seed: number): Rand {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A number in [lo, hi). */
export function between(rand: Rand, lo: number, hi: number): number {
	return lo + rand() * (hi - lo);
}

export function hex(rand: Rand, length: number): string {
	let out = '';
	while (out.length < length) out += Math.floor(rand() * 16).toString(16);
	return out;
}

/** A version-4-shaped UUID drawn from the PRNG. */
export function uuid(rand: Rand): string {
	const h = hex(rand, 32).split('');
	h[12] = '4';
	h[16] = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	const s = h.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
