/**
 * Assembles the content the browser tests build with: everything in content/ plus the test-only
 * courses and criteria of tests/fixtures/content, in one folder the build reads through CONTENT_DIR.
 *
 *   tsx scripts/test-content.ts [target]     (default .svelte-kit/test-content)
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const target = process.argv[2] ?? '.svelte-kit/test-content';
rmSync(target, { recursive: true, force: true });
cpSync('content', target, { recursive: true });
const fixtures = 'tests/fixtures/content/courses';
for (const course of readdirSync(fixtures)) {
	const destination = path.join(target, 'courses', course);
	if (existsSync(destination)) throw new Error(`Test course folder ${course} clashes with a course in content/`);
	cpSync(path.join(fixtures, course), destination, { recursive: true });
}
const criteria = 'tests/fixtures/content/criteria';
for (const criterion of readdirSync(criteria)) {
	const destination = path.join(target, 'criteria', criterion);
	if (existsSync(destination)) throw new Error(`Test criterion ${criterion} clashes with a criterion in content/`);
	cpSync(path.join(criteria, criterion), destination);
}
console.log(`Test content assembled in ${target}/.`);
