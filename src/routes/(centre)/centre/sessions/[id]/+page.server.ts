import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/schemas/admin';
import { attendanceSchema } from '$lib/schemas/sessions';
import { cancelClass, classAttendees, classInScope, findResidents, markPresent, parseClassId, removeAttendance } from '$lib/server/centre/sessions';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { MAX_QUERY_LENGTH, viewerOf } from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

/** The class behind the URL if the viewer runs its commune's centre; 404 alike for strangers and unknown ids. */
function shownClass(locals: App.Locals, idParam: string) {
	const id = parseClassId(idParam);
	const found = id === null ? null : classInScope(db(), viewerOf(locals.user!), id);
	if (!found) error(404, m.sessions_not_found());
	return found;
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const viewer = viewerOf(locals.user!);
	const found = shownClass(locals, params.id);
	const course = contentCatalog().byId.get(found.courseId) ?? null;
	const query = (url.searchParams.get('q') ?? '').normalize('NFC').trim().slice(0, MAX_QUERY_LENGTH);
	const onlyOpen = url.searchParams.get('open') === '1';
	const attendees = classAttendees(db(), viewer, found, course);
	return {
		session: {
			id: found.id,
			course: course?.title[getLocale()] ?? m.sessions_unknown_course({ id: found.courseId }),
			courseId: found.courseId,
			commune: found.communeName,
			place: found.place,
			startsAt: found.startsAt.getTime(),
			cancelled: found.cancelledAt !== null
		},
		scheduled: url.searchParams.has('scheduled'),
		query,
		queryMaxLength: MAX_QUERY_LENGTH,
		residents: findResidents(db(), viewer, found, query),
		onlyOpen,
		presentCount: attendees.length,
		attendees: attendees
			.filter((attendee) => !onlyOpen || attendee.progress?.lessonsOpen)
			.map((attendee) => ({ ...attendee, markedAt: attendee.markedAt.getTime() }))
	};
};

/** The person id of an attendance form; a tampered value is a 400 with a message, never a 500. */
async function personField(request: Request) {
	const parsed = parseForm(attendanceSchema, (await formFields(request)).text);
	return parsed.ok ? parsed.data.person : null;
}

export const actions: Actions = {
	mark: async ({ request, locals, params }) => {
		const found = shownClass(locals, params.id);
		const personId = await personField(request);
		if (personId === null) return fail(400, { message: m.sessions_choose_from_list() });
		const result = markPresent(db(), viewerOf(locals.user!), found.id, personId, locals.requestId, new Date());
		switch (result.status) {
			case 'marked':
				return { success: m.sessions_marked({ name: result.fullName }) };
			case 'already_marked':
				return { success: m.sessions_already_marked({ name: result.fullName }) };
			case 'class_not_found':
				error(404, m.sessions_not_found());
			// The search shows only the commune's residents, so this is a forged or stale id: 404 like any stranger.
			case 'person_not_found':
				error(404, m.sessions_person_not_found());
			case 'cancelled':
				return fail(409, { message: m.sessions_class_cancelled() });
			case 'not_yet':
				return fail(409, { message: m.sessions_not_yet() });
		}
	},
	remove: async ({ request, locals, params }) => {
		const found = shownClass(locals, params.id);
		const personId = await personField(request);
		if (personId === null) return fail(400, { message: m.sessions_choose_from_list() });
		const result = removeAttendance(db(), viewerOf(locals.user!), found.id, personId, locals.requestId, new Date());
		if (result.status === 'class_not_found') error(404, m.sessions_not_found());
		if (result.status === 'not_marked') return fail(409, { message: m.sessions_not_marked() });
		return { success: m.sessions_removed({ name: result.fullName }) };
	},
	cancel: ({ locals, params }) => {
		const found = shownClass(locals, params.id);
		const result = cancelClass(db(), viewerOf(locals.user!), found.id, locals.requestId, new Date());
		if (result === 'not_found') error(404, m.sessions_not_found());
		if (result === 'already_cancelled') return fail(409, { message: m.sessions_already_cancelled() });
		if (result === 'has_attendance') return fail(409, { message: m.sessions_has_attendance() });
		return { success: m.sessions_cancelled_done() };
	}
};
