import { m } from '$lib/paraglide/messages';

/** Names of the six domains of the digital competence framework (Circular 02/2025/TT-BGDĐT). */
export const topicName: Record<string, () => string> = {
	'1': m.topic_1,
	'2': m.topic_2,
	'3': m.topic_3,
	'4': m.topic_4,
	'5': m.topic_5,
	'6': m.topic_6
};

export const audienceName: Record<string, () => string> = {
	residents: m.audience_residents,
	civil_servants: m.audience_civil_servants,
	all: m.audience_all
};
