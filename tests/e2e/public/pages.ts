/** The public pages, each with the main heading it must show, in both languages. */
export interface PublicPage {
	name: string;
	path: string;
	lang: 'vi' | 'en';
	heading: string;
	status: number;
}

export const PUBLIC_PAGES: PublicPage[] = [
	{ name: 'home', path: '/', lang: 'vi', heading: 'Học kỹ năng số, từng bước một', status: 200 },
	{ name: 'home-en', path: '/en', lang: 'en', heading: 'Learn digital skills, one step at a time', status: 200 },
	{ name: 'privacy', path: '/privacy', lang: 'vi', heading: 'Thông báo về quyền riêng tư', status: 200 },
	{ name: 'privacy-en', path: '/en/privacy', lang: 'en', heading: 'Privacy notice', status: 200 },
	{ name: 'help', path: '/help', lang: 'vi', heading: 'Trợ giúp', status: 200 },
	{ name: 'help-en', path: '/en/help', lang: 'en', heading: 'Help', status: 200 },
	{ name: 'accessibility', path: '/accessibility', lang: 'vi', heading: 'Tuyên bố về khả năng tiếp cận', status: 200 },
	{ name: 'accessibility-en', path: '/en/accessibility', lang: 'en', heading: 'Accessibility statement', status: 200 },
	{ name: 'not-found', path: '/khong-co-trang-nay', lang: 'vi', heading: 'Không tìm thấy trang', status: 404 },
	{ name: 'not-found-en', path: '/en/no-such-page', lang: 'en', heading: 'Page not found', status: 404 }
];
