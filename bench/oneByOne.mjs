// Contender (c): how n8n's built-in video nodes wait — one item after another, a fixed sleep.
// A faithful copy of pollUntilAvailable() in @n8n/n8n-nodes-langchain (OpenAI "Generate
// Video", interval 10 s): request, then sleep the interval whatever the answer, until the
// check passes; items in order. Same axios as the package, only 127.0.0.1.
//
//   node bench/oneByOne.mjs <benchUrl> <statusUrlPrefix> <authHeaderName> <authHeaderValue> <intervalMs> <timeoutMs>
import axios from 'axios';

const [benchUrl, statusPrefix, headerName, headerValue, intervalText, timeoutText] = process.argv.slice(2);
const intervalMs = Number(intervalText);
const timeoutMs = Number(timeoutText);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const http = axios.create({ headers: { [headerName]: headerValue }, validateStatus: () => true, timeout: 60_000 });

const { data: jobs } = await http.post(`${benchUrl}/batch`);
const done = (body) => body && (body.status === 'completed' || body.status === 'failed');
for (const job of jobs) {
	const startTime = Date.now();
	let response;
	// bounded: at most timeoutMs / intervalMs tries per item (the built-in node's timeout)
	while (!response || !done(response)) {
		if (Date.now() - startTime >= timeoutMs) throw new Error(`Timeout reached for ${job.id}`);
		const answer = await http.get(`${statusPrefix}${encodeURIComponent(job.id)}`);
		// the built-in node's request helper throws on any error status: the item (and run) fails
		if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for ${job.id}`);
		response = answer.data;
		await sleep(intervalMs);
	}
}
await http.post(`${benchUrl}/done`);
