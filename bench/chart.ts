/**
 * The bench's chart, drawn as SVG by hand and converted to PNG with rsvg-convert (librsvg) or
 * ImageMagick when one is installed — no chart library.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface ChartBar {
	key: string;
	/** Seconds; null = the contender failed. */
	wall: number | null;
	perJob: number;
	failed: boolean;
}

export interface ChartGroup {
	label: string;
	bars: ChartBar[];
}

const COLORS: Record<string, string> = { a: '#2e7d32', b1: '#c62828', b1r: '#f06292', b2: '#ef6c00', c: '#6a1b9a', d: '#607d8b' };

function esc(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes the SVG, then the PNG if a converter is found; returns whether the PNG was written. */
export function renderChart(groups: ChartGroup[], labels: Record<string, string>, svgPath: string, pngPath: string, subtitle: string): boolean {
	const width = 1200;
	const panelH = 300;
	const top = 70;
	const left = 70;
	const right = 20;
	const gap = 70;
	const height = top + 2 * panelH + gap + 110;
	const plotW = width - left - right;
	const groupW = plotW / Math.max(1, groups.length);
	const keys = ['a', 'b1', 'b1r', 'b2', 'c', 'd'];
	const parts: string[] = [];
	parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
	parts.push(`<rect width="100%" height="100%" fill="white"/>`);
	parts.push(`<text x="${left}" y="24" font-size="18" font-weight="bold">Waiting for a batch of video jobs: Video Poller vs what users run today</text>`);
	parts.push(`<text x="${left}" y="44" fill="#555">${esc(subtitle)}</text>`);

	const panel = (index: number, title: string, value: (b: ChartBar) => number | null, log: boolean, unit: string) => {
		const y0 = top + index * (panelH + gap);
		const values = groups.flatMap((g) => g.bars.map(value)).filter((v): v is number => v !== null && v > 0);
		const max = Math.max(1, ...values);
		const lo = log ? Math.min(0.5, ...values) : 0;
		const scale = (v: number) => (log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(max * 1.15) - Math.log10(lo)) : v / (max * 1.15));
		parts.push(`<text x="${left}" y="${y0 - 8}" font-size="14" font-weight="bold">${esc(title)}</text>`);
		// grid
		const ticks = log ? [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].filter((t) => t >= lo && t <= max * 1.15) : Array.from({ length: 6 }, (_, i) => (max * 1.15 * i) / 5);
		for (const t of ticks) {
			const y = y0 + panelH - scale(t) * panelH;
			parts.push(`<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
			parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#555">${t >= 10 || log ? Math.round(t * 10) / 10 : t.toFixed(1)}</text>`);
		}
		parts.push(`<text transform="translate(18 ${y0 + panelH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(unit)}</text>`);
		groups.forEach((g, gi) => {
			const gx = left + gi * groupW;
			const present = keys.filter((k) => g.bars.some((b) => b.key === k));
			const barW = (groupW * 0.8) / Math.max(1, present.length);
			present.forEach((k, bi) => {
				const bar = g.bars.find((b) => b.key === k)!;
				const x = gx + groupW * 0.1 + bi * barW;
				const v = value(bar);
				if (v === null) {
					parts.push(`<text x="${x + barW / 2}" y="${y0 + panelH - 6}" text-anchor="middle" fill="${COLORS[k]}" font-weight="bold">✗</text>`);
					return;
				}
				const h = Math.max(1, scale(v) * panelH);
				parts.push(`<rect x="${x + 1}" y="${y0 + panelH - h}" width="${barW - 2}" height="${h}" fill="${COLORS[k]}" opacity="${bar.failed ? 0.35 : 1}"/>`);
				parts.push(`<text x="${x + barW / 2}" y="${y0 + panelH - h - 3}" text-anchor="middle" font-size="10" fill="#333">${v >= 100 ? Math.round(v) : v.toFixed(1)}</text>`);
			});
			if (index === 1) parts.push(`<text x="${gx + groupW / 2}" y="${y0 + panelH + 18}" text-anchor="middle">${esc(g.label)}</text>`);
		});
		parts.push(`<line x1="${left}" x2="${width - right}" y1="${y0 + panelH}" y2="${y0 + panelH}" stroke="#333"/>`);
	};
	panel(0, 'Wall time until every job is known done (s, real; lower is better; ✗ = run failed)', (b) => b.wall, false, 'seconds');
	panel(1, 'Status requests per job (log scale; lower is better)', (b) => b.perJob, true, 'requests / job');
	// legend
	let ly = height - 46;
	let lx = left;
	for (const k of keys) {
		const w = 16 + (labels[k] ?? k).length * 6.6 + 18;
		if (lx + w > width - right) {
			lx = left;
			ly += 20;
		}
		parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[k]}"/>`);
		parts.push(`<text x="${lx + 16}" y="${ly}">${esc(labels[k] ?? k)}</text>`);
		lx += w;
	}
	parts.push('</svg>');
	writeFileSync(svgPath, parts.join('\n'));
	for (const [command, args] of [
		['rsvg-convert', ['-o', pngPath, svgPath]],
		['convert', [svgPath, pngPath]],
	] as const) {
		try {
			execFileSync(command, [...args], { stdio: 'ignore', timeout: 60_000 });
			return true;
		} catch {
			/* try the next converter */
		}
	}
	return false;
}
