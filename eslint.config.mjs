// ESLint flat config. It reproduces @n8n/node-cli 0.48's own setup (`n8n-node lint`, see
// dist/configs/eslint.js in its npm tarball) from the same pieces, because node-cli itself does
// not install on Node 20:
//   - every TypeScript file: @eslint/js + typescript-eslint recommended, import-x (TypeScript
//     resolver), `prefer-spread: off`, `no-console: error`;
//   - n8n's own rules only where n8n looks: @n8n/eslint-plugin-community-nodes (recommended) on
//     nodes/, credentials/ and package.json, eslint-plugin-n8n-nodes-base `community` rules on
//     package.json, `credentials` rules on credentials/, `nodes` rules on nodes/ (with the rules
//     node-cli switches off also switched off here).
// One deliberate difference: the package has exactly two runtime dependencies, zod and axios.
// The community rules that forbid runtime dependencies and imports of packages n8n does not
// provide are kept, but relaxed for those two names only (see RUNTIME_DEPENDENCIES below); any
// other dependency or import is still an error.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

/** The only packages allowed in package.json "dependencies" (and importable from nodes/credentials). */
const RUNTIME_DEPENDENCIES = ['zod', 'axios'];

/** Where console output is the point: the CLI, the provider simulator, scripts, benchmarks, tests. */
const CONSOLE_ALLOWED = ['src/cli/**', 'simulator/**', 'scripts/**', 'bench/**', 'test/**', 'n8n-host/**'];

const N8N_TS_FILES = ['nodes/**/*.ts', 'credentials/**/*.ts'];

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;
const communityRules = n8nCommunityNodesPlugin.rules;

// ---------------------------------------------------------------------------------------------
// The two relaxed community rules.

const jsonKeyName = (key) => (key.type === 'Literal' ? String(key.value) : key.type === 'Identifier' ? key.name : null);

/** `@n8n/community-nodes/no-runtime-dependencies`, but the listed packages may stay in "dependencies". */
const noRuntimeDependenciesExcept = {
	meta: {
		type: 'problem',
		docs: {
			description:
				'Disallow runtime "dependencies" in package.json other than the allowed ones (@n8n/community-nodes/no-runtime-dependencies, relaxed for an explicit list)',
		},
		messages: {
			runtimeDependencyForbidden:
				'Runtime dependency "{{ name }}" is not allowed: only {{ allowed }} may be listed in "dependencies". Runtime dependencies get bundled into the n8n instance and can conflict with other nodes or n8n itself; move it to "peerDependencies" or bundle it into the build.',
			dependenciesNotObject: '"dependencies" must be an object.',
		},
		schema: [
			{
				type: 'object',
				properties: { allow: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
				additionalProperties: false,
			},
		],
	},
	create(context) {
		if (!context.filename.endsWith('package.json')) return {};
		const allow = new Set(context.options[0]?.allow ?? []);
		return {
			ObjectExpression(node) {
				if (node.parent?.type !== 'ExpressionStatement') return;
				const deps = node.properties.find((p) => p.type === 'Property' && jsonKeyName(p.key) === 'dependencies');
				if (!deps) return;
				if (deps.value.type !== 'ObjectExpression') {
					context.report({ node: deps, messageId: 'dependenciesNotObject' });
					return;
				}
				for (const prop of deps.value.properties) {
					const name = prop.type === 'Property' ? jsonKeyName(prop.key) : null;
					if (name !== null && allow.has(name)) continue;
					context.report({
						node: prop,
						messageId: 'runtimeDependencyForbidden',
						data: { name: name ?? '?', allowed: [...allow].map((n) => `"${n}"`).join(' and ') },
					});
				}
			},
		};
	},
};

/** npm package name of an import specifier ('axios/lib/x' → 'axios', '@a/b/c' → '@a/b'). */
const packageNameOf = (specifier) =>
	specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

/**
 * `@n8n/community-nodes/no-restricted-imports` unchanged, except that imports of the allowed
 * runtime dependencies are not reported. The original rule runs; only its reports are filtered.
 */
const noRestrictedImportsExcept = (() => {
	const original = communityRules['no-restricted-imports'];
	return {
		...original,
		meta: {
			...original.meta,
			docs: {
				...original.meta.docs,
				description: `${original.meta.docs.description} (relaxed for the package's own runtime dependencies)`,
			},
			schema: [
				{
					type: 'object',
					properties: { allow: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
					additionalProperties: false,
				},
			],
		},
		defaultOptions: [],
		create(context) {
			const allow = new Set(context.options[0]?.allow ?? []);
			const filtered = Object.create(context, {
				options: { value: [] },
				report: {
					value(descriptor) {
						const modulePath = descriptor.data?.modulePath;
						if (typeof modulePath === 'string' && allow.has(packageNameOf(modulePath))) return;
						context.report(descriptor);
					},
				},
			});
			return original.create(filtered);
		},
	};
})();

const localPlugin = {
	meta: { name: 'video-poller-local' },
	rules: {
		'no-runtime-dependencies-except': noRuntimeDependenciesExcept,
		'no-restricted-imports-except': noRestrictedImportsExcept,
	},
};

/** The community recommended rules, with the two relaxed rules swapped for the local variants. */
const communityRulesRelaxed = {
	...communityRecommended.rules,
	'@n8n/community-nodes/no-runtime-dependencies': 'off',
	'@n8n/community-nodes/no-restricted-imports': 'off',
	'local/no-runtime-dependencies-except': ['error', { allow: RUNTIME_DEPENDENCIES }],
	'local/no-restricted-imports-except': ['error', { allow: RUNTIME_DEPENDENCIES }],
};

const communityPlugins = { ...communityRecommended.plugins, local: localPlugin };

// ---------------------------------------------------------------------------------------------

// Globals of the running Node.js for plain JavaScript files (build/test scripts, configs).
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

// import-x's TypeScript preset without its legacy resolver setting (the resolver-next one below is used).
const importXTypeScriptSettings = { ...importX.flatConfigs.typescript.settings };
delete importXTypeScriptSettings['import-x/resolver'];

export default defineConfig(
	globalIgnores(['dist/', 'coverage/', '**/node_modules/', 'test/compat/node_modules/', 'test-artifacts/', '.tmp/'], 'ignored paths'),

	{
		name: 'typescript',
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, importX.flatConfigs.recommended],
		settings: importXTypeScriptSettings,
		rules: {
			// TypeScript already checks named imports.
			'import-x/named': 'off',
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},

	{
		name: 'javascript',
		files: ['**/*.{js,mjs,cjs}'],
		extends: [js.configs.recommended],
		languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
		rules: { 'no-console': 'error' },
	},
	{
		name: 'javascript (CommonJS)',
		files: ['**/*.{js,cjs}'],
		ignores: ['**/*.mjs'],
		languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
	},

	{
		name: 'plugins and import resolution',
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: 'tsconfig.json' })],
		},
	},

	{
		name: 'n8n community rules: nodes and credentials',
		files: N8N_TS_FILES,
		plugins: communityPlugins,
		rules: communityRulesRelaxed,
	},

	{
		name: 'n8n community rules: package.json',
		files: ['package.json'],
		plugins: communityPlugins,
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		rules: {
			...communityRulesRelaxed,
			...n8nNodesBase.configs.community.rules,
		},
	},

	{
		name: 'n8n-nodes-base: credentials',
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},

	{
		name: 'n8n-nodes-base: nodes',
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},

	{
		// Test code drives n8n's untyped internals (run data, modules loaded at run time).
		name: 'tests and harnesses',
		files: ['test/**/*.ts', 'n8n-host/**/*.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},

	{
		name: 'console allowed',
		files: CONSOLE_ALLOWED,
		rules: { 'no-console': 'off' },
	},
);
