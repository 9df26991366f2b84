import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/password';

const folder = mkdtempSync(path.join(tmpdir(), 'hocvuso-create-admin-'));
const databaseFile = path.join(folder, 'hocvuso.sqlite');

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function createAdmin(args: string[], password: string | null) {
	const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: databaseFile, LANG: 'C.UTF-8', PROVINCE_CODE: '25' };
	if (password === null) delete env.ADMIN_PASSWORD;
	else env.ADMIN_PASSWORD = password;
	// stdin is a pipe, not a terminal: without ADMIN_PASSWORD the command cannot ask.
	const run = spawnSync('node_modules/.bin/tsx', ['scripts/create-admin.ts', ...args], { encoding: 'utf8', env, timeout: 60_000 });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const query = <T>(sql: string, ...params: unknown[]): T[] => {
	const db = new Database(databaseFile, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
};

describe('npm run create-admin', { timeout: 60_000 }, () => {
	it('creates a system admin of the province in a new database, with an audit row', async () => {
		const run = createAdmin(['--username', 'QuanTri.Tinh', '--name', ' Lê  Văn Quản '], 'mot cau mat khau dai');
		expect(run).toMatchObject({ status: 0, stderr: '' });
		expect(run.stdout).toContain('Đã nạp bản đồ hành chính chính thức: 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu.');
		expect(run.stdout).toContain('Đã tạo quản trị hệ thống quantri.tinh (Lê Văn Quản) cho Tỉnh Phú Thọ.');

		const [person] = query<{ id: number; full_name: string; search_name: string; password_hash: string; must_change_password: number }>(
			"SELECT * FROM people WHERE username = 'quantri.tinh'"
		);
		expect(person).toMatchObject({ full_name: 'Lê Văn Quản', search_name: 'le van quan', must_change_password: 0 });
		expect(await verifyPassword(person!.password_hash, 'mot cau mat khau dai')).toBe(true);
		expect(
			query('SELECT g.role, p.code AS province, g.commune_id, g.agency_id, g.revoked_at FROM role_grants g JOIN provinces p ON p.id = g.province_id WHERE g.person_id = ?', person!.id)
		).toEqual([{ role: 'system_admin', province: '25', commune_id: null, agency_id: null, revoked_at: null }]);
		expect(query("SELECT actor_id, target_type, target_id FROM audit_log WHERE action = 'auth.admin_created'")).toEqual([
			{ actor_id: null, target_type: 'person', target_id: String(person!.id) }
		]);
	});

	it('refuses a weak password and says why, creating nothing', () => {
		const short = createAdmin(['--username', 'admin.hai', '--name', 'Trần Hai'], 'ngan');
		expect(short.status).toBe(1);
		expect(short.stderr.trim()).toBe('Chưa tạo tài khoản. Mật khẩu cần ít nhất 8 ký tự.');
		const common = createAdmin(['--username', 'admin.hai', '--name', 'Trần Hai', '--lang', 'en'], 'password123');
		expect(common.status).toBe(1);
		expect(common.stderr.trim()).toBe('No account was created. This password is too common and easy to guess. Please choose another.');
		expect(query("SELECT id FROM people WHERE username = 'admin.hai'")).toEqual([]);
	});

	it('refuses a username that exists', () => {
		const run = createAdmin(['--username', 'quantri.tinh', '--name', 'Người Khác'], 'mot cau mat khau khac');
		expect(run.status).toBe(1);
		expect(run.stderr.trim()).toBe('Chưa tạo tài khoản. Tên đăng nhập quantri.tinh đã có người dùng.');
		expect(query("SELECT full_name FROM people WHERE username = 'quantri.tinh'")).toEqual([{ full_name: 'Lê Văn Quản' }]);
		expect(query("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.admin_created'")).toEqual([{ n: 1 }]);
	});

	it('exits 2 with the usage when an argument is missing or unknown', () => {
		for (const args of [[], ['--username', 'admin.ba'], ['--username', 'admin.ba', '--name', 'Ba', '--role', 'x']]) {
			const run = createAdmin(args, 'mot cau mat khau dai');
			expect(run.status, args.join(' ')).toBe(2);
			expect(run.stderr).toMatch(/^Cách dùng: npm run create-admin -- --username/);
		}
	});

	it('exits 2 when there is no password and no terminal to ask for one', () => {
		const run = createAdmin(['--username', 'admin.ba', '--name', 'Ba'], null);
		expect(run.status).toBe(2);
		expect(run.stderr.trim()).toBe('Không có mật khẩu: hãy đặt biến môi trường ADMIN_PASSWORD, hoặc chạy lệnh trong cửa sổ dòng lệnh để gõ mật khẩu.');
	});
});
