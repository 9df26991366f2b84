import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The file in a build that holds the fingerprint of the content it was built from. */
export const CONTENT_FINGERPRINT_FILE = 'content.sha256';

/** A hash of every file's path and bytes under the content folder: equal exactly when nothing changed. */
export function contentFingerprint(root: string): string {
	const hash = createHash('sha256');
	const visit = (dir: string) => {
		for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const relative = dir ? `${dir}/${entry.name}` : entry.name;
			if (entry.isDirectory()) visit(relative);
			else hash.update(`${relative}\0`).update(readFileSync(path.join(root, relative))).update('\0');
		}
	};
	visit('');
	return hash.digest('hex');
}
