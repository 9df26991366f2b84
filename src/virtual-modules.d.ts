// Modules made by Vite plugins at build time (see vite.config.ts).
declare module 'virtual:content-catalog' {
	const catalog: import('$lib/server/content/catalog').Catalog;
	export default catalog;
}
