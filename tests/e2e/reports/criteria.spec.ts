import { createAccount, expect, expectAccessible, signIn, test } from '../support';

test('a manager reads the evaluation criteria, the shipped ones marked as examples', async ({ page }, testInfo) => {
	await signIn(page, await createAccount({ role: 'unit_manager' }));
	await page.goto('/me');
	await page.getByRole('link', { name: 'Tiêu chí đánh giá' }).click();
	const staff = page.getByRole('region', { name: /Cán bộ, công chức, viên chức hoàn thành bồi dưỡng kỹ năng số cơ bản năm 2026/ });
	await expect(staff).toContainText('Ví dụ minh họa');
	await expect(staff).toContainText('Nghị định 335/2025/NĐ-CP');
	await expect(staff.getByRole('link', { name: 'Kỹ năng số cho cán bộ, công chức' })).toBeVisible();
	await expect(staff).toContainText('31/12/2026');
	const residents = page.getByRole('region', { name: /Người dân từ 15 tuổi trở lên/ });
	await expect(residents).toContainText('hoàn thành ít nhất 1 trong các khóa');
	await expect(residents).toContainText('50% số người thuộc diện áp dụng');
	await expectAccessible(page);
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-criteria.png`, fullPage: true });
});
