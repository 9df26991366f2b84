import type { TestProject } from 'vitest/node';
import { bundlePrograms } from '../../scripts/bundle';

/**
 * Large certificate exports render in worker threads started from the build's bundled worker;
 * the unit tests bundle a fresh one into their own BUILD_DIR (vite.config.ts), never a stale build's.
 */
export default async function setup(project: TestProject) {
	await bundlePrograms(project.config.env.BUILD_DIR!, ['pdf-worker']);
}
