/** Courses and lessons the browser tests walk through (real content plus tests/fixtures/content). */
export const SCAM_COURSE = {
	id: 'an-toan-thong-tin-phong-chong-lua-dao',
	title: 'An toàn thông tin và phòng chống lừa đảo trực tuyến',
	firstLesson: 'cac-chieu-lua-dao-thuong-gap',
	firstLessonTitle: 'Các chiêu lừa đảo thường gặp',
	secondLesson: 'gia-danh-cong-an-can-bo-thue'
};
export const IN_ORDER_COURSE = { id: 'khoa-thu-theo-thu-tu', lessons: ['bai-mot', 'bai-hai', 'bai-ba'] };
export const DRAFT_COURSE = { id: 'khoa-thu-ban-nhap', lesson: 'bai-nhap' };
