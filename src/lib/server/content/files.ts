import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type CheckedCourse, type ContentFile, type ContentProblem, checkContent, checkSources } from './check';

/** Every file under the content folder, with paths relative to it ("courses/01-x/course.md"). */
export function readContentFiles(root: string, dir = ''): ContentFile[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = dir ? `${dir}/${entry.name}` : entry.name;
		return entry.isDirectory() ? readContentFiles(root, relative) : [{ path: relative, text: readFileSync(path.join(root, relative), 'utf8') }];
	});
}

/** Everything wrong with the content folder: schemas, cross-checks and unlisted URLs or numbers. */
export function checkContentFolder(root: string): { courses: CheckedCourse[]; problems: ContentProblem[] } {
	const files = readContentFiles(root);
	const { courses, problems } = checkContent(files);
	return { courses, problems: [...problems, ...checkSources(files, readFileSync(path.join(root, 'sources.yaml'), 'utf8'))] };
}
