// `npm start` and `npm run demo`: runs the start command that `npm run build` bundled into plain
// JavaScript (scripts/bundle.ts), so starting loads no TypeScript compiler.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = path.resolve(process.env.BUILD_DIR || 'build', 'start.js');
if (!existsSync(entry)) {
	console.error(`There is no production build in ${path.dirname(entry)}/: run "npm run build" first.`);
	process.exit(1);
}
await import(pathToFileURL(entry).href);
