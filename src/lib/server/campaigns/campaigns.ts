import { and, asc, desc, eq, inArray, isNull, min, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { type AgencyTree, type Viewer, agencyInCommune, agencyUnder, canSee, grantReach } from '../auth/scope';
import type { CatalogCourse } from '../content/catalog';
import type { AppDatabase, DbOrTx } from '../db/client';
import {
	type AssignmentAudience,
	type StaffGroup,
	agencies,
	assignmentCourses,
	assignments,
	certificates,
	communes,
	completions,
	lessonProgress,
	people,
	provinces,
	quizAttempts
} from '../db/schema';
import { type ProvinceAgencies, loadAgencyTree } from '../people/agency-tree';
import { type CampaignTarget, campaignCovers, campaignReachesGrant, campaignUnit } from './reach';
import { type CampaignCourse, type CampaignStanding, type CampaignState, type CourseFacts, campaignStanding } from './standing';

export interface Campaign extends CampaignTarget {
	id: number;
	title: string;
	startsAt: Date;
	deadlineAt: Date;
	createdAt: Date;
	cancelledAt: Date | null;
	courseIds: string[];
	/** The commune, agency or province the campaign is set for. */
	unitName: string;
}

/** `manage`: the campaign is set for a unit the viewer runs; `follow`: set above it, reaching into it. */
export type CampaignAccess = 'manage' | 'follow';

/** Upcoming before its start, running until its deadline, then ended; or cancelled. */
export type CampaignPhase = 'upcoming' | 'running' | 'ended' | 'cancelled';

export function campaignPhase(campaign: Pick<Campaign, 'startsAt' | 'deadlineAt' | 'cancelledAt'>, now: Date): CampaignPhase {
	if (campaign.cancelledAt) return 'cancelled';
	if (now < campaign.startsAt) return 'upcoming';
	return now > campaign.deadlineAt ? 'ended' : 'running';
}

const campaignColumns = {
	id: assignments.id,
	title: assignments.title,
	provinceId: assignments.provinceId,
	communeId: assignments.communeId,
	agencyId: assignments.agencyId,
	includeSubunits: assignments.includeSubunits,
	audience: assignments.audience,
	staffGroup: assignments.staffGroup,
	startsAt: assignments.startsAt,
	deadlineAt: assignments.deadlineAt,
	createdAt: assignments.createdAt,
	cancelledAt: assignments.cancelledAt,
	unitName: sql<string>`coalesce(${agencies.name}, ${communes.name}, ${provinces.name})`
};

/** Campaigns of the given provinces (or one campaign), each with its courses and unit name. */
function loadCampaigns(db: DbOrTx, where: { provinceIds: number[] } | { id: number }): Campaign[] {
	const rows = db
		.select(campaignColumns)
		.from(assignments)
		.innerJoin(provinces, eq(provinces.id, assignments.provinceId))
		.leftJoin(communes, eq(communes.id, assignments.communeId))
		.leftJoin(agencies, eq(agencies.id, assignments.agencyId))
		.where('id' in where ? eq(assignments.id, where.id) : inArray(assignments.provinceId, where.provinceIds))
		.orderBy(desc(assignments.deadlineAt), desc(assignments.id))
		.all();
	if (rows.length === 0) return [];
	const courses = db
		.select()
		.from(assignmentCourses)
		.where(
			inArray(
				assignmentCourses.assignmentId,
				rows.map((row) => row.id)
			)
		)
		.all();
	return rows.map((row) => ({ ...row, courseIds: courses.filter((c) => c.assignmentId === row.id).map((c) => c.courseId) }));
}

/** How the viewer relates to a campaign, or null when it is none of their business. */
export function campaignAccess(viewer: Viewer, campaign: CampaignTarget, tree: AgencyTree): CampaignAccess | null {
	if (canSee(viewer, campaignUnit(campaign), tree, 'report')) return 'manage';
	const follows = viewer.grants.some((grant) => grantReach(grant, 'report') !== null && campaignReachesGrant(campaign, grant, tree));
	return follows ? 'follow' : null;
}

/** A campaign and the viewer's access to it; null when it does not exist or is none of theirs. */
function campaignWithAccess(db: DbOrTx, viewer: Viewer, campaignId: number): { campaign: Campaign; access: CampaignAccess } | null {
	const [campaign] = loadCampaigns(db, { id: campaignId });
	const access = campaign ? campaignAccess(viewer, campaign, loadAgencyTree(db, campaign.provinceId)) : null;
	return campaign && access ? { campaign, access } : null;
}

/** The viewer's access to a campaign, for actions that must refuse before reading their input. */
export const campaignAccessById = (db: DbOrTx, viewer: Viewer, campaignId: number): CampaignAccess | null => campaignWithAccess(db, viewer, campaignId)?.access ?? null;

/** One person in a campaign, as a manager's list shows them. */
export interface CampaignMember extends CampaignStanding {
	personId: number;
	fullName: string;
	username: string;
	/** The commune (residents) or agency (civil servants) they are counted under. */
	unitName: string;
	staffGroup: StaffGroup | null;
}

export interface CampaignTally {
	assigned: number;
	done: number;
	overdue: number;
	inProgress: number;
	notStarted: number;
}

/**
 * Everyone the campaign reaches today whom the viewer may see, with where they stand. Anonymised
 * and merged-away accounts are nobody to remind, so they are left out. Reads the candidates of the
 * campaign's unit, then its courses' completions and lessons in grouped queries.
 */
function campaignMembers(db: DbOrTx, viewer: Viewer, campaign: Campaign, tree: ProvinceAgencies, courses: readonly CampaignCourseInfo[], now: Date): CampaignMember[] {
	const unitAgencies = (test: (agencyId: number) => boolean) => tree.ids.filter(test);
	const inUnit =
		campaign.agencyId !== null
			? inArray(people.agencyId, campaign.includeSubunits ? unitAgencies((id) => agencyUnder(id, campaign.agencyId!, tree)) : [campaign.agencyId])
			: campaign.communeId !== null
				? or(eq(people.communeId, campaign.communeId), inArray(people.agencyId, unitAgencies((id) => agencyInCommune(id, campaign.communeId!, tree))))
				: undefined;
	const candidates = db
		.select({
			personId: people.id,
			fullName: people.fullName,
			username: people.username,
			provinceId: people.provinceId,
			communeId: people.communeId,
			agencyId: people.agencyId,
			staffGroup: people.staffGroup,
			unitName: sql<string>`coalesce(${agencies.name}, ${communes.name}, '')`
		})
		.from(people)
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.leftJoin(communes, eq(communes.id, people.communeId))
		.where(and(eq(people.provinceId, campaign.provinceId), isNull(people.mergedIntoId), isNull(people.anonymisedAt), inUnit))
		.orderBy(asc(people.searchName), asc(people.id))
		.all()
		.filter(
			(person) =>
				campaignCovers(campaign, person, tree) &&
				canSee(viewer, { kind: 'person', provinceId: person.provinceId, personId: person.personId, communeId: person.communeId, agencyId: person.agencyId }, tree, 'report')
		);
	const facts = courseFacts(db, campaign.provinceId, courses);
	return candidates.map(({ personId, fullName, username, unitName, staffGroup }) => ({
		personId,
		fullName,
		username,
		unitName,
		staffGroup,
		...campaignStanding(courses, facts.get(personId) ?? new Map(), campaign.deadlineAt, now)
	}));
}

/** Completions (first one still valid), lessons done and quizzes started, per person and course. */
function courseFacts(db: DbOrTx, provinceId: number, courses: readonly CampaignCourseInfo[]): Map<number, Map<string, CourseFacts>> {
	const ids = courses.map((course) => course.id);
	const byPerson = new Map<number, Map<string, CourseFacts>>();
	const factOf = (personId: number, courseId: string): CourseFacts => {
		let list = byPerson.get(personId);
		if (!list) byPerson.set(personId, (list = new Map()));
		let fact = list.get(courseId);
		if (!fact) list.set(courseId, (fact = { completedAt: null, lessonsDone: 0, started: false }));
		return fact;
	};
	const completed = db
		.select({ personId: completions.personId, courseId: completions.courseId, completedAt: min(completions.completedAt) })
		.from(completions)
		.leftJoin(certificates, eq(certificates.completionId, completions.id))
		// A revoked certificate means the completion no longer counts: the course is to be done again.
		.where(and(eq(completions.provinceId, provinceId), inArray(completions.courseId, ids), isNull(certificates.revokedAt)))
		.groupBy(completions.personId, completions.courseId)
		.all();
	for (const row of completed) if (row.completedAt) factOf(row.personId, row.courseId).completedAt = row.completedAt;
	for (const course of courses) {
		const lessonIds = course.lessonIds;
		const lessons = db
			.select({ personId: lessonProgress.personId, done: sql<number>`sum(${lessonProgress.completedAt} IS NOT NULL)` })
			.from(lessonProgress)
			.where(and(eq(lessonProgress.courseId, course.id), inArray(lessonProgress.lessonId, lessonIds)))
			.groupBy(lessonProgress.personId)
			.all();
		for (const row of lessons) Object.assign(factOf(row.personId, course.id), { lessonsDone: Number(row.done ?? 0), started: true });
	}
	const quizzes = db
		.select({ personId: quizAttempts.personId, courseId: quizAttempts.courseId })
		.from(quizAttempts)
		.where(inArray(quizAttempts.courseId, ids))
		.groupBy(quizAttempts.personId, quizAttempts.courseId)
		.all();
	for (const row of quizzes) factOf(row.personId, row.courseId).started = true;
	return byPerson;
}

export function tallyMembers(members: readonly CampaignMember[]): CampaignTally {
	const count = (state: CampaignState) => members.filter((member) => member.state === state).length;
	return { assigned: members.length, done: count('done'), overdue: count('overdue'), inProgress: count('in_progress'), notStarted: count('not_started') };
}

/** A course as a campaign counts it; courses no longer in the catalog count with no lessons. */
export interface CampaignCourseInfo extends CampaignCourse {
	lessonIds: string[];
}

export function campaignCourses(campaign: Pick<Campaign, 'courseIds'>, catalog: readonly CatalogCourse[]): CampaignCourseInfo[] {
	return campaign.courseIds.map((id) => {
		const course = catalog.find((candidate) => candidate.id === id);
		const lessonIds = course?.lessons.map((lesson) => lesson.id) ?? [];
		return { id, lessons: lessonIds.length, lessonIds };
	});
}

export interface CampaignSummary {
	campaign: Campaign;
	access: CampaignAccess;
	phase: CampaignPhase;
	tally: CampaignTally;
}

/** The campaigns a manager runs or follows, newest deadline first, each with its figures. */
export function campaignsInView(db: DbOrTx, viewer: Viewer, catalog: readonly CatalogCourse[], now: Date): CampaignSummary[] {
	const provinceIds = viewerProvinces(db, viewer);
	const trees = new Map(provinceIds.map((id) => [id, loadAgencyTree(db, id)]));
	return loadCampaigns(db, { provinceIds }).flatMap((campaign) => {
		const tree = trees.get(campaign.provinceId)!;
		const access = campaignAccess(viewer, campaign, tree);
		if (!access) return [];
		const members = campaignMembers(db, viewer, campaign, tree, campaignCourses(campaign, catalog), now);
		return [{ campaign, access, phase: campaignPhase(campaign, now), tally: tallyMembers(members) }];
	});
}

/** A system administrator sees every province; everyone else the provinces of their grants. */
function viewerProvinces(db: DbOrTx, viewer: Viewer): number[] {
	if (viewer.grants.some((grant) => grant.role === 'system_admin')) return db.select({ id: provinces.id }).from(provinces).all().map((row) => row.id);
	return [...new Set(viewer.grants.map((grant) => grant.provinceId))];
}

export interface CampaignDetail extends CampaignSummary {
	members: CampaignMember[];
}

/** One campaign with its people; null when it does not exist or is outside the viewer's view. */
export function campaignDetail(db: DbOrTx, viewer: Viewer, campaignId: number, catalog: readonly CatalogCourse[], now: Date): CampaignDetail | null {
	const found = campaignWithAccess(db, viewer, campaignId);
	if (!found) return null;
	const { campaign, access } = found;
	const tree = loadAgencyTree(db, campaign.provinceId);
	const members = campaignMembers(db, viewer, campaign, tree, campaignCourses(campaign, catalog), now);
	return { campaign, access, phase: campaignPhase(campaign, now), tally: tallyMembers(members), members };
}

export type CampaignUnitChoice = { kind: 'province' | 'commune' | 'agency'; id: number };

export interface NewCampaign {
	title: string;
	unit: CampaignUnitChoice;
	includeSubunits: boolean;
	audience: AssignmentAudience;
	staffGroup: StaffGroup | null;
	courseIds: string[];
	startsAt: Date;
	deadlineAt: Date;
}

export type CreateCampaignResult = { status: 'created'; id: number } | { status: 'invalid'; errors: Partial<Record<'unit' | 'audience' | 'staffGroup' | 'courses', 'unit' | 'agency-residents' | 'group-needs-staff' | 'course'>> };

/**
 * Records a campaign for a unit the viewer runs, in one transaction with its courses and the audit
 * entry. `courses` are the ones the viewer may assign; a unit outside the viewer's reach answers as
 * one that does not exist.
 */
export function createCampaign(db: AppDatabase, viewer: Viewer, input: NewCampaign, courses: readonly CatalogCourse[], requestId: string | null, now: Date): CreateCampaignResult {
	const place = unitPlace(db, input.unit);
	const errors: Extract<CreateCampaignResult, { status: 'invalid' }>['errors'] = {};
	const target: CampaignTarget | null = place && { ...place, includeSubunits: input.includeSubunits, audience: input.audience, staffGroup: input.staffGroup };
	if (!target || !canSee(viewer, campaignUnit(target), loadAgencyTree(db, target.provinceId), 'report')) errors.unit = 'unit';
	if (input.unit.kind === 'agency' && input.audience === 'residents') errors.audience = 'agency-residents';
	if (input.staffGroup !== null && input.audience !== 'civil_servants') errors.staffGroup = 'group-needs-staff';
	if (input.courseIds.length === 0 || input.courseIds.some((id) => !courses.some((course) => course.id === id))) errors.courses = 'course';
	if (Object.keys(errors).length > 0 || !target) return { status: 'invalid', errors };
	const id = db.transaction((tx) => {
		const { id } = tx
			.insert(assignments)
			.values({ ...target, title: input.title, startsAt: input.startsAt, deadlineAt: input.deadlineAt, createdById: viewer.personId, createdAt: now })
			.returning({ id: assignments.id })
			.get();
		tx.insert(assignmentCourses)
			.values(input.courseIds.map((courseId) => ({ assignmentId: id, courseId })))
			.run();
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'campaign.create',
			target: { type: 'campaign', id },
			unit: { provinceId: target.provinceId, communeId: target.communeId, agencyId: target.agencyId },
			details: { title: input.title, audience: input.audience, staffGroup: input.staffGroup, includeSubunits: input.includeSubunits, courses: input.courseIds, startsAt: input.startsAt.toISOString(), deadlineAt: input.deadlineAt.toISOString() },
			requestId,
			at: now
		});
		return id;
	});
	return { status: 'created', id };
}

/** The province and unit columns of a chosen unit, or null when there is no such unit. */
function unitPlace(db: DbOrTx, unit: CampaignUnitChoice): Pick<CampaignTarget, 'provinceId' | 'communeId' | 'agencyId'> | null {
	if (unit.kind === 'province') {
		const row = db.select({ id: provinces.id }).from(provinces).where(eq(provinces.id, unit.id)).get();
		return row ? { provinceId: row.id, communeId: null, agencyId: null } : null;
	}
	const table = unit.kind === 'commune' ? communes : agencies;
	const row = db.select({ provinceId: table.provinceId }).from(table).where(eq(table.id, unit.id)).get();
	if (!row) return null;
	return unit.kind === 'commune' ? { provinceId: row.provinceId, communeId: unit.id, agencyId: null } : { provinceId: row.provinceId, communeId: null, agencyId: unit.id };
}

export type CancelCampaignResult = 'cancelled' | 'not-found' | 'forbidden' | 'already-cancelled';

/** Cancels a campaign the viewer runs: learners stop seeing it; its record and history stay. */
export function cancelCampaign(db: AppDatabase, viewer: Viewer, campaignId: number, requestId: string | null, now: Date): CancelCampaignResult {
	return db.transaction((tx) => {
		const found = campaignWithAccess(tx, viewer, campaignId);
		if (!found) return 'not-found';
		const { campaign, access } = found;
		if (access !== 'manage') return 'forbidden';
		if (campaign.cancelledAt) return 'already-cancelled';
		tx.update(assignments).set({ cancelledAt: now }).where(eq(assignments.id, campaignId)).run();
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'campaign.cancel',
			target: { type: 'campaign', id: campaignId },
			unit: { provinceId: campaign.provinceId, communeId: campaign.communeId, agencyId: campaign.agencyId },
			details: { title: campaign.title },
			requestId,
			at: now
		});
		return 'cancelled';
	});
}
