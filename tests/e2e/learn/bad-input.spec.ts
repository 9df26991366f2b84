import { createAccount, e2eDatabase, expect, signIn, test } from '../support';
import { SCAM_COURSE } from './courses';

const BODIES: { name: string; contentType: string; data: string | Buffer }[] = [
	{ name: 'empty', contentType: 'application/x-www-form-urlencoded', data: '' },
	{ name: 'JSON', contentType: 'application/json', data: '{"attempt":{"$ne":null},"q1":[1,2]}' },
	{ name: 'broken form encoding', contentType: 'application/x-www-form-urlencoded', data: 'attempt=%E0%A4%A&q1=%%%' },
	{ name: 'a big field', contentType: 'application/x-www-form-urlencoded', data: `attempt=${'a'.repeat(200_000)}&lesson=${'b'.repeat(50_000)}` },
	{ name: 'garbled multipart', contentType: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nContent-Disposition: form-data; name="q1"\r\n\r\nx\r\n--xy' },
	{ name: 'binary', contentType: 'application/octet-stream', data: Buffer.from([0, 255, 1, 254, 2]) }
];

test('no body sent to the course, practice and quiz actions makes the server fail', async ({ page, baseURL }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, learner);
	const origin = new URL(baseURL!).origin;
	const targets = [
		`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}?/done`,
		`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}?/practice`,
		`/courses/${SCAM_COURSE.id}/quiz?/start`,
		`/courses/${SCAM_COURSE.id}/quiz?/submit`
	];
	for (const target of targets) {
		for (const body of BODIES) {
			for (const accept of ['application/json', 'text/html']) {
				const response = await page.request.post(target, { data: body.data, headers: { origin, accept, 'content-type': body.contentType } });
				expect(response.status(), `${target} with ${body.name} (${accept})`).toBeLessThan(500);
			}
		}
	}
	expect(e2eDatabase().prepare('SELECT count(*) AS n FROM lesson_progress WHERE person_id = ? AND completed_at IS NOT NULL').get(learner.id)).toEqual({ n: 0 });
	expect(e2eDatabase().prepare('SELECT count(*) AS n FROM quiz_answers JOIN quiz_attempts ON quiz_attempts.id = attempt_id WHERE person_id = ?').get(learner.id)).toEqual({ n: 0 });
});
