// @ts-check
import path from 'node:path';
import { uneval } from 'devalue';
import { runnerImport } from 'vite';

/** The module that holds the course catalogue, built from the content folder with the server. */
export const CATALOG_MODULE = 'virtual:content-catalog';

/**
 * A Vite plugin that checks and builds the course catalogue once, when the server is built, into a
 * module of plain data: parsing YAML and checking schemas took half of every server start. In
 * development the module is made again whenever a file in the content folder changes.
 *
 * Plain JavaScript, because Vite loads it with its config, before it can load TypeScript; the
 * catalogue code itself comes in through Vite's module runner.
 *
 * @param {string} root the content folder
 * @returns {import('vite').Plugin}
 */
export function contentCatalogModule(root) {
	const resolved = `\0${CATALOG_MODULE}`;
	const folder = path.resolve(root);
	return {
		name: 'hocvuso-content-catalog',
		resolveId: (id) => (id === CATALOG_MODULE ? resolved : undefined),
		load: {
			filter: { id: new RegExp(`^\0${CATALOG_MODULE}$`) },
			async handler() {
				/** @type {{ module: typeof import('./files') }} */
				const { module } = await runnerImport(path.resolve('src/lib/server/content/files.ts'), { configFile: false, logLevel: 'warn' });
				return `export default ${uneval(module.catalogOfFolder(folder))};`;
			}
		},
		configureServer(server) {
			server.watcher.add(folder);
			server.watcher.on('all', (_event, file) => {
				if (!path.resolve(file).startsWith(`${folder}${path.sep}`)) return;
				for (const environment of Object.values(server.environments)) {
					const module = environment.moduleGraph.getModuleById(resolved);
					if (module) environment.moduleGraph.invalidateModule(module);
				}
			});
		}
	};
}
