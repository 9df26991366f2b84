import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccount, e2eDatabase, expect, signIn, test } from '../support';
import { answerQuiz, finalQuiz } from './quiz-helpers';

const STRICT = { id: 'khoa-thu-kiem-tra', title: 'Khóa thử bài kiểm tra' };

/** The verification command as a verifier runs it, on files saved from the browser. */
const verify = (...args: string[]) => spawnSync('node_modules/.bin/tsx', ['scripts/verify-credential.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

test('a learner downloads an Open Badges credential that verifies against the published keys; its status follows a revocation', async ({ page, browser, baseURL }) => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'credential-e2e-'));
	try {
		const learner = await createAccount({ role: 'learner', commune: '08515', fullName: 'Trần Văn Đức', phone: '+84987654321' });
		e2eDatabase().prepare('UPDATE people SET birth_year = 1957 WHERE id = ?').run(learner.id);
		await signIn(page, learner);
		await page.goto(`/courses/${STRICT.id}/quiz`);
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await answerQuiz(page, finalQuiz(STRICT.id), 'right');
		await page.getByRole('button', { name: 'Nộp bài' }).click();
		// The result page, with its download link, says the certificate exists.
		await expect(page.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' })).toBeVisible();
		const code = (e2eDatabase().prepare('SELECT code FROM certificates WHERE person_id = ?').get(learner.id) as { code: string }).code;

		// From "My learning", next to the PDF.
		await page.goto('/me');
		const done = page.getByRole('region', { name: 'Đã hoàn thành' });
		await expect(done.getByRole('link', { name: /^Tải giấy chứng nhận \(PDF\)/ })).toBeVisible();
		const [download] = await Promise.all([page.waitForEvent('download'), done.getByRole('link', { name: /^Tải chứng chỉ số \(Open Badges\)/ }).click()]);
		expect(download.suggestedFilename()).toBe(`chung-chi-so-${code.slice(0, 5)}-${code.slice(5)}.json`);
		const credentialPath = path.join(dir, 'credential.json');
		await download.saveAs(credentialPath);
		const saved = readFileSync(credentialPath, 'utf8');
		const file = JSON.parse(saved);
		expect(file.jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(file.credential).toMatchObject({
			id: `${baseURL}/verify/${code}`,
			type: ['VerifiableCredential', 'OpenBadgeCredential'],
			credentialSubject: { identifier: [{ identityType: 'name', hashed: false, identityHash: 'Trần Văn Đức' }], achievement: { name: STRICT.title } },
			credentialStatus: { id: `${baseURL}/credentials/status/${code}`, type: '1EdTechRevocationList' }
		});
		for (const personal of ['987654321', '1957', learner.username]) expect(saved).not.toContain(personal);

		// The key set anyone can fetch, retired keys included.
		const jwksResponse = await page.request.get('/.well-known/jwks.json');
		expect(jwksResponse.status()).toBe(200);
		expect(jwksResponse.headers()['content-type']).toBe('application/jwk-set+json');
		expect(jwksResponse.headers()['cache-control']).toBe('public, max-age=3600');
		const jwks = await jwksResponse.json();
		expect(jwks.keys.length).toBeGreaterThan(0);
		for (const key of jwks.keys) expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.stringMatching(new RegExp(`^${baseURL}/\\.well-known/jwks\\.json#hvs-`)), alg: 'EdDSA', use: 'sig' });
		const jwksPath = path.join(dir, 'jwks.json');
		writeFileSync(jwksPath, JSON.stringify(jwks));

		const checked = verify(credentialPath, '--jwks', jwksPath);
		expect(checked.status, checked.stdout + checked.stderr).toBe(0);
		expect(checked.stdout).toContain('VALID: signed by');
		expect(checked.stdout).toContain('Holder: Trần Văn Đức');
		expect(checked.stdout).toContain('Revocation status: not checked offline');

		// Someone else cannot download it.
		const other = await (await browser.newContext({ baseURL })).newPage();
		await signIn(other, await createAccount({ role: 'learner', commune: '08515' }));
		expect((await other.request.get(`/certificates/${code}/credential`)).status()).toBe(404);

		// Its status, public: valid now; unknown codes answer 404 in JSON.
		const guest = await (await browser.newContext({ baseURL })).newPage();
		const status = async () => {
			const response = await guest.request.get(`/credentials/status/${code}`);
			expect(response.status()).toBe(200);
			expect(response.headers()['cache-control']).toBe('no-store');
			return (await response.json()).revokedCredentials[0];
		};
		expect(await status()).toEqual({ id: `${baseURL}/verify/${code}`, revoked: false });
		const unknown = await guest.request.get('/credentials/status/0000000000');
		expect(unknown.status()).toBe(404);
		expect(await unknown.json()).toMatchObject({ error: 'not_found' });

		// A province admin revokes the certificate: the credential's status says so at once.
		const admin = await (await browser.newContext({ baseURL })).newPage();
		await signIn(admin, await createAccount({ role: 'province_admin' }));
		await admin.goto(`/admin/certificates/${code}`);
		await admin.getByLabel('Lý do').fill('Cấp nhầm người');
		await admin.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
		await expect(admin.getByRole('status')).toHaveText('Đã thu hồi giấy chứng nhận.');
		expect(await status()).toEqual({ id: `${baseURL}/verify/${code}`, revoked: true, revokedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), reason: 'Cấp nhầm người' });
		// The signature itself stays valid: revocation is what the status is for.
		expect(verify(credentialPath, '--jwks', jwksPath).status).toBe(0);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
