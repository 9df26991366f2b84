// See https://svelte.dev/docs/kit/types#app.d.ts
import type { CurrentUser } from '$lib/server/auth/current-user';
import type { Session } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			/** The signed-in person, or null for a guest. */
			user: CurrentUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
