'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.Echo = void 0;
const { NodeOperationError } = require('n8n-workflow');

/**
 * Test-only node: echoes its input items with `echoed: true` and `message`; with `path` set, also
 * GETs {credential baseUrl}{path} through httpRequestWithAuthentication and adds the body as
 * `fetched`; with `fail`, throws a NodeOperationError.
 */
class Echo {
	constructor() {
		this.description = {
			displayName: 'Echo',
			name: 'echo',
			group: ['transform'],
			version: 1,
			description: 'Echoes items (test fixture)',
			defaults: { name: 'Echo' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'echoApi', required: false }],
			properties: [
				{ displayName: 'Message', name: 'message', type: 'string', default: 'hello' },
				{ displayName: 'Path', name: 'path', type: 'string', default: '' },
				{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const message = this.getNodeParameter('message', i);
			const path = this.getNodeParameter('path', i);
			if (this.getNodeParameter('fail', i)) {
				throw new NodeOperationError(this.getNode(), `echo failed: ${message}`, {
					itemIndex: i,
					description: 'the fixture was told to fail',
				});
			}
			const json = { ...items[i].json, echoed: true, message, workflowVersion: require('n8n-workflow/package.json').version };
			if (path) {
				const credentials = await this.getCredentials('echoApi', i);
				json.fetched = await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', {
					method: 'GET',
					url: String(credentials.baseUrl).replace(/\/$/, '') + path,
					json: true,
				});
			}
			out.push({ json, pairedItem: { item: i } });
		}
		return [out];
	}
}
exports.Echo = Echo;
