/**
 * A synthetic province for measuring the platform at the size of a real one: every commune of a
 * province with Zipf-like populations, about 200 agencies, a million people if asked, and 18 months
 * of learning whose pace differs by commune and agency. Fictional people only (names from
 * names.ts), all sharing one precomputed password hash: argon2 per person would take hours.
 *
 * Written with prepared statements in batched transactions, straight into the tables the app
 * reads, so its pages and reports work on the result as on real data.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Catalog, CatalogCourse } from '../content/catalog';
import type { AppDatabase } from '../db/client';
import { rebuildStandings } from '../reports/standings';
import { foldForSearch } from '../../search-name';
import { DAY_MS } from '../../vietnam-day';
import { FAMILY_NAMES, GIVEN_NAMES, HAMLETS, MIDDLE_NAMES } from './names';
import { mulberry32 } from './random';

/** The distributions used, named so a reader of the numbers knows what produced them. */
export const DISTRIBUTIONS = {
	communeSize: 'Zipf, exponent 0.9, over the communes in a seeded random order (plus a floor of 20% of the mean)',
	civilServants: '5% of people; 55% in commune People\'s Committees (by commune size), 45% in provincial departments and their units',
	staffGroups: 'cán bộ 15%, công chức 45%, viên chức 40%',
	pace: 'per commune and per agency, 0.05 + 0.75 × u^1.3 with u uniform: some units far ahead, most behind',
	activity: 'per person and course: complete with probability pace × course weight (0–3 failed quiz attempts first), else start with probability 0.3 (some lessons, often 1–2 failed attempts)',
	time: 'events uniform over the 18 months before the seed date'
} as const;

/** Share of people who are civil servants. */
const CIVIL_SERVANT_SHARE = 0.05;
const MONTHS = 18;
/** How likely a person at full pace is to complete each course, in the order the lists give. */
const RESIDENT_COURSES: [string, number][] = [
	['dich-vu-cong-truc-tuyen', 0.5],
	['thanh-toan-dien-tu-an-toan', 0.3],
	['an-toan-thong-tin-phong-chong-lua-dao', 0.25]
];
const STAFF_COURSES: [string, number][] = [
	['ky-nang-so-can-bo-cong-chuc', 0.9],
	['an-toan-thong-tin-phong-chong-lua-dao', 0.8]
];
const DEPARTMENTS = [
	'Văn phòng Ủy ban nhân dân tỉnh', 'Sở Nội vụ', 'Sở Tài chính', 'Sở Tư pháp', 'Sở Công Thương', 'Sở Nông nghiệp và Môi trường',
	'Sở Xây dựng', 'Sở Giáo dục và Đào tạo', 'Sở Y tế', 'Sở Khoa học và Công nghệ', 'Sở Văn hóa, Thể thao và Du lịch',
	'Sở Dân tộc và Tôn giáo', 'Thanh tra tỉnh', 'Sở Ngoại vụ', 'Ban Quản lý các khu công nghiệp', 'Đài Phát thanh và Truyền hình',
	'Trường Cao đẳng', 'Bệnh viện Đa khoa tỉnh'
];
const SUB_UNITS = ['Văn phòng', 'Phòng Tổ chức cán bộ'];
const BATCH = 20_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface SyntheticOptions {
	provinceCode: string;
	learners: number;
	seed: number;
	now: Date;
	/** One argon2 hash every synthetic person shares. */
	passwordHash: string;
	/** Called now and then with a line saying how far the load has got. */
	progress?: (line: string) => void;
}

export type SyntheticCounts = Record<'communes' | 'agencies' | 'people' | 'civilServants' | 'memberships' | 'lessonProgress' | 'quizAttempts' | 'completions' | 'certificates', number>;

interface Unit {
	id: number;
	pace: number;
}

/** The tables the load writes row by row. */
const LOADED_TABLES = ['people', 'memberships', 'role_grants', 'lesson_progress', 'quiz_attempts', 'completions', 'certificates'];

/** Fills an empty database (official units already imported) with a synthetic province, its standings counted. */
export function seedSyntheticProvince(db: AppDatabase, catalog: Catalog, options: SyntheticOptions): SyntheticCounts {
	// Every standing is counted afresh after the load, so the queue's triggers would only slow it down.
	const loaded = LOADED_TABLES.map((table) => `'${table}'`).join(', ');
	const counts = withSchemaSetAside(db, `(type = 'index' AND tbl_name IN (${loaded})) OR (type = 'trigger' AND name LIKE 'standing_queue_%')`, () =>
		loadSyntheticProvince(db, catalog, options)
	);
	options.progress?.('standings of every criterion');
	withSchemaSetAside(db, "type = 'index' AND tbl_name = 'criterion_standings'", () => rebuildStandings(db, catalog, options.now));
	return counts;
}

/**
 * Runs `load` with the schema objects the filter picks dropped, then recreates each from its own
 * SQL: an index built once over millions of loaded rows costs a fraction of keeping it in order
 * row by row, and building a unique one checks the loaded rows as inserting them would have.
 */
function withSchemaSetAside<T>(db: AppDatabase, filter: string, load: () => T): T {
	const objects = db.$client.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (${filter})`).all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
	for (const object of objects) db.$client.exec(`DROP ${object.type.toUpperCase()} "${object.name}"`);
	try {
		return load();
	} finally {
		for (const object of objects) db.$client.exec(object.sql);
	}
}

function loadSyntheticProvince(db: AppDatabase, catalog: Catalog, options: SyntheticOptions): SyntheticCounts {
	const sql = db.$client;
	const random = mulberry32(options.seed);
	const pace = () => 0.05 + 0.75 * random() ** 1.3;
	const province = sql.prepare('SELECT id, name FROM provinces WHERE code = ?').get(options.provinceCode) as { id: number; name: string } | undefined;
	if (!province) throw new Error(`there is no province with code ${options.provinceCode}: import the official units first`);
	if ((sql.prepare('SELECT count(*) FROM people').pluck().get() as number) > 0) throw new Error('the database already has people: the synthetic province goes into an empty one');

	const communeRows = sql.prepare('SELECT id, name FROM communes WHERE province_id = ? ORDER BY code').all(province.id) as { id: number; name: string }[];
	// Zipf over a seeded random order, so the largest commune is not always the first by code.
	const order = communeRows.map((row) => ({ row, key: random() })).sort((a, b) => a.key - b.key);
	const zipf = order.map((_, rank) => 1 / (rank + 1) ** 0.9);
	const mean = zipf.reduce((a, b) => a + b, 0) / zipf.length;
	const weights = zipf.map((w) => w + 0.2 * mean);
	const communes: (Unit & { name: string; weight: number })[] = order.map(({ row }, i) => ({ id: row.id, name: row.name, pace: pace(), weight: weights[i]! }));
	const pickCommune = cumulativePicker(communes.map((c) => c.weight), random);

	const start = +options.now - MONTHS * 30.5 * DAY_MS;
	const when = () => new Date(start + Math.floor(random() * (+options.now - start - 3_600_000)));

	const agencyInsert = sql.prepare('INSERT INTO agencies (province_id, code, name, level, commune_id, parent_agency_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
	const committees: Unit[] = [];
	const departments: Unit[] = [];
	sql.transaction(() => {
		communes.forEach((commune, i) => {
			const { id } = agencyInsert.get(province.id, `UBND-TH-${i + 1}`, `Ủy ban nhân dân ${commune.name}`, 'commune', commune.id, null) as { id: number };
			committees.push({ id, pace: pace() });
		});
		DEPARTMENTS.forEach((name, i) => {
			const { id } = agencyInsert.get(province.id, `SO-TH-${i + 1}`, name, 'province', null, null) as { id: number };
			departments.push({ id, pace: pace() });
			SUB_UNITS.forEach((sub, j) => {
				const child = agencyInsert.get(province.id, `SO-TH-${i + 1}-${j + 1}`, `${sub} ${name}`, 'province', null, id) as { id: number };
				departments.push({ id: child.id, pace: pace() });
			});
		});
	})();

	const courses = new Map<string, CatalogCourse>();
	for (const [id] of [...RESIDENT_COURSES, ...STAFF_COURSES]) {
		const course = catalog.byId.get(id);
		if (!course) throw new Error(`the course ${id} is not in the content`);
		courses.set(id, course);
	}

	const { passwordHash } = options;
	const insertPerson = sql.prepare(
		'INSERT INTO people (province_id, username, full_name, search_name, birth_year, commune_id, hamlet, agency_id, position, staff_group, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id'
	);
	const insertMembership = sql.prepare('INSERT INTO memberships (person_id, kind, commune_id, agency_id, staff_group, started_at) VALUES (?, ?, ?, ?, ?, ?)');
	const insertGrant = sql.prepare('INSERT INTO role_grants (person_id, role, province_id, commune_id, agency_id, granted_at) VALUES (?, ?, ?, ?, ?, ?)');
	const insertLesson = sql.prepare('INSERT INTO lesson_progress (person_id, course_id, lesson_id, first_seen_at, completed_at, commune_id_at_completion, agency_id_at_completion) VALUES (?, ?, ?, ?, ?, ?, ?)');
	const insertAttempt = sql.prepare(
		"INSERT INTO quiz_attempts (person_id, course_id, course_version, quiz_id, public_id, layout, started_at, submitted_at, score, passed) VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)"
	);
	const insertCompletion = sql.prepare(
		'INSERT INTO completions (person_id, province_id, course_id, course_version, completed_at, score, commune_id_at_completion, agency_id_at_completion, staff_group_at_completion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id'
	);
	const insertCertificate = sql.prepare(
		'INSERT INTO certificates (code, completion_id, person_id, province_id, course_id, course_version, course_title_vi, course_title_en, holder_name, completed_at, score, issuer_name, commune_id_at_completion, agency_id_at_completion, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
	);

	const counts: SyntheticCounts = { communes: communes.length, agencies: committees.length + departments.length, people: 0, civilServants: 0, memberships: 0, lessonProgress: 0, quizAttempts: 0, completions: 0, certificates: 0 };
	const codes = new Set<string>();
	const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	const certificateCode = () => {
		for (;;) {
			let code = '';
			for (let i = 0; i < 10; i++) code += CROCKFORD[Math.floor(random() * 32)];
			if (!codes.has(code)) return codes.add(code), code;
		}
	};
	const memberSince = +options.now - MONTHS * 31 * DAY_MS;

	const addPerson = (index: number) => {
		const female = random() < 0.52;
		const sex = female ? 'female' : 'male';
		const fullName = `${pick(FAMILY_NAMES, random)} ${pick(MIDDLE_NAMES[sex], random)} ${pick(GIVEN_NAMES[sex], random)}`;
		const staff = random() < CIVIL_SERVANT_SHARE;
		const commune = communes[pickCommune()]!;
		let agency: Unit | null = null;
		let staffGroup: 'can_bo' | 'cong_chuc' | 'vien_chuc' | null = null;
		if (staff) {
			// Committees were made in the communes' order: a bigger commune has a bigger People's Committee.
			agency = random() < 0.55 ? committees[pickCommune()]! : departments[Math.floor(random() * departments.length)]!;
			const g = random();
			staffGroup = g < 0.15 ? 'can_bo' : g < 0.6 ? 'cong_chuc' : 'vien_chuc';
		}
		const birthYear = staff ? 1965 + Math.floor(random() * 38) : 1945 + Math.floor(random() * 66);
		const { id } = insertPerson.get(
			province.id,
			`th${index.toString(36)}`,
			fullName,
			foldForSearch(fullName),
			birthYear,
			commune.id,
			pick(HAMLETS, random),
			agency?.id ?? null,
			staff ? 'Chuyên viên' : null,
			staffGroup,
			passwordHash,
			memberSince,
			memberSince
		) as { id: number };
		counts.people++;
		insertMembership.run(id, 'residence', commune.id, null, null, memberSince);
		counts.memberships++;
		if (agency) {
			insertMembership.run(id, 'agency', null, agency.id, staffGroup, memberSince);
			counts.memberships++;
			counts.civilServants++;
		}
		insertGrant.run(id, agency ? 'civil_servant' : 'learner', province.id, agency ? null : commune.id, agency?.id ?? null, memberSince);
		const unitPace = agency ? agency.pace : commune.pace;
		for (const [courseId, weight] of agency ? STAFF_COURSES : RESIDENT_COURSES) {
			const course = courses.get(courseId)!;
			const roll = random();
			if (roll < unitPace * weight) learnCourse(id, fullName, course, commune.id, agency?.id ?? null, staffGroup, true);
			else if (random() < 0.3) learnCourse(id, fullName, course, commune.id, agency?.id ?? null, staffGroup, false);
		}
	};

	const learnCourse = (personId: number, holder: string, course: CatalogCourse, communeId: number, agencyId: number | null, staffGroup: string | null, complete: boolean) => {
		const end = +when();
		const lessons = complete ? course.lessons.length : 1 + Math.floor(random() * (course.lessons.length - 1));
		const begin = end - lessons * 15 * 60_000 - Math.floor(random() * 14) * DAY_MS;
		for (let i = 0; i < lessons; i++) {
			const seen = begin + i * 15 * 60_000;
			const done = complete || random() < 0.8 ? seen + 10 * 60_000 : null;
			insertLesson.run(personId, course.id, course.lessons[i]!.id, seen, done, done ? communeId : null, done ? agencyId : null);
			counts.lessonProgress++;
		}
		if (!course.finalQuiz) return;
		const quizId = course.finalQuiz.id;
		const failures = complete ? (random() < 0.3 ? 0 : 1 + Math.floor(random() * 3)) : random() < 0.6 ? 1 + Math.floor(random() * 2) : 0;
		for (let i = 0; i < failures; i++) {
			const at = begin + (lessons + i) * 15 * 60_000;
			insertAttempt.run(personId, course.id, course.version, quizId, encodeBase32LowerCaseNoPadding(randomBytes(10)), at, at + 8 * 60_000, 40 + Math.floor(random() * 6) * 5, 0);
			counts.quizAttempts++;
		}
		if (!complete) return;
		const score = 80 + Math.floor(random() * 5) * 5;
		insertAttempt.run(personId, course.id, course.version, quizId, encodeBase32LowerCaseNoPadding(randomBytes(10)), end - 8 * 60_000, end, score, 1);
		counts.quizAttempts++;
		const { id } = insertCompletion.get(personId, province.id, course.id, course.version, end, score, communeId, agencyId, staffGroup) as { id: number };
		insertCertificate.run(certificateCode(), id, personId, province.id, course.id, course.version, course.title.vi, course.title.en, holder, end, score, province.name, communeId, agencyId, end);
		counts.completions++;
		counts.certificates++;
	};

	for (let from = 0; from < options.learners; from += BATCH) {
		sql.transaction(() => {
			for (let i = from; i < Math.min(from + BATCH, options.learners); i++) addPerson(i);
		})();
		options.progress?.(`${counts.people.toLocaleString('en')} people, ${counts.lessonProgress.toLocaleString('en')} lessons, ${counts.completions.toLocaleString('en')} completions`);
	}
	return counts;
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** Draws indexes with the given weights in O(log n) per draw. */
function cumulativePicker(weights: readonly number[], random: () => number): () => number {
	const cumulative: number[] = [];
	let total = 0;
	for (const weight of weights) cumulative.push((total += weight));
	return () => {
		const target = random() * total;
		let low = 0;
		let high = cumulative.length - 1;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (cumulative[mid]! < target) low = mid + 1;
			else high = mid;
		}
		return low;
	};
}
