/**
 * Measures the platform on a synthetic province against the goals of issue 10, each compared where
 * it can be with a limit of this machine taken in the same run, and writes bench/results.json.
 *
 *   npm run bench                           1,000,000 people (seeded once into bench/, about 3.5 min)
 *   npm run bench -- --learners 5000 --seconds 2 --tiny
 *
 * --tiny (used by the test suite so the bench cannot rot) runs every measurement briefly and
 * judges nothing. Options: --db FILE, --build-dir DIR (default build, built if missing), --port N,
 * --workers N (the server's WORKERS; the start command's default when not given).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateSessionToken, createSession } from '../src/lib/server/auth/session';
import { exportFor, startCertificateExport } from '../src/lib/server/certificates/bulk';
import { contentFolder } from '../src/lib/server/config';
import { catalogOfFolder } from '../src/lib/server/content/files';
import { openDatabase } from '../src/lib/server/db/client';
import type { QuestionLayout } from '../src/lib/server/quiz/questions';
import { criterionReport } from '../src/lib/server/reports/report';
import { answerFields } from '../tests/helpers/quiz-answers';
import { steadyLoad } from './lib/steady-load';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '1000000' },
		seconds: { type: 'string', default: '10' },
		db: { type: 'string' },
		'build-dir': { type: 'string', default: 'build' },
		port: { type: 'string', default: '4990' },
		workers: { type: 'string' },
		out: { type: 'string', default: 'bench/results.json' },
		tiny: { type: 'boolean', default: false }
	}
});
const learners = Number(values.learners);
const seconds = Number(values.seconds);
const port = Number(values.port);
const buildDir = values['build-dir']!;
// The certificate export below runs in this process, with the build's PDF worker as the server would.
process.env.BUILD_DIR = buildDir;
const dbFile = path.resolve(values.db ?? `bench/synthetic-${learners}.sqlite`);
const origin = `http://localhost:${port}`;
const COURSE = 'dich-vu-cong-truc-tuyen';

interface Row {
	name: string;
	goal: string;
	figure: string;
	pass: boolean | null;
}
const rows: Row[] = [];
const record = (name: string, goal: string, figure: string, pass: boolean) => {
	const row = { name, goal, figure, pass: values.tiny ? null : pass };
	rows.push(row);
	console.log(`${row.pass === null ? '·' : row.pass ? '✓' : '✗'} ${name}: ${figure}   (goal: ${goal})`);
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const percentile = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)]!;

if (!existsSync(path.join(buildDir, 'start.js'))) {
	console.log(`› No build in ${buildDir}/: building`);
	execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, BUILD_DIR: buildDir } });
}
if (!existsSync(dbFile)) {
	console.log(`› Seeding ${learners} synthetic people into ${dbFile}`);
	mkdirSync(path.dirname(dbFile), { recursive: true });
	execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed-synthetic.ts', '--learners', String(learners), '--db', dbFile], { stdio: 'inherit' });
}

function startServer(database: string): ChildProcess {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'hocvuso-bench-'));
	return spawn(process.execPath, ['scripts/launch.mjs'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, BUILD_DIR: buildDir, DATABASE_URL: database, PORT: String(port), ORIGIN: origin, SIGNING_KEY_FILE: path.join(folder, 'keys.json'), EXPORTS_DIR: path.join(folder, 'exports'), LOG_LEVEL: 'warn', DEMO: '', ...(values.workers ? { WORKERS: values.workers } : {}) }
	});
}
async function untilHealthy(server: ChildProcess): Promise<number> {
	const started = performance.now();
	for (;;) {
		if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
		if (await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)) return performance.now() - started;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
async function stop(server: ChildProcess) {
	if (server.exitCode !== null) return;
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill('SIGTERM');
	await exited;
}
/** Resident memory of the server now, from /proc: the start process and its workers (0 once gone). */
function rssMb(pid: number): number {
	try {
		const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
		const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
		return Math.round(own / 1024) + children.reduce((sum, child) => sum + rssMb(child), 0);
	} catch {
		return 0;
	}
}

console.log(`\nHọc vụ số bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${learners.toLocaleString('en')} people\n`);

// Cold start: a new, empty database, migrated from nothing (the official map loads too).
{
	const fresh = path.join(mkdtempSync(path.join(os.tmpdir(), 'hocvuso-cold-')), 'new.sqlite');
	const server = startServer(fresh);
	const took = await untilHealthy(server);
	await stop(server);
	record('cold start, new database with migrations and the official map', '< 1000 ms to a healthy /healthz', ms(took), took < 1000);
}

let server = startServer(dbFile);
const startedOnData = await untilHealthy(server);
record('start on the synthetic database', '< 1000 ms', ms(startedOnData), startedOnData < 1000);
let peakRss = rssMb(server.pid!);
const watch = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid!))), 200);

const db = openDatabase(dbFile);
const catalog = catalogOfFolder(contentFolder());
const course = catalog.byId.get(COURSE)!;
const signIn = (personId: number) => {
	const token = generateSessionToken();
	createSession(db, token, personId, { sharedDevice: false, twoFactorVerified: true });
	return `session=${token}`;
};
const learner = db.$client.prepare("SELECT id FROM people WHERE agency_id IS NULL AND username LIKE 'th%' ORDER BY id LIMIT 1").pluck().get() as number;
const cookie = signIn(learner);

/** The server applies queued standings four times a second; a report applies what is left before it reads. */
async function untilStandingsApplied() {
	const queued = db.$client.prepare('SELECT count(*) FROM standing_queue').pluck();
	for (let waited = 0; (queued.get() as number) > 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function load(options: autocannon.Options) {
	return autocannon({ duration: seconds, connections: 100, ...options });
}

const staticFile = path.join(buildDir, 'client', 'bench-static.html');
try {
	// A signed-in learner's lesson page with their progress, against the same bytes as a static file.
	const lessonPath = `/courses/${COURSE}/${course.lessons[1]!.id}`;
	const lessonBody = await (await fetch(`${origin}${lessonPath}`, { headers: { cookie } })).text();
	writeFileSync(staticFile, lessonBody);
	// The static file server lists the client folder when it starts: a file written later is not served.
	await stop(server);
	server = startServer(dbFile);
	await untilHealthy(server);
	// Measured warm, as a server is after its first minute: compiled code, the lesson rendered once.
	for (const url of [`${origin}${lessonPath}`, `${origin}/bench-static.html`]) await autocannon({ url, headers: { cookie }, amount: 1000, connections: 10 });
	const lesson = await load({ url: `${origin}${lessonPath}`, headers: { cookie } });
	const statics = await load({ url: `${origin}/bench-static.html` });
	const ratio = lesson.requests.average / statics.requests.average;
	record(
		'signed-in lesson page vs a static file of the same size (100 connections)',
		'throughput ratio ≥ 0.3, p97.5 < 100 ms',
		`${Math.round(lesson.requests.average)} vs ${Math.round(statics.requests.average)} req/s = ${ratio.toFixed(2)}, p97.5 ${ms(lesson.latency.p97_5)} (${lessonBody.length.toLocaleString('en')} bytes, ${lesson.non2xx + statics.non2xx} not 2xx)`,
		ratio >= 0.3 && lesson.latency.p97_5 < 100 && lesson.non2xx === 0 && statics.non2xx === 0
	);

	// Quiz submissions at a steady 200 per second, each a different learner's open attempt.
	const wanted = 200 * seconds;
	const fresh = db.$client
		.prepare(`SELECT id FROM people p WHERE agency_id IS NULL AND NOT EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.person_id = p.id AND q.course_id = ?) ORDER BY id LIMIT ?`)
		.pluck()
		.all(COURSE, wanted) as number[];
	const bank = new Map(course.finalQuiz!.questions.map((q) => [q.id, q]));
	const openAttempt = db.$client.prepare('SELECT public_id AS publicId, layout FROM quiz_attempts WHERE person_id = ? AND course_id = ? AND submitted_at IS NULL');
	const submissions: { cookie: string; body: string }[] = [];
	for (const personId of fresh) {
		// Started through the page, as a learner does; answered right by the test oracle.
		const learnerCookie = signIn(personId);
		const started = await fetch(`${origin}/courses/${COURSE}/quiz?/start`, { method: 'POST', redirect: 'manual', headers: { cookie: learnerCookie, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
		const attempt = openAttempt.get(personId, COURSE) as { publicId: string; layout: string } | undefined;
		if (started.status !== 303 || !attempt) throw new Error(`no quiz attempt for ${personId}: ${started.status}`);
		const fields = (JSON.parse(attempt.layout) as QuestionLayout[]).flatMap((item, i) => answerFields(bank.get(item.questionId)!, item, i + 1, 'right'));
		submissions.push({ cookie: learnerCookie, body: new URLSearchParams([['attempt', attempt.publicId], ...fields]).toString() });
	}
	// The starts above queued their learners' standings: the load meets a server that has caught up.
	await untilStandingsApplied();
	// Open loop: one submission every 5 ms whatever the answers do, each timed from when it was due.
	const quiz = await steadyLoad(
		origin,
		200,
		submissions.map((submission) => ({
			method: 'POST',
			path: `/courses/${COURSE}/quiz?/submit`,
			headers: { cookie: submission.cookie, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: submission.body
		}))
	);
	const redirected = quiz.statuses.filter((status) => status === 303).length;
	const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(quiz.latencies, p));
	record(
		'quiz submission, graded on the server, at a steady 200 requests/s',
		'p95 < 100 ms, all answered with a redirect to the result',
		`p50 ${ms(p50!)}, p95 ${ms(p95!)}, p99 ${ms(p99!)}, ${redirected}/${submissions.length} redirected`,
		p95! < 100 && redirected === submissions.length
	);
	clearInterval(watch);
	record('server memory under load', '< 1024 MB RSS', `${peakRss} MB peak RSS`, peakRss < 1024);

	// The province dashboard for a criterion, against a reference grouped count on the same file.
	const provinceId = db.$client.prepare("SELECT id FROM provinces WHERE code = '25'").pluck().get() as number;
	const admin = { personId: learner, grants: [{ role: 'system_admin' as const, provinceId, communeId: null, agencyId: null }] };
	const criterion = catalog.criteria.find((c) => c.appliesTo.people === 'residents') ?? catalog.criteria[0]!;
	const query = { criterionId: criterion.id, unit: { kind: 'province' as const }, asOf: null, courseId: null, staffGroup: null, unitType: null, unitSort: 'name' as const, peopleSort: 'name' as const, descending: false, state: null, page: 1 };
	const reference = db.$client.prepare('SELECT commune_id_at_completion, count(*) FROM completions WHERE course_id = ? AND completed_at BETWEEN ? AND ? GROUP BY 1');
	const referenceTimes = Array.from({ length: 20 }, () => {
		const t = performance.now();
		reference.all(COURSE, 0, Date.now());
		return performance.now() - t;
	});
	await untilStandingsApplied();
	const dashboardTimes = Array.from({ length: values.tiny ? 1 : 20 }, () => {
		const t = performance.now();
		criterionReport(db, catalog, admin, provinceId, query, new Date());
		return performance.now() - t;
	});
	const referenceP95 = percentile(referenceTimes, 95);
	const dashboardP95 = percentile(dashboardTimes, 95);
	record('province dashboard for a criterion vs the reference grouped count', 'ratio ≤ 3 and p95 < 100 ms', `${ms(dashboardP95)} vs ${ms(referenceP95)} = ${(dashboardP95 / referenceP95).toFixed(1)}×`, dashboardP95 / referenceP95 <= 3 && dashboardP95 < 100);
	const largest = db.$client.prepare('SELECT commune_id FROM people WHERE agency_id IS NULL GROUP BY commune_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
	const communeTimes = Array.from({ length: values.tiny ? 1 : 20 }, () => {
		const t = performance.now();
		criterionReport(db, catalog, admin, provinceId, { ...query, unit: { kind: 'commune', id: largest } }, new Date());
		return performance.now() - t;
	});
	const communeList = percentile(communeTimes, 95);
	const largestSize = db.$client.prepare('SELECT count(*) FROM people WHERE agency_id IS NULL AND commune_id = ?').pluck().get(largest) as number;
	record("the largest commune's person list, first page", 'p95 < 50 ms', `${ms(communeList)} (${largestSize.toLocaleString('en')} residents)`, communeList < 50);

	// 100,000 rows of XLSX in a process of its own, so its peak memory is its own.
	const xlsxRows = Math.min(100_000, learners);
	const xlsx = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-xlsx.ts', dbFile, String(xlsxRows)], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { ms: number; peakRssMb: number };
	record(`${xlsxRows.toLocaleString('en')}-row XLSX export`, '< 5000 ms and < 300 MB peak RSS', `${ms(xlsx.ms)}, ${xlsx.peakRssMb} MB`, xlsx.ms < 5000 && xlsx.peakRssMb < 300);

	// 1,000 certificate PDFs (or all a small province has) rendered and zipped by the export job.
	const pair = db.$client
		.prepare('SELECT commune_id_at_completion AS commune, count(*) AS n FROM certificates WHERE course_id = ? AND agency_id_at_completion IS NULL GROUP BY 1 ORDER BY n DESC LIMIT 1')
		.get(COURSE) as { commune: number; n: number };
	const wantedPdfs = Math.min(1000, pair.n);
	const lastDay = db.$client
		.prepare('SELECT completed_at FROM certificates WHERE course_id = ? AND commune_id_at_completion = ? AND agency_id_at_completion IS NULL ORDER BY completed_at LIMIT 1 OFFSET ?')
		.pluck()
		.get(COURSE, pair.commune, wantedPdfs - 1) as number;
	const day = new Date(lastDay + 7 * 3_600_000).toISOString().slice(0, 10);
	const zipStarted = performance.now();
	const started = startCertificateExport(db, admin, { unit: { kind: 'commune', id: pair.commune }, courseId: COURSE, from: null, to: day }, origin, new Date());
	if (started.status !== 'started') throw new Error(`certificate export: ${started.status}`);
	let job = exportFor(db, learner, started.publicId);
	while (job && job.status !== 'done' && job.status !== 'failed') {
		await new Promise((resolve) => setTimeout(resolve, 100));
		job = exportFor(db, learner, started.publicId);
	}
	const zipMs = performance.now() - zipStarted;
	record(`${job?.total ?? 0} certificate PDFs zipped`, '< 20000 ms for 1,000', `${ms(zipMs)} (${job?.status})`, job?.status === 'done' && zipMs < 20_000 * Math.max(1, (job?.total ?? 0) / 1000));
} finally {
	clearInterval(watch);
	db.$client.close();
	await stop(server);
	// Only once the server is gone: a request still in flight would find the file missing.
	rmSync(staticFile, { force: true });
}

const failed = rows.filter((row) => row.pass === false).length;
mkdirSync(path.dirname(values.out!), { recursive: true });
writeFileSync(
	values.out!,
	`${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` }, learners, seconds, tiny: values.tiny, rows }, null, 2)}\n`
);
console.log(`\n${values.tiny ? 'Tiny run: nothing judged.' : `${rows.length - failed} of ${rows.length} goals met.`} Results in ${values.out}.`);
