/**
 * The commune-centre domain: assisted registration of residents, printed sign-in cards with
 * activation codes, and browsers marked as a centre's shared computers. Class sessions live
 * beside it in sessions.ts. Relative imports only, so scripts use it as the server does.
 */
import type { Grant } from '../auth/scope';
import type { CentreViewer } from './registration';

export {
	ACTIVATION_LIFETIME_MS,
	CONSENT_PURPOSE,
	CONSENT_TEXT_VERSION,
	type CentreCommune,
	type CentreViewer,
	type DuplicateCheck,
	type PossibleDuplicate,
	type RegisteredResident,
	type RegistrationOutcome,
	assistedCommune,
	centreCommunes,
	findPossibleDuplicates,
	registerResident
} from './registration';
export {
	RESIDENTS_PER_PAGE,
	type CardPerson,
	type ResidentPage,
	type ResidentRow,
	type SignInCard,
	cardPerson,
	communeResidents,
	issueCards,
	qrSvg,
	signInAddress
} from './cards';
export { CENTRE_DEVICE_COOKIE, isCentreDevice, recordCentreDevice, setCentreDeviceCookie } from './device';

/** The signed-in user as the centre domain sees them. */
export const centreViewer = (user: { id: number; grants: Grant[] }, requestId: string | null = null): CentreViewer => ({
	personId: user.id,
	grants: user.grants,
	requestId
});
