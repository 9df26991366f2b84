import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { buildCatalog } from '../../../src/lib/server/content/catalog';
import { readContentFiles } from '../../../src/lib/server/content/files';
import type { QuestionLayout } from '../../../src/lib/server/quiz/questions';
import { answerFields } from '../../helpers/quiz-answers';
import { expect, test } from '../support';
import { healthy, killed, startServer } from './second-server';

/**
 * Nothing the server acknowledged is lost when its process dies mid-burst: a second server of the
 * same production build, on its own port and database, is killed with SIGKILL while learners send
 * lesson completions and quiz submissions, then started again on the same file.
 */
const contentDir = `.svelte-kit/test-content-${process.env.E2E_PORT ?? 4173}`;
const LEARNERS = 8;
/** Quiz submissions (each completing a course) to wait for before the kill; lessons keep coming. */
const KILL_AFTER_SUBMISSIONS = LEARNERS / 2;

/** A learner living in a commune of the province, written straight into the database. */
async function learners(file: string): Promise<{ id: number; username: string; password: string }[]> {
	const db = new Database(file);
	db.pragma('busy_timeout = 5000');
	const { provinceId, communeId } = db
		.prepare("SELECT p.id AS provinceId, c.id AS communeId FROM provinces p JOIN communes c ON c.province_id = p.id WHERE p.code = '25' ORDER BY c.code LIMIT 1")
		.get() as { provinceId: number; communeId: number };
	const password = 'mat khau ben vung';
	const hash = await hashPassword(password);
	const people = Array.from({ length: LEARNERS }, (_, i) => {
		const username = `ben.vung.${i}`;
		const { id } = db
			.prepare("INSERT INTO people (province_id, username, full_name, search_name, commune_id, password_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
			.get(provinceId, username, `Người Bền Vững ${i}`, `nguoi ben vung ${i}`, communeId, hash) as { id: number };
		db.prepare("INSERT INTO role_grants (person_id, role, province_id, commune_id, granted_at) VALUES (?, 'learner', ?, ?, ?)").run(id, provinceId, communeId, Date.now());
		return { id, username, password };
	});
	db.close();
	return people;
}

interface Acknowledged {
	lessons: { personId: number; courseId: string; lessonId: string }[];
	attempts: string[];
	completions: { personId: number; courseId: string }[];
}

test('every write the server acknowledged survives a SIGKILL mid-burst', async () => {
	test.skip(test.info().project.name !== 'desktop', 'one run is enough: no browser is involved');
	test.setTimeout(120_000);
	const folder = mkdtempSync(path.join(os.tmpdir(), 'hocvuso-durability-'));
	const file = path.join(folder, 'hocvuso.sqlite');
	const courses = buildCatalog(readContentFiles(contentDir)).courses.filter((course) => course.status === 'published' && course.finalQuiz);
	let server = startServer(folder, { slot: 0 });
	const { origin } = server;
	try {
		await healthy(server);
		const people = await learners(file);
		const reader = new Database(file, { readonly: true });
		reader.pragma('busy_timeout = 5000');
		const acknowledged: Acknowledged = { lessons: [], attempts: [], completions: [] };
		let killing: Promise<void> | null = null;
		const noteAck = () => {
			if (acknowledged.attempts.length >= KILL_AFTER_SUBMISSIONS && !killing) killing = killed(server, 'SIGKILL');
		};

		const learn = async (person: (typeof people)[number], index: number) => {
			const headers = { origin, accept: 'text/html', 'x-forwarded-for': `10.99.0.${index + 1}` };
			const post = (url: string, form: [string, string][], cookie = '') =>
				fetch(`${origin}${url}`, { method: 'POST', redirect: 'manual', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
			const signedIn = await post('/sign-in', [['identifier', person.username], ['password', person.password]]);
			const cookie = (signedIn.headers.getSetCookie().find((c) => c.startsWith('session=')) ?? '').split(';')[0]!;
			expect(cookie, 'signed in').toMatch(/^session=./);
			for (const course of courses) {
				for (const lesson of course.lessons) {
					const done = await post(`/courses/${course.id}/${lesson.id}?/done`, [['lesson', lesson.id]], cookie);
					if (done.status !== 303 || !done.headers.get('location')?.includes('?done=')) throw new Error(`lesson not acknowledged: ${done.status}`);
					acknowledged.lessons.push({ personId: person.id, courseId: course.id, lessonId: lesson.id });
					noteAck();
				}
				const started = await post(`/courses/${course.id}/quiz?/start`, [], cookie);
				if (started.status !== 303) throw new Error(`quiz not started: ${started.status}`);
				const attempt = reader.prepare('SELECT public_id AS publicId, layout FROM quiz_attempts WHERE person_id = ? AND course_id = ? AND submitted_at IS NULL ORDER BY id DESC LIMIT 1').get(person.id, course.id) as { publicId: string; layout: string };
				const bank = new Map(course.finalQuiz!.questions.map((question) => [question.id, question]));
				const answers = (JSON.parse(attempt.layout) as QuestionLayout[]).flatMap((layout, i) => answerFields(bank.get(layout.questionId)!, layout, i + 1, 'right'));
				const submitted = await post(`/courses/${course.id}/quiz?/submit`, [['attempt', attempt.publicId], ...answers], cookie);
				if (submitted.status !== 303 || !submitted.headers.get('location')?.includes(`attempt=${attempt.publicId}`)) throw new Error(`quiz not acknowledged: ${submitted.status}`);
				acknowledged.attempts.push(attempt.publicId);
				acknowledged.completions.push({ personId: person.id, courseId: course.id });
				noteAck();
			}
		};
		// Each learner stops at the first request the dying server does not answer.
		const stops = await Promise.all(people.map((person, i) => learn(person, i).then(() => 'finished', (cause: Error) => cause.message)));
		expect(killing, `the server was killed mid-burst; the learners stopped with: ${stops.join('; ')}`).not.toBeNull();
		await killing;
		reader.close();
		expect(acknowledged.attempts.length).toBeGreaterThanOrEqual(KILL_AFTER_SUBMISSIONS);
		expect(acknowledged.lessons.length).toBeLessThan(LEARNERS * courses.reduce((sum, course) => sum + course.lessons.length, 0));
		console.log(`Acknowledged before the kill: ${acknowledged.lessons.length} lessons, ${acknowledged.attempts.length} quiz submissions completing courses.`);

		server = startServer(folder, { slot: 0 });
		await healthy(server);
		const db = new Database(file, { readonly: true });
		db.pragma('busy_timeout = 5000');
		const lessonDone = db.prepare('SELECT completed_at FROM lesson_progress WHERE person_id = ? AND course_id = ? AND lesson_id = ?');
		const lost = acknowledged.lessons.filter((row) => !(lessonDone.get(row.personId, row.courseId, row.lessonId) as { completed_at: number | null } | undefined)?.completed_at);
		expect(lost).toEqual([]);
		const attempt = db.prepare('SELECT submitted_at AS submittedAt, passed FROM quiz_attempts WHERE public_id = ?');
		for (const publicId of acknowledged.attempts) expect(attempt.get(publicId), publicId).toMatchObject({ submittedAt: expect.any(Number), passed: 1 });
		const completion = db.prepare('SELECT count(*) FROM completions WHERE person_id = ? AND course_id = ?').pluck();
		for (const row of acknowledged.completions) expect(completion.get(row.personId, row.courseId), `${row.personId} ${row.courseId}`).toBe(1);
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		db.close();
	} finally {
		await killed(server, 'SIGTERM');
	}
});
