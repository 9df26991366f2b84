import { isCentreDevice } from '$lib/server/centre';
import { db } from '$lib/server/db';
import { activeProvinceDisplayName } from '$lib/server/org/province';
import { TEXT_SIZE_COOKIE, parseTextSize } from '$lib/text-size';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ cookies, locals }) => ({
	user: locals.user && {
		fullName: locals.user.fullName,
		fullySignedIn: locals.user.fullySignedIn,
		secondFactorSkipped: locals.user.secondFactorSkipped
	},
	provinceName: activeProvinceDisplayName(db()),
	/** A learning centre's shared computer: every page reminds people to sign out. */
	centreDevice: isCentreDevice(cookies),
	textSize: parseTextSize(cookies.get(TEXT_SIZE_COOKIE))
});
