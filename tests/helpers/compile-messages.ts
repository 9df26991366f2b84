import { execFileSync } from 'node:child_process';

/**
 * Vitest runs without paraglide's Vite plugin (its watcher keeps vitest from exiting), so the
 * messages are compiled once before the tests, in a child process for the same reason.
 */
export default function setup() {
	execFileSync('npm', ['run', '--silent', 'messages'], { stdio: 'inherit' });
}
