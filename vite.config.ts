import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { enhancedImages } from '@sveltejs/enhanced-img';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { contentCatalogModule } from './src/lib/server/content/catalog-plugin.js';

export default defineConfig({
	plugins: [
		// Lesson pictures imported with ?enhanced: resized to several widths in AVIF/WebP at build time.
		enhancedImages(),
		sveltekit(),
		// The course catalogue, checked and built once here instead of at every server start.
		contentCatalogModule(process.env.CONTENT_DIR ?? 'content'),
		// Under vitest the messages are compiled by a global setup instead: this plugin's watcher
		// keeps vitest from exiting.
		process.env.VITEST
			? []
			: paraglideVitePlugin({
					project: './project.inlang',
					outdir: './src/lib/paraglide',
					strategy: ['url', 'cookie', 'baseLocale']
				})
	],
	server: {
		// Quiz answer keys live beside lessons; the dev server must never hand them out.
		fs: { deny: ['**/*.quiz.yaml'] }
	},
	test: {
		include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
		environment: 'node',
		// A few tests run the command-line scripts in a child process; on a busy machine that takes seconds.
		testTimeout: 30_000,
		globalSetup: ['tests/helpers/compile-messages.ts', 'tests/helpers/bundle-worker.ts'],
		env: { DATABASE_URL: ':memory:', BUILD_DIR: '.svelte-kit/vitest-build' }
	}
});
