import type { Component } from 'svelte';
import PracticeSlot from './PracticeSlot.svelte';

/** Components lesson files (.svx) may use; see docs/content-format.md. */
export { default as Callout } from './Callout.svelte';
export { default as Steps } from './Steps.svelte';
export { default as Step } from './Step.svelte';
export { default as Term } from './Term.svelte';
export { default as Figure } from './Figure.svelte';
export { default as VideoLink } from './VideoLink.svelte';
export { default as TryIt } from './TryIt.svelte';

type PracticeKind = 'spot-the-scam' | 'check-before-pay' | 'mock-application';
// A Svelte 5 component is a function of (internals, props): each practice tag is the slot with its kind filled in.
const practice =
	(kind: PracticeKind): Component<{ set: string }> =>
	(internals, props) =>
		PracticeSlot(internals, { ...props, kind });
export const SpotTheScam = practice('spot-the-scam');
export const CheckBeforePay = practice('check-before-pay');
export const MockApplication = practice('mock-application');
