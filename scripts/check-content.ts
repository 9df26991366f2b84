/**
 * Checks the course content (npm run build and the start command run this first):
 *
 *   tsx scripts/check-content.ts [content-folder]     (default $CONTENT_DIR or content)
 *
 * Prints every problem as "file: field: expected …" and exits 1 when there is any.
 */
import { formatProblem } from '../src/lib/server/content/check';
import { checkContentFolder } from '../src/lib/server/content/files';
import { contentFolder } from '../src/lib/server/config';

const root = process.argv[2] ?? contentFolder();
const { courses, problems } = checkContentFolder(root);
if (problems.length > 0) {
	console.error(`The course content in ${root}/ has ${problems.length} problem(s):`);
	for (const problem of problems) console.error(`  ${root}/${formatProblem(problem)}`);
	process.exit(1);
}
console.log(`Course content checked: ${courses.length} courses, ${courses.reduce((n, c) => n + c.lessons.length, 0)} lessons.`);
