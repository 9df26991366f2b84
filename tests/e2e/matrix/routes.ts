import { type ActorName, type CanaryName, MAY_RECOVER, STAFF_ACTORS } from './actors';
import { type TestAccount, e2eDatabase } from '../support';

export interface MatrixContext {
	canaries: Record<CanaryName, TestAccount>;
}

export interface Probe {
	method: 'GET' | 'POST';
	path: string;
	form?: Record<string, string>;
	/** Whether the actor may use this at all; when not, the answer must be 401, 403, 404 or a redirect to sign-in. */
	allowed: (actor: ActorName) => boolean;
	/** Probes that end the actor's session run after all others. */
	last?: boolean;
}

const everyone = () => true;
const signedIn = (actor: ActorName): boolean => actor !== 'guest';
const staff = (actor: ActorName): boolean => STAFF_ACTORS.includes(actor);
const admins = (actor: ActorName): boolean => actor === 'provinceAdmin' || actor === 'systemAdmin';
const managers = (actor: ActorName): boolean => actor.startsWith('manager') || admins(actor);
/** Reports of the whole province: province managers and admins. */
/** Learning-centre work: facilitators and admins. */
const centreWorkers = (actor: ActorName): boolean => actor === 'facilitatorA' || actor === 'facilitatorB' || admins(actor);
const provinceWide = (actor: ActorName): boolean => actor === 'managerProvince' || admins(actor);
const reportersOf = (...units: ActorName[]) => (actor: ActorName) => units.includes(actor) || provinceWide(actor);

/** A demo unit's id by its code, for report URLs. */
function unitId(table: 'communes' | 'agencies', code: string): number {
	return (e2eDatabase().prepare(`SELECT id FROM ${table} WHERE code = ?`).get(code) as { id: number }).id;
}
/** A demo campaign's id by its title. */
function demoCampaign(title: string): number {
	return (e2eDatabase().prepare('SELECT id FROM assignments WHERE title = ?').get(title) as { id: number }).id;
}
const RESIDENTS_CRITERION = '2026-nguoi-dan-ky-nang-so-co-ban';
const STAFF_CRITERION = '2026-ky-nang-so-can-bo-cong-chuc';

/**
 * Every route of the app, by SvelteKit route id, with the requests that exercise its load, its
 * form actions and its endpoints. The matrix test fails when a route file has no entry here.
 */
export const MATRIX: Record<string, (ctx: MatrixContext) => Probe[]> = {
	'/(public)': () => [{ method: 'GET', path: '/', allowed: everyone }, { method: 'GET', path: '/en', allowed: everyone }],
	'/(public)/accessibility': () => [{ method: 'GET', path: '/accessibility', allowed: everyone }],
	'/(public)/help': () => [{ method: 'GET', path: '/help', allowed: everyone }],
	'/(public)/privacy': () => [{ method: 'GET', path: '/privacy', allowed: everyone }],
	'/(public)/text-size': () => [{ method: 'POST', path: '/text-size', form: { size: 'large', return: '/' }, allowed: everyone }],
	'/(public)/courses': () => [
		{ method: 'GET', path: '/courses', allowed: everyone },
		{ method: 'GET', path: '/courses?q=%25&audience=x&topic=9', allowed: everyone }
	],
	'/(public)/courses/[course]': () => [
		{ method: 'GET', path: '/courses/dich-vu-cong-truc-tuyen', allowed: everyone },
		// Drafts are for the province's editors only.
		{ method: 'GET', path: '/courses/khoa-thu-ban-nhap', allowed: admins },
		{ method: 'GET', path: '/courses/no-such-course', allowed: () => false }
	],
	'/(public)/courses/[course]/[lesson]': () => [
		{ method: 'GET', path: '/courses/dich-vu-cong-truc-tuyen/cong-dich-vu-cong-quoc-gia', allowed: everyone },
		{ method: 'GET', path: '/courses/khoa-thu-ban-nhap/bai-nhap', allowed: admins },
		{ method: 'GET', path: '/courses/dich-vu-cong-truc-tuyen/no-such-lesson', allowed: () => false },
		// Saving progress needs an account; practice answers are checked for anyone but saved only for the signed in.
		{ method: 'POST', path: '/courses/dich-vu-cong-truc-tuyen/cong-dich-vu-cong-quoc-gia?/done', form: {}, allowed: signedIn },
		{ method: 'POST', path: '/courses/khoa-thu-ban-nhap/bai-nhap?/done', form: {}, allowed: admins },
		{ method: 'POST', path: '/courses/dich-vu-cong-truc-tuyen/nop-ho-so-truc-tuyen?/practice', form: {}, allowed: everyone }
	],
	'/(learner)/courses/[course]/quiz': ({ canaries }): Probe[] => [
		{ method: 'GET', path: '/courses/dich-vu-cong-truc-tuyen/quiz', allowed: signedIn },
		{ method: 'GET', path: '/courses/khoa-thu-theo-thu-tu/quiz', allowed: () => false },
		// Starting is always for oneself: a person field naming someone else changes nothing.
		{ method: 'POST', path: '/courses/dich-vu-cong-truc-tuyen/quiz?/start', form: { person: String(canaries.residentA.id) }, allowed: signedIn },
		// Submitting a garbage attempt id: a clear 400 for anyone signed in.
		{ method: 'POST', path: '/courses/dich-vu-cong-truc-tuyen/quiz?/submit', form: { attempt: 'zzzz' }, allowed: signedIn }
	],
	'/(admin)/admin/quizzes': () => [
		{ method: 'GET', path: '/admin/quizzes', allowed: admins },
		{ method: 'GET', path: '/admin/quizzes?course=no-such-course', allowed: admins }
	],
	'/(public)/verify': () => [
		{ method: 'GET', path: '/verify', allowed: everyone },
		{ method: 'GET', path: '/verify?code=nope', allowed: () => false }
	],
	'/(public)/verify/[code]': () => [
		{ method: 'GET', path: '/verify/0000000000', allowed: () => false },
		{ method: 'POST', path: '/verify/0000000000?/confirm', form: { answer: '1968' }, allowed: () => false }
	],
	// A certificate is served to its holder only; these actors hold none with this code.
	'/(learner)/certificates/[code]': () => [{ method: 'GET', path: '/certificates/7KQ2M9XR4T', allowed: () => false }],
	'/(learner)/certificates/[code]/credential': () => [{ method: 'GET', path: '/certificates/7KQ2M9XR4T/credential', allowed: () => false }],
	// Public, but no credential has these codes: 404 for everyone.
	'/(public)/credentials/status/[code]': () => [
		{ method: 'GET', path: '/credentials/status/0000000000', allowed: () => false },
		{ method: 'GET', path: '/credentials/status/not-a-code', allowed: () => false }
	],
	'/.well-known/jwks.json': () => [{ method: 'GET', path: '/.well-known/jwks.json', allowed: everyone }],
	'/(admin)/admin/certificates': () => [
		{ method: 'GET', path: '/admin/certificates', allowed: admins },
		{ method: 'GET', path: '/admin/certificates?code=bad', allowed: admins }
	],
	'/(admin)/admin/targets': () => [
		{ method: 'GET', path: '/admin/targets', allowed: admins },
		{ method: 'GET', path: '/admin/targets?criterion=no-such-criterion', allowed: admins },
		// No file: a clear 400 for admins, refused for everyone else.
		{ method: 'POST', path: '/admin/targets?/upload', form: { criterion: '2026-thu-so-nguoi-nhap' }, allowed: admins }
	],
	'/(admin)/admin/targets/template': () => [
		{ method: 'GET', path: '/admin/targets/template?criterion=2026-thu-so-nguoi-nhap', allowed: admins },
		// A criterion that counts its people has no template.
		{ method: 'GET', path: '/admin/targets/template?criterion=2026-nguoi-dan-ky-nang-so-co-ban', allowed: () => false }
	],
	'/(admin)/admin/certificates/[code]': () => [
		{ method: 'GET', path: '/admin/certificates/0000000000', allowed: () => false },
		{ method: 'POST', path: '/admin/certificates/0000000000?/revoke', form: { reason: 'x' }, allowed: () => false },
		{ method: 'POST', path: '/admin/certificates/0000000000?/reinstate', form: { reason: 'x' }, allowed: () => false }
	],
	'/(manager)/reports/certificates': (): Probe[] => [
		{ method: 'GET', path: '/reports/certificates', allowed: managers },
		// A unit nobody may export: a clear refusal for every manager, a 403 for everyone else.
		{ method: 'POST', path: '/reports/certificates', form: { unit: 'commune:99999999', course: '', from: '', to: '' }, allowed: () => false },
		{ method: 'POST', path: '/reports/certificates', form: { unit: 'nonsense' }, allowed: managers }
	],
	'/(manager)/reports/certificates/[id]': () => [{ method: 'GET', path: '/reports/certificates/abcdefghijklmnopqrstuvwx', allowed: () => false }],
	'/(manager)/reports/certificates/[id]/download': () => [{ method: 'GET', path: '/reports/certificates/abcdefghijklmnopqrstuvwx/download', allowed: () => false }],
	'/(manager)/criteria': () => [{ method: 'GET', path: '/criteria', allowed: managers }],
	'/(learner)/me/data': () => [
		{ method: 'GET', path: '/me/data', allowed: signedIn },
		// No confirmation: a clear 400 for anyone signed in, and nothing is filed.
		{ method: 'POST', path: '/me/data?/request', form: { reason: 'x' }, allowed: signedIn }
	],
	'/(learner)/me/data/export.json': () => [{ method: 'GET', path: '/me/data/export.json', allowed: signedIn }],
	'/(learner)/me/data/export.csv': () => [{ method: 'GET', path: '/me/data/export.csv', allowed: signedIn }],
	'/(admin)/admin/deletions': (): Probe[] => [
		{ method: 'GET', path: '/admin/deletions', allowed: admins },
		// Never anonymises anyone: no confirmation (400), no note (400), or no such request (404).
		{ method: 'POST', path: '/admin/deletions?/carryOut', form: { request: '99999999' }, allowed: admins },
		{ method: 'POST', path: '/admin/deletions?/refuse', form: { request: '99999999' }, allowed: admins },
		{ method: 'POST', path: '/admin/deletions?/refuse', form: { request: '99999999', note: 'x' }, allowed: () => false }
	],
	'/(admin)/admin/audit/export': () => [
		{ method: 'GET', path: '/admin/audit/export?format=csv', allowed: admins },
		{ method: 'GET', path: '/admin/audit/export?format=xlsx&action=role.grant', allowed: admins },
		// Bad format or filters: a clear 400 for admins.
		{ method: 'GET', path: '/admin/audit/export?format=pdf&from=x', allowed: admins }
	],
	// Person lifecycle: admins only; every form is sent invalid, so the matrix moves and merges nobody.
	'/(admin)/admin/accounts/[id]/lifecycle': ({ canaries }) => [
		...(Object.keys(canaries) as CanaryName[]).flatMap((name): Probe[] => [
			{ method: 'GET', path: `/admin/accounts/${canaries[name].id}/lifecycle`, allowed: admins },
			{ method: 'GET', path: `/admin/accounts/${canaries[name].id}/lifecycle?other=${canaries.residentB.username}`, allowed: admins },
			{ method: 'POST', path: `/admin/accounts/${canaries[name].id}/lifecycle?/move`, form: { commune: 'x' }, allowed: admins },
			{ method: 'POST', path: `/admin/accounts/${canaries[name].id}/lifecycle?/service`, form: { left: 'x' }, allowed: admins },
			{ method: 'POST', path: `/admin/accounts/${canaries[name].id}/lifecycle?/merge`, form: { other: String(canaries.residentB.id) }, allowed: admins }
		]),
		{ method: 'GET', path: '/admin/accounts/99999999999/lifecycle', allowed: () => false }
	],
	// Class sessions: facilitators of their own commune and admins; a class of Hy Cương is 404 to Việt Trì's facilitator.
	'/(centre)/centre/sessions': (): Probe[] => {
		const centre = (actor: ActorName) => actor === 'facilitatorA' || actor === 'facilitatorB' || admins(actor);
		const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
		const vietTriClass = { commune: String(unitId('communes', '07900')), course: 'dich-vu-cong-truc-tuyen', date: today, time: '08:00', place: 'Lớp thử ma trận' };
		return [
			{ method: 'GET', path: '/centre/sessions', allowed: centre },
			{ method: 'GET', path: `/centre/sessions?commune=${unitId('communes', '07900')}`, allowed: centre },
			{ method: 'POST', path: '/centre/sessions?/schedule', form: {}, allowed: centre },
			{ method: 'POST', path: '/centre/sessions?/schedule', form: vietTriClass, allowed: (actor) => actor === 'facilitatorB' || admins(actor) }
		];
	},
	'/(centre)/centre/sessions/[id]': ({ canaries }): Probe[] => {
		const db = e2eDatabase();
		const place = 'Lớp thử ma trận Hy Cương';
		const existing = db.prepare('SELECT id FROM class_sessions WHERE place = ?').get(place) as { id: number } | undefined;
		const id =
			existing?.id ??
			(db
				.prepare('INSERT INTO class_sessions (province_id, commune_id, course_id, place, starts_at, created_by_id, created_at) VALUES ((SELECT province_id FROM communes WHERE id = ?), ?, ?, ?, ?, ?, ?) RETURNING id')
				.get(unitId('communes', '08515'), unitId('communes', '08515'), 'dich-vu-cong-truc-tuyen', place, Date.now(), canaries.residentA.id, Date.now()) as { id: number }).id;
		const hyCuong = (actor: ActorName) => actor === 'facilitatorA' || admins(actor);
		return [
			{ method: 'GET', path: `/centre/sessions/${id}`, allowed: hyCuong },
			{ method: 'GET', path: `/centre/sessions/${id}?q=${encodeURIComponent('ứng')}&open=1`, allowed: hyCuong },
			{ method: 'POST', path: `/centre/sessions/${id}?/mark`, form: { person: String(canaries.residentA.id) }, allowed: hyCuong },
			// Another commune's resident is nobody this class knows.
			{ method: 'POST', path: `/centre/sessions/${id}?/mark`, form: { person: String(canaries.residentB.id) }, allowed: () => false },
			{ method: 'POST', path: `/centre/sessions/${id}?/mark`, form: { person: 'x' }, allowed: hyCuong },
			{ method: 'POST', path: `/centre/sessions/${id}?/remove`, form: { person: '99999999' }, allowed: hyCuong },
			// residentA is marked present by then, so the class stays: a clear refusal, not a cancellation.
			{ method: 'POST', path: `/centre/sessions/${id}?/cancel`, form: {}, allowed: hyCuong },
			{ method: 'GET', path: '/centre/sessions/not-a-number', allowed: () => false },
			{ method: 'GET', path: '/centre/sessions/99999999999', allowed: () => false }
		];
	},
	'/(manager)/campaigns': () => [{ method: 'GET', path: '/campaigns', allowed: managers }],
	'/(manager)/campaigns/new': () => {
		// Starts far ahead, so no learner of the shared test database is assigned anything by it.
		const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
		const form = { title: 'Thử phân quyền', unit: `commune:${unitId('communes', '07900')}`, subunits: 'on', audience: 'all', group: '', courses: 'dich-vu-cong-truc-tuyen', start: later(300), deadline: later(301) };
		return [
			{ method: 'GET', path: '/campaigns/new', allowed: managers },
			{ method: 'POST', path: '/campaigns/new', form, allowed: reportersOf('managerB') }
		];
	},
	'/(manager)/campaigns/[id]': (): Probe[] => {
		const hyCuong = demoCampaign('Bình dân học vụ số – xã Hy Cương (demo)');
		const provinceStaff = demoCampaign('Bồi dưỡng kỹ năng số cho cán bộ, công chức (demo)');
		return [
			{ method: 'GET', path: `/campaigns/${hyCuong}?show=overdue`, allowed: reportersOf('managerA') },
			// Set for the whole province: every manager follows their own people in it.
			{ method: 'GET', path: `/campaigns/${provinceStaff}`, allowed: managers },
			{ method: 'GET', path: '/campaigns/not-a-number', allowed: () => false },
			{ method: 'GET', path: '/campaigns/99999999999', allowed: () => false },
			// Unconfirmed: refused with a message by those who run it, as unknown or forbidden by others.
			{ method: 'POST', path: `/campaigns/${hyCuong}?/cancel`, form: {}, allowed: reportersOf('managerA') },
			{ method: 'POST', path: `/campaigns/${provinceStaff}?/cancel`, form: {}, allowed: provinceWide }
		];
	},
	'/(manager)/campaigns/[id]/export': (): Probe[] => {
		const hyCuong = demoCampaign('Bình dân học vụ số – xã Hy Cương (demo)');
		return [
			{ method: 'POST', path: `/campaigns/${hyCuong}/export`, form: { format: 'csv', show: 'all' }, allowed: reportersOf('managerA') },
			{ method: 'POST', path: `/campaigns/${hyCuong}/export`, form: { format: 'xlsx', show: 'overdue' }, allowed: reportersOf('managerA') },
			{ method: 'POST', path: '/campaigns/99999999999/export', form: { format: 'csv' }, allowed: () => false }
		];
	},
	// Agency managers enrol their agencies' staff and admins the province's; commune and read-only province managers do not.
	'/(manager)/roster': () => [
		{ method: 'GET', path: '/roster', allowed: (actor) => actor === 'managerDepartment' || admins(actor) },
		{ method: 'POST', path: '/roster?/upload', form: {}, allowed: (actor) => actor === 'managerDepartment' || admins(actor) }
	],
	'/(manager)/roster/template': () => [{ method: 'GET', path: '/roster/template', allowed: (actor) => actor === 'managerDepartment' || admins(actor) }],
	'/(manager)/reports': (): Probe[] => {
		const communeA = unitId('communes', '08515');
		const department = unitId('agencies', 'SKHCN-VP');
		return [
			{ method: 'GET', path: '/reports', allowed: managers },
			{ method: 'GET', path: `/reports?criterion=${RESIDENTS_CRITERION}&unit=commune-${communeA}`, allowed: reportersOf('managerA') },
			{ method: 'GET', path: `/reports?criterion=${STAFF_CRITERION}&unit=agency-${department}`, allowed: reportersOf('managerDepartment') },
			{ method: 'GET', path: `/reports?criterion=${STAFF_CRITERION}&unit=province`, allowed: provinceWide },
			{ method: 'GET', path: '/reports?unit=commune-99999999', allowed: () => false },
			// Malformed filters: the form with its messages.
			{ method: 'GET', path: '/reports?asOf=2026-02-31&type=x&page=0', allowed: managers }
		];
	},
	'/(manager)/reports/export': (): Probe[] => {
		const communeA = unitId('communes', '08515');
		const communeB = unitId('communes', '07900');
		return [
			{ method: 'POST', path: '/reports/export', form: { format: 'csv-people', criterion: RESIDENTS_CRITERION, unit: `commune-${communeA}` }, allowed: reportersOf('managerA') },
			{ method: 'POST', path: '/reports/export', form: { format: 'xlsx', criterion: RESIDENTS_CRITERION, unit: `commune-${communeB}` }, allowed: reportersOf('managerB') },
			{ method: 'POST', path: '/reports/export', form: { format: 'pdf', criterion: STAFF_CRITERION, unit: 'province' }, allowed: provinceWide },
			// A file type that does not exist: a clear 400 for managers.
			{ method: 'POST', path: '/reports/export', form: { format: 'doc' }, allowed: managers }
		];
	},
	'/(manager)/reports/exports/[id]': () => [{ method: 'GET', path: '/reports/exports/abcdefghijklmnopqrstuvwx', allowed: () => false }],
	'/(manager)/reports/exports/[id]/download': () => [{ method: 'GET', path: '/reports/exports/abcdefghijklmnopqrstuvwx/download', allowed: () => false }],
	'/(manager)/reports/people/[id]': ({ canaries }): Probe[] => [
		{ method: 'GET', path: `/reports/people/${canaries.residentA.id}`, allowed: reportersOf('managerA') },
		{ method: 'GET', path: `/reports/people/${canaries.staffDepartment.id}`, allowed: reportersOf('managerDepartment') },
		{ method: 'GET', path: '/reports/people/not-a-person', allowed: () => false }
	],
	'/(manager)/reports/people/[id]/evidence': ({ canaries }): Probe[] => [
		{ method: 'GET', path: `/reports/people/${canaries.staffA.id}/evidence?year=2026`, allowed: reportersOf('managerA') },
		{ method: 'GET', path: `/reports/people/${canaries.staffB.id}/evidence?year=1990`, allowed: reportersOf('managerB') }
	],
	'/(manager)/reports/evidence': (): Probe[] => [
		{ method: 'POST', path: '/reports/evidence', form: { unit: `agency-${unitId('agencies', 'SKHCN')}`, year: '2026' }, allowed: reportersOf('managerDepartment') },
		{ method: 'POST', path: '/reports/evidence', form: { unit: `agency-${unitId('agencies', 'UBND-07900')}`, year: '2026' }, allowed: reportersOf('managerB') },
		{ method: 'POST', path: '/reports/evidence', form: { unit: 'commune-1', year: 'x' }, allowed: managers }
	],
	'/(learner)/me/evidence': () => [
		{ method: 'GET', path: '/me/evidence?year=2026', allowed: signedIn },
		{ method: 'GET', path: '/me/evidence?year=abcd', allowed: signedIn }
	],
	'/healthz': () => [{ method: 'GET', path: '/healthz', allowed: everyone }],
	'/(auth)/sign-in': () => [
		{ method: 'GET', path: '/sign-in', allowed: everyone },
		{ method: 'POST', path: '/sign-in', form: {}, allowed: everyone }
	],
	'/(auth)/forgot-password': () => [{ method: 'GET', path: '/forgot-password', allowed: everyone }],
	'/(auth)/recover': () => [
		{ method: 'GET', path: '/recover', allowed: everyone },
		{ method: 'POST', path: '/recover', form: {}, allowed: everyone }
	],
	'/(second-factor)/sign-in/two-factor': () => [
		{ method: 'GET', path: '/sign-in/two-factor', allowed: signedIn },
		{ method: 'POST', path: '/sign-in/two-factor', form: {}, allowed: signedIn }
	],
	'/(second-factor)/account/two-factor/setup': () => [
		{ method: 'GET', path: '/account/two-factor/setup', allowed: signedIn },
		{ method: 'POST', path: '/account/two-factor/setup?/enrol', form: {}, allowed: signedIn },
		// Skipping is only for demo staff who have no authenticator yet; every actor here has one or needs none.
		{ method: 'POST', path: '/account/two-factor/setup?/skip', form: {}, allowed: () => false }
	],
	'/(second-factor)/sign-out': () => [
		{ method: 'GET', path: '/sign-out', allowed: signedIn },
		{ method: 'POST', path: '/sign-out', form: {}, allowed: signedIn, last: true }
	],
	'/(learner)/me': () => [{ method: 'GET', path: '/me', allowed: signedIn }],
	'/(learner)/account': () => [
		{ method: 'GET', path: '/account', allowed: signedIn },
		{ method: 'POST', path: '/account?/revoke', form: { ref: '99' }, allowed: signedIn },
		{ method: 'POST', path: '/account?/everywhere', allowed: signedIn }
	],
	'/(learner)/account/password': () => [
		{ method: 'GET', path: '/account/password', allowed: signedIn },
		{ method: 'POST', path: '/account/password', form: {}, allowed: signedIn }
	],
	// Learning-centre tools: facilitators for their own commune's residents, admins for the province's.
	'/(centre)/centre': (): Probe[] => [
		{ method: 'GET', path: '/centre', allowed: centreWorkers },
		// Another commune in the URL: an admin sees it, a facilitator still only their own.
		{ method: 'GET', path: `/centre?commune=${unitId('communes', '08515')}&q=${encodeURIComponent('ứng')}`, allowed: centreWorkers },
		{ method: 'GET', path: `/centre?commune=${unitId('communes', '07900')}&page=abc`, allowed: centreWorkers }
	],
	'/(centre)/centre/register': (): Probe[] => [
		{ method: 'GET', path: '/centre/register', allowed: centreWorkers },
		{ method: 'POST', path: '/centre/register', form: {}, allowed: centreWorkers },
		// A complete form for a commune nobody looks after: refused for everyone, nothing created.
		{
			method: 'POST',
			path: '/centre/register',
			form: { fullName: 'Người thử ma trận', birthYear: '1970', commune: '99999999', hamlet: 'Thôn 1', consent: 'on' },
			allowed: () => false
		}
	],
	'/(centre)/centre/cards': ({ canaries }): Probe[] => [
		{ method: 'GET', path: '/centre/cards', allowed: centreWorkers },
		{ method: 'POST', path: '/centre/cards?/print', form: {}, allowed: centreWorkers },
		{ method: 'POST', path: '/centre/cards?/print', form: { person: String(canaries.residentA.id) }, allowed: (actor) => centreWorkers(actor) && MAY_RECOVER[actor].includes('residentA') }
	],
	'/(centre)/centre/people/[id]/card': ({ canaries }) => [
		...(Object.keys(canaries) as CanaryName[]).flatMap((name): Probe[] => [
			{ method: 'GET', path: `/centre/people/${canaries[name].id}/card`, allowed: (actor) => centreWorkers(actor) && MAY_RECOVER[actor].includes(name) },
			{ method: 'POST', path: `/centre/people/${canaries[name].id}/card?/reissue`, allowed: (actor) => centreWorkers(actor) && MAY_RECOVER[actor].includes(name) }
		]),
		{ method: 'GET', path: '/centre/people/not-a-number/card', allowed: () => false },
		{ method: 'POST', path: '/centre/people/99999999999/card?/reissue', allowed: () => false }
	],
	'/(centre)/centre/device': (): Probe[] => [
		{ method: 'GET', path: '/centre/device', allowed: centreWorkers },
		{ method: 'POST', path: '/centre/device?/on', form: {}, allowed: centreWorkers },
		{ method: 'POST', path: '/centre/device?/off', form: {}, allowed: centreWorkers }
	],
	'/(staff)/people': () => [
		{ method: 'GET', path: '/people', allowed: staff },
		{ method: 'GET', path: `/people?q=${encodeURIComponent('ứng')}`, allowed: staff },
		{ method: 'GET', path: '/people?q=%25&page=abc', allowed: staff }
	],
	'/(staff)/people/[id]': ({ canaries }) => [
		...(Object.keys(canaries) as CanaryName[]).flatMap((name): Probe[] => [
			{ method: 'GET', path: `/people/${canaries[name].id}`, allowed: (actor) => MAY_RECOVER[actor].includes(name) },
			{ method: 'POST', path: `/people/${canaries[name].id}?/recover`, allowed: (actor) => MAY_RECOVER[actor].includes(name) }
		]),
		{ method: 'GET', path: '/people/not-a-number', allowed: () => false },
		{ method: 'POST', path: '/people/99999999999?/recover', allowed: () => false }
	],
	'/(admin)/admin/accounts': () => [
		{ method: 'GET', path: '/admin/accounts', allowed: admins },
		{ method: 'GET', path: `/admin/accounts?query=${encodeURIComponent('ứng')}`, allowed: admins },
		{ method: 'GET', path: '/admin/accounts?query=%25&unit=x1&role=king&page=abc', allowed: admins }
	],
	'/(admin)/admin/accounts/new': () => [
		{ method: 'GET', path: '/admin/accounts/new', allowed: admins },
		{ method: 'POST', path: '/admin/accounts/new', allowed: admins }
	],
	'/(admin)/admin/accounts/[id]': ({ canaries }) => [
		...(Object.keys(canaries) as CanaryName[]).flatMap((name): Probe[] => [
			{ method: 'GET', path: `/admin/accounts/${canaries[name].id}`, allowed: admins },
			{ method: 'POST', path: `/admin/accounts/${canaries[name].id}?/grant`, allowed: admins },
			{ method: 'POST', path: `/admin/accounts/${canaries[name].id}?/status`, allowed: admins }
		]),
		{ method: 'POST', path: `/admin/accounts/${canaries.residentA.id}?/revoke`, form: { grant: '99999999' }, allowed: () => false },
		{ method: 'GET', path: '/admin/accounts/not-a-number', allowed: () => false },
		{ method: 'GET', path: '/admin/accounts/99999999999', allowed: () => false },
		{ method: 'POST', path: '/admin/accounts/99999999999?/status', form: { disabled: 'true', reason: 'x' }, allowed: () => false }
	],
	'/(admin)/admin/audit': () => [
		{ method: 'GET', path: '/admin/audit', allowed: admins },
		{ method: 'GET', path: '/admin/audit?from=31/02/2026&to=x&action=%27&page=-1', allowed: admins }
	]
};
