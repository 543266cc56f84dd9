'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.EchoApi = void 0;

class EchoApi {
	constructor() {
		this.name = 'echoApi';
		this.displayName = 'Echo API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://echo.invalid' },
		];
		this.authenticate = {
			type: 'generic',
			properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
		};
	}
}
exports.EchoApi = EchoApi;
