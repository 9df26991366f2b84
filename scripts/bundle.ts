/**
 * The last step of `npm run build`: bundles the start command and the certificate PDF worker into
 * plain JavaScript beside adapter-node's output, and records which course content went into the
 * build. A start then loads no TypeScript compiler and parses no course content twice.
 *
 *   tsx scripts/bundle.ts        (into $BUILD_DIR, or build)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CONTENT_FINGERPRINT_FILE, contentFingerprint } from '../src/lib/server/content/fingerprint';
import { buildFolder, contentFolder } from '../src/lib/server/config';

export const PROGRAMS = {
	start: 'scripts/start.ts',
	'pdf-worker': 'src/lib/server/certificates/pdf-worker.ts'
} as const;

/** Bundles the named programs into `outdir` as ES modules; npm packages stay imports of node_modules. */
export async function bundlePrograms(outdir: string, names: (keyof typeof PROGRAMS)[]): Promise<void> {
	await build({
		entryPoints: Object.fromEntries(names.map((name) => [name, PROGRAMS[name]])),
		outdir,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		// Code needed only sometimes (the demo's first seed) stays in chunks loaded when needed.
		splitting: true,
		chunkNames: 'start-chunks/[name]-[hash]',
		logLevel: 'warning'
	});
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('scripts/bundle.ts')) {
	const outdir = buildFolder();
	await bundlePrograms(outdir, ['start', 'pdf-worker']);
	writeFileSync(path.join(outdir, CONTENT_FINGERPRINT_FILE), `${contentFingerprint(contentFolder())}\n`);
	console.log(`Bundled the start command and the PDF worker into ${outdir}/.`);
}
