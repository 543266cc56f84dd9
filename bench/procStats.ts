/**
 * CPU time and resident memory of another process (and its children: n8n may start a task
 * runner), read from /proc. Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const PAGE_BYTES = 4096;

interface Stat {
	pid: number;
	ppid: number;
	/** utime + stime, seconds. */
	cpu: number;
	rssBytes: number;
}

function readStat(pid: number): Stat | null {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm may hold spaces and parentheses: fields start after the last ')'
		const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
		// rest[0] = state (field 3) → field n is rest[n - 3]
		return {
			pid,
			ppid: Number(rest[1]),
			cpu: (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND,
			rssBytes: Number(rest[21]) * PAGE_BYTES,
		};
	} catch {
		return null;
	}
}

function allPids(): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number);
}

/** The first process whose command line contains every one of `parts`, or null. */
export function findProcess(parts: string[]): number | null {
	for (const pid of allPids()) {
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
			if (parts.every((p) => cmd.includes(p))) return pid;
		} catch {
			/* gone */
		}
	}
	return null;
}

export interface Usage {
	/** The whole tree. */
	cpuSeconds: number;
	/** The root process alone (n8n's main process, where the nodes run). */
	rootCpuSeconds: number;
	rssBytes: number;
	/** Processes counted (the root and its descendants). */
	processes: number;
}

/**
 * Samples a process tree. `sample()` is cheap (reads the known pids); the descendant list is
 * refreshed every `rescanMs`. CPU of a child that has already exited is not counted: the n8n
 * processes measured here live for the whole run.
 */
export class TreeSampler {
	private pids: number[];
	private lastScan = 0;
	peakRss = 0;
	last: Usage = { cpuSeconds: 0, rootCpuSeconds: 0, rssBytes: 0, processes: 0 };

	constructor(
		readonly root: number,
		private readonly rescanMs = 1000,
	) {
		this.pids = [root];
	}

	private rescan(): void {
		const stats = allPids()
			.map(readStat)
			.filter((s): s is Stat => s !== null);
		const tree = new Set([this.root]);
		// bounded: a tree cannot be deeper than the number of processes
		for (let pass = 0; pass < stats.length; pass++) {
			let grew = false;
			for (const s of stats) {
				if (!tree.has(s.pid) && tree.has(s.ppid)) {
					tree.add(s.pid);
					grew = true;
				}
			}
			if (!grew) break;
		}
		this.pids = [...tree];
	}

	sample(): Usage | null {
		const now = Date.now();
		if (now - this.lastScan >= this.rescanMs) {
			this.lastScan = now;
			this.rescan();
		}
		const stats = this.pids.map(readStat).filter((s): s is Stat => s !== null);
		if (!stats.some((s) => s.pid === this.root)) return null;
		const usage = {
			cpuSeconds: stats.reduce((sum, s) => sum + s.cpu, 0),
			rootCpuSeconds: stats.find((s) => s.pid === this.root)!.cpu,
			rssBytes: stats.reduce((sum, s) => sum + s.rssBytes, 0),
			processes: stats.length,
		};
		this.last = usage;
		this.peakRss = Math.max(this.peakRss, usage.rssBytes);
		return usage;
	}
}
