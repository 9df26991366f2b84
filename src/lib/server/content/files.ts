import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Catalog, buildCatalog } from './catalog';
import { contentFilePaths } from './fingerprint';
import { type CheckedCourse, type ContentFile, type ContentProblem, checkContent, checkSources } from './check';

const PICTURE = /\.(png|jpe?g|webp|gif|svg)$/i;

/** Every file under the content folder, with paths relative to it ("courses/01-x/course.md"). */
export function readContentFiles(root: string): ContentFile[] {
	// Pictures take part by name only: their bytes are no text to check.
	return contentFilePaths(root).map((relative) => ({ path: relative, text: PICTURE.test(relative) ? '' : readFileSync(path.join(root, relative), 'utf8') }));
}

/** Everything wrong with the content folder: schemas, cross-checks and unlisted URLs or numbers. */
export function checkContentFolder(root: string): { courses: CheckedCourse[]; problems: ContentProblem[] } {
	const files = readContentFiles(root);
	const { courses, problems } = checkContent(files);
	return { courses, problems: [...problems, ...checkSources(files, readFileSync(path.join(root, 'sources.yaml'), 'utf8'))] };
}

/** The course catalogue of a content folder, after the same checks as the build. */
export function catalogOfFolder(root: string): Catalog {
	return buildCatalog(readContentFiles(root));
}
