import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under the content folder, as paths relative to it ("courses/01-x/course.md"). */
export function contentFilePaths(root: string, dir = ''): string[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = dir ? `${dir}/${entry.name}` : entry.name;
		return entry.isDirectory() ? contentFilePaths(root, relative) : [relative];
	});
}

/** The file in a build that holds the fingerprint of the content it was built from. */
export const CONTENT_FINGERPRINT_FILE = 'content.sha256';

/** A hash of every file's path and bytes under the content folder: equal exactly when nothing changed. */
export function contentFingerprint(root: string): string {
	const hash = createHash('sha256');
	for (const relative of contentFilePaths(root).sort()) hash.update(`${relative}\0`).update(readFileSync(path.join(root, relative))).update('\0');
	return hash.digest('hex');
}
