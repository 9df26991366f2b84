/**
 * Parts of Vietnamese names for generated demo learners. Combined at random, they make
 * fictional people; no list of real people was used.
 */
export const FAMILY_NAMES = [
	'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng',
	'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Hà', 'Kiều', 'Triệu'
];

export const MIDDLE_NAMES = {
	female: ['Thị', 'Thị', 'Ngọc', 'Thu', 'Minh', 'Thanh', 'Hồng', 'Kim', 'Bảo', 'Diệu'],
	male: ['Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Công', 'Trọng', 'Bá']
};

export const GIVEN_NAMES = {
	female: [
		'Lan', 'Hoa', 'Hương', 'Mai', 'Hằng', 'Thảo', 'Trang', 'Linh', 'Nhung', 'Yến',
		'Ngân', 'Phương', 'Huyền', 'Loan', 'Thủy', 'Vân', 'Hạnh', 'Oanh', 'Liên', 'Duyên'
	],
	male: [
		'Hùng', 'Dũng', 'Tuấn', 'Nam', 'Sơn', 'Hải', 'Long', 'Phúc', 'Thắng', 'Toàn',
		'Khánh', 'Đức', 'Hiếu', 'Quân', 'Tâm', 'Trung', 'Bình', 'Cường', 'Vinh', 'Lộc'
	]
};

export const HAMLETS = ['Thôn 1', 'Thôn 2', 'Thôn 3', 'Thôn 5', 'Xóm Trên', 'Xóm Dưới', 'Tổ dân phố 2', 'Tổ dân phố 4', 'Khu 6', 'Khu 8'];
