/**
 * Runtime configuration from the environment. Read through process.env (not $env) so the
 * command-line scripts, run outside SvelteKit, share it.
 */
import path from 'node:path';

export const DEFAULT_DATABASE_FILE = 'data/hocvuso.sqlite';
export const DEMO_DATABASE_FILE = 'data/demo.sqlite';

export function databaseUrl(): string {
	return process.env.DATABASE_URL || DEFAULT_DATABASE_FILE;
}

/** GSO code of the province this deployment serves (Phú Thọ in the demo). */
export function activeProvinceCode(): string {
	return process.env.PROVINCE_CODE || '25';
}

export function isDemoMode(): boolean {
	return process.env.DEMO === '1' || process.env.DEMO === 'true';
}

/** drizzle-kit writes migrations here; the server applies them at start. */
export function migrationsFolder(): string {
	return process.env.MIGRATIONS_DIR || path.resolve('drizzle');
}

/** The course content: `content/`, or the folder CONTENT_DIR names (the browser tests' copy). */
export function contentFolder(): string {
	return process.env.CONTENT_DIR ?? 'content';
}

/** Where `npm run build` writes the production build, and where the start command serves it from. */
export function buildFolder(): string {
	return process.env.BUILD_DIR || 'build';
}

/**
 * Whether this process does the server's background work (the standings refresh and the hourly
 * sweep). With several worker processes exactly one does (scripts/serve.ts); a lone process always does.
 */
export function runsBackgroundWork(): boolean {
	return process.env.BACKGROUND_WORK !== '0';
}
