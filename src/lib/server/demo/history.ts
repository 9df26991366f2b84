import { and, eq, like, or } from 'drizzle-orm';
import { issueCertificate } from '../certificates/issue';
import type { Catalog, CatalogCourse } from '../content/catalog';
import type { AppDatabase, DbOrTx } from '../db/client';
import { agencies, completions, lessonProgress, people } from '../db/schema';
import { DAY_MS } from '../../vietnam-day';
import { mulberry32 } from './random';

/** Courses the example criteria count: the staff pair and the residents' pair. */
const STAFF_COURSES = ['ky-nang-so-can-bo-cong-chuc', 'an-toan-thong-tin-phong-chong-lua-dao'];
const RESIDENT_COURSES = ['dich-vu-cong-truc-tuyen', 'thanh-toan-dien-tu-an-toan'];

/** How far each demo agency has got: a department ahead, a commune that started late. */
const AGENCY_PACE: Record<string, number> = { SKHCN: 0.85, 'SKHCN-VP': 0.7, SGDDT: 0.4, 'THPT-CHV': 0.55, 'UBND-07900': 0.75, 'UBND-08515': 0.3 };

const WEEKS = 16;

/**
 * Sixteen weeks of learning for the generated demo people (never the named demo accounts, whose
 * pages must start empty): lessons, completions with scores and their certificates, spread over
 * the weeks and uneven between agencies and communes, so reports have something true to show.
 */
export function seedDemoHistory(db: AppDatabase, catalog: Catalog, now: Date): { completions: number } {
	const random = mulberry32(20260101);
	const course = (id: string) => catalog.byId.get(id);
	let completed = 0;
	db.transaction((tx) => {
		const generated = tx
			.select({ id: people.id, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId, staffGroup: people.staffGroup, agencyCode: agencies.code })
			.from(people)
			.leftJoin(agencies, eq(agencies.id, people.agencyId))
			.where(or(like(people.username, 'hv%'), like(people.username, 'cc%')))
			.orderBy(people.id)
			.all();
		const communePace = new Map<number, number>();
		const when = () => new Date(+now - Math.floor(random() * WEEKS * 7 * DAY_MS) - 3_600_000);

		for (const person of generated) {
			const staff = person.agencyCode !== null;
			let pace = staff ? (AGENCY_PACE[person.agencyCode ?? ''] ?? 0.5) : communePace.get(person.communeId ?? 0);
			if (pace === undefined) communePace.set(person.communeId ?? 0, (pace = 0.1 + 0.6 * random()));
			const [first, second] = (staff ? STAFF_COURSES : RESIDENT_COURSES).map(course);
			if (!first || !second) continue;
			const roll = random();
			if (roll < pace) {
				// Staff take both courses; most residents one, some both. A few staff score under 80.
				const score = staff && random() < 0.1 ? 70 : 80 + Math.floor(random() * 5) * 5;
				completed += complete(tx, person, first, when(), score);
				if (staff || random() < 0.3) completed += complete(tx, person, second, when(), score);
			} else if (roll < pace + (1 - pace) * 0.5) {
				openLessons(tx, person.id, first, Math.max(1, Math.floor(random() * first.lessons.length)), when());
			}
		}
	});
	return { completions: completed };
}

interface DemoPerson {
	id: number;
	provinceId: number;
	communeId: number | null;
	agencyId: number | null;
	staffGroup: (typeof people.$inferSelect)['staffGroup'];
}

function openLessons(tx: DbOrTx, personId: number, course: CatalogCourse, count: number, at: Date) {
	course.lessons.slice(0, count).forEach((lesson, i) => {
		const seen = new Date(+at + i * 600_000);
		tx.insert(lessonProgress).values({ personId, courseId: course.id, lessonId: lesson.id, firstSeenAt: seen, completedAt: seen }).onConflictDoNothing().run();
	});
}

function complete(tx: DbOrTx, person: DemoPerson, course: CatalogCourse, at: Date, score: number): number {
	const already = tx.select({ id: completions.id }).from(completions).where(and(eq(completions.personId, person.id), eq(completions.courseId, course.id))).get();
	if (already) return 0;
	openLessons(tx, person.id, course, course.lessons.length, new Date(+at - course.lessons.length * 600_000));
	const units = { communeId: person.communeId, agencyId: person.agencyId };
	const hasQuiz = course.finalQuiz !== null;
	const row = tx
		.insert(completions)
		.values({ personId: person.id, provinceId: person.provinceId, courseId: course.id, courseVersion: course.version, completedAt: at, score: hasQuiz ? score : null, communeIdAtCompletion: units.communeId, agencyIdAtCompletion: units.agencyId, staffGroupAtCompletion: person.staffGroup })
		.returning({ id: completions.id })
		.get();
	issueCertificate(tx, { id: row.id, personId: person.id, provinceId: person.provinceId, completedAt: at, score: hasQuiz ? score : null, ...units }, course, at);
	return 1;
}
