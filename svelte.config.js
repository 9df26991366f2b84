import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.svx'],
	preprocess: [vitePreprocess(), mdsvex({ extensions: ['.svx'] })],
	compilerOptions: {
		// mdsvex emits Svelte 4 syntax (`context="module"`, `$$props`): leave .svx and dependencies to decide for themselves.
		runes: ({ filename }) =>
			filename.endsWith('.svx') || filename.includes('node_modules') ? undefined : true
	},
	kit: {
		// Tests build into their own folder so a running demo keeps its files.
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: true }),
		// Browser tests build with test-only courses added (scripts/test-content.ts); nothing else sets this.
		alias: { $content: process.env.CONTENT_DIR ?? 'content' },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
